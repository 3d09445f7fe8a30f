#!/bin/sh
# Install Debian's chromium and chromium-driver for tests/test_report_browser.py (headless Chromium).
# Idempotent: does nothing when both are there. Needs root and apt-get; without them it says so and exits
# 0, and the browser tests skip (every other test still runs).
set -eu
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-chromium: chromium/chromium-driver missing and cannot be installed here (needs root and apt-get);" \
         "the browser tests will be skipped" >&2
    exit 0
fi
echo "install-chromium: apt-get install chromium chromium-driver (a few minutes, once)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
