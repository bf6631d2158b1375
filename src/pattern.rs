//! The one pattern syntax for names given on the command line (`listen --event lead.*`,
//! `replay --event`, `test --only`): `*` matches any run of characters, dots included, and `?`
//! any one character; everything else matches itself. Matching is linear (wildmatch), so no
//! pattern can make it slow.

/// Whether `text` matches `pattern`.
pub fn matches(pattern: &str, text: &str) -> bool {
    wildmatch::WildMatch::new(pattern).matches(text)
}

/// Whether `pattern` has a wildcard (else it names exactly one thing, and can be checked
/// against the known names with a did-you-mean).
pub fn is_wild(pattern: &str) -> bool {
    pattern.contains(['*', '?'])
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn patterns() {
        assert!(matches("lead.*", "lead.qualified"));
        assert!(matches("*.sent", "message.sent"));
        assert!(matches("message.*", "message.received"));
        assert!(!matches("message.*", "lead.qualified"));
        assert!(matches("*", ""));
        assert!(matches("lead.qualified", "lead.qualified"));
        assert!(!matches("lead.qualified", "lead.qualifiedx"));
        assert!(matches("m?ssage.*d", "message.received"));
        assert!(matches("*a*b*c", "xxaxxbxxc"));
        assert!(!matches("*a*b*c", "xxaxxcxxb"));
        assert!(!matches("lead.*", ""));
        assert!(matches(&"*a".repeat(50), &"a".repeat(200)));
    }
}
