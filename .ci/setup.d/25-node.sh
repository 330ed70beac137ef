#!/usr/bin/env bash
# Node.js and npm from Debian, for 30-helm.sh (it fetches Helm, kubectl and the chart's schema modules with npm).
set -euo pipefail

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm ca-certificates
fi
echo "node $(node --version), npm $(npm --version)"
