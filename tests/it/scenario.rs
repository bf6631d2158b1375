//! `ocw send --scenario`: a conversation's events as one coherent sequence; `ocw events
//! scenarios`.

use serde_json::Value;

use crate::support::cli::{Behavior, Endpoint, hmac_hex, ocw, stderr_of, stdout_of};

fn send(args: &[&str]) -> (std::process::Output, Vec<Value>, Vec<Vec<u8>>) {
    let ep = Endpoint::start(Behavior::default());
    let out = ocw()
        .args(["send", "--to", &ep.url("/hook")])
        .args(args)
        .env("OCW_SECRET", "k")
        .output()
        .unwrap();
    let got = ep.requests();
    for r in &got {
        assert_eq!(
            r.header("x-openclaw-signature"),
            Some(hmac_hex("k", &r.body).as_str()),
            "every delivery signed"
        );
    }
    let docs = got.iter().map(|r| r.json()).collect();
    let bodies = got.iter().map(|r| r.body.to_vec()).collect();
    (out, docs, bodies)
}

#[test]
fn a_scenario_is_one_conversation_in_order() {
    let (out, docs, _) = send(&["--scenario", "lead-funnel"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let events: Vec<&str> = docs.iter().map(|d| d["event"].as_str().unwrap()).collect();
    assert_eq!(
        events,
        [
            "conversation.started",
            "message.received",
            "intent.detected",
            "message.sent",
            "lead.qualified",
            "handoff.requested",
            "conversation.ended"
        ]
    );
    let conv = &docs[0]["conversation_id"];
    assert!(docs.iter().all(|d| &d["conversation_id"] == conv));
    let times: Vec<jiff::Timestamp> = docs
        .iter()
        .map(|d| d["timestamp"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    assert_eq!(
        (times[6] - times[0]).get_seconds(),
        171,
        "the steps' own gaps"
    );
    assert!(
        times[6] <= jiff::Timestamp::now(),
        "the conversation ends now, not later"
    );
    assert!(
        stdout_of(&out).contains("✓ 7 delivered, 0 failed"),
        "{}",
        stdout_of(&out)
    );
    assert!(
        stderr_of(&out).contains("scenario lead-funnel:"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn shuffle_and_duplicates_repeat_with_the_seed() {
    // The event and its timestamp's offset from the conversation's start: two runs a second
    // apart must still compare equal.
    let order = |docs: &[Value]| -> Vec<String> {
        let at =
            |d: &Value| -> jiff::Timestamp { d["timestamp"].as_str().unwrap().parse().unwrap() };
        let start = docs.iter().map(at).min().unwrap();
        docs.iter()
            .map(|d| format!("{} +{}", d["event"], (at(d) - start).get_seconds()))
            .collect()
    };
    let (out, a, bodies) = send(&[
        "--scenario",
        "lead-funnel",
        "--shuffle",
        "--duplicate",
        "2",
        "--seed",
        "5",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("seed 5"), "{}", stderr_of(&out));
    let (_, b, _) = send(&[
        "--scenario",
        "lead-funnel",
        "--shuffle",
        "--duplicate",
        "2",
        "--seed",
        "5",
    ]);
    assert_eq!(order(&a), order(&b), "the same seed, the same order");
    assert_eq!(a.len(), 9);
    let mut unique = bodies.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 7, "two deliveries sent twice, byte for byte");
    let (_, plain, _) = send(&["--scenario", "lead-funnel"]);
    assert_ne!(
        order(&a[..7])
            .iter()
            .map(|s| s.split(' ').next().unwrap().to_owned())
            .collect::<Vec<_>>(),
        order(&plain)
            .iter()
            .map(|s| s.split(' ').next().unwrap().to_owned())
            .collect::<Vec<_>>(),
        "shuffled"
    );
}

#[test]
fn a_printed_scenario_is_a_file_to_extend() {
    let dir = tempfile::tempdir().unwrap();
    let out = ocw()
        .args(["events", "scenarios", "quick-chat"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let path = dir.path().join("mine.yaml");
    let text = stdout_of(&out).replace(
        "  - event: message.sent\n",
        "  - event: message.sent\n    set:\n      message.text: \"It is $12\"\n",
    );
    std::fs::write(&path, text).unwrap();
    let (out, docs, _) = send(&["--scenario-file", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(docs.len(), 4);
    assert_eq!(docs[2]["message"]["text"], "It is $12");

    std::fs::write(&path, "description: d\nsteps:\n  - event: lead.qualifed\n").unwrap();
    let (out, docs, _) = send(&["--scenario-file", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(docs.is_empty(), "nothing sent");
    assert!(
        stderr_of(&out).contains(
            "mine.yaml: step 1: unknown event \"lead.qualifed\"; did you mean \"lead.qualified\"?"
        ),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn scenarios_are_listed_and_misuse_is_refused() {
    let out = ocw().args(["events", "scenarios"]).output().unwrap();
    assert!(
        stdout_of(&out).contains("lead-funnel"),
        "{}",
        stdout_of(&out)
    );
    let out = ocw()
        .args(["events", "scenarios", "--json"])
        .output()
        .unwrap();
    let list: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    for s in list.as_array().unwrap() {
        crate::json_shapes::validate("events scenarios", s);
    }
    assert_eq!(list.as_array().unwrap().len(), 3);

    let out = ocw()
        .args(["events", "scenarios", "lead-funel"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("did you mean \"lead-funnel\"?"),
        "{}",
        stderr_of(&out)
    );
    let out = ocw()
        .args(["send", "lead.qualified", "--to", ":9", "--shuffle"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "--shuffle needs a scenario");
    let out = ocw()
        .args(["send", "--scenario", "quick-chat", "--all", "--to", ":9"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a scenario is not --all");
}
