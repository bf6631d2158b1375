#!/usr/bin/env bash
# Installs what the inspector's browser test (tests/it/inspector.rs, browser_*) needs: Debian's
# chromium and chromium-driver (W3C WebDriver, spoken to over plain HTTP by the test itself).
# Does nothing when both are already there.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
echo "installing chromium and chromium-driver (needed by the inspector's browser test)"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
