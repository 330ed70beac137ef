#!/usr/bin/env bash
# RSS of each variant at N tenants: after the first cycle and a scrape, after nine scrapes each with an Accept header
# of its own (each one rendered anew), and after 3 s of wrk at 64 connections; variants in turn.
#
#   VARIANTS="dir:/tmp/before default" N=1000 bench/scrapememory.sh
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

VARIANTS=${VARIANTS:-default}
N=${N:-1000}

build_all
for variant in $VARIANTS; do variant_build "$variant"; done
start_simulator "$N"
write_config "$OUT/scrapememory.json" 01:00:00 32
mib() { echo $(($(rss_kb "$1") / 1024)); }
for variant in $VARIANTS; do
  start_exporter "$variant" "$OUT/scrapememory.json" "$(free_port)"
  wait_for "exporter ready" 900 ready "$EXP_URL"
  curl -fsS -o /dev/null "$EXP_URL/metrics"
  sleep 2
  first=$(mib "$EXP_PID")
  for i in $(seq 9); do curl -fsS -o /dev/null -H "Accept: text/plain; sample=$i" "$EXP_URL/metrics"; done
  sleep 1
  rendered=$(mib "$EXP_PID")
  wrk -t2 -c64 -d3s "$EXP_URL/metrics" >/dev/null 2>&1
  sleep 1
  echo "| $N | $variant | $first | $rendered | $(mib "$EXP_PID") |"
  stop_pid "$EXP_PID"
done
