
use builtin;
use str;

set edit:completion:arg-completer[ocw] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'ocw'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'ocw'= {
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand send 'Build, sign and POST sample webhooks to an endpoint'
            cand sign 'Print the x-openclaw-signature value for a body'
            cand verify 'Check a webhook signature, and explain why one fails'
            cand retry 'Play one delivery under OpenClaw''s retry policy (30 s, 5 min, 30 min, then failed)'
            cand replay 'Send recorded requests again, byte for byte (from `listen --record` or `listen --json`)'
            cand config 'Check or create the webhook config file (the article''s `webhooks:` block)'
            cand listen 'Receive webhooks locally: pretty-print, verify, record, forward, script answers'
            cand test 'Run a conformance suite against a webhook receiver, and say what it gets wrong'
            cand bridge 'Bridge a WebSocket relay to the OpenClaw Gateway (start, run, stop, restart, status)'
            cand hook 'Call the Gateway''s inbound hooks: an agent turn, a wake, or a mapped hook'
            cand taskflow 'Drive TaskFlow records through the Gateway''s webhooks plugin'
            cand events 'List the webhook event types, or show one''s payload'
            cand demo 'Run an offline tour: a local receiver, every event sent signed and verified'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ocw;send'= {
            cand --to 'Endpoint URL to POST to'
            cand --webhook 'Deliver to this configured webhook: its URL, secret and headers (see `ocw config check`)'
            cand -H 'Extra request header, `Name: value` (repeatable)'
            cand --header 'Extra request header, `Name: value` (repeatable)'
            cand --secret 'Signing secret (prefer OCW_SECRET or --secret-file: argv is visible to other users)'
            cand --secret-file 'Read the signing secret from a file (one trailing newline is stripped; wins over --secret and OCW_SECRET)'
            cand --timeout 'Give up on an answer after this long (e.g. 500ms, 5s)'
            cand -n 'Send each event this many times, each with its own conversation_id (a webhook storm)'
            cand --count 'Send each event this many times, each with its own conversation_id (a webhook storm)'
            cand -c 'Deliveries in flight at once during a storm (1 to 10000)'
            cand --concurrency 'Deliveries in flight at once during a storm (1 to 10000)'
            cand --schedule 'Delays before each retry, in policy time'
            cand --speed 'Divide every delay by N (e.g. 100 plays 30s/5m/30m as 0.3s/3s/18s)'
            cand --tamper 'Send a deliberately wrong delivery, to test the receiver''s rejection path'
            cand --scenario 'Send a built-in scenario: a conversation''s events in order, one conversation_id, timestamps advancing step by step (`ocw events scenarios` lists them)'
            cand --scenario-file 'Send a scenario from a YAML file (copy one with `ocw events scenarios NAME > my.yaml`)'
            cand --gap 'Wait this long between deliveries (real time; the payloads'' timestamps follow the scenario''s own steps)'
            cand --duplicate 'Send N of the scenario''s deliveries twice, the same bytes, as retries do: idempotency test'
            cand --seed 'The seed for --shuffle and --duplicate (default: a random one, printed so a run can be repeated)'
            cand --fixtures 'Load event fixtures from this folder (one <event>.json each) instead of the built-ins'
            cand --set 'Set a field: dot path, `[N]` indices; the value is JSON if it parses, else a string'
            cand --unset 'Remove a field (dot path)'
            cand --data 'Use this JSON document as the payload instead of the fixture (`-` for stdin)'
            cand --raw-body 'Send this file''s bytes untouched, whatever they are (no parsing, stamping or editing)'
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand --all 'Send every event type of the catalog'
            cand --retry 'Retry failed deliveries under the retry policy (--schedule, --speed), webhooks in parallel'
            cand --dry-run 'Print the request instead of sending it: method, URL, every header, the body bytes'
            cand --curl 'Print an equivalent curl command instead of sending (implies --dry-run)'
            cand --show-secrets 'With --dry-run or --curl: print credential headers and URL credentials as sent'
            cand --shuffle 'Send the scenario''s deliveries in a shuffled order (timestamps unchanged): ordering test'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;sign'= {
            cand --secret 'Signing secret (prefer OCW_SECRET or --secret-file: argv is visible to other users)'
            cand --secret-file 'Read the signing secret from a file (one trailing newline is stripped; wins over --secret and OCW_SECRET)'
            cand --scheme 'Signature scheme to produce (ocw, github, stripe, standard-webhooks, slack, shopify)'
            cand --timestamp 'Unix timestamp for timestamped schemes (default: now)'
            cand --msg-id 'Message id for Standard Webhooks (default: a fresh msg_ id)'
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;verify'= {
            cand --secret 'Signing secret; repeat for key rotation (valid if any matches)'
            cand --secret-file 'Read a signing secret from a file (repeatable; one trailing newline is stripped)'
            cand --signature 'The x-openclaw-signature value'
            cand -H 'A request header, `Name: value` (repeatable); the scheme is detected from them'
            cand --header 'A request header, `Name: value` (repeatable); the scheme is detected from them'
            cand --scheme 'Force a scheme instead of detecting it'
            cand --tolerance 'Accepted clock difference for timestamped schemes (Stripe, Standard Webhooks, Slack)'
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;retry'= {
            cand --to 'Endpoint URL to POST to'
            cand --webhook 'Deliver to this configured webhook: its URL, secret and headers (see `ocw config check`)'
            cand -H 'Extra request header, `Name: value` (repeatable)'
            cand --header 'Extra request header, `Name: value` (repeatable)'
            cand --secret 'Signing secret (prefer OCW_SECRET or --secret-file: argv is visible to other users)'
            cand --secret-file 'Read the signing secret from a file (one trailing newline is stripped; wins over --secret and OCW_SECRET)'
            cand --timeout 'An attempt with no answer after this long counts as failed (real time, not scaled)'
            cand --schedule 'Delays before each retry, in policy time'
            cand --speed 'Divide every delay by N (e.g. 100 plays 30s/5m/30m as 0.3s/3s/18s)'
            cand --fixtures 'Load event fixtures from this folder (one <event>.json each) instead of the built-ins'
            cand --set 'Set a field: dot path, `[N]` indices; the value is JSON if it parses, else a string'
            cand --unset 'Remove a field (dot path)'
            cand --data 'Use this JSON document as the payload instead of the fixture (`-` for stdin)'
            cand --raw-body 'Send this file''s bytes untouched, whatever they are (no parsing, stamping or editing)'
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;replay'= {
            cand --to 'Endpoint URL to POST to'
            cand --webhook 'Deliver to this configured webhook: its URL, secret and headers (see `ocw config check`)'
            cand -H 'Extra request header, `Name: value` (repeatable)'
            cand --header 'Extra request header, `Name: value` (repeatable)'
            cand --secret 'Signing secret (prefer OCW_SECRET or --secret-file: argv is visible to other users)'
            cand --secret-file 'Read the signing secret from a file (one trailing newline is stripped; wins over --secret and OCW_SECRET)'
            cand --timeout 'Give up on an answer after this long (e.g. 500ms, 5s)'
            cand --seq 'Only the requests with these sequence numbers (`--seq 3,7` or repeated)'
            cand --event 'Only requests whose event matches (`*` and `?`, e.g. ''lead.*''; repeatable)'
            cand --last 'Only the last N of the requests selected'
            cand --scheme 'The scheme --re-sign signs with (default: the one the request was signed with, else ocw)'
            cand --tolerance 'Warn before sending a recorded signature whose timestamp is older than this'
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand --re-sign 'Sign each body anew (fresh timestamp) instead of sending the recorded signature'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;config'= {
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Validate the config and print its webhooks (secrets redacted)'
            cand init 'Write a commented example config (mode 0600)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ocw;config;check'= {
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;config;init'= {
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand --force 'Overwrite an existing file'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;config;help'= {
            cand check 'Validate the config and print its webhooks (secrets redacted)'
            cand init 'Write a commented example config (mode 0600)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ocw;config;help;check'= {
        }
        &'ocw;config;help;init'= {
        }
        &'ocw;config;help;help'= {
        }
        &'ocw;listen'= {
            cand --secret 'Signing secret; repeat for key rotation (valid if any matches)'
            cand --secret-file 'Read a signing secret from a file (repeatable; one trailing newline is stripped)'
            cand --token 'Expect `Authorization: Bearer T` or `x-openclaw-token: T` (what OpenClaw cron deliveries send)'
            cand --tolerance 'Accepted clock difference for timestamped signature schemes'
            cand --status 'Status code to answer with'
            cand --delay 'Wait this long before answering (e.g. 6s to look like a handler over the 5 s limit)'
            cand --fail-first 'Answer 500 to the first N attempts of each delivery (same body bytes), then normally'
            cand --fail-rate 'Answer 500 to this fraction of requests at random (0.0 to 1.0; see --seed)'
            cand --seed 'Seed for --fail-rate, for a repeatable sequence'
            cand --respond 'Answer this status to this event, `EVENT=CODE` (repeatable)'
            cand --record 'Append every request to this file as NDJSON (exact body, redacted headers), flushed before the answer is sent'
            cand --forward-to 'Forward each request byte-exact to your app and pass its status back (502 if it is down)'
            cand --exit-after 'Exit once N requests have arrived'
            cand --timeout 'Give up after this long (exit 1 unless expectations are met)'
            cand --expect 'An event that must arrive (repeatable); without --exit-after, exit once all have'
            cand --ready-file 'Write the listener''s URL to this file once it is ready'
            cand --max-body 'Largest body accepted (bigger ones get 413), e.g. 1MiB, 512KiB, 65536'
            cand --path 'Accept webhooks only on this path (others get 404)'
            cand --fixtures 'Also know the events of this fixtures folder (one <event>.json each) in --expect, --respond, --event'
            cand --ui 'Serve a web inspector of the requests (live list, detail, diff, replay) on its own port'
            cand --ui-history 'Requests the inspector keeps (oldest evicted first)'
            cand --ui-body-budget 'Body bytes the inspector keeps, all requests together (oldest evicted first)'
            cand --event 'Show only requests whose event matches, e.g. `lead.*` (repeatable; `*` and `?` match)'
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand --openclaw-cron 'Print the openclaw.json snippet that lets a Gateway''s cron jobs deliver here'
            cand --reject-invalid 'Answer 401 to a bad signature or token instead of accepting and flagging it (and 400 to an empty body)'
            cand --base64-body 'In --json and --record, always give the body as base64 (default: text when it is UTF-8)'
            cand --compact 'One line per request (switched on by itself when more than 20 requests arrive within 2 s)'
            cand --no-compact 'Always show requests in full, however fast they arrive'
            cand --no-body 'Do not show bodies (the record and --json keep them)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;test'= {
            cand --webhook 'Test this configured webhook: its URL, secret and headers (see `ocw config check`)'
            cand -H 'Extra request header, `Name: value` (repeatable), e.g. the receiver''s own auth'
            cand --header 'Extra request header, `Name: value` (repeatable), e.g. the receiver''s own auth'
            cand --secret 'Signing secret (prefer OCW_SECRET or --secret-file: argv is visible to other users)'
            cand --secret-file 'Read the signing secret from a file (one trailing newline is stripped; wins over --secret and OCW_SECRET)'
            cand --scheme 'Signature scheme the receiver verifies (ocw, github, stripe, standard-webhooks, slack, shopify)'
            cand --only 'Run only the cases these names or patterns select (`*`, `?`; repeatable or comma-separated)'
            cand --skip 'Leave out the cases these names or patterns select (repeatable or comma-separated)'
            cand --cases 'Add the cases in this folder (one *.yaml file each; repeatable)'
            cand --timeout 'Each request''s time limit: the sender''s (OpenClaw waits 5 s)'
            cand --budget 'The whole run''s time limit; cases not started by then fail'
            cand --effects 'A command that prints how many deliveries the receiver has processed'
            cand --effects-wait 'How long the effects count may take to grow after an answer (work done after answering)'
            cand --junit 'Also write the results as a JUnit XML report to FILE, for CI test reporters'
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand --list 'List the cases (for --scheme) instead of running them'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;bridge'= {
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand start 'Save the settings, then run the bridge in the background'
            cand run 'Run the bridge in the foreground until Ctrl-C or SIGTERM'
            cand stop 'Stop the background bridge (SIGTERM, then wait up to 10 s)'
            cand restart 'Save the settings, stop the background bridge (if running) and start it again'
            cand status 'Tell whether the background bridge is running (exit 0) or not (exit 1), and how it is doing'
            cand logs 'Print the background bridge''s log (bridge.log in the state dir)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ocw;bridge;start'= {
            cand --webhook-url 'The relay''s WebSocket URL, ws:// or wss:// (webhook_url=)'
            cand --agent-id 'The OpenClaw agent that answers (agent_id=; default main)'
            cand --uid 'This bridge''s room on the relay, 16+ characters (uid=; default: generated once)'
            cand --session-scope 'How messages without a `session` are keyed (session_scope=)'
            cand --frames 'What is sent back to the relay: progress/complete/error, or raw Gateway events (frames=)'
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;bridge;run'= {
            cand --webhook-url 'The relay''s WebSocket URL, ws:// or wss:// (webhook_url=)'
            cand --agent-id 'The OpenClaw agent that answers (agent_id=; default main)'
            cand --uid 'This bridge''s room on the relay, 16+ characters (uid=; default: generated once)'
            cand --session-scope 'How messages without a `session` are keyed (session_scope=)'
            cand --frames 'What is sent back to the relay: progress/complete/error, or raw Gateway events (frames=)'
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;bridge;stop'= {
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;bridge;restart'= {
            cand --webhook-url 'The relay''s WebSocket URL, ws:// or wss:// (webhook_url=)'
            cand --agent-id 'The OpenClaw agent that answers (agent_id=; default main)'
            cand --uid 'This bridge''s room on the relay, 16+ characters (uid=; default: generated once)'
            cand --session-scope 'How messages without a `session` are keyed (session_scope=)'
            cand --frames 'What is sent back to the relay: progress/complete/error, or raw Gateway events (frames=)'
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;bridge;status'= {
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;bridge;logs'= {
            cand -n 'Only the last N lines'
            cand --lines 'Only the last N lines'
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand -f 'Keep printing new lines as they are written (until Ctrl-C or the bridge stops)'
            cand --follow 'Keep printing new lines as they are written (until Ctrl-C or the bridge stops)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;bridge;help'= {
            cand start 'Save the settings, then run the bridge in the background'
            cand run 'Run the bridge in the foreground until Ctrl-C or SIGTERM'
            cand stop 'Stop the background bridge (SIGTERM, then wait up to 10 s)'
            cand restart 'Save the settings, stop the background bridge (if running) and start it again'
            cand status 'Tell whether the background bridge is running (exit 0) or not (exit 1), and how it is doing'
            cand logs 'Print the background bridge''s log (bridge.log in the state dir)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ocw;bridge;help;start'= {
        }
        &'ocw;bridge;help;run'= {
        }
        &'ocw;bridge;help;stop'= {
        }
        &'ocw;bridge;help;restart'= {
        }
        &'ocw;bridge;help;status'= {
        }
        &'ocw;bridge;help;logs'= {
        }
        &'ocw;bridge;help;help'= {
        }
        &'ocw;hook'= {
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand agent 'Submit an agent turn (POST <hooks>/agent) and print its run id'
            cand wake 'Queue a system event for the agent''s main session (POST <hooks>/wake)'
            cand post 'POST a JSON object to a mapped hook (POST <hooks>/NAME, see hooks.mappings)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ocw;hook;agent'= {
            cand --agent 'The configured agent that runs it (`agentId`; must pass hooks.allowedAgentIds)'
            cand --name 'A label for logs and completion events (`name`; the Gateway''s default is "Hook")'
            cand --session-key 'The logical session key (`sessionKey`; needs hooks.allowRequestSessionKey: true)'
            cand --session-mode 'Fresh session or reuse (`sessionMode`)'
            cand --channel 'Deliver to this channel id (`channel`; needs --to)'
            cand --to 'The recipient on --channel (`to`; needs --channel)'
            cand --account 'The channel account (`accountId`; needs --channel and --to)'
            cand --model 'Model id or alias for this run (`model`)'
            cand --thinking 'Thinking level for this run (`thinking`)'
            cand --timeout-seconds 'The agent turn''s timeout in whole seconds (`timeoutSeconds`)'
            cand --wake-mode 'When completion events wake the agent (`wakeMode`)'
            cand --idempotency-key 'Replay key: the same key and message give the same run (default: a fresh ocw-<ulid>)'
            cand --token 'The hooks token (prefer OCW_HOOKS_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the hooks token from a file (one trailing newline is stripped; wins over --token and OCW_HOOKS_TOKEN, which may just be exported)'
            cand --url 'The Gateway''s URL (default: 127.0.0.1 and the port of openclaw.json or OPENCLAW_GATEWAY_PORT)'
            cand --timeout 'Give up when the whole answer has not arrived after this long (default 30s; 10m with --wait)'
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand --deliver 'Announce the result (`deliver: true`, the Gateway''s default)'
            cand --no-deliver 'Do not announce a successful result (`deliver: false`; completion is logged only)'
            cand --wait 'Wait for the run to settle and print its completion (`waitForCompletion: true`)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;hook;wake'= {
            cand --mode 'Heartbeat now (default) or at the next scheduled one (`mode`)'
            cand --agent 'The configured agent whose main session gets it (`agentId`)'
            cand --session-key 'Another session (`sessionKey`; needs --mode now and hooks.allowRequestSessionKey)'
            cand --token 'The hooks token (prefer OCW_HOOKS_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the hooks token from a file (one trailing newline is stripped; wins over --token and OCW_HOOKS_TOKEN, which may just be exported)'
            cand --url 'The Gateway''s URL (default: 127.0.0.1 and the port of openclaw.json or OPENCLAW_GATEWAY_PORT)'
            cand --timeout 'Give up when the whole answer has not arrived after this long (default 30s; 10m with --wait)'
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;hook;post'= {
            cand --data 'The JSON object to send: inline JSON, @FILE, or - for stdin'
            cand --idempotency-key 'Replay key for the agent runs it starts (sent as Idempotency-Key)'
            cand --token 'The hooks token (prefer OCW_HOOKS_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the hooks token from a file (one trailing newline is stripped; wins over --token and OCW_HOOKS_TOKEN, which may just be exported)'
            cand --url 'The Gateway''s URL (default: 127.0.0.1 and the port of openclaw.json or OPENCLAW_GATEWAY_PORT)'
            cand --timeout 'Give up when the whole answer has not arrived after this long (default 30s; 10m with --wait)'
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;hook;help'= {
            cand agent 'Submit an agent turn (POST <hooks>/agent) and print its run id'
            cand wake 'Queue a system event for the agent''s main session (POST <hooks>/wake)'
            cand post 'POST a JSON object to a mapped hook (POST <hooks>/NAME, see hooks.mappings)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ocw;hook;help;agent'= {
        }
        &'ocw;hook;help;wake'= {
        }
        &'ocw;hook;help;post'= {
        }
        &'ocw;hook;help;help'= {
        }
        &'ocw;taskflow'= {
            cand --route 'The route: an id of plugins.entries.webhooks.config.routes, or its http(s):// URL'
            cand --flow-id 'The flow (`flowId`)'
            cand --revision 'The revision you last saw (`expectedRevision`, for set_waiting, resume_flow, finish_flow, fail_flow, request_cancel)'
            cand --data 'Fields as a JSON object: inline JSON, @FILE, or - for stdin (FIELD=VALUE pairs win)'
            cand --secret 'The route secret (prefer OCW_TASKFLOW_SECRET or --secret-file: argv is visible to other users)'
            cand --secret-file 'Read the route secret from a file (one trailing newline is stripped; wins over --secret and OCW_TASKFLOW_SECRET, which may just be exported)'
            cand --url 'The Gateway''s URL (default: 127.0.0.1 and the port of openclaw.json or OPENCLAW_GATEWAY_PORT)'
            cand --timeout 'Give up when the whole answer has not arrived after this long (default 30s; 10m with --wait)'
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;events'= {
            cand --fixtures 'Load event fixtures from this folder instead of the built-ins'
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the event types with a one-line description (the default)'
            cand show 'Print the payload `ocw send` would send for an event'
            cand scenarios 'List the built-in scenarios, or print one''s YAML to copy and extend'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ocw;events;list'= {
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;events;show'= {
            cand --fixtures 'Load event fixtures from this folder (one <event>.json each) instead of the built-ins'
            cand --set 'Set a field: dot path, `[N]` indices; the value is JSON if it parses, else a string'
            cand --unset 'Remove a field (dot path)'
            cand --data 'Use this JSON document as the payload instead of the fixture (`-` for stdin)'
            cand --raw-body 'Send this file''s bytes untouched, whatever they are (no parsing, stamping or editing)'
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand --compact 'Print exactly the bytes that go on the wire instead of indented JSON'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;events;scenarios'= {
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;events;help'= {
            cand list 'List the event types with a one-line description (the default)'
            cand show 'Print the payload `ocw send` would send for an event'
            cand scenarios 'List the built-in scenarios, or print one''s YAML to copy and extend'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ocw;events;help;list'= {
        }
        &'ocw;events;help;show'= {
        }
        &'ocw;events;help;scenarios'= {
        }
        &'ocw;events;help;help'= {
        }
        &'ocw;demo'= {
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;completions'= {
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --config 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars (send''s storms draw one on a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;help'= {
            cand send 'Build, sign and POST sample webhooks to an endpoint'
            cand sign 'Print the x-openclaw-signature value for a body'
            cand verify 'Check a webhook signature, and explain why one fails'
            cand retry 'Play one delivery under OpenClaw''s retry policy (30 s, 5 min, 30 min, then failed)'
            cand replay 'Send recorded requests again, byte for byte (from `listen --record` or `listen --json`)'
            cand config 'Check or create the webhook config file (the article''s `webhooks:` block)'
            cand listen 'Receive webhooks locally: pretty-print, verify, record, forward, script answers'
            cand test 'Run a conformance suite against a webhook receiver, and say what it gets wrong'
            cand bridge 'Bridge a WebSocket relay to the OpenClaw Gateway (start, run, stop, restart, status)'
            cand hook 'Call the Gateway''s inbound hooks: an agent turn, a wake, or a mapped hook'
            cand taskflow 'Drive TaskFlow records through the Gateway''s webhooks plugin'
            cand events 'List the webhook event types, or show one''s payload'
            cand demo 'Run an offline tour: a local receiver, every event sent signed and verified'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ocw;help;send'= {
        }
        &'ocw;help;sign'= {
        }
        &'ocw;help;verify'= {
        }
        &'ocw;help;retry'= {
        }
        &'ocw;help;replay'= {
        }
        &'ocw;help;config'= {
            cand check 'Validate the config and print its webhooks (secrets redacted)'
            cand init 'Write a commented example config (mode 0600)'
        }
        &'ocw;help;config;check'= {
        }
        &'ocw;help;config;init'= {
        }
        &'ocw;help;listen'= {
        }
        &'ocw;help;test'= {
        }
        &'ocw;help;bridge'= {
            cand start 'Save the settings, then run the bridge in the background'
            cand run 'Run the bridge in the foreground until Ctrl-C or SIGTERM'
            cand stop 'Stop the background bridge (SIGTERM, then wait up to 10 s)'
            cand restart 'Save the settings, stop the background bridge (if running) and start it again'
            cand status 'Tell whether the background bridge is running (exit 0) or not (exit 1), and how it is doing'
            cand logs 'Print the background bridge''s log (bridge.log in the state dir)'
        }
        &'ocw;help;bridge;start'= {
        }
        &'ocw;help;bridge;run'= {
        }
        &'ocw;help;bridge;stop'= {
        }
        &'ocw;help;bridge;restart'= {
        }
        &'ocw;help;bridge;status'= {
        }
        &'ocw;help;bridge;logs'= {
        }
        &'ocw;help;hook'= {
            cand agent 'Submit an agent turn (POST <hooks>/agent) and print its run id'
            cand wake 'Queue a system event for the agent''s main session (POST <hooks>/wake)'
            cand post 'POST a JSON object to a mapped hook (POST <hooks>/NAME, see hooks.mappings)'
        }
        &'ocw;help;hook;agent'= {
        }
        &'ocw;help;hook;wake'= {
        }
        &'ocw;help;hook;post'= {
        }
        &'ocw;help;taskflow'= {
        }
        &'ocw;help;events'= {
            cand list 'List the event types with a one-line description (the default)'
            cand show 'Print the payload `ocw send` would send for an event'
            cand scenarios 'List the built-in scenarios, or print one''s YAML to copy and extend'
        }
        &'ocw;help;events;list'= {
        }
        &'ocw;help;events;show'= {
        }
        &'ocw;help;events;scenarios'= {
        }
        &'ocw;help;demo'= {
        }
        &'ocw;help;completions'= {
        }
        &'ocw;help;help'= {
        }
    ]
    $completions[$command]
}
