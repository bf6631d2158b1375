//! A request as text, for `send --dry-run` and `send --curl`: the HTTP message (method, URL,
//! every header as sent, the body) and an equivalent, copy-pasteable curl command.
//!
//! Credentials are redacted through the one rule (`redact`) unless the caller asks for them;
//! the signature is not a credential (it fits one body only) and is always shown. The curl
//! command carries the body byte for byte: single-quoted when it is plain text, else written
//! by `printf` with octal escapes and piped in, so the signature still matches.

use std::fmt::Write as _;

use super::{Request, wire_headers};

/// How a request is shown.
#[derive(Debug, Clone, Copy)]
pub struct Show {
    /// Print credential headers and URL credentials as they are sent.
    pub secrets: bool,
    /// Escape control characters in the body (a terminal reads it); else the bytes go as they
    /// are.
    pub escape_body: bool,
}

/// What showing a request hid, so the caller can say how to see it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    pub redacted: bool,
}

impl Show {
    fn url(&self, req: &Request, shown: &mut Shown) -> String {
        if self.secrets {
            return req.url.to_string();
        }
        let url = crate::redact::url(&req.url);
        shown.redacted |= url != req.url.as_str();
        url
    }

    fn header<'a>(&self, name: &str, value: &'a str, shown: &mut Shown) -> &'a str {
        if self.secrets {
            return value;
        }
        let v = crate::redact::header_value(name, value);
        shown.redacted |= v != value;
        v
    }

    /// The request as an HTTP message: `POST URL`, one `name: value` line per header as sent,
    /// a blank line, the body, and a newline (`content-length` gives the body's exact size).
    pub fn http(&self, req: &Request, out: &mut Vec<u8>) -> Shown {
        let mut shown = Shown::default();
        let mut head = format!("POST {}\n", self.url(req, &mut shown));
        for (name, value) in wire_headers(req) {
            let _ = writeln!(head, "{name}: {}", self.header(&name, &value, &mut shown));
        }
        head.push('\n');
        out.extend_from_slice(head.as_bytes());
        if self.escape_body {
            let text = String::from_utf8_lossy(&req.body);
            out.extend_from_slice(crate::sanitize::text(&text).as_bytes());
        } else {
            out.extend_from_slice(&req.body);
        }
        out.push(b'\n');
        shown
    }

    /// An equivalent curl command, one option per line. curl adds `accept: */*`, `host` and
    /// `content-length` itself, the way ocw's client does, so they are left out.
    pub fn curl(&self, req: &Request) -> (String, Shown) {
        let mut shown = Shown::default();
        let mut parts = vec![format!("curl {}", quote(&self.url(req, &mut shown)))];
        for (name, value) in wire_headers(req) {
            if matches!(name.as_str(), "accept" | "host" | "content-length") {
                continue;
            }
            let value = self.header(&name, &value, &mut shown);
            // `-H 'name:'` would make curl drop the header; `name;` sends it empty.
            let header = if value.is_empty() {
                format!("{name};")
            } else {
                format!("{name}: {value}")
            };
            parts.push(format!("-H {}", quote(&header)));
        }
        if req.body.len() > CURL_EXPECT_THRESHOLD {
            // curl adds `Expect: 100-continue` to larger POST bodies; ocw never sends it.
            parts.push("-H 'Expect:'".into());
        }
        let cmd = match quotable(&req.body) {
            Some(text) => {
                parts.push(format!("--data-binary {}", quote(text)));
                parts.join(" \\\n  ")
            }
            None => {
                parts.push("--data-binary @-".into());
                format!(
                    "printf '{}' | {}",
                    printf_escaped(&req.body),
                    parts.join(" \\\n  ")
                )
            }
        };
        (cmd, shown)
    }
}

/// The body size above which some curl versions add `Expect: 100-continue` (1024 bytes in
/// older releases, 1 MiB in newer ones: the lower bound covers both).
const CURL_EXPECT_THRESHOLD: usize = 1024;

/// `s` in single quotes for a POSIX shell (`'` becomes `'\''`).
pub fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The body as text curl can take as an argument: UTF-8, no NUL (argv cannot hold one), no
/// leading `@` (curl would read a file), and nothing a terminal would act on.
fn quotable(body: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(body).ok()?;
    let plain = !text.contains('\0')
        && !text.starts_with('@')
        && matches!(crate::sanitize::text(text), std::borrow::Cow::Borrowed(_));
    plain.then_some(text)
}

