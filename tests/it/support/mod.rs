//! Everything the tests share: running the `ocw` binary hermetically and a fake HTTP endpoint
//! (`cli`), a WebSocket relay in its two flavours, one that echoes to every client and one that
//! routes by uid (`relay`), and a scriptable OpenClaw Gateway (`fake_gateway`), plus their
//! self-tests.

pub mod cli;
pub mod fake_gateway;
pub mod relay;

#[cfg(test)]
mod selftest {
    use std::time::Duration;

    use serde_json::json;

    use super::relay::{Incoming, Relay, RelayClient, RelayKind};

    const T: Duration = Duration::from_secs(5);

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn echo_relay_greets_and_echoes_to_everyone_including_the_sender() {
        let relay = Relay::start(RelayKind::EchoAll);
        let mut a = relay.client("").await;
        let mut b = relay.client("whatever-uid").await;
        let greet = a.next_json(T).await.expect("greeting");
        assert_eq!(greet["type"], "connected");
        assert!(greet["connectionId"].as_str().unwrap().starts_with("conn-"));
        assert!(greet["timestamp"].as_str().unwrap().ends_with('Z'));
        b.next_json(T).await.expect("greeting b");

        a.send_json(&json!({"id": "m1", "content": "hi"}));
        assert_eq!(
            a.next_json(T).await.unwrap()["id"],
            "m1",
            "sender gets its echo"
        );
        assert_eq!(b.next_json(T).await.unwrap()["content"], "hi");

        // Non-JSON is dropped; JSON in a binary frame is re-broadcast as text.
        a.send_text("not json");
        a.send_binary(br#"{"bin":true}"#);
        assert_eq!(b.next_json(T).await.unwrap()["bin"], true);
        assert_eq!(relay.connections(), 2);
        assert_eq!(relay.received().len(), 2);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn room_relay_requires_a_uid_and_excludes_the_sender() {
        let relay = Relay::start(RelayKind::Room);
        let err = RelayClient::connect(&relay.ws_url())
            .await
            .err()
            .expect("400");
        assert!(err.contains("400"), "{err}");

        let mut a = relay.client("room-one-0123456789").await;
        let mut b = relay.client("room-one-0123456789").await;
        let mut other = RelayClient::connect(&format!("{}/room-two-0123456789", relay.ws_url()))
            .await
            .unwrap();
        a.send_json(&json!({"id": "m1", "content": "hi"}));
        assert_eq!(b.next_json(T).await.unwrap()["id"], "m1");
        assert!(
            a.next_json(Duration::from_millis(300)).await.is_none(),
            "no echo to sender"
        );
        assert!(
            other.next_json(Duration::from_millis(300)).await.is_none(),
            "other room"
        );
        b.send_binary(b"\x00\x01");
        match a.next_incoming(T).await {
            Some(Incoming::Binary(bytes)) => assert_eq!(bytes, vec![0, 1]),
            other => panic!("expected the binary frame, got {other:?}"),
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn relay_outages_drop_pause_and_refuse() {
        let relay = Relay::start(RelayKind::Room);
        let test = relay.client("uid-0123456789abcdef").await;
        // An "external" client (not marked as a test client), standing in for the bridge.
        let mut ext = RelayClient::connect(&format!("{}?uid=uid-0123456789abcdef", relay.ws_url()))
            .await
            .unwrap();
        assert!(relay.wait_external_connections(1, T).await);

        relay.pause_external();
        assert!(relay.wait_until(T, |r| r.external_connections() == 0).await);
        test.send_json(&json!({"x": 1}));
        assert!(
            ext.next_json(Duration::from_millis(300)).await.is_none(),
            "paused"
        );

        relay.drop_external();
        assert!(matches!(
            ext.next_incoming(T).await,
            Some(Incoming::Closed(_))
        ));

        relay.set_accepting(false);
        let err = RelayClient::connect(&format!("{}?uid=u", relay.ws_url()))
            .await
            .err();
        assert!(err.expect("refused").contains("503"));
        relay.set_accepting(true);
        let _ext2 = RelayClient::connect(&format!("{}?uid=uid-0123456789abcdef", relay.ws_url()))
            .await
            .unwrap();
        assert!(relay.wait_external_connections(1, T).await);
        assert_eq!(relay.external_accepted(), 2);
        assert!(!test.is_closed());
    }

    // ----- fake gateway ---------------------------------------------------------------------

    use super::fake_gateway::{
        DEFAULT_TOKEN, FakeGateway, GatewayConfig, ProtocolMode, RunStatus, markers,
    };
    use serde_json::Value;

    fn connect_frame(min: u64, max: u64, token: Option<&str>) -> Value {
        let mut params = json!({
            "minProtocol": min, "maxProtocol": max,
            "client": {"id": "gateway-client", "version": "0.1.0", "platform": "linux",
                       "mode": "backend", "instanceId": "selftest"},
            "role": "operator",
            "scopes": ["operator.read", "operator.write", "operator.admin", "operator.approvals"],
            "caps": [], "locale": "en-US", "userAgent": "selftest/0.1"});
        if let Some(t) = token {
            params["auth"] = json!({"token": t});
        }
        json!({"type": "req", "id": "connect-1", "method": "connect", "params": params})
    }

    /// Connect, check the challenge, send `connect`, return the client and the connect `res`.
    async fn handshake(gw: &FakeGateway, connect: Value) -> (RelayClient, Value) {
        let mut c = RelayClient::connect(&gw.url()).await.unwrap();
        let challenge = c.next_json(T).await.expect("challenge");
        assert_eq!(challenge["event"], "connect.challenge");
        assert!(challenge["payload"]["nonce"].is_string());
        assert!(challenge["payload"]["ts"].is_u64());
        c.send_json(&connect);
        let res = c
            .wait_for(T, |f| f["type"] == "res")
            .await
            .expect("connect res");
        (c, res)
    }

    async fn closed_with(c: &mut RelayClient) -> Option<u16> {
        loop {
            match c.next_incoming(T).await {
                Some(Incoming::Closed(code)) => return code,
                Some(_) => continue,
                None => panic!("socket did not close"),
            }
        }
    }

    fn agent_req(id: &str, message: &str, key: &str, idem: &str) -> Value {
        json!({"type": "req", "id": id, "method": "agent", "params": {
            "message": message, "agentId": "main", "sessionKey": key, "deliver": false,
            "idempotencyKey": idem, "timeout": 600}})
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn fake_gateway_handshake_and_one_agent_run() {
        let gw = FakeGateway::start(GatewayConfig::default());
        let (mut c, hello) = handshake(&gw, connect_frame(3, 4, Some(DEFAULT_TOKEN))).await;
        assert_eq!(hello["ok"], true, "{hello}");
        assert_eq!(hello["payload"]["type"], "hello-ok");
        assert_eq!(hello["payload"]["protocol"], 4);
        assert_eq!(
            hello["payload"]["auth"]["scopes"].as_array().unwrap().len(),
            4
        );
        assert_eq!(hello["payload"]["policy"]["tickIntervalMs"], 30_000);

        c.send_json(&agent_req("r1", "hi", "webhook:m1", "idem-1"));
        let frames = c
            .collect_until(T, |f| f["type"] == "res" && f["payload"]["status"] == "ok")
            .await;
        let ack = frames.iter().find(|f| f["type"] == "res").unwrap();
        assert_eq!(ack["payload"]["status"], "accepted");
        assert_eq!(ack["payload"]["runId"], "idem-1");
        assert_eq!(ack["payload"]["sessionKey"], "agent:main:webhook:m1");
        let events: Vec<&Value> = frames.iter().filter(|f| f["type"] == "event").collect();
        assert!(events.iter().all(|e| e["seq"].is_u64()));
        let assistant: Vec<&str> = events
            .iter()
            .filter(|e| e["event"] == "agent" && e["payload"]["stream"] == "assistant")
            .map(|e| e["payload"]["data"]["text"].as_str().unwrap())
            .collect();
        assert!(assistant.len() >= 2, "{assistant:?}");
        assert!(assistant.windows(2).all(|w| w[1].starts_with(w[0])));
        assert_eq!(*assistant.last().unwrap(), "echo: hi");
        let fin = events
            .iter()
            .find(|e| e["event"] == "chat" && e["payload"]["state"] == "final")
            .expect("chat final");
        assert_eq!(fin["payload"]["message"]["content"][0]["text"], "echo: hi");
        let last = frames.last().unwrap();
        assert_eq!(last["payload"]["result"]["payloads"][0]["text"], "echo: hi");

        // agent.wait on the finished run, sessions.list, a duplicate key (cached result).
        c.send_json(&json!({"type": "req", "id": "w1", "method": "agent.wait",
                            "params": {"runId": "idem-1", "timeoutMs": 1000}}));
        let w = c.wait_for(T, |f| f["id"] == "w1").await.unwrap();
        assert_eq!(w["payload"]["status"], "ok");
        assert_eq!(w["payload"]["terminalReply"]["text"], "echo: hi");
        c.send_json(
            &json!({"type": "req", "id": "l1", "method": "sessions.list",
                            "params": {"limit": 10}}),
        );
        let l = c.wait_for(T, |f| f["id"] == "l1").await.unwrap();
        assert_eq!(l["payload"]["sessions"][0]["key"], "agent:main:webhook:m1");
        c.send_json(&agent_req("r2", "hi", "webhook:m1", "idem-1"));
        let dup = c.wait_for(T, |f| f["id"] == "r2").await.unwrap();
        assert_eq!(dup["payload"]["status"], "ok", "cached final: {dup}");
        assert_eq!(gw.runs().len(), 1);
        assert_eq!(gw.agent_requests().len(), 2);
        let rec = &gw.connects()[0];
        assert_eq!(rec.params()["client"]["id"], "gateway-client");
        assert!(rec.header("origin").is_none());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn fake_gateway_rejections() {
        let gw = FakeGateway::start(GatewayConfig {
            unavailable_connects: 1,
            retry_after_ms: 700,
            ..GatewayConfig::default()
        });
        // 1. UNAVAILABLE, close 1013.
        let (mut c, res) = handshake(&gw, connect_frame(3, 4, Some(DEFAULT_TOKEN))).await;
        assert_eq!(res["error"]["code"], "UNAVAILABLE");
        assert_eq!(res["error"]["retryAfterMs"], 700);
        assert_eq!(closed_with(&mut c).await, Some(1013));
        // 2. Wrong and missing token, close 1008.
        let (mut c, res) = handshake(&gw, connect_frame(3, 4, Some("nope"))).await;
        assert_eq!(res["error"]["details"]["code"], "AUTH_TOKEN_MISMATCH");
        assert_eq!(closed_with(&mut c).await, Some(1008));
        let (mut c, res) = handshake(&gw, connect_frame(3, 4, None)).await;
        assert_eq!(res["error"]["details"]["code"], "AUTH_TOKEN_MISSING");
        assert_eq!(closed_with(&mut c).await, Some(1008));
        // 3. v3-only client against v4: PROTOCOL_MISMATCH, close 1002.
        let (mut c, res) = handshake(&gw, connect_frame(3, 3, Some(DEFAULT_TOKEN))).await;
        assert_eq!(res["error"]["details"]["code"], "PROTOCOL_MISMATCH");
        assert_eq!(res["error"]["details"]["expectedProtocol"], 4);
        assert_eq!(closed_with(&mut c).await, Some(1002));
        // 4. First frame not connect.
        let (mut c, res) = handshake(
            &gw,
            json!({"type": "req", "id": "x1", "method": "sessions.list", "params": {}}),
        )
        .await;
        assert_eq!(
            res["error"]["message"],
            "invalid handshake: first request must be connect"
        );
        assert_eq!(closed_with(&mut c).await, Some(1008));
        // 5. Unknown connect param.
        let mut bad = connect_frame(3, 4, Some(DEFAULT_TOKEN));
        bad["params"]["device_id"] = json!("x");
        let (_c, res) = handshake(&gw, bad).await;
        assert_eq!(res["error"]["code"], "INVALID_REQUEST");
        // 6. Empty scopes granted: agent is FORBIDDEN.
        gw.configure(|c| c.granted_scopes = Some(vec![]));
        let (c, res) = handshake(&gw, connect_frame(3, 4, Some(DEFAULT_TOKEN))).await;
        assert_eq!(res["payload"]["auth"]["scopes"], json!([]));
        let mut c = c;
        c.send_json(&agent_req("r1", "hi", "webhook:m1", "k1"));
        let r = c.wait_for(T, |f| f["id"] == "r1").await.unwrap();
        assert_eq!(r["error"]["code"], "FORBIDDEN");
        assert_eq!(r["error"]["message"], "missing scope: operator.write");
        let outcomes: Vec<String> = gw.connects().iter().map(|c| c.outcome.clone()).collect();
        assert_eq!(
            outcomes,
            [
                "UNAVAILABLE",
                "AUTH_TOKEN_MISMATCH",
                "AUTH_TOKEN_MISSING",
                "PROTOCOL_MISMATCH",
                "INVALID_HANDSHAKE",
                "INVALID_REQUEST",
                "hello-ok"
            ]
        );
    }

    /// Connect with a `device` block signed over this socket's challenge; `tamper` edits the
    /// frame after signing. Returns the client and the connect `res`.
    async fn device_handshake(
        gw: &FakeGateway,
        identity: &ocw::bridge::device::Identity,
        token: Option<&str>,
        tamper: impl FnOnce(&mut Value),
    ) -> (RelayClient, Value) {
        let mut c = RelayClient::connect(&gw.url()).await.unwrap();
        let challenge = c.next_json(T).await.expect("challenge");
        let nonce = challenge["payload"]["nonce"].as_str().unwrap();
        let ts = challenge["payload"]["ts"].as_u64().unwrap();
        let mut connect = connect_frame(3, 4, token);
        connect["params"]["device"] = identity
            .sign_connect(&connect["params"], nonce, ts)
            .unwrap();
        tamper(&mut connect);
        c.send_json(&connect);
        let res = c
            .wait_for(T, |f| f["type"] == "res")
            .await
            .expect("connect res");
        (c, res)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn fake_gateway_device_auth() {
        use ocw::bridge::device::Identity;
        let gw = FakeGateway::start(GatewayConfig {
            require_device: true,
            ..GatewayConfig::default()
        });
        let id = Identity::from_seed([3u8; 32]);
        // Device-less: accepted, no scopes.
        let (_c, res) = handshake(&gw, connect_frame(3, 4, Some(DEFAULT_TOKEN))).await;
        assert_eq!(res["payload"]["auth"]["scopes"], json!([]));
        assert!(res["payload"]["auth"].get("deviceToken").is_none());
        // Signed: scopes kept, a device token issued.
        let (_c, res) = device_handshake(&gw, &id, Some(DEFAULT_TOKEN), |_| {}).await;
        assert_eq!(res["ok"], true, "{res}");
        let auth = &res["payload"]["auth"];
        assert!(
            auth["scopes"]
                .as_array()
                .unwrap()
                .contains(&json!("operator.write"))
        );
        let device_token = auth["deviceToken"].as_str().unwrap().to_string();
        assert_eq!(gw.connects()[1].device_id, Some(id.device_id()));
        // The device token in place of the shared one (signed into the payload).
        let (_c, res) = device_handshake(&gw, &id, Some(&device_token), |_| {}).await;
        assert_eq!(res["payload"]["auth"]["method"], "device-token", "{res}");
        assert_eq!(res["payload"]["auth"]["deviceToken"], device_token.as_str());
        // Refusals, each with close 1008.
        type Tamper = fn(&mut Value);
        let cases: [(&str, Tamper); 4] = [
            ("DEVICE_AUTH_SIGNATURE_INVALID", |f: &mut Value| {
                f["params"]["scopes"] = json!(["operator.read"])
            }),
            ("DEVICE_AUTH_NONCE_MISMATCH", |f: &mut Value| {
                f["params"]["device"]["nonce"] = json!("stale")
            }),
            ("DEVICE_AUTH_DEVICE_ID_MISMATCH", |f: &mut Value| {
                f["params"]["device"]["id"] = json!("0".repeat(64))
            }),
            ("DEVICE_AUTH_SIGNATURE_EXPIRED", |f: &mut Value| {
                f["params"]["device"]["signedAt"] = json!(1_000u64)
            }),
        ];
        for (code, tamper) in cases {
            let (mut c, res) = device_handshake(&gw, &id, Some(DEFAULT_TOKEN), tamper).await;
            assert_eq!(res["error"]["details"]["code"], code, "{res}");
            assert_eq!(res["error"]["code"], "INVALID_REQUEST");
            assert_eq!(closed_with(&mut c).await, Some(1008), "{code}");
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn fake_gateway_v3_only() {
        let gw = FakeGateway::start(GatewayConfig {
            protocol: ProtocolMode::V3Only,
            ..GatewayConfig::default()
        });
        let (_c, res) = handshake(&gw, connect_frame(3, 4, Some(DEFAULT_TOKEN))).await;
        assert_eq!(res["payload"]["protocol"], 3);
        let (mut c, res) = handshake(&gw, connect_frame(4, 4, Some(DEFAULT_TOKEN))).await;
        assert_eq!(res["error"]["details"]["expectedProtocol"], 3);
        assert_eq!(closed_with(&mut c).await, Some(1002));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn fake_gateway_failure_scripts_and_foreign_traffic() {
        let gw = FakeGateway::start(GatewayConfig::default());
        let (mut c, _) = handshake(&gw, connect_frame(3, 4, Some(DEFAULT_TOKEN))).await;
        // Rejected at ack time.
        c.send_json(&agent_req(
            "a",
            &format!("x {}", markers::REJECT),
            "webhook:a",
            "ka",
        ));
        let r = c.wait_for(T, |f| f["id"] == "a").await.unwrap();
        assert_eq!(r["ok"], false);
        assert_eq!(r["error"]["message"], "malformed session key");
        // Final res with status timeout.
        c.send_json(&agent_req(
            "b",
            &format!("x {}", markers::TIMEOUT),
            "webhook:b",
            "kb",
        ));
        let r = c
            .wait_for(T, |f| {
                f["id"] == "b" && f["payload"]["status"] != "accepted"
            })
            .await
            .unwrap();
        assert_eq!(r["payload"]["status"], "timeout");
        // Chat error.
        c.send_json(&agent_req(
            "c",
            &format!("x {}", markers::CHAT_ERROR),
            "webhook:c",
            "kc",
        ));
        let frames = c
            .collect_until(T, |f| f["id"] == "c" && f["ok"] == false)
            .await;
        assert!(frames.iter().any(|f| f["payload"]["state"] == "error"));
        assert!(
            frames
                .iter()
                .any(|f| f["payload"]["data"]["phase"] == "error")
        );
        // Silent: chat final without message.
        c.send_json(&agent_req(
            "d",
            &format!("x {}", markers::SILENT),
            "webhook:d",
            "kd",
        ));
        let frames = c
            .collect_until(T, |f| f["id"] == "d" && f["payload"]["status"] == "ok")
            .await;
        let fin = frames
            .iter()
            .find(|f| f["payload"]["state"] == "final")
            .unwrap();
        assert!(fin["payload"].get("message").is_none());
        // Hang, then a duplicate (in_flight), then chat.abort.
        c.send_json(&agent_req(
            "e",
            &format!("x {}", markers::HANG),
            "webhook:e",
            "ke",
        ));
        c.wait_for(T, |f| f["id"] == "e").await.unwrap();
        c.send_json(&agent_req(
            "e2",
            &format!("x {}", markers::HANG),
            "webhook:e",
            "ke",
        ));
        let dup = c.wait_for(T, |f| f["id"] == "e2").await.unwrap();
        assert_eq!(dup["payload"]["status"], "in_flight");
        c.send_json(&json!({"type": "req", "id": "w", "method": "agent.wait",
                            "params": {"runId": "ke", "timeoutMs": 100}}));
        let w = c.wait_for(T, |f| f["id"] == "w").await.unwrap();
        assert_eq!(w["payload"]["status"], "timeout");
        c.send_json(&json!({"type": "req", "id": "ab", "method": "chat.abort",
                            "params": {"sessionKey": "webhook:e", "runId": "ke"}}));
        let ab = c.wait_for(T, |f| f["id"] == "ab").await.unwrap();
        assert_eq!(ab["payload"]["runIds"], json!(["ke"]));
        assert!(
            gw.wait_until(T, |g| g.run("ke").unwrap().status == RunStatus::Aborted)
                .await
        );
        // Foreign run and noise reach every connection.
        let foreign = gw.inject_foreign_run(None, "telegram secret");
        let ev = c
            .wait_for(T, |f| f["payload"]["runId"] == foreign.as_str())
            .await;
        assert!(ev.is_some());
        assert_eq!(gw.max_session_overlap(), 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn fake_gateway_drop_mid_run_restart_and_ticks() {
        let gw = FakeGateway::start(GatewayConfig {
            tick_interval_ms: 100,
            ..GatewayConfig::default()
        });
        let (mut c, _) = handshake(&gw, connect_frame(3, 4, Some(DEFAULT_TOKEN))).await;
        assert!(c.wait_for(T, |f| f["event"] == "tick").await.is_some());
        c.send_json(&agent_req(
            "a",
            &format!("x {}", markers::DROP),
            "webhook:a",
            "ka",
        ));
        assert!(matches!(closed_with(&mut c).await, None | Some(_)));
        // The run goes on and agent.wait on a new connection recovers it.
        let (mut c2, _) = handshake(&gw, connect_frame(3, 4, Some(DEFAULT_TOKEN))).await;
        c2.send_json(&json!({"type": "req", "id": "w", "method": "agent.wait",
                             "params": {"runId": "ka", "timeoutMs": 3000}}));
        let w = c2.wait_for(T, |f| f["id"] == "w").await.unwrap();
        assert_eq!(w["payload"]["status"], "ok");
        assert!(
            w["payload"]["terminalReply"]["text"]
                .as_str()
                .unwrap()
                .starts_with("echo: x")
        );

        // Restart: sockets closed (1012), refused for a while, then accepted on the same port.
        c2.send_json(&agent_req(
            "h",
            &format!("x {}", markers::HANG),
            "webhook:h",
            "kh",
        ));
        c2.wait_for(T, |f| f["id"] == "h").await.unwrap();
        gw.restart(Duration::from_millis(400));
        assert_eq!(closed_with(&mut c2).await, Some(1012));
        assert!(
            RelayClient::connect(&gw.url()).await.is_err(),
            "refused while down"
        );
        assert!(
            gw.wait_until(T, |g| g.run("kh").unwrap().status == RunStatus::Lost)
                .await
        );
        let mut ok = false;
        for _ in 0..50 {
            if let Ok(mut c3) = RelayClient::connect(&gw.url()).await {
                assert!(c3.next_json(T).await.is_some());
                ok = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(ok, "accepting again on the same port");
    }
}
