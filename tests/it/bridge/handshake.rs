//! The Gateway handshake, protocol versions, rejections, scopes, liveness.

use std::time::{Duration, Instant};

use serde_json::json;

use super::{BridgeProc, Opts, READY, Setup, UID, WAIT};
use crate::support::fake_gateway::{DEFAULT_TOKEN, GatewayConfig, ProtocolMode};

/// `connect` is the first frame, with the identity that keeps its scopes on
/// loopback, protocol 3..4, the token, and no Origin/X-Forwarded headers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s05_connect_is_first_frame_with_backend_identity() {
    let mut s = Setup::default().await;
    let connected = s.bridge.wait_event("gateway_connected", READY).await;
    assert_eq!(connected["protocol"], 4, "{connected}");
    assert_eq!(connected["server_version"], "2026.9.6-fake");
    assert!(
        connected["scopes"]
            .as_array()
            .unwrap()
            .contains(&json!("operator.write")),
        "{connected}"
    );
    assert!(
        connected["url"]
            .as_str()
            .unwrap()
            .starts_with("ws://127.0.0.1:")
    );

    let frames = s.gw.frames();
    assert_eq!(frames[0]["method"], "connect", "first frame: {}", frames[0]);
    let rec = &s.gw.connects()[0];
    assert_eq!(rec.outcome, "hello-ok");
    let connect = rec.frame.clone().unwrap();
    assert_eq!(connect["type"], "req");
    assert!(
        connect["id"].as_str().unwrap().starts_with("connect-"),
        "{connect}"
    );
    let p = rec.params();
    assert_eq!(p["client"]["id"], "gateway-client");
    assert_eq!(p["client"]["mode"], "backend");
    assert_eq!(p["client"]["instanceId"], UID);
    assert!(
        p["client"]["version"]
            .as_str()
            .is_some_and(|v| !v.is_empty())
    );
    assert!(
        p["client"]["platform"]
            .as_str()
            .is_some_and(|v| !v.is_empty())
    );
    assert_eq!(p["role"], "operator");
    assert_eq!(p["minProtocol"], 3);
    assert_eq!(p["maxProtocol"], 4);
    assert_eq!(p["auth"], json!({"token": DEFAULT_TOKEN}));
    let scopes = p["scopes"].as_array().unwrap();
    for scope in [
        "operator.read",
        "operator.write",
        "operator.admin",
        "operator.approvals",
    ] {
        assert!(scopes.contains(&json!(scope)), "{scope} missing in {p}");
    }
    for header in [
        "origin",
        "x-forwarded-for",
        "x-forwarded-host",
        "forwarded",
        "x-real-ip",
    ] {
        assert!(
            rec.header(header).is_none(),
            "{header} sent: {:?}",
            rec.headers
        );
    }
    assert!(s.state_dir().join("bridge.json").exists());
    // The token is a secret: never printed.
    assert!(!s.bridge.stderr().contains(DEFAULT_TOKEN), "{}", s.report());
    assert!(
        !s.bridge
            .events()
            .iter()
            .any(|e| e.to_string().contains(DEFAULT_TOKEN))
    );
}

/// A gateway that only speaks v3 accepts the bridge (protocol 3) and runs work.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s06_v3_only_gateway_accepts_the_bridge() {
    let mut s = Setup::start(Opts {
        gateway: GatewayConfig {
            protocol: ProtocolMode::V3Only,
            ..GatewayConfig::default()
        },
        ..Opts::default()
    })
    .await;
    let connected = s.bridge.wait_event("gateway_connected", READY).await;
    assert_eq!(connected["protocol"], 3, "{connected}");
    let frames = s.exchange("v3-1", "hello v3").await;
    let last = frames.last().unwrap();
    assert_eq!(last["type"], "complete", "{}", s.report());
    assert_eq!(last["content"], "echo: hello v3");
}

/// A protocol mismatch (bridge offers 3..3, gateway needs 4) is reported with the
/// expected version and retried slowly, not in a tight loop.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s06_protocol_mismatch_reported_and_retried_slowly() {
    // With reconnect_max_ms 4000 the normal backoff (from 50 ms) would try ~6 times in 3 s.
    let mut s = Setup::start(Opts {
        config: json!({"min_protocol": 3, "max_protocol": 3, "reconnect_max_ms": 4000}),
        wait_gateway: false,
        ..Opts::default()
    })
    .await;
    let rejected = s.bridge.wait_event("gateway_rejected", READY).await;
    assert_eq!(rejected["code"], "PROTOCOL_MISMATCH", "{rejected}");
    let words = format!("{} {}", rejected["message"], rejected["hint"]);
    assert!(
        words.contains('4'),
        "expected version not mentioned: {rejected}"
    );
    assert!(
        rejected["hint"].as_str().is_some_and(|h| !h.is_empty()),
        "{rejected}"
    );
    let first = Instant::now();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let attempts = s.gw.connects().len();
    assert!(
        attempts <= 3,
        "{attempts} connects within ~3 s of a protocol mismatch (reconnect_initial_ms=50, \
         reconnect_max_ms=4000): not a slow retry\n{}",
        s.report()
    );
    assert!(first.elapsed() >= Duration::from_secs(3));
    assert!(s.bridge.alive(), "{}", s.report());
}

