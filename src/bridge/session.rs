//! Session keys: which Gateway session a user message goes to, and whether the Gateway will accept a key for this bridge's agent. Pure
//! functions; no I/O.
//!
//! Precedence: an explicit `session` always wins (clients echo back the key of a reply); then
//! the scope decides:
//! - `per-sender`: peer routing (bit-for-bit with the Go bridge, lowercasing included), else `webhook:<id>` (raw), else a fresh `webhook:anon:<unique>` key. The Go
//!   bridge used `agent:main:main` here, which put anonymous traffic into the owner's main
//!   session;
//! - `global`: one shared key, `agent:<agent>:webhook:global` (peer routing is not used);
//! - `explicit`: peer routing, else nothing ([`Resolved::Missing`]).

use super::SessionScope;
use super::inbound::UserMessage;

/// The session a message resolves to, or why it resolves to none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    Key(String),
    /// `explicit` scope and neither a `session` nor peer routing: answer with an error frame.
    Missing(String),
}

/// The error text of [`Resolved::Missing`].
pub const MISSING_SESSION: &str =
    "this bridge uses session_scope=explicit: send a `session` field or peerKind/peerId";

/// The agent when `agent_id` is blank (as in the Go bridge and the Gateway).
const DEFAULT_AGENT: &str = "main";

/// Resolve the session key of `msg` for `agent_id` under `scope`. `fresh` supplies a unique
/// suffix for messages with nothing to key on (per-sender scope).
pub fn resolve(
    msg: &UserMessage,
    agent_id: &str,
    scope: SessionScope,
    fresh: &mut dyn FnMut() -> String,
) -> Resolved {
    if let Some(key) = explicit_key(msg) {
        return Resolved::Key(key);
    }
    let agent = agent_key_part(agent_id);
    match scope {
        SessionScope::PerSender => Resolved::Key(
            peer_key(msg, &agent)
                .or_else(|| id_key(msg))
                .unwrap_or_else(|| format!("webhook:anon:{}", fresh())),
        ),
        SessionScope::Global => Resolved::Key(format!("agent:{agent}:webhook:global")),
        SessionScope::Explicit => peer_key(msg, &agent)
            .map(Resolved::Key)
            .unwrap_or_else(|| Resolved::Missing(MISSING_SESSION.to_owned())),
    }
}

/// The agent as it appears in session keys: `trim(agent_id)`, or `main` when blank, lowercased
/// (the Gateway compares agents case-insensitively; the request's `agentId` stays as
/// configured).
pub fn agent_key_part(agent_id: &str) -> String {
    match agent_id.trim() {
        "" => DEFAULT_AGENT.to_owned(),
        agent => agent.to_lowercase(),
    }
}

/// Check that the Gateway will accept `key` for `agent_id`, before sending it: a key
/// `agent:<x>:<rest>` must name this bridge's agent, and `agent:<x>` alone is malformed (the
/// Gateway rejects both). Keys without the `agent:` prefix are always fine. Keys built by
/// [`resolve`] from peer routing or the scope always pass; only an explicit `session` can fail.
pub fn check_agent(key: &str, agent_id: &str) -> Result<(), String> {
    let normalized = key.trim().to_lowercase();
    if !normalized.starts_with("agent:") {
        return Ok(());
    }
    // The Gateway's parser (`parseAgentSessionKey`) splits on `:` and drops empty parts.
    let parts: Vec<&str> = normalized.split(':').filter(|p| !p.is_empty()).collect();
    let [_, key_agent, _, ..] = parts.as_slice() else {
        return Err(format!(
            "malformed session key `{key}`: expected agent:<agent-id>:<name>"
        ));
    };
    let agent = agent_key_part(agent_id);
    if key_agent.trim() == agent {
        return Ok(());
    }
    Err(format!(
        "session key `{key}` belongs to agent `{}`, but this bridge runs agent `{agent}` \
         (agent_id in bridge.json); send a key for agent `{agent}` or change agent_id",
        key_agent.trim()
    ))
}

/// Mode A: `lower(trim(session))`. A blank session counts as absent: sending `""` would land in
/// the Gateway's default session.
fn explicit_key(msg: &UserMessage) -> Option<String> {
    non_blank(&msg.session).map(str::to_lowercase)
}

