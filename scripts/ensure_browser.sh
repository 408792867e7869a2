#!/usr/bin/env bash
# The browser and accessibility tests drive Debian's Chromium (/usr/bin/chromium; never `playwright install`).
# On Debian as root, install it; anywhere else, say in one line what to do and fail: the suite is not
# complete without those tests, so `make test` never passes silently without them.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Chromium for the browser and accessibility tests (apt-get install chromium fonts-liberation)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null
  exit 0
fi
echo "make test needs /usr/bin/chromium for the browser and accessibility tests: run 'sudo apt-get install chromium fonts-liberation' (never 'playwright install'), then make test again." >&2
exit 1
