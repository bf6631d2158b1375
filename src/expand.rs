//! `${VAR}` expansion in string values, the one scanner for both dialects ocw reads:
//!
//! - [`Dialect::Ocw`], the webhook config: `${VAR}` and `${VAR:-default}` (the default when VAR
//!   is unset or empty, as in sh); names are letters, digits and `_`, not starting with a digit;
//!   an unset variable without a default, an unterminated `${` or a bad name is an error.
//! - [`Dialect::OpenClaw`], `openclaw.json`, as OpenClaw reads it: `${VAR}` with an upper-case
//!   name only (anything else stays as written), and an unset or blank variable is an error.
//!
//! In both, `$${` is a literal `${`, any other `$` stays as it is, and expanded text is never
//! scanned again (a value cannot inject a reference).

/// Which rules a string is expanded by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Ocw,
    OpenClaw,
}

/// Why a string could not be expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpandError {
    /// A variable without a default is not set (or, for OpenClaw, blank).
    Unset(String),
    /// `${` without its `}`.
    Unterminated,
    /// `${...}` whose inside is not a variable name.
    BadName,
}

impl std::fmt::Display for ExpandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unset(name) => write!(f, "refers to ${{{name}}}, which is not set"),
            Self::Unterminated => f.write_str("has a `${` without its closing `}`"),
            Self::BadName => f.write_str("has a `${...}` that is not a variable name"),
        }
    }
}

/// Expand `raw` with `env` under `dialect`.
pub fn expand(
    raw: &str,
    env: &dyn Fn(&str) -> Option<String>,
    dialect: Dialect,
) -> Result<String, ExpandError> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        let tail = &rest[dollar..];
        if let Some(after) = tail.strip_prefix("$${") {
            out.push_str("${");
            rest = after;
            continue;
        }
        let Some(after) = tail.strip_prefix("${") else {
            out.push('$');
            rest = &tail[1..];
            continue;
        };
        let reference = match after.find('}') {
            Some(close) => Some((&after[..close], &after[close + 1..])),
            None if dialect == Dialect::Ocw => return Err(ExpandError::Unterminated),
            None => None,
        };
        match reference.map(|(body, next)| (lookup(body, env, dialect), next)) {
            Some((Ok(value), next)) => {
                out.push_str(&value);
                rest = next;
            }
            Some((Err(ExpandError::BadName), _)) | None if dialect == Dialect::OpenClaw => {
                // Not a reference OpenClaw knows: written as it is.
                out.push('$');
                rest = &tail[1..];
            }
            Some((Err(e), _)) => return Err(e),
            None => unreachable!("an unterminated `${{` is an error in the ocw dialect"),
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// The value for the inside of one `${...}`.
fn lookup(
    body: &str,
    env: &dyn Fn(&str) -> Option<String>,
    dialect: Dialect,
) -> Result<String, ExpandError> {
    match dialect {
        Dialect::Ocw => {
            let (name, default) = match body.split_once(":-") {
                Some((name, default)) => (name, Some(default)),
                None => (body, None),
            };
            if !is_name(name, false) {
                return Err(ExpandError::BadName);
            }
            match (env(name), default) {
                (Some(value), Some(default)) if value.is_empty() => Ok(default.to_owned()),
                (Some(value), _) => Ok(value),
                (None, Some(default)) => Ok(default.to_owned()),
                (None, None) => Err(ExpandError::Unset(name.to_owned())),
            }
        }
        Dialect::OpenClaw => {
            if !is_name(body, true) {
                return Err(ExpandError::BadName);
            }
            env(body)
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| ExpandError::Unset(body.to_owned()))
        }
    }
}

/// `[A-Za-z_][A-Za-z0-9_]*`, or upper case only.
fn is_name(name: &str, upper_only: bool) -> bool {
    let letter = |c: char| {
        if upper_only {
            c.is_ascii_uppercase()
        } else {
            c.is_ascii_alphabetic()
        }
    };
    let mut chars = name.chars();
    chars.next().is_some_and(|c| letter(c) || c == '_')
        && chars.all(|c| letter(c) || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "SET" => Some("v".into()),
            "EMPTY" => Some(String::new()),
            "NESTED" => Some("${SET}".into()),
            "D" => Some("$".into()),
            "lower" => Some("l".into()),
            _ => None,
        }
    }

    #[test]
    fn ocw_dialect() {
        let x = |s: &str| expand(s, &env, Dialect::Ocw);
        assert_eq!(x("a ${SET} b").unwrap(), "a v b");
        assert_eq!(x("${EMPTY:-d}").unwrap(), "d");
        assert_eq!(x("${UNSET:-d}").unwrap(), "d");
        assert_eq!(x("${lower}").unwrap(), "l");
        assert_eq!(x("$${SET}").unwrap(), "${SET}", "escape");
        assert_eq!(
            x("$$${SET}").unwrap(),
            "$${SET}",
            "a lone $, then the escape"
        );
        assert_eq!(x("cost: $5 $ $$ $}").unwrap(), "cost: $5 $ $$ $}");
        assert_eq!(x("${NESTED}").unwrap(), "${SET}", "no re-expansion");
        assert_eq!(
            x("${D}{SET}").unwrap(),
            "${SET}",
            "no re-expansion across a boundary"
        );
        assert_eq!(x("${UNSET}"), Err(ExpandError::Unset("UNSET".into())));
        assert_eq!(x("${SET"), Err(ExpandError::Unterminated));
        assert_eq!(x("abc ${"), Err(ExpandError::Unterminated));
        assert_eq!(x("${}"), Err(ExpandError::BadName));
        assert_eq!(x("${1X}"), Err(ExpandError::BadName));
        assert_eq!(x("${A B}"), Err(ExpandError::BadName));
        assert_eq!(x("${SET-x}"), Err(ExpandError::BadName));
        assert_eq!(x("${_OK_1:-d}").unwrap(), "d");
    }

    #[test]
    fn openclaw_dialect() {
        let x = |s: &str| expand(s, &env, Dialect::OpenClaw);
        assert_eq!(x("a${SET}b").unwrap(), "avb");
        assert_eq!(x("a$${B}c").unwrap(), "a${B}c");
        assert_eq!(
            x("$5 ${lower}").unwrap(),
            "$5 ${lower}",
            "lower case is not a reference"
        );
        assert_eq!(x("${SET").unwrap(), "${SET", "unterminated stays");
        assert_eq!(x("${MISSING}"), Err(ExpandError::Unset("MISSING".into())));
        assert_eq!(x("${EMPTY}"), Err(ExpandError::Unset("EMPTY".into())));
        assert_eq!(
            x("${MISSING}").unwrap_err().to_string(),
            "refers to ${MISSING}, which is not set"
        );
    }
}