/// Peer routing: `agent:<agent>:webhook:<kind>:<peer>[...]`, whole key
/// lowercased. `None` without a peer or with a kind other than dm/group/channel.
fn peer_key(msg: &UserMessage, agent: &str) -> Option<String> {
    let peer = first_non_blank(&[&msg.peer_id, &msg.chat_id, &msg.sender_id])?;
    let kind = first_non_blank(&[&msg.peer_kind, &msg.chat_type])
        .map_or_else(|| "dm".to_owned(), str::to_lowercase);
    let topic = non_blank(&msg.topic_id);
    let thread = non_blank(&msg.thread_id);
    let base = format!("agent:{agent}:webhook:{kind}:{peer}");
    let key = match kind.as_str() {
        // A dm is threaded by `threadId`; its `topicId` is ignored.
        "dm" => match thread {
            Some(thread) => format!("{base}:thread:{thread}"),
            None => base,
        },
        // Groups and channels: `topicId`, else `threadId`, as the topic.
        "group" | "channel" => match topic.or(thread) {
            Some(topic) => format!("{base}:topic:{topic}"),
            None => base,
        },
        _ => return None,
    };
    Some(key.to_lowercase())
}

/// Mode C, per-sender: `webhook:<id>`, the id raw (neither trimmed nor lowercased, as in the Go
/// bridge). A blank id counts as absent.
fn id_key(msg: &UserMessage) -> Option<String> {
    let id = msg.id.as_deref()?;
    (!id.trim().is_empty()).then(|| format!("webhook:{id}"))
}

