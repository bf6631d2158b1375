//! The limits for YAML that ocw reads from files (`ocw.yaml`, scenario files, `ocw test` case
//! files): one place, so every reader refuses the same hostile shapes.

/// The deepest nesting of sequences and mappings a file may have. ocw's own files need about
/// six levels. The deserializer recurses once per level, and in a debug build one level costs
/// about 35 KB of stack, so the crate's default of 64 overflows a 2 MB thread (a test thread, a
/// Tokio worker) before its own check fires; 32 leaves room.
pub const MAX_DEPTH: usize = 32;

/// serde-saphyr's default options with ocw's nesting limit; callers add what is theirs.
pub fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! { max_depth: MAX_DEPTH },
    }
}

/// A parse error's message in words: serde-saphyr names a nesting breach by its debug form
/// (`budget breached: Depth { depth: 33 }`, or `... limits breached: Depth { .. }` from its
/// user-facing formatter); this says what to change instead.
pub fn message(rendered: &str) -> String {
    const BREACHES: [&str; 2] = [
        "YAML document too large or too complex: limits breached: Depth {",
        "budget breached: Depth {",
    ];
    for breach in BREACHES {
        if let Some(at) = rendered.find(breach) {
            let rest = rendered[at + breach.len()..]
                .split_once('}')
                .map_or("", |(_, after)| after);
            return format!(
                "{}nested deeper than {MAX_DEPTH} levels (no ocw file needs more than a few){rest}",
                &rendered[..at]
            );
        }
    }
    rendered.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nesting `depth` levels deep, as a flow sequence.
    fn nested(depth: usize) -> String {
        format!("{}{}", "[".repeat(depth), "]".repeat(depth))
    }

    #[test]
    fn nesting_beyond_the_limit_is_an_error_not_a_stack_overflow() {
        // A 2 MB thread, like a test thread or a Tokio worker: far deeper input must come back
        // as an error from the budget, in debug builds too.
        let outcome = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(|| {
                let ok: Result<serde_json::Value, _> =
                    serde_saphyr::from_str_with_options(&nested(MAX_DEPTH), options());
                let deep: Result<serde_json::Value, _> =
                    serde_saphyr::from_str_with_options(&nested(10_000), options());
                (ok.is_ok(), deep.map_err(|e| e.to_string()))
            })
            .unwrap()
            .join()
            .expect("no stack overflow");
        assert!(outcome.0, "{MAX_DEPTH} levels are allowed");
        let err = outcome.1.expect_err("10,000 levels are refused");
        assert!(err.contains("depth") || err.contains("recursion"), "{err}");
    }

    #[test]
    fn a_nesting_breach_is_said_in_words() {
        let err: Result<serde_json::Value, _> =
            serde_saphyr::from_str_with_options(&nested(MAX_DEPTH + 1), options());
        let said = message(&err.unwrap_err().without_snippet().to_string());
        assert!(
            said.starts_with("nested deeper than 32 levels (no ocw file needs more than a few)"),
            "{said}"
        );
        assert!(!said.contains("Depth {"), "{said}");
        assert_eq!(message("line 1: bad"), "line 1: bad");
    }
}
