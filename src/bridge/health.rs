//! How a running bridge is doing, from the status file: one verdict for `ocw bridge status`
//! ("connected", "connecting", "not connected: relay refused; Gateway rejected") and, per side,
//! what happened last with a hint when ocw knows what to do about it.
//!
//! The status file is hostile text (see `status_file`): nothing here is shown without the
//! caller escaping it; this module only classifies.

use serde_json::Value;

use super::status_file::{LastEvents, Side};

/// One side's link, as last reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// No event yet: the first attempt is under way.
    Connecting,
    Connected {
        since: String,
        detail: String,
    },
    /// Down, and never up since the bridge started.
    NeverConnected {
        since: String,
        reason: String,
    },
    /// Down after having been up (`was_up` is when it last connected).
    Disconnected {
        since: String,
        reason: String,
        was_up: String,
    },
    /// The Gateway answered and refused the connect (a bad token, pairing, ...).
    Rejected {
        since: String,
        code: String,
        message: String,
        hint: String,
    },
}

impl Link {
    /// One side's link from its last event (the `Status` JSON plus `at` and `connected_at`).
    pub fn of(entry: Option<&Value>) -> Link {
        let Some(entry) = entry else {
            return Link::Connecting;
        };
        let s = |k: &str| {
            entry
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        let since = s("at");
        match entry.get("event").and_then(Value::as_str).unwrap_or("") {
            "gateway_connected" => Link::Connected {
                since,
                detail: format!(
                    "{}, protocol {}, server {}",
                    s("url"),
                    entry.get("protocol").and_then(Value::as_u64).unwrap_or(0),
                    entry
                        .get("server_version")
                        .and_then(Value::as_str)
                        .unwrap_or("unknown")
                ),
            },
            "relay_connected" => Link::Connected {
                since,
                detail: s("url"),
            },
            "gateway_rejected" => Link::Rejected {
                since,
                code: s("code"),
                message: s("message"),
                hint: s("hint"),
            },
            _ => match entry.get("connected_at").and_then(Value::as_str) {
                Some(was_up) => Link::Disconnected {
                    since,
                    reason: s("reason"),
                    was_up: was_up.to_owned(),
                },
                None => Link::NeverConnected {
                    since,
                    reason: s("reason"),
                },
            },
        }
    }

    /// A word or two for the verdict line: "refused", "rejected (CODE)", "down".
    fn short(&self) -> String {
        match self {
            Link::Connecting => "connecting".into(),
            Link::Connected { .. } => "connected".into(),
            Link::Rejected { code, .. } => format!("rejected ({code})"),
            Link::NeverConnected { reason, .. } | Link::Disconnected { reason, .. } => {
                if refused(reason) {
                    "refused".into()
                } else {
                    "down".into()
                }
            }
        }
    }

    /// What to do about it, for one side; `None` when ocw has nothing useful to add.
    pub fn hint(&self, side: Side) -> Option<String> {
        let reason = match self {
            Link::Rejected { hint, .. } if !hint.is_empty() => return Some(hint.clone()),
            Link::NeverConnected { reason, .. } | Link::Disconnected { reason, .. } => reason,
            _ => return None,
        };
        if !refused(reason) {
            return None;
        }
        Some(match side {
            Side::Gateway => "nothing listens there: is the Gateway running? Start it with `openclaw gateway` (it listens on port 18789 unless gateway.port says otherwise), or set gateway_url".into(),
            Side::Relay => "nothing listens there: is the relay running, and is webhook_url right? (`ocw bridge restart webhook_url=ws://...`)".into(),
        })
    }
}

/// A TCP connection refused: nothing listens at that address.
fn refused(reason: &str) -> bool {
    reason.contains("Connection refused") || reason.contains("os error 111")
}

/// Both sides of a running bridge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    pub relay: Link,
    pub gateway: Link,
}

impl Health {
    pub fn read(last: Option<&LastEvents>) -> Health {
        let of = |side| Link::of(last.and_then(|l| l.get(side)));
        Health {
            relay: of(Side::Relay),
            gateway: of(Side::Gateway),
        }
    }

