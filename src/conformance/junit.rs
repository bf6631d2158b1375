//! The results as a JUnit XML report (`--junit FILE`), the format CI systems (GitHub Actions
//! reporters, GitLab, Jenkins) show test results from. A warning is a passed test case with
//! the explanation in its `system-out`.

use std::fmt::Write;

use super::run::{CaseResult, Grade};

/// The report for one run against `url` (already redacted) with `scheme`; `not_run` are the
/// cases the run never reached (the receiver could not be reached), reported as failures.
pub fn report(
    url: &str,
    scheme: &str,
    results: &[CaseResult],
    not_run: &[&str],
    elapsed_secs: f64,
) -> String {
    let failures = results.iter().filter(|r| r.grade == Grade::Fail).count() + not_run.len();
    let tests = results.len() + not_run.len();
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let suite = format!("ocw test {scheme} {url}");
    let _ = writeln!(
        s,
        "<testsuites name=\"ocw test\" tests=\"{tests}\" failures=\"{failures}\" time=\"{elapsed_secs:.3}\">"
    );
    let _ = writeln!(
        s,
        "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\" time=\"{elapsed_secs:.3}\">",
        xml(&suite)
    );
    for r in results {
        let _ = write!(
            s,
            "    <testcase classname=\"ocw.test.{}\" name=\"{}\" time=\"{:.3}\"",
            xml(scheme),
            xml(&r.name),
            r.elapsed.as_secs_f64()
        );
        let detail = detail(r);
        match r.grade {
            Grade::Pass => s.push_str("/>\n"),
            Grade::Fail => {
                let _ = writeln!(
                    s,
                    ">\n      <failure message=\"expected {}, got {}\">{}</failure>\n    </testcase>",
                    xml(&r.expected),
                    xml(&r.got),
                    xml(&detail)
                );
            }
            Grade::Warn => {
                let _ = writeln!(
                    s,
                    ">\n      <system-out>warning: expected {}, got {}: {}</system-out>\n    </testcase>",
                    xml(&r.expected),
                    xml(&r.got),
                    xml(&detail)
                );
            }
        }
    }
    for name in not_run {
        let _ = writeln!(
            s,
            "    <testcase classname=\"ocw.test.{}\" name=\"{}\" time=\"0\">\n      <failure message=\"not run: the receiver could not be reached\"/>\n    </testcase>",
            xml(scheme),
            xml(name)
        );
    }
    s.push_str("  </testsuite>\n</testsuites>\n");
    s
}

fn detail(r: &CaseResult) -> String {
    let mut d = r.explanation.clone().unwrap_or_default();
    if let Some(answer) = &r.answer {
        let _ = write!(d, "\nanswer: {answer}");
    }
    if let Some(error) = &r.error {
        let _ = write!(d, "\nerror: {error}");
    }
    d
}

/// Text for an XML attribute or element: the five specials escaped, and the characters XML 1.0
/// does not allow (most control characters: an answer can hold anything) as `\u{..}`.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn escapes_and_counts() {
        let base = CaseResult {
            name: "a<b".into(),
            about: String::new(),
            required: true,
            grade: Grade::Fail,
            expected: "4xx".into(),
            got: "500".into(),
            status: Some(500),
            elapsed: Duration::from_millis(3),
            explanation: Some("crashed & burned".into()),
            answer: Some("\u{1b}]52;c;x\u{7}\"".into()),
            error: None,
            effects: None,
            unreachable: false,
        };
        let pass = CaseResult {
            grade: Grade::Pass,
            name: "ok".into(),
            ..base.clone()
        };
        let xml = report("http://h/", "ocw", &[base, pass], &["later"], 0.5);
        assert!(xml.contains("tests=\"3\" failures=\"2\""), "{xml}");
        assert!(xml.contains("name=\"later\" time=\"0\">\n      <failure message=\"not run"));
        assert!(xml.contains("name=\"a&lt;b\""));
        assert!(xml.contains("crashed &amp; burned"));
        assert!(xml.contains("\\u{1b}]52;c;x\\u{7}&quot;"), "{xml}");
        assert!(!xml.contains('\u{1b}'));
        assert!(xml.contains("<testcase classname=\"ocw.test.ocw\" name=\"ok\" time=\"0.003\"/>"));
    }
}