/// A wrong token is an actionable error, no user message reaches the Gateway, the
/// retry is slow, and the token is never printed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s07_token_mismatch_is_actionable_and_sends_nothing() {
    let wrong = "wrong-token-abcdef012345";
    let mut s = Setup::start(Opts {
        token: Some(wrong.to_string()),
        config: json!({"reconnect_max_ms": 4000}),
        wait_gateway: false,
        ..Opts::default()
    })
    .await;
    let rejected = s.bridge.wait_event("gateway_rejected", READY).await;
    assert_eq!(rejected["code"], "AUTH_TOKEN_MISMATCH", "{rejected}");
    assert!(
        rejected["hint"].as_str().is_some_and(|h| !h.is_empty()),
        "{rejected}"
    );
    s.send(json!({"id": "auth-1", "content": "are you there?"}));
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(s.gw.agent_requests().is_empty());
    assert!(
        s.gw.connects().len() <= 3,
        "{} connects in ~3 s on AUTH_TOKEN_MISMATCH (reconnect_max_ms=4000): not a slow retry\n{}",
        s.gw.connects().len(),
        s.report()
    );
    assert!(!s.bridge.stderr().contains(wrong), "token printed");
    assert!(
        !s.bridge
            .events()
            .iter()
            .any(|e| e.to_string().contains(wrong))
    );
    assert!(s.bridge.alive(), "{}", s.report());
}

/// No token at all against a token gateway.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s07_token_missing_is_reported() {
    let mut s = Setup::start(Opts {
        token: None,
        wait_gateway: false,
        ..Opts::default()
    })
    .await;
    let rejected = s.bridge.wait_event("gateway_rejected", READY).await;
    assert_eq!(rejected["code"], "AUTH_TOKEN_MISSING", "{rejected}");
    assert!(
        rejected["hint"].as_str().is_some_and(|h| !h.is_empty()),
        "{rejected}"
    );
    assert!(
        s.gw.connects()
            .iter()
            .all(|c| c.params()["auth"].get("token").is_none()),
        "a token was sent although none is configured"
    );
}

/// `UNAVAILABLE` with `retryAfterMs` is honoured (the next connect waits for it,
/// even though reconnect_initial_ms is 50), then the bridge connects.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s07_unavailable_retry_after_is_honoured() {
    let mut s = Setup::start(Opts {
        gateway: GatewayConfig {
            unavailable_connects: 1,
            retry_after_ms: 1500,
            ..GatewayConfig::default()
        },
        wait_gateway: false,
        ..Opts::default()
    })
    .await;
    s.bridge.wait_event("gateway_connected", WAIT).await;
    let connects = s.gw.connects();
    assert_eq!(connects[0].outcome, "UNAVAILABLE");
    assert_eq!(connects[1].outcome, "hello-ok", "{}", s.report());
    let gap = connects[1].at.duration_since(connects[0].at);
    assert!(
        gap >= Duration::from_millis(1000),
        "reconnected {gap:?} after UNAVAILABLE retryAfterMs=1500"
    );
}

/// `hello-ok` with empty scopes is detected: a `gateway_rejected` event that names
/// operator.write, and no agent request is sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s08_empty_scopes_detected() {
    let mut s = Setup::start(Opts {
        gateway: GatewayConfig {
            granted_scopes: Some(vec![]),
            ..GatewayConfig::default()
        },
        wait_gateway: false,
        ..Opts::default()
    })
    .await;
    let rejected = s.bridge.wait_event("gateway_rejected", READY).await;
    let words = format!("{} {}", rejected["message"], rejected["hint"]);
    assert!(words.contains("operator.write"), "{rejected}");
    s.send(json!({"id": "scope-1", "content": "hello"}));
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(
        s.gw.agent_requests().is_empty(),
        "agent request sent without operator.write\n{}",
        s.report()
    );
    assert!(s.bridge.events_named("gateway_connected").is_empty());
}

/// The bridge's device identity file, parsed, and its mode bits.
fn identity_file(s: &Setup) -> (serde_json::Value, u32) {
    let path = s.state_dir().join("bridge-identity.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777
    };
    #[cfg(not(unix))]
    let mode = 0o600;
    (serde_json::from_str(&text).unwrap(), mode)
}

