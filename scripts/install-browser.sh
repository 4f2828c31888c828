#!/usr/bin/env bash
# Installs Debian's Chromium at /usr/bin/chromium for the Playwright browser tests.
# Playwright never downloads a browser here (no `playwright install`): the tests launch
# this executable. Does nothing when it is already there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    echo "install-browser: /usr/bin/chromium is present"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: no apt-get here; install Chromium as /usr/bin/chromium by hand" \
         "(the browser tests skip until then)" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium
test -x /usr/bin/chromium
echo "install-browser: installed /usr/bin/chromium"
