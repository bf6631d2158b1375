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
}
