
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
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand send 'Build, sign and POST sample webhooks to an endpoint'
            cand sign 'Print the x-openclaw-signature value for a body'
            cand verify 'Check a webhook signature, and explain why one fails'
            cand events 'List the webhook event types, or show one''s payload'
            cand demo 'Run an offline tour: a local receiver, every event sent signed and verified'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ocw;send'= {
            cand --to 'Endpoint URL to POST to'
            cand --secret 'Signing secret (prefer OCW_SECRET or --secret-file: argv is visible to other users)'
            cand --secret-file 'Read the signing secret from a file (one trailing newline is stripped)'
            cand -H 'Extra request header, `Name: value` (repeatable)'
            cand --header 'Extra request header, `Name: value` (repeatable)'
            cand --timeout 'Give up on an answer after this long (e.g. 500ms, 5s)'
            cand -n 'Send each event this many times, each with its own conversation_id (a webhook storm)'
            cand --count 'Send each event this many times, each with its own conversation_id (a webhook storm)'
            cand -c 'Deliveries in flight at once during a storm'
            cand --concurrency 'Deliveries in flight at once during a storm'
            cand --fixtures 'Load event fixtures from this folder (one <event>.json each) instead of the built-ins'
            cand --set 'Set a field: dot path, `[N]` indices; the value is JSON if it parses, else a string'
            cand --unset 'Remove a field (dot path)'
            cand --data 'Use this JSON document as the payload instead of the fixture (`-` for stdin)'
            cand --raw-body 'Send this file''s bytes untouched, whatever they are (no parsing, stamping or editing)'
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand --all 'Send every event type of the catalog'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;sign'= {
            cand --secret 'Signing secret (prefer OCW_SECRET or --secret-file: argv is visible to other users)'
            cand --secret-file 'Read the signing secret from a file (one trailing newline is stripped)'
            cand --scheme 'Signature scheme to produce (ocw, openclaw-plugin, github, stripe, standard-webhooks, slack, shopify)'
            cand --timestamp 'Unix timestamp for timestamped schemes (default: now)'
            cand --msg-id 'Message id for Standard Webhooks (default: a fresh msg_ id)'
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars'
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
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;events'= {
            cand --fixtures 'Load event fixtures from this folder instead of the built-ins'
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the event types with a one-line description (the default)'
            cand show 'Print the payload `ocw send` would send for an event'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ocw;events;list'= {
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars'
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
            cand --compact 'Print exactly the bytes that go on the wire instead of indented JSON'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;events;help'= {
            cand list 'List the event types with a one-line description (the default)'
            cand show 'Print the payload `ocw send` would send for an event'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ocw;events;help;list'= {
        }
        &'ocw;events;help;show'= {
        }
        &'ocw;events;help;help'= {
        }
        &'ocw;demo'= {
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;completions'= {
            cand --color 'When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)'
            cand -v 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand --verbose 'More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)'
            cand -q 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --quiet 'Less chatter on stderr (-q: results only, -qq: nothing but the exit code)'
            cand --json 'Machine-readable JSON on stdout (NDJSON for streams) and nothing else there'
            cand --no-progress 'Never draw progress bars'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ocw;help'= {
            cand send 'Build, sign and POST sample webhooks to an endpoint'
            cand sign 'Print the x-openclaw-signature value for a body'
            cand verify 'Check a webhook signature, and explain why one fails'
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
        &'ocw;help;events'= {
            cand list 'List the event types with a one-line description (the default)'
            cand show 'Print the payload `ocw send` would send for an event'
        }
        &'ocw;help;events;list'= {
        }
        &'ocw;help;events;show'= {
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