    pub fn link(&self, side: Side) -> &Link {
        match side {
            Side::Relay => &self.relay,
            Side::Gateway => &self.gateway,
        }
    }

    pub fn connected(&self) -> bool {
        matches!(self.relay, Link::Connected { .. })
            && matches!(self.gateway, Link::Connected { .. })
    }

    /// "connected", "connecting", or "not connected: relay refused; Gateway rejected (CODE)".
    pub fn verdict(&self) -> String {
        if self.connected() {
            return "connected".into();
        }
        let down: Vec<String> = Side::ALL
            .iter()
            .map(|&side| (side, self.link(side)))
            .filter(|(_, l)| !matches!(l, Link::Connected { .. } | Link::Connecting))
            .map(|(side, l)| format!("{} {}", side.title(), l.short()))
            .collect();
        if down.is_empty() {
            return "connecting".into();
        }
        format!("not connected: {}", down.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const REFUSED: &str = "cannot connect to the Gateway at ws://127.0.0.1:18789/: IO error: Connection refused (os error 111)";

    #[test]
    fn links_from_events() {
        assert_eq!(Link::of(None), Link::Connecting);
        let never = json!({"event":"gateway_disconnected","reason":REFUSED,"retry_in_ms":5,"at":"T1","connected_at":null});
        assert!(matches!(
            Link::of(Some(&never)),
            Link::NeverConnected { .. }
        ));
        let again = json!({"event":"relay_disconnected","reason":"closed","retry_in_ms":5,"at":"T2","connected_at":"T0"});
        assert_eq!(
            Link::of(Some(&again)),
            Link::Disconnected {
                since: "T2".into(),
                reason: "closed".into(),
                was_up: "T0".into()
            }
        );
        let up = json!({"event":"gateway_connected","url":"ws://g/","protocol":4,"server_version":"2026.9.6","scopes":[],"at":"T3"});
        assert_eq!(
            Link::of(Some(&up)),
            Link::Connected {
                since: "T3".into(),
                detail: "ws://g/, protocol 4, server 2026.9.6".into()
            }
        );
    }

    #[test]
    fn verdicts_and_hints() {
        let refused = Link::NeverConnected {
            since: "T".into(),
            reason: REFUSED.into(),
        };
        let up = Link::Connected {
            since: "T".into(),
            detail: String::new(),
        };
        let rejected = Link::Rejected {
            since: "T".into(),
            code: "AUTH_TOKEN_MISMATCH".into(),
            message: "m".into(),
            hint: "check gateway.auth.token".into(),
        };
        let health = |relay: &Link, gateway: &Link| Health {
            relay: relay.clone(),
            gateway: gateway.clone(),
        };
        assert_eq!(health(&up, &up).verdict(), "connected");
        assert_eq!(health(&Link::Connecting, &up).verdict(), "connecting");
        assert_eq!(
            health(&refused, &refused).verdict(),
            "not connected: relay refused; Gateway refused"
        );
        assert_eq!(
            health(&up, &rejected).verdict(),
            "not connected: Gateway rejected (AUTH_TOKEN_MISMATCH)"
        );
        assert!(
            refused
                .hint(Side::Gateway)
                .unwrap()
                .contains("openclaw gateway")
        );
        assert!(refused.hint(Side::Relay).unwrap().contains("webhook_url"));
        assert_eq!(
            rejected.hint(Side::Gateway).unwrap(),
            "check gateway.auth.token"
        );
        assert_eq!(up.hint(Side::Relay), None);
        let closed = Link::Disconnected {
            since: "T".into(),
            reason: "the relay closed the connection".into(),
            was_up: "T0".into(),
        };
        assert_eq!(
            closed.hint(Side::Relay),
            None,
            "no guess when ocw does not know"
        );
        assert_eq!(health(&closed, &up).verdict(), "not connected: relay down");
    }
}
