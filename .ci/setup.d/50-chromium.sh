#!/usr/bin/env bash
# Debian's Chromium, the browser the landing-page test drives headless through playwright-core (no browser download).
# Idempotent: skipped when /usr/bin/chromium is there.
set -euo pipefail

if [[ ! -x /usr/bin/chromium ]]; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
fi
# Its launcher's /dev/shm size check can print a harmless shell error on stderr in containers; the version is on stdout.
/usr/bin/chromium --version 2>/dev/null
