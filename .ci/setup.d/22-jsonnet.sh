#!/usr/bin/env bash
# jsonnet, which renders grafana/mixin into the shipped dashboard and rule file (the tests render it and compare).
set -euo pipefail

if ! command -v jsonnet >/dev/null 2>&1; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends jsonnet
fi

jsonnet --version