/// `bytes` as a `printf` format (inside single quotes) that writes them back exactly: printable
/// ASCII as is, `%` and `\` doubled, everything else (and `'`) as a three-digit octal escape.
fn printf_escaped(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        match b {
            b'%' => out.push_str("%%"),
            b'\\' => out.push_str(r"\\"),
            b'\'' => out.push_str(r"\047"),
            0x20..=0x7e => out.push(b as char),
            _ => {
                let _ = write!(out, "\\{b:03o}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use reqwest::header::{HeaderMap, HeaderValue};

    fn req(body: &'static [u8]) -> Request {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        headers.insert("authorization", HeaderValue::from_static("Bearer TOKEN"));
        headers.insert("x-openclaw-signature", HeaderValue::from_static("abc123"));
        Request {
            url: "http://u:PW@127.0.0.1:3000/hook?api_key=KEY"
                .parse()
                .unwrap(),
            headers,
            body: Bytes::from_static(body),
        }
    }

    #[test]
    fn http_form_shows_every_header_and_redacts_credentials() {
        let show = Show {
            secrets: false,
            escape_body: false,
        };
        let mut out = Vec::new();
        let shown = show.http(&req(b"{\"a\":1}"), &mut out);
        let text = String::from_utf8(out).unwrap();
        assert!(shown.redacted);
        assert!(!text.contains("TOKEN") && !text.contains("PW") && !text.contains("KEY"));
        assert!(text.starts_with("POST http://"), "{text}");
        for line in [
            "authorization: [redacted]",
            "x-openclaw-signature: abc123",
            "accept: */*",
            "host: 127.0.0.1:3000",
            "content-length: 7",
        ] {
            assert!(text.contains(line), "{line} in {text}");
        }
        assert!(text.ends_with("\n\n{\"a\":1}\n"), "{text}");
        let mut out = Vec::new();
        let show = Show {
            secrets: true,
            ..show
        };
        assert!(!show.http(&req(b"{}"), &mut out).redacted);
        assert!(String::from_utf8(out).unwrap().contains("Bearer TOKEN"));
    }

    #[test]
    fn escaped_bodies_cannot_drive_a_terminal() {
        let show = Show {
            secrets: false,
            escape_body: true,
        };
        let mut out = Vec::new();
        show.http(&req(b"\x1b[2J"), &mut out);
        assert!(!out.contains(&0x1b));
    }

    #[test]
    fn curl_quotes_and_carries_the_exact_bytes() {
        let show = Show {
            secrets: true,
            escape_body: false,
        };
        let (cmd, _) = show.curl(&req(b"{\"it's\":1}"));
        assert!(cmd.starts_with("curl 'http://u:PW@127.0.0.1:3000/hook?api_key=KEY'"));
        assert!(cmd.contains(r#"--data-binary '{"it'\''s":1}'"#), "{cmd}");
        assert!(cmd.contains("-H 'x-openclaw-signature: abc123'"), "{cmd}");
        assert!(
            !cmd.contains("content-length") && !cmd.contains("host:"),
            "{cmd}"
        );
        let (cmd, _) = show.curl(&req(b"a\x00b%\\'\xff\n"));
        assert!(
            cmd.starts_with(r"printf 'a\000b%%\\\047\377\012' | curl "),
            "{cmd}"
        );
        assert!(cmd.ends_with("--data-binary @-"), "{cmd}");
        let (cmd, _) = show.curl(&req(b"@/etc/passwd"));
        assert!(cmd.starts_with("printf '@/etc/passwd' | curl"), "{cmd}");
        assert!(!cmd.contains("Expect:"), "{cmd}");
        // An empty header is sent empty, and a large body without `Expect: 100-continue`.
        let mut r = req(&[b'1'; 2000]);
        r.headers.insert("x-empty", HeaderValue::from_static(""));
        let (cmd, _) = show.curl(&r);
        assert!(cmd.contains("-H 'x-empty;'"), "{cmd}");
        assert!(cmd.contains("-H 'Expect:'"), "{cmd}");
    }

    #[test]
    fn curl_commands_run_in_a_shell_and_send_the_same_bytes() {
        // `sh` reads the command back: the printf form must write exactly the body's bytes.
        let body: &[u8] = b"{\"x\":\"a'b\"}\x00\x01\xfe%s\\n";
        let cmd = format!("printf '{}'", printf_escaped(body));
        let out = std::process::Command::new("sh")
            .args(["-c", &cmd])
            .output()
            .expect("sh runs");
        assert_eq!(out.stdout, body);
        let quoted = quote("it's $HOME `x`");
        let out = std::process::Command::new("sh")
            .args(["-c", &format!("printf %s {quoted}")])
            .output()
            .expect("sh runs");
        assert_eq!(out.stdout, b"it's $HOME `x`");
    }
}
