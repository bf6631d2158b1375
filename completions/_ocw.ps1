
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'ocw' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'ocw'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'ocw' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Build, sign and POST sample webhooks to an endpoint')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Print the x-openclaw-signature value for a body')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a webhook signature, and explain why one fails')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Play one delivery under OpenClaw''s retry policy (30 s, 5 min, 30 min, then failed)')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send recorded requests again, byte for byte (from `listen --record` or `listen --json`)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Check or create the webhook config file (the article''s `webhooks:` block)')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive webhooks locally: pretty-print, verify, record, forward, script answers')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run a conformance suite against a webhook receiver, and say what it gets wrong')
            [CompletionResult]::new('bridge', 'bridge', [CompletionResultType]::ParameterValue, 'Bridge a WebSocket relay to the OpenClaw Gateway (start, run, stop, restart, status)')
            [CompletionResult]::new('hook', 'hook', [CompletionResultType]::ParameterValue, 'Call the Gateway''s inbound hooks: an agent turn, a wake, or a mapped hook')
            [CompletionResult]::new('taskflow', 'taskflow', [CompletionResultType]::ParameterValue, 'Drive TaskFlow records through the Gateway''s webhooks plugin')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'List the webhook event types, or show one''s payload')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Run an offline tour: a local receiver, every event sent signed and verified')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ocw;send' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Endpoint URL to POST to')
            [CompletionResult]::new('--webhook', '--webhook', [CompletionResultType]::ParameterName, 'Deliver to this configured webhook: its URL, secret and headers (see `ocw config check`)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Extra request header, `Name: value` (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra request header, `Name: value` (repeatable)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret (prefer OCW_SECRET or --secret-file: argv is visible to other users)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the signing secret from a file (one trailing newline is stripped; wins over --secret and OCW_SECRET)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on an answer after this long (e.g. 500ms, 5s)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Send each event this many times, each with its own conversation_id (a webhook storm)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Send each event this many times, each with its own conversation_id (a webhook storm)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Deliveries in flight at once during a storm (1 to 10000)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Deliveries in flight at once during a storm (1 to 10000)')
            [CompletionResult]::new('--schedule', '--schedule', [CompletionResultType]::ParameterName, 'Delays before each retry, in policy time')
            [CompletionResult]::new('--speed', '--speed', [CompletionResultType]::ParameterName, 'Divide every delay by N (e.g. 100 plays 30s/5m/30m as 0.3s/3s/18s)')
            [CompletionResult]::new('--tamper', '--tamper', [CompletionResultType]::ParameterName, 'Send a deliberately wrong delivery, to test the receiver''s rejection path')
            [CompletionResult]::new('--scenario', '--scenario', [CompletionResultType]::ParameterName, 'Send a built-in scenario: a conversation''s events in order, one conversation_id, timestamps advancing step by step (`ocw events scenarios` lists them)')
            [CompletionResult]::new('--scenario-file', '--scenario-file', [CompletionResultType]::ParameterName, 'Send a scenario from a YAML file (copy one with `ocw events scenarios NAME > my.yaml`)')
            [CompletionResult]::new('--gap', '--gap', [CompletionResultType]::ParameterName, 'Wait this long between deliveries (real time; the payloads'' timestamps follow the scenario''s own steps)')
            [CompletionResult]::new('--duplicate', '--duplicate', [CompletionResultType]::ParameterName, 'Send N of the scenario''s deliveries twice, the same bytes, as retries do: idempotency test')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'The seed for --shuffle and --duplicate (default: a random one, printed so a run can be repeated)')
            [CompletionResult]::new('--fixtures', '--fixtures', [CompletionResultType]::ParameterName, 'Load event fixtures from this folder (one <event>.json each) instead of the built-ins')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a field: dot path, `[N]` indices; the value is JSON if it parses, else a string')
            [CompletionResult]::new('--unset', '--unset', [CompletionResultType]::ParameterName, 'Remove a field (dot path)')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Use this JSON document as the payload instead of the fixture (`-` for stdin)')
            [CompletionResult]::new('--raw-body', '--raw-body', [CompletionResultType]::ParameterName, 'Send this file''s bytes untouched, whatever they are (no parsing, stamping or editing)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Send every event type of the catalog')
            [CompletionResult]::new('--retry', '--retry', [CompletionResultType]::ParameterName, 'Retry failed deliveries under the retry policy (--schedule, --speed), webhooks in parallel')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the request instead of sending it: method, URL, every header, the body bytes')
            [CompletionResult]::new('--curl', '--curl', [CompletionResultType]::ParameterName, 'Print an equivalent curl command instead of sending (implies --dry-run)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'With --dry-run or --curl: print credential headers and URL credentials as sent')
            [CompletionResult]::new('--shuffle', '--shuffle', [CompletionResultType]::ParameterName, 'Send the scenario''s deliveries in a shuffled order (timestamps unchanged): ordering test')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;sign' {
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret (prefer OCW_SECRET or --secret-file: argv is visible to other users)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the signing secret from a file (one trailing newline is stripped; wins over --secret and OCW_SECRET)')
            [CompletionResult]::new('--scheme', '--scheme', [CompletionResultType]::ParameterName, 'Signature scheme to produce (ocw, github, stripe, standard-webhooks, slack, shopify)')
            [CompletionResult]::new('--timestamp', '--timestamp', [CompletionResultType]::ParameterName, 'Unix timestamp for timestamped schemes (default: now)')
            [CompletionResult]::new('--msg-id', '--msg-id', [CompletionResultType]::ParameterName, 'Message id for Standard Webhooks (default: a fresh msg_ id)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;verify' {
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret; repeat for key rotation (valid if any matches)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read a signing secret from a file (repeatable; one trailing newline is stripped)')
            [CompletionResult]::new('--signature', '--signature', [CompletionResultType]::ParameterName, 'The x-openclaw-signature value')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'A request header, `Name: value` (repeatable); the scheme is detected from them')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A request header, `Name: value` (repeatable); the scheme is detected from them')
            [CompletionResult]::new('--scheme', '--scheme', [CompletionResultType]::ParameterName, 'Force a scheme instead of detecting it')
            [CompletionResult]::new('--tolerance', '--tolerance', [CompletionResultType]::ParameterName, 'Accepted clock difference for timestamped schemes (Stripe, Standard Webhooks, Slack)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;retry' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Endpoint URL to POST to')
            [CompletionResult]::new('--webhook', '--webhook', [CompletionResultType]::ParameterName, 'Deliver to this configured webhook: its URL, secret and headers (see `ocw config check`)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Extra request header, `Name: value` (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra request header, `Name: value` (repeatable)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret (prefer OCW_SECRET or --secret-file: argv is visible to other users)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the signing secret from a file (one trailing newline is stripped; wins over --secret and OCW_SECRET)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'An attempt with no answer after this long counts as failed (real time, not scaled)')
            [CompletionResult]::new('--schedule', '--schedule', [CompletionResultType]::ParameterName, 'Delays before each retry, in policy time')
            [CompletionResult]::new('--speed', '--speed', [CompletionResultType]::ParameterName, 'Divide every delay by N (e.g. 100 plays 30s/5m/30m as 0.3s/3s/18s)')
            [CompletionResult]::new('--fixtures', '--fixtures', [CompletionResultType]::ParameterName, 'Load event fixtures from this folder (one <event>.json each) instead of the built-ins')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a field: dot path, `[N]` indices; the value is JSON if it parses, else a string')
            [CompletionResult]::new('--unset', '--unset', [CompletionResultType]::ParameterName, 'Remove a field (dot path)')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Use this JSON document as the payload instead of the fixture (`-` for stdin)')
            [CompletionResult]::new('--raw-body', '--raw-body', [CompletionResultType]::ParameterName, 'Send this file''s bytes untouched, whatever they are (no parsing, stamping or editing)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;replay' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Endpoint URL to POST to')
            [CompletionResult]::new('--webhook', '--webhook', [CompletionResultType]::ParameterName, 'Deliver to this configured webhook: its URL, secret and headers (see `ocw config check`)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Extra request header, `Name: value` (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra request header, `Name: value` (repeatable)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret (prefer OCW_SECRET or --secret-file: argv is visible to other users)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the signing secret from a file (one trailing newline is stripped; wins over --secret and OCW_SECRET)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on an answer after this long (e.g. 500ms, 5s)')
            [CompletionResult]::new('--seq', '--seq', [CompletionResultType]::ParameterName, 'Only the requests with these sequence numbers (`--seq 3,7` or repeated)')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Only requests whose event matches (`*` and `?`, e.g. ''lead.*''; repeatable)')
            [CompletionResult]::new('--last', '--last', [CompletionResultType]::ParameterName, 'Only the last N of the requests selected')
            [CompletionResult]::new('--scheme', '--scheme', [CompletionResultType]::ParameterName, 'The scheme --re-sign signs with (default: the one the request was signed with, else ocw)')
            [CompletionResult]::new('--tolerance', '--tolerance', [CompletionResultType]::ParameterName, 'Warn before sending a recorded signature whose timestamp is older than this')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('--re-sign', '--re-sign', [CompletionResultType]::ParameterName, 'Sign each body anew (fresh timestamp) instead of sending the recorded signature')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;config' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate the config and print its webhooks (secrets redacted)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented example config (mode 0600)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ocw;config;check' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;config;init' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite an existing file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;config;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate the config and print its webhooks (secrets redacted)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented example config (mode 0600)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ocw;config;help;check' {
            break
        }
        'ocw;config;help;init' {
            break
        }
        'ocw;config;help;help' {
            break
        }
        'ocw;listen' {
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret; repeat for key rotation (valid if any matches)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read a signing secret from a file (repeatable; one trailing newline is stripped)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Expect `Authorization: Bearer T` or `x-openclaw-token: T` (what OpenClaw cron deliveries send)')
            [CompletionResult]::new('--tolerance', '--tolerance', [CompletionResultType]::ParameterName, 'Accepted clock difference for timestamped signature schemes')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Status code to answer with')
            [CompletionResult]::new('--delay', '--delay', [CompletionResultType]::ParameterName, 'Wait this long before answering (e.g. 6s to look like a handler over the 5 s limit)')
            [CompletionResult]::new('--fail-first', '--fail-first', [CompletionResultType]::ParameterName, 'Answer 500 to the first N attempts of each delivery (same body bytes), then normally')
            [CompletionResult]::new('--fail-rate', '--fail-rate', [CompletionResultType]::ParameterName, 'Answer 500 to this fraction of requests at random (0.0 to 1.0; see --seed)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed for --fail-rate, for a repeatable sequence')
            [CompletionResult]::new('--respond', '--respond', [CompletionResultType]::ParameterName, 'Answer this status to this event, `EVENT=CODE` (repeatable)')
            [CompletionResult]::new('--record', '--record', [CompletionResultType]::ParameterName, 'Append every request to this file as NDJSON (exact body, redacted headers), flushed before the answer is sent')
            [CompletionResult]::new('--forward-to', '--forward-to', [CompletionResultType]::ParameterName, 'Forward each request byte-exact to your app and pass its status back (502 if it is down)')
            [CompletionResult]::new('--exit-after', '--exit-after', [CompletionResultType]::ParameterName, 'Exit once N requests have arrived')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up after this long (exit 1 unless expectations are met)')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'An event that must arrive (repeatable); without --exit-after, exit once all have')
            [CompletionResult]::new('--ready-file', '--ready-file', [CompletionResultType]::ParameterName, 'Write the listener''s URL to this file once it is ready')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'Largest body accepted (bigger ones get 413), e.g. 1MiB, 512KiB, 65536')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Accept webhooks only on this path (others get 404)')
            [CompletionResult]::new('--fixtures', '--fixtures', [CompletionResultType]::ParameterName, 'Also know the events of this fixtures folder (one <event>.json each) in --expect, --respond, --event')
            [CompletionResult]::new('--ui', '--ui', [CompletionResultType]::ParameterName, 'Serve a web inspector of the requests (live list, detail, diff, replay) on its own port')
            [CompletionResult]::new('--ui-history', '--ui-history', [CompletionResultType]::ParameterName, 'Requests the inspector keeps (oldest evicted first)')
            [CompletionResult]::new('--ui-body-budget', '--ui-body-budget', [CompletionResultType]::ParameterName, 'Body bytes the inspector keeps, all requests together (oldest evicted first)')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Show only requests whose event matches, e.g. `lead.*` (repeatable; `*` and `?` match)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('--openclaw-cron', '--openclaw-cron', [CompletionResultType]::ParameterName, 'Print the openclaw.json snippet that lets a Gateway''s cron jobs deliver here')
            [CompletionResult]::new('--reject-invalid', '--reject-invalid', [CompletionResultType]::ParameterName, 'Answer 401 to a bad signature or token instead of accepting and flagging it (and 400 to an empty body)')
            [CompletionResult]::new('--base64-body', '--base64-body', [CompletionResultType]::ParameterName, 'In --json and --record, always give the body as base64 (default: text when it is UTF-8)')
            [CompletionResult]::new('--compact', '--compact', [CompletionResultType]::ParameterName, 'One line per request (switched on by itself when more than 20 requests arrive within 2 s)')
            [CompletionResult]::new('--no-compact', '--no-compact', [CompletionResultType]::ParameterName, 'Always show requests in full, however fast they arrive')
            [CompletionResult]::new('--no-body', '--no-body', [CompletionResultType]::ParameterName, 'Do not show bodies (the record and --json keep them)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;test' {
            [CompletionResult]::new('--webhook', '--webhook', [CompletionResultType]::ParameterName, 'Test this configured webhook: its URL, secret and headers (see `ocw config check`)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Extra request header, `Name: value` (repeatable), e.g. the receiver''s own auth')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra request header, `Name: value` (repeatable), e.g. the receiver''s own auth')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret (prefer OCW_SECRET or --secret-file: argv is visible to other users)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the signing secret from a file (one trailing newline is stripped; wins over --secret and OCW_SECRET)')
            [CompletionResult]::new('--scheme', '--scheme', [CompletionResultType]::ParameterName, 'Signature scheme the receiver verifies (ocw, github, stripe, standard-webhooks, slack, shopify)')
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Run only the cases these names or patterns select (`*`, `?`; repeatable or comma-separated)')
            [CompletionResult]::new('--skip', '--skip', [CompletionResultType]::ParameterName, 'Leave out the cases these names or patterns select (repeatable or comma-separated)')
            [CompletionResult]::new('--cases', '--cases', [CompletionResultType]::ParameterName, 'Add the cases in this folder (one *.yaml file each; repeatable)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Each request''s time limit: the sender''s (OpenClaw waits 5 s)')
            [CompletionResult]::new('--budget', '--budget', [CompletionResultType]::ParameterName, 'The whole run''s time limit; cases not started by then fail')
            [CompletionResult]::new('--effects', '--effects', [CompletionResultType]::ParameterName, 'A command that prints how many deliveries the receiver has processed')
            [CompletionResult]::new('--effects-wait', '--effects-wait', [CompletionResultType]::ParameterName, 'How long the effects count may take to grow after an answer (work done after answering)')
            [CompletionResult]::new('--junit', '--junit', [CompletionResultType]::ParameterName, 'Also write the results as a JUnit XML report to FILE, for CI test reporters')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List the cases (for --scheme) instead of running them')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;bridge' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Save the settings, then run the bridge in the background')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run the bridge in the foreground until Ctrl-C or SIGTERM')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop the background bridge (SIGTERM, then wait up to 10 s)')
            [CompletionResult]::new('restart', 'restart', [CompletionResultType]::ParameterValue, 'Save the settings, stop the background bridge (if running) and start it again')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Tell whether the background bridge is running (exit 0) or not (exit 1), and how it is doing')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'Print the background bridge''s log (bridge.log in the state dir)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ocw;bridge;start' {
            [CompletionResult]::new('--webhook-url', '--webhook-url', [CompletionResultType]::ParameterName, 'The relay''s WebSocket URL, ws:// or wss:// (webhook_url=)')
            [CompletionResult]::new('--agent-id', '--agent-id', [CompletionResultType]::ParameterName, 'The OpenClaw agent that answers (agent_id=; default main)')
            [CompletionResult]::new('--uid', '--uid', [CompletionResultType]::ParameterName, 'This bridge''s room on the relay, 16+ characters (uid=; default: generated once)')
            [CompletionResult]::new('--session-scope', '--session-scope', [CompletionResultType]::ParameterName, 'How messages without a `session` are keyed (session_scope=)')
            [CompletionResult]::new('--frames', '--frames', [CompletionResultType]::ParameterName, 'What is sent back to the relay: progress/complete/error, or raw Gateway events (frames=)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;bridge;run' {
            [CompletionResult]::new('--webhook-url', '--webhook-url', [CompletionResultType]::ParameterName, 'The relay''s WebSocket URL, ws:// or wss:// (webhook_url=)')
            [CompletionResult]::new('--agent-id', '--agent-id', [CompletionResultType]::ParameterName, 'The OpenClaw agent that answers (agent_id=; default main)')
            [CompletionResult]::new('--uid', '--uid', [CompletionResultType]::ParameterName, 'This bridge''s room on the relay, 16+ characters (uid=; default: generated once)')
            [CompletionResult]::new('--session-scope', '--session-scope', [CompletionResultType]::ParameterName, 'How messages without a `session` are keyed (session_scope=)')
            [CompletionResult]::new('--frames', '--frames', [CompletionResultType]::ParameterName, 'What is sent back to the relay: progress/complete/error, or raw Gateway events (frames=)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;bridge;stop' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;bridge;restart' {
            [CompletionResult]::new('--webhook-url', '--webhook-url', [CompletionResultType]::ParameterName, 'The relay''s WebSocket URL, ws:// or wss:// (webhook_url=)')
            [CompletionResult]::new('--agent-id', '--agent-id', [CompletionResultType]::ParameterName, 'The OpenClaw agent that answers (agent_id=; default main)')
            [CompletionResult]::new('--uid', '--uid', [CompletionResultType]::ParameterName, 'This bridge''s room on the relay, 16+ characters (uid=; default: generated once)')
            [CompletionResult]::new('--session-scope', '--session-scope', [CompletionResultType]::ParameterName, 'How messages without a `session` are keyed (session_scope=)')
            [CompletionResult]::new('--frames', '--frames', [CompletionResultType]::ParameterName, 'What is sent back to the relay: progress/complete/error, or raw Gateway events (frames=)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;bridge;status' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;bridge;logs' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Only the last N lines')
            [CompletionResult]::new('--lines', '--lines', [CompletionResultType]::ParameterName, 'Only the last N lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Keep printing new lines as they are written (until Ctrl-C or the bridge stops)')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Keep printing new lines as they are written (until Ctrl-C or the bridge stops)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;bridge;help' {
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Save the settings, then run the bridge in the background')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run the bridge in the foreground until Ctrl-C or SIGTERM')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop the background bridge (SIGTERM, then wait up to 10 s)')
            [CompletionResult]::new('restart', 'restart', [CompletionResultType]::ParameterValue, 'Save the settings, stop the background bridge (if running) and start it again')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Tell whether the background bridge is running (exit 0) or not (exit 1), and how it is doing')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'Print the background bridge''s log (bridge.log in the state dir)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ocw;bridge;help;start' {
            break
        }
        'ocw;bridge;help;run' {
            break
        }
        'ocw;bridge;help;stop' {
            break
        }
        'ocw;bridge;help;restart' {
            break
        }
        'ocw;bridge;help;status' {
            break
        }
        'ocw;bridge;help;logs' {
            break
        }
        'ocw;bridge;help;help' {
            break
        }
        'ocw;hook' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('agent', 'agent', [CompletionResultType]::ParameterValue, 'Submit an agent turn (POST <hooks>/agent) and print its run id')
            [CompletionResult]::new('wake', 'wake', [CompletionResultType]::ParameterValue, 'Queue a system event for the agent''s main session (POST <hooks>/wake)')
            [CompletionResult]::new('post', 'post', [CompletionResultType]::ParameterValue, 'POST a JSON object to a mapped hook (POST <hooks>/NAME, see hooks.mappings)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ocw;hook;agent' {
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'The configured agent that runs it (`agentId`; must pass hooks.allowedAgentIds)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A label for logs and completion events (`name`; the Gateway''s default is "Hook")')
            [CompletionResult]::new('--session-key', '--session-key', [CompletionResultType]::ParameterName, 'The logical session key (`sessionKey`; needs hooks.allowRequestSessionKey: true)')
            [CompletionResult]::new('--session-mode', '--session-mode', [CompletionResultType]::ParameterName, 'Fresh session or reuse (`sessionMode`)')
            [CompletionResult]::new('--channel', '--channel', [CompletionResultType]::ParameterName, 'Deliver to this channel id (`channel`; needs --to)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The recipient on --channel (`to`; needs --channel)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The channel account (`accountId`; needs --channel and --to)')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Model id or alias for this run (`model`)')
            [CompletionResult]::new('--thinking', '--thinking', [CompletionResultType]::ParameterName, 'Thinking level for this run (`thinking`)')
            [CompletionResult]::new('--timeout-seconds', '--timeout-seconds', [CompletionResultType]::ParameterName, 'The agent turn''s timeout in whole seconds (`timeoutSeconds`)')
            [CompletionResult]::new('--wake-mode', '--wake-mode', [CompletionResultType]::ParameterName, 'When completion events wake the agent (`wakeMode`)')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Replay key: the same key and message give the same run (default: a fresh ocw-<ulid>)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The hooks token (prefer OCW_HOOKS_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the hooks token from a file (one trailing newline is stripped; wins over --token and OCW_HOOKS_TOKEN, which may just be exported)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The Gateway''s URL (default: 127.0.0.1 and the port of openclaw.json or OPENCLAW_GATEWAY_PORT)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when the whole answer has not arrived after this long (default 30s; 10m with --wait)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('--deliver', '--deliver', [CompletionResultType]::ParameterName, 'Announce the result (`deliver: true`, the Gateway''s default)')
            [CompletionResult]::new('--no-deliver', '--no-deliver', [CompletionResultType]::ParameterName, 'Do not announce a successful result (`deliver: false`; completion is logged only)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait for the run to settle and print its completion (`waitForCompletion: true`)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;hook;wake' {
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'Heartbeat now (default) or at the next scheduled one (`mode`)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'The configured agent whose main session gets it (`agentId`)')
            [CompletionResult]::new('--session-key', '--session-key', [CompletionResultType]::ParameterName, 'Another session (`sessionKey`; needs --mode now and hooks.allowRequestSessionKey)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The hooks token (prefer OCW_HOOKS_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the hooks token from a file (one trailing newline is stripped; wins over --token and OCW_HOOKS_TOKEN, which may just be exported)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The Gateway''s URL (default: 127.0.0.1 and the port of openclaw.json or OPENCLAW_GATEWAY_PORT)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when the whole answer has not arrived after this long (default 30s; 10m with --wait)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;hook;post' {
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'The JSON object to send: inline JSON, @FILE, or - for stdin')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Replay key for the agent runs it starts (sent as Idempotency-Key)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The hooks token (prefer OCW_HOOKS_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the hooks token from a file (one trailing newline is stripped; wins over --token and OCW_HOOKS_TOKEN, which may just be exported)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The Gateway''s URL (default: 127.0.0.1 and the port of openclaw.json or OPENCLAW_GATEWAY_PORT)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when the whole answer has not arrived after this long (default 30s; 10m with --wait)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;hook;help' {
            [CompletionResult]::new('agent', 'agent', [CompletionResultType]::ParameterValue, 'Submit an agent turn (POST <hooks>/agent) and print its run id')
            [CompletionResult]::new('wake', 'wake', [CompletionResultType]::ParameterValue, 'Queue a system event for the agent''s main session (POST <hooks>/wake)')
            [CompletionResult]::new('post', 'post', [CompletionResultType]::ParameterValue, 'POST a JSON object to a mapped hook (POST <hooks>/NAME, see hooks.mappings)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ocw;hook;help;agent' {
            break
        }
        'ocw;hook;help;wake' {
            break
        }
        'ocw;hook;help;post' {
            break
        }
        'ocw;hook;help;help' {
            break
        }
        'ocw;taskflow' {
            [CompletionResult]::new('--route', '--route', [CompletionResultType]::ParameterName, 'The route: an id of plugins.entries.webhooks.config.routes, or its http(s):// URL')
            [CompletionResult]::new('--flow-id', '--flow-id', [CompletionResultType]::ParameterName, 'The flow (`flowId`)')
            [CompletionResult]::new('--revision', '--revision', [CompletionResultType]::ParameterName, 'The revision you last saw (`expectedRevision`, for set_waiting, resume_flow, finish_flow, fail_flow, request_cancel)')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Fields as a JSON object: inline JSON, @FILE, or - for stdin (FIELD=VALUE pairs win)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The route secret (prefer OCW_TASKFLOW_SECRET or --secret-file: argv is visible to other users)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the route secret from a file (one trailing newline is stripped; wins over --secret and OCW_TASKFLOW_SECRET, which may just be exported)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The Gateway''s URL (default: 127.0.0.1 and the port of openclaw.json or OPENCLAW_GATEWAY_PORT)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when the whole answer has not arrived after this long (default 30s; 10m with --wait)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;events' {
            [CompletionResult]::new('--fixtures', '--fixtures', [CompletionResultType]::ParameterName, 'Load event fixtures from this folder instead of the built-ins')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the event types with a one-line description (the default)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the payload `ocw send` would send for an event')
            [CompletionResult]::new('scenarios', 'scenarios', [CompletionResultType]::ParameterValue, 'List the built-in scenarios, or print one''s YAML to copy and extend')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ocw;events;list' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;events;show' {
            [CompletionResult]::new('--fixtures', '--fixtures', [CompletionResultType]::ParameterName, 'Load event fixtures from this folder (one <event>.json each) instead of the built-ins')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a field: dot path, `[N]` indices; the value is JSON if it parses, else a string')
            [CompletionResult]::new('--unset', '--unset', [CompletionResultType]::ParameterName, 'Remove a field (dot path)')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Use this JSON document as the payload instead of the fixture (`-` for stdin)')
            [CompletionResult]::new('--raw-body', '--raw-body', [CompletionResultType]::ParameterName, 'Send this file''s bytes untouched, whatever they are (no parsing, stamping or editing)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('--compact', '--compact', [CompletionResultType]::ParameterName, 'Print exactly the bytes that go on the wire instead of indented JSON')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;events;scenarios' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;events;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the event types with a one-line description (the default)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the payload `ocw send` would send for an event')
            [CompletionResult]::new('scenarios', 'scenarios', [CompletionResultType]::ParameterValue, 'List the built-in scenarios, or print one''s YAML to copy and extend')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ocw;events;help;list' {
            break
        }
        'ocw;events;help;show' {
            break
        }
        'ocw;events;help;scenarios' {
            break
        }
        'ocw;events;help;help' {
            break
        }
        'ocw;demo' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (send''s storms draw one on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ocw;help' {
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Build, sign and POST sample webhooks to an endpoint')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Print the x-openclaw-signature value for a body')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a webhook signature, and explain why one fails')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Play one delivery under OpenClaw''s retry policy (30 s, 5 min, 30 min, then failed)')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send recorded requests again, byte for byte (from `listen --record` or `listen --json`)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Check or create the webhook config file (the article''s `webhooks:` block)')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive webhooks locally: pretty-print, verify, record, forward, script answers')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run a conformance suite against a webhook receiver, and say what it gets wrong')
            [CompletionResult]::new('bridge', 'bridge', [CompletionResultType]::ParameterValue, 'Bridge a WebSocket relay to the OpenClaw Gateway (start, run, stop, restart, status)')
            [CompletionResult]::new('hook', 'hook', [CompletionResultType]::ParameterValue, 'Call the Gateway''s inbound hooks: an agent turn, a wake, or a mapped hook')
            [CompletionResult]::new('taskflow', 'taskflow', [CompletionResultType]::ParameterValue, 'Drive TaskFlow records through the Gateway''s webhooks plugin')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'List the webhook event types, or show one''s payload')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Run an offline tour: a local receiver, every event sent signed and verified')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ocw;help;send' {
            break
        }
        'ocw;help;sign' {
            break
        }
        'ocw;help;verify' {
            break
        }
        'ocw;help;retry' {
            break
        }
        'ocw;help;replay' {
            break
        }
        'ocw;help;config' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate the config and print its webhooks (secrets redacted)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented example config (mode 0600)')
            break
        }
        'ocw;help;config;check' {
            break
        }
        'ocw;help;config;init' {
            break
        }
        'ocw;help;listen' {
            break
        }
        'ocw;help;test' {
            break
        }
        'ocw;help;bridge' {
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Save the settings, then run the bridge in the background')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run the bridge in the foreground until Ctrl-C or SIGTERM')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop the background bridge (SIGTERM, then wait up to 10 s)')
            [CompletionResult]::new('restart', 'restart', [CompletionResultType]::ParameterValue, 'Save the settings, stop the background bridge (if running) and start it again')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Tell whether the background bridge is running (exit 0) or not (exit 1), and how it is doing')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'Print the background bridge''s log (bridge.log in the state dir)')
            break
        }
        'ocw;help;bridge;start' {
            break
        }
        'ocw;help;bridge;run' {
            break
        }
        'ocw;help;bridge;stop' {
            break
        }
        'ocw;help;bridge;restart' {
            break
        }
        'ocw;help;bridge;status' {
            break
        }
        'ocw;help;bridge;logs' {
            break
        }
        'ocw;help;hook' {
            [CompletionResult]::new('agent', 'agent', [CompletionResultType]::ParameterValue, 'Submit an agent turn (POST <hooks>/agent) and print its run id')
            [CompletionResult]::new('wake', 'wake', [CompletionResultType]::ParameterValue, 'Queue a system event for the agent''s main session (POST <hooks>/wake)')
            [CompletionResult]::new('post', 'post', [CompletionResultType]::ParameterValue, 'POST a JSON object to a mapped hook (POST <hooks>/NAME, see hooks.mappings)')
            break
        }
        'ocw;help;hook;agent' {
            break
        }
        'ocw;help;hook;wake' {
            break
        }
        'ocw;help;hook;post' {
            break
        }
        'ocw;help;taskflow' {
            break
        }
        'ocw;help;events' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the event types with a one-line description (the default)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the payload `ocw send` would send for an event')
            [CompletionResult]::new('scenarios', 'scenarios', [CompletionResultType]::ParameterValue, 'List the built-in scenarios, or print one''s YAML to copy and extend')
            break
        }
        'ocw;help;events;list' {
            break
        }
        'ocw;help;events;show' {
            break
        }
        'ocw;help;events;scenarios' {
            break
        }
        'ocw;help;demo' {
            break
        }
        'ocw;help;completions' {
            break
        }
        'ocw;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