/// A Gateway that grants device-less clients no scopes. With
/// `device_auth` auto (the default) the bridge reports MISSING_SCOPE, reconnects with a signed
/// device identity, gets its scopes and runs messages; the identity is saved 0600 with the
/// device token the Gateway issued, and the next run reuses the same device.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s08_scopes_cleared_then_device_identity_is_used() {
    let mut s = Setup::start(Opts {
        gateway: GatewayConfig {
            require_device: true,
            ..GatewayConfig::default()
        },
        wait_gateway: false,
        ..Opts::default()
    })
    .await;
    let rejected = s.bridge.wait_event("gateway_rejected", READY).await;
    assert_eq!(rejected["code"], "MISSING_SCOPE", "{rejected}");
    assert!(
        rejected["hint"]
            .as_str()
            .is_some_and(|h| h.contains("device identity")),
        "{rejected}"
    );
    assert!(
        rejected["retry_in_ms"].as_u64().unwrap() < 5000,
        "the switch to the device identity should be retried soon: {rejected}"
    );
    let connected = s.bridge.wait_event("gateway_connected", WAIT).await;
    assert!(
        connected["scopes"]
            .as_array()
            .unwrap()
            .contains(&json!("operator.write")),
        "{connected}"
    );
    let device_id = connected["device_id"]
        .as_str()
        .expect("device_id")
        .to_string();

    let connects = s.gw.connects();
    assert!(connects[0].device_id.is_none() && connects[0].granted_scopes.is_empty());
    let signed = connects.iter().find(|c| c.device_id.is_some()).unwrap();
    assert_eq!(signed.device_id.as_deref(), Some(device_id.as_str()));
    assert_eq!(signed.outcome, "hello-ok");
    let p = signed.params();
    assert_eq!(p["client"]["id"], "gateway-client");
    assert_eq!(p["auth"], json!({"token": DEFAULT_TOKEN}));
    assert_eq!(p["device"]["id"], device_id.as_str());

    let frames = s.exchange("dev-1", "hello with a device").await;
    let last = frames.last().unwrap();
    assert_eq!(last["type"], "complete", "{}", s.report());
    assert_eq!(last["content"], "echo: hello with a device");

    let (file, mode) = identity_file(&s);
    assert_eq!(mode, 0o600);
    assert_eq!(file["deviceId"], device_id.as_str());
    let device_token = file["deviceToken"]
        .as_str()
        .expect("deviceToken saved")
        .to_string();
    assert!(device_token.starts_with("devtok-"), "{device_token}");
    let seed = file["privateKey"].as_str().unwrap().to_string();
    // Secrets stay in the file.
    let printed = format!(
        "{} {}",
        s.bridge.stderr(),
        s.bridge
            .events()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(!printed.contains(&device_token), "device token printed");
    assert!(!printed.contains(&seed), "private key printed");

    // The next run reuses the identity.
    s.bridge.terminate();
    let before = s.gw.connects().len();
    let env = vec![
        ("OPENCLAW_GATEWAY_URL", s.gw.url()),
        ("OPENCLAW_GATEWAY_TOKEN", DEFAULT_TOKEN.to_string()),
    ];
    s.bridge = BridgeProc::spawn(s.state_dir(), &env, &[]);
    let again = s.bridge.wait_event("gateway_connected", WAIT).await;
    assert_eq!(again["device_id"], device_id.as_str(), "{again}");
    let later: Vec<_> = s.gw.connects().into_iter().skip(before).collect();
    assert!(
        later
            .iter()
            .any(|c| c.device_id.as_deref() == Some(device_id.as_str())),
        "{later:?}"
    );
    assert_eq!(identity_file(&s).0["deviceId"], device_id.as_str());
}

/// `device_auth=never` keeps today's behaviour: MISSING_SCOPE, no device block, no
/// identity file.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s08_device_auth_never_keeps_reporting_missing_scope() {
    let mut s = Setup::start(Opts {
        gateway: GatewayConfig {
            require_device: true,
            ..GatewayConfig::default()
        },
        config: json!({"device_auth": "never"}),
        wait_gateway: false,
        ..Opts::default()
    })
    .await;
    let rejected = s.bridge.wait_event("gateway_rejected", READY).await;
    assert_eq!(rejected["code"], "MISSING_SCOPE", "{rejected}");
    assert!(
        !rejected["hint"]
            .as_str()
            .unwrap()
            .contains("device identity"),
        "{rejected}"
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(s.bridge.events_named("gateway_connected").is_empty());
    assert!(
        s.gw.connects()
            .iter()
            .all(|c| c.params().get("device").is_none()),
        "a device block was sent with device_auth=never"
    );
    assert!(!s.state_dir().join("bridge-identity.json").exists());
    s.send(json!({"id": "never-1", "content": "hello"}));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(s.gw.agent_requests().is_empty(), "{}", s.report());
}

