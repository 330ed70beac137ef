#!/usr/bin/env bash
# Case 3: start-up. From process start to listening (/healthz 200), to ready (/readyz 200 after the first poll
# cycle) and to the first /metrics answered with scores, against the simulator. Variants take turns; medians.
#
#   bench/startup.sh                                  # default build, 1 tenant, 9 rounds
#   VARIANTS="default r2r aot" TENANTS=100 bench/startup.sh
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

VARIANTS=${VARIANTS:-"default r2r"}
TENANTS=${TENANTS:-1}
ROUNDS=${ROUNDS:-9}

build_all
for variant in $VARIANTS; do variant_build "$variant"; done

raw=$OUT/startup-raw.tsv
: >"$raw"
start_simulator "$TENANTS"
config=$OUT/startup.json
write_config "$config" 01:00:00

ms_since_start() { echo $((($(now_ns) - EXP_START_NS) / 1000000)); }

for round in $(seq "$ROUNDS"); do
  for variant in $VARIANTS; do
    start_exporter "$variant" "$config" "$(free_port)"
    until curl -fs -o /dev/null "$EXP_URL/healthz"; do
      kill -0 "$EXP_PID" 2>/dev/null || die "exporter exited: $(tail -5 "$EXP_LOG")"
      sleep 0.005
    done
    listening=$(ms_since_start)
    until ready "$EXP_URL"; do
      (($(ms_since_start) < 60000)) || die "not ready after 60 s"
      sleep 0.005
    done
    is_ready=$(ms_since_start)
    curl -fsS -o "$OUT/startup.metrics" "$EXP_URL/metrics"
    scraped=$(ms_since_start)
    grep -q '^defender_device_secure_score{' "$OUT/startup.metrics" || die "first scrape had no score"
    cpu=$(cpu_ms "$EXP_PID")
    rss=$(rss_kb "$EXP_PID")
    log "round $round, $variant: listening $listening ms, ready $is_ready ms, first scrape $scraped ms, cpu $cpu ms, rss $((rss / 1024)) MiB"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$variant" "$listening" "$is_ready" "$scraped" "$cpu" "$rss" >>"$raw"
    stop_pid "$EXP_PID"
  done
done
stop_pid "$SIM_PID"

column_median() { awk -F'\t' -v v="$1" -v c="$2" '$1 == v { print $c }' "$raw" | median; }
{
  echo "### Start-up (bench/startup.sh)"
  echo
  machine_header
  echo "- $TENANTS tenant(s) on the simulator, $ROUNDS rounds, variants in turn; medians. Times from fork/exec to the answer, polled every 5 ms with curl."
  echo "- variants: $VARIANT_NOTES"
  echo
  echo "| variant | listening ms | ready (/readyz 200) ms | first scrape with scores ms | CPU at that point ms | RSS then MiB |"
  echo "|---|---:|---:|---:|---:|---:|"
  for variant in $VARIANTS; do
    printf '| %s | %s | %s | %s | %s | %.1f |\n' "$variant" "$(column_median "$variant" 2)" "$(column_median "$variant" 3)" \
      "$(column_median "$variant" 4)" "$(column_median "$variant" 5)" "$(awk -v kb="$(column_median "$variant" 6)" 'BEGIN { print kb / 1024 }')"
  done
} | write_results startup
