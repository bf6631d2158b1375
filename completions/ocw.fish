# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_ocw_global_optspecs
    string join \n v/verbose q/quiet color= json no-progress config= h/help V/version
end

function __fish_ocw_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_ocw_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_ocw_using_subcommand
    set -l cmd (__fish_ocw_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c ocw -n "__fish_ocw_needs_command" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_needs_command" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_needs_command" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_needs_command" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_needs_command" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_needs_command" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_needs_command" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_needs_command" -f -a "send" -d 'Build, sign and POST sample webhooks to an endpoint'
complete -c ocw -n "__fish_ocw_needs_command" -f -a "sign" -d 'Print the x-openclaw-signature value for a body'
complete -c ocw -n "__fish_ocw_needs_command" -f -a "verify" -d 'Check a webhook signature, and explain why one fails'
complete -c ocw -n "__fish_ocw_needs_command" -f -a "retry" -d 'Play one delivery under OpenClaw\'s retry policy (30 s, 5 min, 30 min, then failed)'
complete -c ocw -n "__fish_ocw_needs_command" -f -a "replay" -d 'Send recorded requests again, byte for byte (from `listen --record` or `listen --json`)'
complete -c ocw -n "__fish_ocw_needs_command" -f -a "config" -d 'Check or create the webhook config file (the article\'s `webhooks:` block)'
complete -c ocw -n "__fish_ocw_needs_command" -f -a "listen" -d 'Receive webhooks locally: pretty-print, verify, record, forward, script answers'
complete -c ocw -n "__fish_ocw_needs_command" -f -a "test" -d 'Run a conformance suite against a webhook receiver, and say what it gets wrong'
complete -c ocw -n "__fish_ocw_needs_command" -f -a "bridge" -d 'Bridge a WebSocket relay to the OpenClaw Gateway (start, run, stop, restart, status)'
complete -c ocw -n "__fish_ocw_needs_command" -f -a "hook" -d 'Call the Gateway\'s inbound hooks: an agent turn, a wake, or a mapped hook'
complete -c ocw -n "__fish_ocw_needs_command" -f -a "taskflow" -d 'Drive TaskFlow records through the Gateway\'s webhooks plugin'
complete -c ocw -n "__fish_ocw_needs_command" -f -a "events" -d 'List the webhook event types, or show one\'s payload'
complete -c ocw -n "__fish_ocw_needs_command" -f -a "demo" -d 'Run an offline tour: a local receiver, every event sent signed and verified'
complete -c ocw -n "__fish_ocw_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c ocw -n "__fish_ocw_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ocw -n "__fish_ocw_using_subcommand send" -l to -d 'Endpoint URL to POST to' -r
complete -c ocw -n "__fish_ocw_using_subcommand send" -l webhook -d 'Deliver to this configured webhook: its URL, secret and headers (see `ocw config check`)' -r
complete -c ocw -n "__fish_ocw_using_subcommand send" -s H -l header -d 'Extra request header, `Name: value` (repeatable)' -r
complete -c ocw -n "__fish_ocw_using_subcommand send" -l secret -d 'Signing secret (prefer OCW_SECRET or --secret-file: argv is visible to other users)' -r
complete -c ocw -n "__fish_ocw_using_subcommand send" -l secret-file -d 'Read the signing secret from a file (one trailing newline is stripped; wins over --secret and OCW_SECRET)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand send" -l timeout -d 'Give up on an answer after this long (e.g. 500ms, 5s)' -r
complete -c ocw -n "__fish_ocw_using_subcommand send" -s n -l count -d 'Send each event this many times, each with its own conversation_id (a webhook storm)' -r
complete -c ocw -n "__fish_ocw_using_subcommand send" -s c -l concurrency -d 'Deliveries in flight at once during a storm (1 to 10000)' -r
complete -c ocw -n "__fish_ocw_using_subcommand send" -l schedule -d 'Delays before each retry, in policy time' -r
complete -c ocw -n "__fish_ocw_using_subcommand send" -l speed -d 'Divide every delay by N (e.g. 100 plays 30s/5m/30m as 0.3s/3s/18s)' -r
complete -c ocw -n "__fish_ocw_using_subcommand send" -l tamper -d 'Send a deliberately wrong delivery, to test the receiver\'s rejection path' -r -f -a "signature\t'A wrong signature for the body'
body\t'The body changed after signing'
timestamp\t'The payload\'s timestamp an hour old, correctly signed'"
complete -c ocw -n "__fish_ocw_using_subcommand send" -l scenario -d 'Send a built-in scenario: a conversation\'s events in order, one conversation_id, timestamps advancing step by step (`ocw events scenarios` lists them)' -r
complete -c ocw -n "__fish_ocw_using_subcommand send" -l scenario-file -d 'Send a scenario from a YAML file (copy one with `ocw events scenarios NAME > my.yaml`)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand send" -l gap -d 'Wait this long between deliveries (real time; the payloads\' timestamps follow the scenario\'s own steps)' -r
complete -c ocw -n "__fish_ocw_using_subcommand send" -l duplicate -d 'Send N of the scenario\'s deliveries twice, the same bytes, as retries do: idempotency test' -r
complete -c ocw -n "__fish_ocw_using_subcommand send" -l seed -d 'The seed for --shuffle and --duplicate (default: a random one, printed so a run can be repeated)' -r
complete -c ocw -n "__fish_ocw_using_subcommand send" -l fixtures -d 'Load event fixtures from this folder (one <event>.json each) instead of the built-ins' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand send" -l set -d 'Set a field: dot path, `[N]` indices; the value is JSON if it parses, else a string' -r
complete -c ocw -n "__fish_ocw_using_subcommand send" -l unset -d 'Remove a field (dot path)' -r
complete -c ocw -n "__fish_ocw_using_subcommand send" -l data -d 'Use this JSON document as the payload instead of the fixture (`-` for stdin)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand send" -l raw-body -d 'Send this file\'s bytes untouched, whatever they are (no parsing, stamping or editing)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand send" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand send" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand send" -l all -d 'Send every event type of the catalog'
complete -c ocw -n "__fish_ocw_using_subcommand send" -l retry -d 'Retry failed deliveries under the retry policy (--schedule, --speed), webhooks in parallel'
complete -c ocw -n "__fish_ocw_using_subcommand send" -l dry-run -d 'Print the request instead of sending it: method, URL, every header, the body bytes'
complete -c ocw -n "__fish_ocw_using_subcommand send" -l curl -d 'Print an equivalent curl command instead of sending (implies --dry-run)'
complete -c ocw -n "__fish_ocw_using_subcommand send" -l show-secrets -d 'With --dry-run or --curl: print credential headers and URL credentials as sent'
complete -c ocw -n "__fish_ocw_using_subcommand send" -l shuffle -d 'Send the scenario\'s deliveries in a shuffled order (timestamps unchanged): ordering test'
complete -c ocw -n "__fish_ocw_using_subcommand send" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand send" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand send" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand send" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand send" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand send" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand sign" -l secret -d 'Signing secret (prefer OCW_SECRET or --secret-file: argv is visible to other users)' -r
complete -c ocw -n "__fish_ocw_using_subcommand sign" -l secret-file -d 'Read the signing secret from a file (one trailing newline is stripped; wins over --secret and OCW_SECRET)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand sign" -l scheme -d 'Signature scheme to produce (ocw, github, stripe, standard-webhooks, slack, shopify)' -r
complete -c ocw -n "__fish_ocw_using_subcommand sign" -l timestamp -d 'Unix timestamp for timestamped schemes (default: now)' -r
complete -c ocw -n "__fish_ocw_using_subcommand sign" -l msg-id -d 'Message id for Standard Webhooks (default: a fresh msg_ id)' -r
complete -c ocw -n "__fish_ocw_using_subcommand sign" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand sign" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand sign" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand sign" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand sign" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand sign" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand sign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand sign" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand verify" -l secret -d 'Signing secret; repeat for key rotation (valid if any matches)' -r
complete -c ocw -n "__fish_ocw_using_subcommand verify" -l secret-file -d 'Read a signing secret from a file (repeatable; one trailing newline is stripped)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand verify" -l signature -d 'The x-openclaw-signature value' -r
complete -c ocw -n "__fish_ocw_using_subcommand verify" -s H -l header -d 'A request header, `Name: value` (repeatable); the scheme is detected from them' -r
complete -c ocw -n "__fish_ocw_using_subcommand verify" -l scheme -d 'Force a scheme instead of detecting it' -r
complete -c ocw -n "__fish_ocw_using_subcommand verify" -l tolerance -d 'Accepted clock difference for timestamped schemes (Stripe, Standard Webhooks, Slack)' -r
complete -c ocw -n "__fish_ocw_using_subcommand verify" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand verify" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand verify" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand verify" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand verify" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand verify" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand verify" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand retry" -l to -d 'Endpoint URL to POST to' -r
complete -c ocw -n "__fish_ocw_using_subcommand retry" -l webhook -d 'Deliver to this configured webhook: its URL, secret and headers (see `ocw config check`)' -r
complete -c ocw -n "__fish_ocw_using_subcommand retry" -s H -l header -d 'Extra request header, `Name: value` (repeatable)' -r
complete -c ocw -n "__fish_ocw_using_subcommand retry" -l secret -d 'Signing secret (prefer OCW_SECRET or --secret-file: argv is visible to other users)' -r
complete -c ocw -n "__fish_ocw_using_subcommand retry" -l secret-file -d 'Read the signing secret from a file (one trailing newline is stripped; wins over --secret and OCW_SECRET)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand retry" -l timeout -d 'An attempt with no answer after this long counts as failed (real time, not scaled)' -r
complete -c ocw -n "__fish_ocw_using_subcommand retry" -l schedule -d 'Delays before each retry, in policy time' -r
complete -c ocw -n "__fish_ocw_using_subcommand retry" -l speed -d 'Divide every delay by N (e.g. 100 plays 30s/5m/30m as 0.3s/3s/18s)' -r
complete -c ocw -n "__fish_ocw_using_subcommand retry" -l fixtures -d 'Load event fixtures from this folder (one <event>.json each) instead of the built-ins' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand retry" -l set -d 'Set a field: dot path, `[N]` indices; the value is JSON if it parses, else a string' -r
complete -c ocw -n "__fish_ocw_using_subcommand retry" -l unset -d 'Remove a field (dot path)' -r
complete -c ocw -n "__fish_ocw_using_subcommand retry" -l data -d 'Use this JSON document as the payload instead of the fixture (`-` for stdin)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand retry" -l raw-body -d 'Send this file\'s bytes untouched, whatever they are (no parsing, stamping or editing)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand retry" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand retry" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand retry" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand retry" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand retry" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand retry" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand retry" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand retry" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand replay" -l to -d 'Endpoint URL to POST to' -r
complete -c ocw -n "__fish_ocw_using_subcommand replay" -l webhook -d 'Deliver to this configured webhook: its URL, secret and headers (see `ocw config check`)' -r
complete -c ocw -n "__fish_ocw_using_subcommand replay" -s H -l header -d 'Extra request header, `Name: value` (repeatable)' -r
complete -c ocw -n "__fish_ocw_using_subcommand replay" -l secret -d 'Signing secret (prefer OCW_SECRET or --secret-file: argv is visible to other users)' -r
complete -c ocw -n "__fish_ocw_using_subcommand replay" -l secret-file -d 'Read the signing secret from a file (one trailing newline is stripped; wins over --secret and OCW_SECRET)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand replay" -l timeout -d 'Give up on an answer after this long (e.g. 500ms, 5s)' -r
complete -c ocw -n "__fish_ocw_using_subcommand replay" -l seq -d 'Only the requests with these sequence numbers (`--seq 3,7` or repeated)' -r
complete -c ocw -n "__fish_ocw_using_subcommand replay" -l event -d 'Only requests whose event matches (`*` and `?`, e.g. \'lead.*\'; repeatable)' -r
complete -c ocw -n "__fish_ocw_using_subcommand replay" -l last -d 'Only the last N of the requests selected' -r
complete -c ocw -n "__fish_ocw_using_subcommand replay" -l scheme -d 'The scheme --re-sign signs with (default: the one the request was signed with, else ocw)' -r
complete -c ocw -n "__fish_ocw_using_subcommand replay" -l tolerance -d 'Warn before sending a recorded signature whose timestamp is older than this' -r
complete -c ocw -n "__fish_ocw_using_subcommand replay" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand replay" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand replay" -l re-sign -d 'Sign each body anew (fresh timestamp) instead of sending the recorded signature'
complete -c ocw -n "__fish_ocw_using_subcommand replay" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand replay" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand replay" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand replay" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand replay" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand replay" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand config; and not __fish_seen_subcommand_from check init help" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand config; and not __fish_seen_subcommand_from check init help" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand config; and not __fish_seen_subcommand_from check init help" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand config; and not __fish_seen_subcommand_from check init help" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand config; and not __fish_seen_subcommand_from check init help" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand config; and not __fish_seen_subcommand_from check init help" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand config; and not __fish_seen_subcommand_from check init help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand config; and not __fish_seen_subcommand_from check init help" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand config; and not __fish_seen_subcommand_from check init help" -f -a "check" -d 'Validate the config and print its webhooks (secrets redacted)'
complete -c ocw -n "__fish_ocw_using_subcommand config; and not __fish_seen_subcommand_from check init help" -f -a "init" -d 'Write a commented example config (mode 0600)'
complete -c ocw -n "__fish_ocw_using_subcommand config; and not __fish_seen_subcommand_from check init help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ocw -n "__fish_ocw_using_subcommand config; and __fish_seen_subcommand_from check" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand config; and __fish_seen_subcommand_from check" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand config; and __fish_seen_subcommand_from check" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand config; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand config; and __fish_seen_subcommand_from check" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand config; and __fish_seen_subcommand_from check" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand config; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand config; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand config; and __fish_seen_subcommand_from init" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand config; and __fish_seen_subcommand_from init" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand config; and __fish_seen_subcommand_from init" -l force -d 'Overwrite an existing file'
complete -c ocw -n "__fish_ocw_using_subcommand config; and __fish_seen_subcommand_from init" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand config; and __fish_seen_subcommand_from init" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand config; and __fish_seen_subcommand_from init" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand config; and __fish_seen_subcommand_from init" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand config; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand config; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "check" -d 'Validate the config and print its webhooks (secrets redacted)'
complete -c ocw -n "__fish_ocw_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "init" -d 'Write a commented example config (mode 0600)'
complete -c ocw -n "__fish_ocw_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l secret -d 'Signing secret; repeat for key rotation (valid if any matches)' -r
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l secret-file -d 'Read a signing secret from a file (repeatable; one trailing newline is stripped)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l token -d 'Expect `Authorization: Bearer T` or `x-openclaw-token: T` (what OpenClaw cron deliveries send)' -r
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l tolerance -d 'Accepted clock difference for timestamped signature schemes' -r
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l status -d 'Status code to answer with' -r
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l delay -d 'Wait this long before answering (e.g. 6s to look like a handler over the 5 s limit)' -r
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l fail-first -d 'Answer 500 to the first N attempts of each delivery (same body bytes), then normally' -r
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l fail-rate -d 'Answer 500 to this fraction of requests at random (0.0 to 1.0; see --seed)' -r
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l seed -d 'Seed for --fail-rate, for a repeatable sequence' -r
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l respond -d 'Answer this status to this event, `EVENT=CODE` (repeatable)' -r
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l record -d 'Append every request to this file as NDJSON (exact body, redacted headers), flushed before the answer is sent' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l forward-to -d 'Forward each request byte-exact to your app and pass its status back (502 if it is down)' -r
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l exit-after -d 'Exit once N requests have arrived' -r
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l timeout -d 'Give up after this long (exit 1 unless expectations are met)' -r
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l expect -d 'An event that must arrive (repeatable); without --exit-after, exit once all have' -r
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l ready-file -d 'Write the listener\'s URL to this file once it is ready' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l max-body -d 'Largest body accepted (bigger ones get 413), e.g. 1MiB, 512KiB, 65536' -r
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l path -d 'Accept webhooks only on this path (others get 404)' -r
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l fixtures -d 'Also know the events of this fixtures folder (one <event>.json each) in --expect, --respond, --event' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l ui -d 'Serve a web inspector of the requests (live list, detail, diff, replay) on its own port' -r
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l ui-history -d 'Requests the inspector keeps (oldest evicted first)' -r
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l ui-body-budget -d 'Body bytes the inspector keeps, all requests together (oldest evicted first)' -r
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l event -d 'Show only requests whose event matches, e.g. `lead.*` (repeatable; `*` and `?` match)' -r
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l openclaw-cron -d 'Print the openclaw.json snippet that lets a Gateway\'s cron jobs deliver here'
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l reject-invalid -d 'Answer 401 to a bad signature or token instead of accepting and flagging it (and 400 to an empty body)'
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l base64-body -d 'In --json and --record, always give the body as base64 (default: text when it is UTF-8)'
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l compact -d 'One line per request (switched on by itself when more than 20 requests arrive within 2 s)'
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l no-compact -d 'Always show requests in full, however fast they arrive'
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l no-body -d 'Do not show bodies (the record and --json keep them)'
complete -c ocw -n "__fish_ocw_using_subcommand listen" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand listen" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand listen" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand listen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand listen" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand test" -l webhook -d 'Test this configured webhook: its URL, secret and headers (see `ocw config check`)' -r
complete -c ocw -n "__fish_ocw_using_subcommand test" -s H -l header -d 'Extra request header, `Name: value` (repeatable), e.g. the receiver\'s own auth' -r
complete -c ocw -n "__fish_ocw_using_subcommand test" -l secret -d 'Signing secret (prefer OCW_SECRET or --secret-file: argv is visible to other users)' -r
complete -c ocw -n "__fish_ocw_using_subcommand test" -l secret-file -d 'Read the signing secret from a file (one trailing newline is stripped; wins over --secret and OCW_SECRET)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand test" -l scheme -d 'Signature scheme the receiver verifies (ocw, github, stripe, standard-webhooks, slack, shopify)' -r
complete -c ocw -n "__fish_ocw_using_subcommand test" -l only -d 'Run only the cases these names or patterns select (`*`, `?`; repeatable or comma-separated)' -r
complete -c ocw -n "__fish_ocw_using_subcommand test" -l skip -d 'Leave out the cases these names or patterns select (repeatable or comma-separated)' -r
complete -c ocw -n "__fish_ocw_using_subcommand test" -l cases -d 'Add the cases in this folder (one *.yaml file each; repeatable)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand test" -l timeout -d 'Each request\'s time limit: the sender\'s (OpenClaw waits 5 s)' -r
complete -c ocw -n "__fish_ocw_using_subcommand test" -l budget -d 'The whole run\'s time limit; cases not started by then fail' -r
complete -c ocw -n "__fish_ocw_using_subcommand test" -l effects -d 'A command that prints how many deliveries the receiver has processed' -r
complete -c ocw -n "__fish_ocw_using_subcommand test" -l effects-wait -d 'How long the effects count may take to grow after an answer (work done after answering)' -r
complete -c ocw -n "__fish_ocw_using_subcommand test" -l junit -d 'Also write the results as a JUnit XML report to FILE, for CI test reporters' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand test" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand test" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand test" -l list -d 'List the cases (for --scheme) instead of running them'
complete -c ocw -n "__fish_ocw_using_subcommand test" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand test" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand test" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand test" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand test" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and not __fish_seen_subcommand_from start run stop restart status logs help" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and not __fish_seen_subcommand_from start run stop restart status logs help" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and not __fish_seen_subcommand_from start run stop restart status logs help" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and not __fish_seen_subcommand_from start run stop restart status logs help" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and not __fish_seen_subcommand_from start run stop restart status logs help" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and not __fish_seen_subcommand_from start run stop restart status logs help" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and not __fish_seen_subcommand_from start run stop restart status logs help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and not __fish_seen_subcommand_from start run stop restart status logs help" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and not __fish_seen_subcommand_from start run stop restart status logs help" -f -a "start" -d 'Save the settings, then run the bridge in the background'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and not __fish_seen_subcommand_from start run stop restart status logs help" -f -a "run" -d 'Run the bridge in the foreground until Ctrl-C or SIGTERM'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and not __fish_seen_subcommand_from start run stop restart status logs help" -f -a "stop" -d 'Stop the background bridge (SIGTERM, then wait up to 10 s)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and not __fish_seen_subcommand_from start run stop restart status logs help" -f -a "restart" -d 'Save the settings, stop the background bridge (if running) and start it again'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and not __fish_seen_subcommand_from start run stop restart status logs help" -f -a "status" -d 'Tell whether the background bridge is running (exit 0) or not (exit 1), and how it is doing'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and not __fish_seen_subcommand_from start run stop restart status logs help" -f -a "logs" -d 'Print the background bridge\'s log (bridge.log in the state dir)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and not __fish_seen_subcommand_from start run stop restart status logs help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from start" -l webhook-url -d 'The relay\'s WebSocket URL, ws:// or wss:// (webhook_url=)' -r
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from start" -l agent-id -d 'The OpenClaw agent that answers (agent_id=; default main)' -r
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from start" -l uid -d 'This bridge\'s room on the relay, 16+ characters (uid=; default: generated once)' -r
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from start" -l session-scope -d 'How messages without a `session` are keyed (session_scope=)' -r -f -a "per-sender\t''
global\t''
explicit\t''"
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from start" -l frames -d 'What is sent back to the relay: progress/complete/error, or raw Gateway events (frames=)' -r -f -a "legacy\t''
gateway\t''"
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from start" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from start" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from start" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from start" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from start" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from start" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from start" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from start" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from run" -l webhook-url -d 'The relay\'s WebSocket URL, ws:// or wss:// (webhook_url=)' -r
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from run" -l agent-id -d 'The OpenClaw agent that answers (agent_id=; default main)' -r
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from run" -l uid -d 'This bridge\'s room on the relay, 16+ characters (uid=; default: generated once)' -r
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from run" -l session-scope -d 'How messages without a `session` are keyed (session_scope=)' -r -f -a "per-sender\t''
global\t''
explicit\t''"
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from run" -l frames -d 'What is sent back to the relay: progress/complete/error, or raw Gateway events (frames=)' -r -f -a "legacy\t''
gateway\t''"
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from run" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from run" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from run" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from run" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from run" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from run" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from stop" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from stop" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from stop" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from stop" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from stop" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from stop" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from stop" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from stop" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from restart" -l webhook-url -d 'The relay\'s WebSocket URL, ws:// or wss:// (webhook_url=)' -r
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from restart" -l agent-id -d 'The OpenClaw agent that answers (agent_id=; default main)' -r
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from restart" -l uid -d 'This bridge\'s room on the relay, 16+ characters (uid=; default: generated once)' -r
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from restart" -l session-scope -d 'How messages without a `session` are keyed (session_scope=)' -r -f -a "per-sender\t''
global\t''
explicit\t''"
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from restart" -l frames -d 'What is sent back to the relay: progress/complete/error, or raw Gateway events (frames=)' -r -f -a "legacy\t''
gateway\t''"
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from restart" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from restart" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from restart" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from restart" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from restart" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from restart" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from restart" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from restart" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from status" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from status" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from status" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from status" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from status" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from logs" -s n -l lines -d 'Only the last N lines' -r
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from logs" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from logs" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from logs" -s f -l follow -d 'Keep printing new lines as they are written (until Ctrl-C or the bridge stops)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from logs" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from logs" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from logs" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from logs" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from logs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from logs" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from help" -f -a "start" -d 'Save the settings, then run the bridge in the background'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from help" -f -a "run" -d 'Run the bridge in the foreground until Ctrl-C or SIGTERM'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from help" -f -a "stop" -d 'Stop the background bridge (SIGTERM, then wait up to 10 s)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from help" -f -a "restart" -d 'Save the settings, stop the background bridge (if running) and start it again'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from help" -f -a "status" -d 'Tell whether the background bridge is running (exit 0) or not (exit 1), and how it is doing'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from help" -f -a "logs" -d 'Print the background bridge\'s log (bridge.log in the state dir)'
complete -c ocw -n "__fish_ocw_using_subcommand bridge; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and not __fish_seen_subcommand_from agent wake post help" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand hook; and not __fish_seen_subcommand_from agent wake post help" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand hook; and not __fish_seen_subcommand_from agent wake post help" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and not __fish_seen_subcommand_from agent wake post help" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and not __fish_seen_subcommand_from agent wake post help" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and not __fish_seen_subcommand_from agent wake post help" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and not __fish_seen_subcommand_from agent wake post help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and not __fish_seen_subcommand_from agent wake post help" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and not __fish_seen_subcommand_from agent wake post help" -f -a "agent" -d 'Submit an agent turn (POST <hooks>/agent) and print its run id'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and not __fish_seen_subcommand_from agent wake post help" -f -a "wake" -d 'Queue a system event for the agent\'s main session (POST <hooks>/wake)'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and not __fish_seen_subcommand_from agent wake post help" -f -a "post" -d 'POST a JSON object to a mapped hook (POST <hooks>/NAME, see hooks.mappings)'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and not __fish_seen_subcommand_from agent wake post help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -l agent -d 'The configured agent that runs it (`agentId`; must pass hooks.allowedAgentIds)' -r
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -l name -d 'A label for logs and completion events (`name`; the Gateway\'s default is "Hook")' -r
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -l session-key -d 'The logical session key (`sessionKey`; needs hooks.allowRequestSessionKey: true)' -r
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -l session-mode -d 'Fresh session or reuse (`sessionMode`)' -r -f -a "isolated\t'A fresh run session every time (the Gateway\'s default)'
persistent\t'Reuse the session of --session-key (needs hooks.allowRequestSessionKey)'"
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -l channel -d 'Deliver to this channel id (`channel`; needs --to)' -r
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -l to -d 'The recipient on --channel (`to`; needs --channel)' -r
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -l account -d 'The channel account (`accountId`; needs --channel and --to)' -r
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -l model -d 'Model id or alias for this run (`model`)' -r
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -l thinking -d 'Thinking level for this run (`thinking`)' -r
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -l timeout-seconds -d 'The agent turn\'s timeout in whole seconds (`timeoutSeconds`)' -r
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -l wake-mode -d 'When completion events wake the agent (`wakeMode`)' -r -f -a "now\t'Right away'
next-heartbeat\t'At the next scheduled heartbeat'"
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -l idempotency-key -d 'Replay key: the same key and message give the same run (default: a fresh ocw-<ulid>)' -r
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -l token -d 'The hooks token (prefer OCW_HOOKS_TOKEN or --token-file: argv is visible to other users)' -r
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -l token-file -d 'Read the hooks token from a file (one trailing newline is stripped; wins over --token and OCW_HOOKS_TOKEN, which may just be exported)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -l url -d 'The Gateway\'s URL (default: 127.0.0.1 and the port of openclaw.json or OPENCLAW_GATEWAY_PORT)' -r
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -l timeout -d 'Give up when the whole answer has not arrived after this long (default 30s; 10m with --wait)' -r
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -l deliver -d 'Announce the result (`deliver: true`, the Gateway\'s default)'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -l no-deliver -d 'Do not announce a successful result (`deliver: false`; completion is logged only)'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -l wait -d 'Wait for the run to settle and print its completion (`waitForCompletion: true`)'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from agent" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from wake" -l mode -d 'Heartbeat now (default) or at the next scheduled one (`mode`)' -r -f -a "now\t'Right away'
next-heartbeat\t'At the next scheduled heartbeat'"
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from wake" -l agent -d 'The configured agent whose main session gets it (`agentId`)' -r
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from wake" -l session-key -d 'Another session (`sessionKey`; needs --mode now and hooks.allowRequestSessionKey)' -r
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from wake" -l token -d 'The hooks token (prefer OCW_HOOKS_TOKEN or --token-file: argv is visible to other users)' -r
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from wake" -l token-file -d 'Read the hooks token from a file (one trailing newline is stripped; wins over --token and OCW_HOOKS_TOKEN, which may just be exported)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from wake" -l url -d 'The Gateway\'s URL (default: 127.0.0.1 and the port of openclaw.json or OPENCLAW_GATEWAY_PORT)' -r
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from wake" -l timeout -d 'Give up when the whole answer has not arrived after this long (default 30s; 10m with --wait)' -r
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from wake" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from wake" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from wake" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from wake" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from wake" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from wake" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from wake" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from wake" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from post" -l data -d 'The JSON object to send: inline JSON, @FILE, or - for stdin' -r
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from post" -l idempotency-key -d 'Replay key for the agent runs it starts (sent as Idempotency-Key)' -r
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from post" -l token -d 'The hooks token (prefer OCW_HOOKS_TOKEN or --token-file: argv is visible to other users)' -r
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from post" -l token-file -d 'Read the hooks token from a file (one trailing newline is stripped; wins over --token and OCW_HOOKS_TOKEN, which may just be exported)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from post" -l url -d 'The Gateway\'s URL (default: 127.0.0.1 and the port of openclaw.json or OPENCLAW_GATEWAY_PORT)' -r
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from post" -l timeout -d 'Give up when the whole answer has not arrived after this long (default 30s; 10m with --wait)' -r
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from post" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from post" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from post" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from post" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from post" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from post" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from post" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from post" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from help" -f -a "agent" -d 'Submit an agent turn (POST <hooks>/agent) and print its run id'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from help" -f -a "wake" -d 'Queue a system event for the agent\'s main session (POST <hooks>/wake)'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from help" -f -a "post" -d 'POST a JSON object to a mapped hook (POST <hooks>/NAME, see hooks.mappings)'
complete -c ocw -n "__fish_ocw_using_subcommand hook; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ocw -n "__fish_ocw_using_subcommand taskflow" -l route -d 'The route: an id of plugins.entries.webhooks.config.routes, or its http(s):// URL' -r
complete -c ocw -n "__fish_ocw_using_subcommand taskflow" -l flow-id -d 'The flow (`flowId`)' -r
complete -c ocw -n "__fish_ocw_using_subcommand taskflow" -l revision -d 'The revision you last saw (`expectedRevision`, for set_waiting, resume_flow, finish_flow, fail_flow, request_cancel)' -r
complete -c ocw -n "__fish_ocw_using_subcommand taskflow" -l data -d 'Fields as a JSON object: inline JSON, @FILE, or - for stdin (FIELD=VALUE pairs win)' -r
complete -c ocw -n "__fish_ocw_using_subcommand taskflow" -l secret -d 'The route secret (prefer OCW_TASKFLOW_SECRET or --secret-file: argv is visible to other users)' -r
complete -c ocw -n "__fish_ocw_using_subcommand taskflow" -l secret-file -d 'Read the route secret from a file (one trailing newline is stripped; wins over --secret and OCW_TASKFLOW_SECRET, which may just be exported)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand taskflow" -l url -d 'The Gateway\'s URL (default: 127.0.0.1 and the port of openclaw.json or OPENCLAW_GATEWAY_PORT)' -r
complete -c ocw -n "__fish_ocw_using_subcommand taskflow" -l timeout -d 'Give up when the whole answer has not arrived after this long (default 30s; 10m with --wait)' -r
complete -c ocw -n "__fish_ocw_using_subcommand taskflow" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand taskflow" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand taskflow" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand taskflow" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand taskflow" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand taskflow" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand taskflow" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand taskflow" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand events; and not __fish_seen_subcommand_from list show scenarios help" -l fixtures -d 'Load event fixtures from this folder instead of the built-ins' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand events; and not __fish_seen_subcommand_from list show scenarios help" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand events; and not __fish_seen_subcommand_from list show scenarios help" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand events; and not __fish_seen_subcommand_from list show scenarios help" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand events; and not __fish_seen_subcommand_from list show scenarios help" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand events; and not __fish_seen_subcommand_from list show scenarios help" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand events; and not __fish_seen_subcommand_from list show scenarios help" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand events; and not __fish_seen_subcommand_from list show scenarios help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand events; and not __fish_seen_subcommand_from list show scenarios help" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand events; and not __fish_seen_subcommand_from list show scenarios help" -f -a "list" -d 'List the event types with a one-line description (the default)'
complete -c ocw -n "__fish_ocw_using_subcommand events; and not __fish_seen_subcommand_from list show scenarios help" -f -a "show" -d 'Print the payload `ocw send` would send for an event'
complete -c ocw -n "__fish_ocw_using_subcommand events; and not __fish_seen_subcommand_from list show scenarios help" -f -a "scenarios" -d 'List the built-in scenarios, or print one\'s YAML to copy and extend'
complete -c ocw -n "__fish_ocw_using_subcommand events; and not __fish_seen_subcommand_from list show scenarios help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from list" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from list" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from list" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from show" -l fixtures -d 'Load event fixtures from this folder (one <event>.json each) instead of the built-ins' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from show" -l set -d 'Set a field: dot path, `[N]` indices; the value is JSON if it parses, else a string' -r
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from show" -l unset -d 'Remove a field (dot path)' -r
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from show" -l data -d 'Use this JSON document as the payload instead of the fixture (`-` for stdin)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from show" -l raw-body -d 'Send this file\'s bytes untouched, whatever they are (no parsing, stamping or editing)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from show" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from show" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from show" -l compact -d 'Print exactly the bytes that go on the wire instead of indented JSON'
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from show" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from show" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from scenarios" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from scenarios" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from scenarios" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from scenarios" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from scenarios" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from scenarios" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from scenarios" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from scenarios" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the event types with a one-line description (the default)'
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the payload `ocw send` would send for an event'
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "scenarios" -d 'List the built-in scenarios, or print one\'s YAML to copy and extend'
complete -c ocw -n "__fish_ocw_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ocw -n "__fish_ocw_using_subcommand demo" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand demo" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand demo" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand demo" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand demo" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand demo" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand demo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand demo" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand completions" -l color -d 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe'
never\t'Never colour'"
complete -c ocw -n "__fish_ocw_using_subcommand completions" -l config -d 'Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user config dir\'s ocw/ocw.yaml)' -r -F
complete -c ocw -n "__fish_ocw_using_subcommand completions" -s v -l verbose -d 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
complete -c ocw -n "__fish_ocw_using_subcommand completions" -s q -l quiet -d 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
complete -c ocw -n "__fish_ocw_using_subcommand completions" -l json -d 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
complete -c ocw -n "__fish_ocw_using_subcommand completions" -l no-progress -d 'Never draw progress bars (send\'s storms draw one on a terminal)'
complete -c ocw -n "__fish_ocw_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ocw -n "__fish_ocw_using_subcommand completions" -s V -l version -d 'Print version'
complete -c ocw -n "__fish_ocw_using_subcommand help; and not __fish_seen_subcommand_from send sign verify retry replay config listen test bridge hook taskflow events demo completions help" -f -a "send" -d 'Build, sign and POST sample webhooks to an endpoint'
complete -c ocw -n "__fish_ocw_using_subcommand help; and not __fish_seen_subcommand_from send sign verify retry replay config listen test bridge hook taskflow events demo completions help" -f -a "sign" -d 'Print the x-openclaw-signature value for a body'
complete -c ocw -n "__fish_ocw_using_subcommand help; and not __fish_seen_subcommand_from send sign verify retry replay config listen test bridge hook taskflow events demo completions help" -f -a "verify" -d 'Check a webhook signature, and explain why one fails'
complete -c ocw -n "__fish_ocw_using_subcommand help; and not __fish_seen_subcommand_from send sign verify retry replay config listen test bridge hook taskflow events demo completions help" -f -a "retry" -d 'Play one delivery under OpenClaw\'s retry policy (30 s, 5 min, 30 min, then failed)'
complete -c ocw -n "__fish_ocw_using_subcommand help; and not __fish_seen_subcommand_from send sign verify retry replay config listen test bridge hook taskflow events demo completions help" -f -a "replay" -d 'Send recorded requests again, byte for byte (from `listen --record` or `listen --json`)'
complete -c ocw -n "__fish_ocw_using_subcommand help; and not __fish_seen_subcommand_from send sign verify retry replay config listen test bridge hook taskflow events demo completions help" -f -a "config" -d 'Check or create the webhook config file (the article\'s `webhooks:` block)'
complete -c ocw -n "__fish_ocw_using_subcommand help; and not __fish_seen_subcommand_from send sign verify retry replay config listen test bridge hook taskflow events demo completions help" -f -a "listen" -d 'Receive webhooks locally: pretty-print, verify, record, forward, script answers'
complete -c ocw -n "__fish_ocw_using_subcommand help; and not __fish_seen_subcommand_from send sign verify retry replay config listen test bridge hook taskflow events demo completions help" -f -a "test" -d 'Run a conformance suite against a webhook receiver, and say what it gets wrong'
complete -c ocw -n "__fish_ocw_using_subcommand help; and not __fish_seen_subcommand_from send sign verify retry replay config listen test bridge hook taskflow events demo completions help" -f -a "bridge" -d 'Bridge a WebSocket relay to the OpenClaw Gateway (start, run, stop, restart, status)'
complete -c ocw -n "__fish_ocw_using_subcommand help; and not __fish_seen_subcommand_from send sign verify retry replay config listen test bridge hook taskflow events demo completions help" -f -a "hook" -d 'Call the Gateway\'s inbound hooks: an agent turn, a wake, or a mapped hook'
complete -c ocw -n "__fish_ocw_using_subcommand help; and not __fish_seen_subcommand_from send sign verify retry replay config listen test bridge hook taskflow events demo completions help" -f -a "taskflow" -d 'Drive TaskFlow records through the Gateway\'s webhooks plugin'
complete -c ocw -n "__fish_ocw_using_subcommand help; and not __fish_seen_subcommand_from send sign verify retry replay config listen test bridge hook taskflow events demo completions help" -f -a "events" -d 'List the webhook event types, or show one\'s payload'
complete -c ocw -n "__fish_ocw_using_subcommand help; and not __fish_seen_subcommand_from send sign verify retry replay config listen test bridge hook taskflow events demo completions help" -f -a "demo" -d 'Run an offline tour: a local receiver, every event sent signed and verified'
complete -c ocw -n "__fish_ocw_using_subcommand help; and not __fish_seen_subcommand_from send sign verify retry replay config listen test bridge hook taskflow events demo completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c ocw -n "__fish_ocw_using_subcommand help; and not __fish_seen_subcommand_from send sign verify retry replay config listen test bridge hook taskflow events demo completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ocw -n "__fish_ocw_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "check" -d 'Validate the config and print its webhooks (secrets redacted)'
complete -c ocw -n "__fish_ocw_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "init" -d 'Write a commented example config (mode 0600)'
complete -c ocw -n "__fish_ocw_using_subcommand help; and __fish_seen_subcommand_from bridge" -f -a "start" -d 'Save the settings, then run the bridge in the background'
complete -c ocw -n "__fish_ocw_using_subcommand help; and __fish_seen_subcommand_from bridge" -f -a "run" -d 'Run the bridge in the foreground until Ctrl-C or SIGTERM'
complete -c ocw -n "__fish_ocw_using_subcommand help; and __fish_seen_subcommand_from bridge" -f -a "stop" -d 'Stop the background bridge (SIGTERM, then wait up to 10 s)'
complete -c ocw -n "__fish_ocw_using_subcommand help; and __fish_seen_subcommand_from bridge" -f -a "restart" -d 'Save the settings, stop the background bridge (if running) and start it again'
complete -c ocw -n "__fish_ocw_using_subcommand help; and __fish_seen_subcommand_from bridge" -f -a "status" -d 'Tell whether the background bridge is running (exit 0) or not (exit 1), and how it is doing'
complete -c ocw -n "__fish_ocw_using_subcommand help; and __fish_seen_subcommand_from bridge" -f -a "logs" -d 'Print the background bridge\'s log (bridge.log in the state dir)'
complete -c ocw -n "__fish_ocw_using_subcommand help; and __fish_seen_subcommand_from hook" -f -a "agent" -d 'Submit an agent turn (POST <hooks>/agent) and print its run id'
complete -c ocw -n "__fish_ocw_using_subcommand help; and __fish_seen_subcommand_from hook" -f -a "wake" -d 'Queue a system event for the agent\'s main session (POST <hooks>/wake)'
complete -c ocw -n "__fish_ocw_using_subcommand help; and __fish_seen_subcommand_from hook" -f -a "post" -d 'POST a JSON object to a mapped hook (POST <hooks>/NAME, see hooks.mappings)'
complete -c ocw -n "__fish_ocw_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "list" -d 'List the event types with a one-line description (the default)'
complete -c ocw -n "__fish_ocw_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "show" -d 'Print the payload `ocw send` would send for an event'
complete -c ocw -n "__fish_ocw_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "scenarios" -d 'List the built-in scenarios, or print one\'s YAML to copy and extend'