fn non_blank(field: &Option<String>) -> Option<&str> {
    field.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn first_non_blank<'a>(fields: &[&'a Option<String>]) -> Option<&'a str> {
    fields.iter().find_map(|field| non_blank(field))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bridge::inbound::{Inbound, classify};
    use proptest::prelude::*;

    /// Parse `json` with the real classifier, so the fields arrive exactly as the engine sees
    /// them (numeric ids included).
    fn msg(json: &str) -> UserMessage {
        match classify(json) {
            Inbound::User(msg) | Inbound::Command(msg, _) => msg,
            other => panic!("{json}: not a user message: {other:?}"),
        }
    }

    fn resolve_as(json: &str, agent_id: &str, scope: SessionScope) -> Resolved {
        let mut counter = 0;
        let mut fresh = || {
            counter += 1;
            format!("fresh{counter}")
        };
        resolve(&msg(json), agent_id, scope, &mut fresh)
    }

    fn key(json: &str) -> String {
        key_for(json, "main", SessionScope::PerSender)
    }

    fn key_for(json: &str, agent_id: &str, scope: SessionScope) -> String {
        match resolve_as(json, agent_id, scope) {
            Resolved::Key(key) => key,
            Resolved::Missing(why) => panic!("{json}: no key: {why}"),
        }
    }

    /// The Go bridge's session keys, example by example (per-sender scope, `agent_id` main).
    #[test]
    fn table_2_4_explicit_session_is_trimmed_and_lowercased() {
        assert_eq!(key(r#"{"content":"hi","session":"My-Chat "}"#), "my-chat");
    }

    #[test]
    fn table_2_4_group_with_topic() {
        assert_eq!(
            key(r#"{"content":"hi","peerKind":"group","peerId":"-1001234567890","topicId":"42"}"#),
            "agent:main:webhook:group:-1001234567890:topic:42"
        );
    }

    #[test]
    fn table_2_4_channel_thread_becomes_topic_and_peer_is_lowercased() {
        assert_eq!(
            key(r#"{"content":"hi","peerKind":"channel","peerId":"C01ABC","threadId":"1700.5"}"#),
            "agent:main:webhook:channel:c01abc:topic:1700.5"
        );
    }

    #[test]
    fn table_2_4_dm_with_thread() {
        assert_eq!(
            key(r#"{"content":"hi","peerKind":"dm","peerId":"User-ABC","threadId":"99"}"#),
            "agent:main:webhook:dm:user-abc:thread:99"
        );
    }

    #[test]
    fn table_2_4_dm_ignores_topic() {
        assert_eq!(
            key(r#"{"content":"hi","peerKind":"dm","peerId":"u1","topicId":"5"}"#),
            "agent:main:webhook:dm:u1"
        );
    }

    #[test]
    fn table_2_4_sender_implies_dm() {
        assert_eq!(
            key(r#"{"content":"hi","senderId":"u1"}"#),
            "agent:main:webhook:dm:u1"
        );
    }

    #[test]
    fn table_2_4_chat_type_and_chat_id_are_aliases() {
        assert_eq!(
            key(r#"{"content":"hi","chatType":"Group","chatId":"g1"}"#),
            "agent:main:webhook:group:g1"
        );
    }

    #[test]
    fn table_2_4_invalid_kind_falls_through() {
        assert_eq!(
            key(r#"{"content":"hi","peerKind":"room","peerId":"x","id":"m1"}"#),
            "webhook:m1"
        );
    }

    #[test]
    fn table_2_4_kind_without_peer_falls_through() {
        assert_eq!(
            key(r#"{"content":"hi","peerKind":"group","id":"m1"}"#),
            "webhook:m1"
        );
    }

    #[test]
    fn table_2_4_id_is_kept_raw() {
        assert_eq!(key(r#"{"content":"hi","id":"Msg-7"}"#), "webhook:Msg-7");
    }

    /// The one deliberate change to the table: "nothing but content" was `agent:main:main`.
    #[test]
    fn table_2_4_nothing_but_content_gets_a_fresh_key() {
        assert_eq!(key(r#"{"content":"hi"}"#), "webhook:anon:fresh1");
    }

    #[test]
    fn table_2_4_agent_id_is_lowercased_in_the_key() {
        assert_eq!(
            key_for(
                r#"{"content":"hi","senderId":"u1"}"#,
                "Ops",
                SessionScope::PerSender
            ),
            "agent:ops:webhook:dm:u1"
        );
    }

    #[test]
    fn fresh_keys_differ_per_message() {
        let anon = msg(r#"{"content":"hi"}"#);
        let mut n = 0;
        let mut fresh = || {
            n += 1;
            format!("k{n}")
        };
        let first = resolve(&anon, "main", SessionScope::PerSender, &mut fresh);
        let second = resolve(&anon, "main", SessionScope::PerSender, &mut fresh);
        assert_ne!(first, second);
    }

    #[test]
    fn fresh_is_only_called_when_needed() {
        let mut calls = 0;
        let mut fresh = || {
            calls += 1;
            String::from("x")
        };
        for json in [
            r#"{"content":"hi","id":"m1"}"#,
            r#"{"content":"hi","session":"k"}"#,
            r#"{"content":"hi","senderId":"u"}"#,
        ] {
            resolve(&msg(json), "main", SessionScope::PerSender, &mut fresh);
            resolve(&msg(json), "main", SessionScope::Global, &mut fresh);
            resolve(&msg(json), "main", SessionScope::Explicit, &mut fresh);
        }
        resolve(
            &msg(r#"{"content":"hi"}"#),
            "main",
            SessionScope::Global,
            &mut fresh,
        );
        resolve(
            &msg(r#"{"content":"hi"}"#),
            "main",
            SessionScope::Explicit,
            &mut fresh,
        );
        assert_eq!(calls, 0);
    }

    #[test]
    fn numeric_ids_from_the_wire() {
        assert_eq!(
            key(r#"{"content":"hi","id":1738900000000}"#),
            "webhook:1738900000000"
        );
        assert_eq!(
            key(r#"{"content":"hi","peerKind":"group","peerId":-100123,"topicId":42}"#),
            "agent:main:webhook:group:-100123:topic:42"
        );
        assert_eq!(
            key(r#"{"content":"hi","senderId":77,"threadId":5}"#),
            "agent:main:webhook:dm:77:thread:5"
        );
    }

    #[test]
    fn blank_session_counts_as_absent() {
        assert_eq!(
            key(r#"{"content":"hi","session":"   ","id":"m1"}"#),
            "webhook:m1"
        );
        assert_eq!(
            resolve_as(
                r#"{"content":"hi","session":" "}"#,
                "main",
                SessionScope::Explicit
            ),
            Resolved::Missing(MISSING_SESSION.to_owned())
        );
    }

    #[test]
    fn blank_id_counts_as_absent() {
        assert_eq!(key(r#"{"content":"hi","id":"  "}"#), "webhook:anon:fresh1");
    }

    #[test]
    fn peer_fields_are_trimmed_and_the_first_non_blank_wins() {
        assert_eq!(
            key(
                r#"{"content":"hi","peerKind":" ","chatType":" Channel ","peerId":" ","chatId":"c","senderId":"s"}"#
            ),
            "agent:main:webhook:channel:c"
        );
        assert_eq!(
            key(
                r#"{"content":"hi","peerKind":"group","peerId":" G ","topicId":" ","threadId":" 7 "}"#
            ),
            "agent:main:webhook:group:g:topic:7"
        );
    }

    #[test]
    fn first_kind_wins_even_when_invalid() {
        // Go takes `peerKind` when non-blank and only then looks at `chatType`.
        assert_eq!(
            key(r#"{"content":"hi","peerKind":"room","chatType":"group","peerId":"x","id":"m1"}"#),
            "webhook:m1"
        );
    }

    #[test]
    fn explicit_session_wins_in_every_scope() {
        let json =
            r#"{"content":"hi","session":" Agent:Main:Webhook:DM:U1 ","senderId":"u2","id":"m1"}"#;
        for scope in [
            SessionScope::PerSender,
            SessionScope::Global,
            SessionScope::Explicit,
        ] {
            assert_eq!(
                key_for(json, "main", scope),
                "agent:main:webhook:dm:u1",
                "{scope:?}"
            );
        }
    }

    #[test]
    fn global_scope_shares_one_key() {
        for json in [
            r#"{"content":"hi"}"#,
            r#"{"content":"hi","id":"m1"}"#,
            r#"{"content":"hi","peerKind":"group","peerId":"g","topicId":"1"}"#,
        ] {
            assert_eq!(
                key_for(json, "main", SessionScope::Global),
                "agent:main:webhook:global"
            );
        }
        assert_eq!(
            key_for(r#"{"content":"hi"}"#, " Ops ", SessionScope::Global),
            "agent:ops:webhook:global"
        );
    }

    #[test]
    fn explicit_scope_uses_session_or_peer_routing_only() {
        let scope = SessionScope::Explicit;
        assert_eq!(
            key_for(r#"{"content":"hi","session":"K"}"#, "main", scope),
            "k"
        );
        assert_eq!(
            key_for(r#"{"content":"hi","senderId":"U1"}"#, "main", scope),
            "agent:main:webhook:dm:u1"
        );
        for json in [
            r#"{"content":"hi"}"#,
            r#"{"content":"hi","id":"m1"}"#,
            r#"{"content":"hi","peerKind":"room","peerId":"x"}"#,
        ] {
            assert_eq!(
                resolve_as(json, "main", scope),
                Resolved::Missing(MISSING_SESSION.to_owned()),
                "{json}"
            );
        }
    }

    #[test]
    fn blank_agent_id_means_main() {
        assert_eq!(agent_key_part(""), "main");
        assert_eq!(agent_key_part("  "), "main");
        assert_eq!(agent_key_part(" Ops "), "ops");
        assert_eq!(
            key_for(
                r#"{"content":"hi","senderId":"u1"}"#,
                " ",
                SessionScope::PerSender
            ),
            "agent:main:webhook:dm:u1"
        );
    }

    #[test]
    fn check_agent_accepts_own_and_unprefixed_keys() {
        for key in [
            "webhook:m1",
            "my-chat",
            "agent:main:webhook:dm:u1",
            "Agent:Main:x",
            "agent::main:x",
            "agentsmith",
            "",
        ] {
            assert_eq!(check_agent(key, "main"), Ok(()), "{key}");
        }
        assert_eq!(check_agent("agent:ops:webhook:global", "Ops"), Ok(()));
        assert_eq!(check_agent("agent:main:main", " "), Ok(()));
    }

    #[test]
    fn check_agent_rejects_another_agents_key() {
        let err = check_agent("agent:other:webhook:dm:u1", "Main").unwrap_err();
        assert!(err.contains("`other`") && err.contains("`main`"), "{err}");
    }

    #[test]
    fn check_agent_rejects_malformed_keys() {
        for key in [
            "agent:main",
            "agent:main:",
            "agent:",
            "agent::x",
            " AGENT:ops ",
        ] {
            let err = check_agent(key, "main").unwrap_err();
            assert!(err.contains("malformed session key"), "{key}: {err}");
        }
    }

    #[test]
    fn resolved_peer_and_scope_keys_pass_check_agent() {
        for json in [
            r#"{"content":"hi","senderId":"u1"}"#,
            r#"{"content":"hi","peerKind":"group","peerId":"g"}"#,
            r#"{"content":"hi","id":"m1"}"#,
            r#"{"content":"hi"}"#,
        ] {
            for scope in [SessionScope::PerSender, SessionScope::Global] {
                let key = key_for(json, "Ops", scope);
                assert_eq!(check_agent(&key, "Ops"), Ok(()), "{key}");
            }
        }
    }

    fn opt_field() -> impl Strategy<Value = Option<String>> {
        proptest::option::of(prop_oneof![
            Just(" ".to_owned()),
            Just("dm".to_owned()),
            Just("Group".to_owned()),
            Just("channel".to_owned()),
            "\\PC{0,8}",
        ])
    }

    prop_compose! {
        fn any_message()(
            id in opt_field(), session in opt_field(), peer_kind in opt_field(),
            peer_id in opt_field(), chat_type in opt_field(), chat_id in opt_field(),
            sender_id in opt_field(), topic_id in opt_field(), thread_id in opt_field(),
        ) -> UserMessage {
            UserMessage {
                id, content: "hi".into(), session, peer_kind, peer_id, chat_type, chat_id,
                sender_id, topic_id, thread_id,
            }
        }
    }

    proptest! {
        #[test]
        fn per_sender_never_falls_back_to_the_main_session(
            msg in any_message(),
            agent_id in "[A-Za-z0-9 _-]{0,6}",
        ) {
            let mut fresh = || "fresh".to_owned();
            let Resolved::Key(key) = resolve(&msg, &agent_id, SessionScope::PerSender, &mut fresh)
            else {
                return Err(TestCaseError::fail("per-sender always resolves"));
            };
            prop_assert!(!key.trim().is_empty());
            if msg.session.as_deref().is_none_or(|s| s.trim().is_empty()) {
                prop_assert!(!key.ends_with(":main:main"), "{key}");
                prop_assert_eq!(check_agent(&key, &agent_id), Ok(()));
            }
        }
    }
}
