#!/usr/bin/env bash
# Prometheus, promtool, Alertmanager and amtool for the dashboard and alert-rule tests.
# The tests start their own instances on free loopback ports with temporary data directories,
# so a system service started by the packages cannot confuse them; we still ask apt not to start one.
set -euo pipefail

need=()
for pair in prometheus:prometheus promtool:prometheus prometheus-alertmanager:prometheus-alertmanager amtool:prometheus-alertmanager; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair#*:}")
done

if ((${#need[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  policy=/usr/sbin/policy-rc.d
  if [[ ! -e $policy ]]; then
    # Deny service starts during this install only (honoured by invoke-rc.d).
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod +x "$policy"
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get update -q
  apt-get install -y -q --no-install-recommends $(printf '%s\n' "${need[@]}" | sort -u)
fi

promtool --version 2>&1 | sed -n 1p
prometheus-alertmanager --version 2>&1 | sed -n 1p
