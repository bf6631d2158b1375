//! "Did you mean": the one rule that turns a mistyped name (an event, a webhook, a config or
//! bridge key) into the known name it most likely meant.
//!
//! In order: the same name up to case (or with a `.json` suffix, a fixture's file name); else
//! the only candidate that has the input as one of its dotted parts (`qualified` for
//! `lead.qualified`); else the most similar candidate by normalized Damerau-Levenshtein
//! similarity, if at least 0.7, which accepts one or two typos in names of this length
//! (`lead.qualifed`, `mesage.sent`, `queue_limt`) but not a different name (`message.sent` for
//! `message.received`).

/// The candidate `input` most likely meant, if one is close enough.
pub fn did_you_mean<'a>(input: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let wanted = input.trim().to_lowercase();
    if wanted.is_empty() {
        return None;
    }
    let stem = wanted.strip_suffix(".json").unwrap_or(&wanted);
    if let Some(c) = candidates.iter().find(|c| c.to_lowercase() == stem) {
        return Some(c);
    }
    let halves: Vec<&str> = candidates
        .iter()
        .copied()
        .filter(|c| c.to_lowercase().split('.').any(|part| part == wanted))
        .collect();
    if let [only] = halves[..] {
        return Some(only);
    }
    candidates
        .iter()
        .map(|c| {
            (
                strsim::normalized_damerau_levenshtein(&wanted, &c.to_lowercase()),
                *c,
            )
        })
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    const EVENTS: [&str; 4] = [
        "lead.qualified",
        "message.sent",
        "message.received",
        "conversation.started",
    ];

    #[test]
    fn typos_case_stems_and_halves() {
        assert_eq!(
            did_you_mean("lead.qualifed", &EVENTS),
            Some("lead.qualified")
        );
        assert_eq!(
            did_you_mean("LEAD.QUALIFIED", &EVENTS),
            Some("lead.qualified")
        );
        assert_eq!(
            did_you_mean("lead.qualified.json", &EVENTS),
            Some("lead.qualified")
        );
        assert_eq!(did_you_mean("qualified", &EVENTS), Some("lead.qualified"));
        assert_eq!(did_you_mean("mesage.sent", &EVENTS), Some("message.sent"));
        assert_eq!(
            did_you_mean("conversation.start", &EVENTS),
            Some("conversation.started")
        );
    }

    #[test]
    fn nothing_for_unrelated_or_ambiguous_input() {
        assert_eq!(did_you_mean("message", &EVENTS), None);
        assert_eq!(did_you_mean("invoice.paid", &EVENTS), None);
        assert_eq!(did_you_mean("", &EVENTS), None);
        assert_eq!(
            did_you_mean("queue_limt", &["queue_limit", "ping_interval_ms"]),
            Some("queue_limit")
        );
    }
}
