#!/usr/bin/env bash
# What tests/publish/test_page_browser.py needs beyond the test extra: a Chromium
# that runs headless here. Playwright's own browser download cannot reach its
# servers from CI, so the test drives Debian's chromium (/usr/bin/chromium).
# Idempotent: installs only what is missing. Source or run it after `pip install '.[test]'`.
set -euo pipefail

if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "browser-deps: /usr/bin/chromium is missing and this is not root: run 'sudo apt-get install chromium chromium-driver'" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium chromium-driver >/dev/null
fi
/usr/bin/chromium --version 2>/dev/null  # its wrapper script warns on stderr about nothing

# The Python side belongs in pyproject's test extra; this only covers a virtualenv
# made before it was added (and never touches a Python outside the active one).
if [ -n "${VIRTUAL_ENV:-}" ] && ! "$VIRTUAL_ENV/bin/python" -c "import playwright" 2>/dev/null; then
    "$VIRTUAL_ENV/bin/python" -m pip install --quiet "playwright>=1.49"
fi
