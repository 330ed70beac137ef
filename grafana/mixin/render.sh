#!/usr/bin/env bash
# Renders the mixin into the files ScoreExporter ships: grafana/dashboards/*.json and
# grafana/alerts/defender-secure-score.rules.yaml, then copies them into the Helm chart.
# With a directory argument, writes the dashboards and the rule file there instead (nothing else is touched).
# Needs jsonnet (Debian's `jsonnet` package, 0.18; go-jsonnet works too).
set -euo pipefail
mixin="$(cd "$(dirname "$0")" && pwd)"
grafana="$(cd "$mixin/.." && pwd)"
out="${1:-}"

dashboards="${out:-$grafana/dashboards}"
rules="${out:-$grafana/alerts}/defender-secure-score.rules.yaml"
mkdir -p "$dashboards"
jsonnet -J "$mixin" -S -m "$dashboards" "$mixin/render/dashboards.jsonnet" >/dev/null
jsonnet -J "$mixin" -S "$mixin/render/rules.jsonnet" >"$rules"

if [[ -z $out ]]; then
  "$grafana/../helm/score-exporter/sync-files.sh"
fi
