#!/usr/bin/env bash
# Copies the bundled alert rules and dashboard from grafana/ into the chart (Helm reads only files inside it).
# The tests compare the copies with grafana/ byte for byte.
set -euo pipefail
chart="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$chart/../.." && pwd)"
cp "$repo/grafana/alerts/defender-secure-score.rules.yaml" "$chart/files/defender-secure-score.rules.yaml"
cp "$repo/grafana/dashboards/defender-secure-score.json" "$chart/files/defender-secure-score.json"
echo "chart files synced from grafana/"
