#!/usr/bin/env bash
# Installs what the benchmark scripts use, from Debian: wrk, GNU time, curl, jq; clang and zlib for Native AOT;
# htpasswd and openssl for basicauth.sh.
# Run once as root on a fresh Debian 12 machine with the .NET SDK. Safe to run again.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends wrk time curl jq procps clang zlib1g-dev apache2-utils openssl >/dev/null
if ! command -v dotnet-counters >/dev/null && [[ ! -x $HOME/.dotnet/tools/dotnet-counters ]]; then
  dotnet tool install --global dotnet-counters >/dev/null || echo "dotnet-counters not installed: memory.sh falls back to /proc only" >&2
fi
echo "bench tools ready: $(wrk --version 2>&1 | head -1)"
