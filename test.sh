#!/usr/bin/env bash
# Runs every test on a Debian 12 machine that has the .NET 10 SDK, and ends with the line "N passed, N failed".
#
#   sudo ./test.sh                                            everything (root installs what is missing)
#   ./test.sh --filter "FullyQualifiedName~Configuration"     extra arguments go to `dotnet test`
#
# 1. Installs what the tests use (.ci/setup.d: Prometheus, promtool, Alertmanager, jsonnet, Node.js and npm, Helm,
#    kubectl, the chart's schema modules and playwright-core, Docker engine, Chromium). Each step installs only what is
#    missing, so a second run is quick.
#    Without root nothing can be installed: if something is missing the script says what, and stops.
# 2. Builds the solution with warnings as errors.
# 3. Runs the tests, with a TRX report under TestResults/, and counts the results.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# What .ci/setup.d would install, as the tests look for it.
missing_tools() {
  local missing=() tool
  for tool in prometheus promtool prometheus-alertmanager amtool jsonnet node npm unzip dockerd; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  [[ -x /usr/bin/docker ]] || missing+=(docker)
  [[ -x /bin/busybox ]] || missing+=(busybox)
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  [[ -x .tools/bin/helm ]] || missing+=(helm)
  [[ -x .tools/bin/kubectl ]] || missing+=(kubectl)
  if [[ ! -d .tools/node/node_modules ]]; then
    missing+=("the chart's schema modules (.tools/node)")
  elif [[ ! -f .tools/node/node_modules/playwright-core/package.json ]]; then
    missing+=("playwright-core (.tools/node)") # a .tools/node from before the browser check
  fi
  local list
  list="$(printf '%s, ' "${missing[@]}")"
  ((${#missing[@]})) && echo "${list%, }"
  return 0
}

if [[ $(id -u) != 0 ]]; then
  missing="$(missing_tools)"
  if [[ -n $missing ]]; then
    echo "test.sh: the tests need $missing: run it once as root (sudo ./test.sh) to install them." >&2
    exit 1
  fi
fi

echo "== setup"
if [[ $(id -u) == 0 ]]; then
  for step in .ci/setup.d/*.sh; do
    echo "-- $step"
    bash "$step"
  done
else
  echo "everything is installed"
fi

echo "== build"
dotnet build ScoreExporter.sln -c Release -warnaserror

echo "== test"
rm -rf TestResults
status=0
dotnet test ScoreExporter.sln -c Release --no-build --logger "trx;LogFileName=results.trx" --results-directory TestResults "$@" || status=$?
bash .ci/count-results TestResults
exit "$status"
