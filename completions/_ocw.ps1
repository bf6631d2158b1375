
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
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Check or create the webhook config file (the article''s `webhooks:` block)')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive webhooks locally: pretty-print, verify, record, forward, script answers')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run a conformance suite against a webhook receiver, and say what it gets wrong')
            [CompletionResult]::new('bridge', 'bridge', [CompletionResultType]::ParameterValue, 'Bridge a WebSocket relay to the OpenClaw Gateway (start, run, stop, restart, status)')
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
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the signing secret from a file (one trailing newline is stripped)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on an answer after this long (e.g. 500ms, 5s)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Send each event this many times, each with its own conversation_id (a webhook storm)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Send each event this many times, each with its own conversation_id (a webhook storm)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Deliveries in flight at once during a storm (1 to 10000)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Deliveries in flight at once during a storm (1 to 10000)')
            [CompletionResult]::new('--schedule', '--schedule', [CompletionResultType]::ParameterName, 'Delays before each retry, in policy time')
            [CompletionResult]::new('--speed', '--speed', [CompletionResultType]::ParameterName, 'Divide every delay by N (e.g. 100 plays 30s/5m/30m as 0.3s/3s/18s)')
            [CompletionResult]::new('--tamper', '--tamper', [CompletionResultType]::ParameterName, 'Send a deliberately wrong delivery, to test the receiver''s rejection path')
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
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the signing secret from a file (one trailing newline is stripped)')
            [CompletionResult]::new('--scheme', '--scheme', [CompletionResultType]::ParameterName, 'Signature scheme to produce (ocw, openclaw-plugin, github, stripe, standard-webhooks, slack, shopify)')
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
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the signing secret from a file (one trailing newline is stripped)')
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
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Show only requests whose event matches, e.g. `lead.*` (repeatable; `*` and `?` match)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir''s ocw/ocw.yaml)')
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
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the signing secret from a file (one trailing newline is stripped)')
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
        'ocw;events;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the event types with a one-line description (the default)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the payload `ocw send` would send for an event')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ocw;events;help;list' {
            break
        }
        'ocw;events;help;show' {
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
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Check or create the webhook config file (the article''s `webhooks:` block)')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive webhooks locally: pretty-print, verify, record, forward, script answers')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run a conformance suite against a webhook receiver, and say what it gets wrong')
            [CompletionResult]::new('bridge', 'bridge', [CompletionResultType]::ParameterValue, 'Bridge a WebSocket relay to the OpenClaw Gateway (start, run, stop, restart, status)')
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
        'ocw;help;events' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the event types with a one-line description (the default)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the payload `ocw send` would send for an event')
            break
        }
        'ocw;help;events;list' {
            break
        }
        'ocw;help;events;show' {
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