/// `device_auth=always`: the first connect is already signed (over this socket's challenge
/// nonce, which the fake checks) and the device token is saved.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s08_device_auth_always_signs_the_first_connect() {
    let mut s = Setup::start(Opts {
        config: json!({"device_auth": "always"}),
        ..Opts::default()
    })
    .await;
    let first = &s.gw.connects()[0];
    assert_eq!(first.outcome, "hello-ok");
    let device_id = first.device_id.clone().expect("signed first connect");
    assert!(s.bridge.events_named("gateway_rejected").is_empty());
    let frames = s.exchange("always-1", "signed").await;
    assert_eq!(frames.last().unwrap()["content"], "echo: signed");
    let (file, mode) = identity_file(&s);
    assert_eq!(mode, 0o600);
    assert_eq!(file["deviceId"], device_id.as_str());
    assert!(file["deviceToken"].is_string(), "{file}");
}

/// Without a shared token, `device_auth` auto starts with the saved identity and logs in with
/// the device token the Gateway issued on an earlier run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s08_device_token_logs_in_without_the_shared_token() {
    let mut s = Setup::start(Opts {
        config: json!({"device_auth": "always"}),
        ..Opts::default()
    })
    .await;
    let device_id = s.gw.connects()[0].device_id.clone().expect("signed");
    s.bridge.terminate();
    // Back to the default (auto), and no token in the environment.
    let config_path = s.state_dir().join("bridge.json");
    let mut config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&config_path).unwrap()).unwrap();
    config.as_object_mut().unwrap().remove("device_auth");
    std::fs::write(&config_path, config.to_string()).unwrap();
    let before = s.gw.connects().len();
    s.bridge = BridgeProc::spawn(s.state_dir(), &[("OPENCLAW_GATEWAY_URL", s.gw.url())], &[]);
    let connected = s.bridge.wait_event("gateway_connected", WAIT).await;
    assert_eq!(connected["device_id"], device_id.as_str(), "{connected}");
    let rec = &s.gw.connects()[before];
    assert_eq!(rec.auth_method.as_deref(), Some("device-token"), "{rec:?}");
    assert!(
        rec.params()["auth"]["token"]
            .as_str()
            .is_some_and(|t| t.starts_with("devtok-"))
    );
    assert!(s.bridge.events_named("gateway_rejected").is_empty());
    let frames = s.exchange("devtok-1", "no shared token").await;
    assert_eq!(frames.last().unwrap()["content"], "echo: no shared token");
}

/// No `tick` for more than 2 x tickIntervalMs: the bridge reconnects.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s09_missing_ticks_cause_a_reconnect() {
    let mut s = Setup::start(Opts {
        gateway: GatewayConfig {
            tick_interval_ms: 300,
            send_ticks: false,
            ..GatewayConfig::default()
        },
        ..Opts::default()
    })
    .await;
    let reconnected = s.gw.wait_hellos(2, WAIT).await;
    assert!(
        reconnected,
        "no reconnect after ticks stopped\n{}",
        s.report()
    );
    let first_close = s.gw.closes()[0].clone();
    assert!(
        first_close.by_client,
        "the gateway did not close it: {first_close:?}"
    );
    s.bridge.wait_event("gateway_disconnected", READY).await;
}

/// With ticks arriving, the connection stays up (several tick intervals, and the
/// bridge allows two intervals of silence).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s09_regular_ticks_keep_the_connection() {
    let mut s = Setup::start(Opts {
        gateway: GatewayConfig {
            tick_interval_ms: 1000,
            ..GatewayConfig::default()
        },
        ..Opts::default()
    })
    .await;
    tokio::time::sleep(Duration::from_millis(4500)).await;
    assert_eq!(
        s.gw.hellos(),
        1,
        "reconnected although ticks arrive\n{}",
        s.report()
    );
    assert!(s.bridge.events_named("gateway_disconnected").is_empty());
}

/// `shutdown {restartExpectedMs}`: the bridge reconnects after the delay (the fake
/// keeps accepting, so an early reconnect would be visible).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s09_shutdown_reconnects_after_restart_expected_ms() {
    let mut s = Setup::default().await;
    let sent = Instant::now();
    s.gw.send_shutdown(2000, None);
    let reconnected = s.gw.wait_hellos(2, WAIT).await;
    assert!(reconnected, "no reconnect after shutdown\n{}", s.report());
    let at = s.gw.connects()[1].at;
    let gap = at.duration_since(sent);
    assert!(
        gap >= Duration::from_millis(1000),
        "reconnected {gap:?} after shutdown with restartExpectedMs=2000"
    );
    // And it works afterwards.
    let frames = s.exchange("after-shutdown", "back?").await;
    assert_eq!(frames.last().unwrap()["content"], "echo: back?");
}
