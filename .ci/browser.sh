#!/usr/bin/env bash
# Installs Debian's Chromium and ChromeDriver when absent, then runs the browser smoke test of
# the `tauar` binary (crates/tauar/tests/it/browser.rs). TAUAR_E2E=1 makes a missing browser
# a failure instead of a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  echo "== installing chromium and chromium-driver from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi
echo "== $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
TAUAR_E2E=1 cargo test -p tauar --locked --test it -- browser --test-threads=1
