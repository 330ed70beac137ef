#!/usr/bin/env bash
# Case 2: memory. RSS idle right after start (1 tenant), and RSS after ten poll cycles with 1, 1,000 and 10,000
# tenants (scraped once per cycle, as Prometheus would), so bytes per extra tenant. Variants take turns.
# A second, instrumented pass (dotnet-counters attached, so its RSS is not quoted) reads the runtime's own
# metrics: managed heap after the last GC, committed memory, GC counts and bytes allocated per cycle.
#
#   bench/memory.sh
#   VARIANTS="default wks" COUNTS="1 1000" CYCLES=5 bench/memory.sh
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

VARIANTS=${VARIANTS:-"default wks"}          # compared after poll cycles
IDLE_VARIANTS=${IDLE_VARIANTS:-$VARIANTS}    # compared idle
COUNTS=${COUNTS:-"1 1000 10000"}
CYCLES=${CYCLES:-10}
INTERVAL_S=${INTERVAL_S:-30}   # the shortest the default collectors' call budget allows
IDLE_ROUNDS=${IDLE_ROUNDS:-5}
IDLE_SETTLE_S=${IDLE_SETTLE_S:-3}
CONCURRENCY=${CONCURRENCY:-32}
COUNTERS=${COUNTERS:-$(command -v dotnet-counters || echo "$HOME/.dotnet/tools/dotnet-counters")}

build_all
for variant in $VARIANTS $IDLE_VARIANTS; do variant_build "$variant"; done
interval=$(printf '00:00:%02d' "$INTERVAL_S")
idle_raw=$OUT/memory-idle.tsv
cycle_raw=$OUT/memory-cycles.tsv
gc_raw=$OUT/memory-gc.tsv
: >"$idle_raw"
: >"$cycle_raw"
: >"$gc_raw"

# The fewest polls started so far by any tenant's collector (defender_scrapes_total, one series per tenant and collector).
polls_so_far() { curl -fsS "$1/metrics" | awk '/^defender_scrapes_total\{/ { if (n++ == 0 || $NF < m) m = $NF } END { print m + 0 }'; }

# run_cycles TENANTS: waits (scraping once per interval) until every tenant's every collector was polled CYCLES times after the first.
run_cycles() {
  local target=$((CYCLES + 1)) deadline=$(($(date +%s) + INTERVAL_S * (CYCLES + 1) * 3 + 60)) polls
  while :; do
    polls=$(polls_so_far "$EXP_URL")
    ((polls >= target)) && break
    (($(date +%s) < deadline)) || die "only $polls of $target polls after the deadline"
    sleep "$INTERVAL_S"
  done
}

log "== idle RSS, 1 tenant"
start_simulator 1
write_config "$OUT/memory-1.json" 01:00:00
for round in $(seq "$IDLE_ROUNDS"); do
  for variant in $IDLE_VARIANTS; do
    start_exporter "$variant" "$OUT/memory-1.json" "$(free_port)"
    wait_for "exporter ready" 60 ready "$EXP_URL"
    sleep "$IDLE_SETTLE_S"
    rss=$(rss_kb "$EXP_PID")
    log "round $round, $variant: idle RSS $((rss / 1024)) MiB"
    printf '%s\t%s\n' "$variant" "$rss" >>"$idle_raw"
    stop_pid "$EXP_PID"
  done
done
stop_pid "$SIM_PID"

for tenants in $COUNTS; do
  log "== $tenants tenants, $CYCLES cycles of ${INTERVAL_S}s"
  start_simulator "$tenants"
  config=$OUT/memory-$tenants.json
  write_config "$config" "$interval" "$CONCURRENCY"
  for variant in $VARIANTS; do
    start_exporter "$variant" "$config" "$(free_port)"
    wait_for "exporter ready" 900 ready "$EXP_URL"
    run_cycles "$tenants"
    rss=$(rss_kb "$EXP_PID")
    hwm=$(hwm_kb "$EXP_PID")
    log "$variant: RSS $((rss / 1024)) MiB, peak $((hwm / 1024)) MiB"
    printf '%s\t%s\t%s\t%s\n' "$tenants" "$variant" "$rss" "$hwm" >>"$cycle_raw"
    stop_pid "$EXP_PID"
  done

  if [[ -x $COUNTERS ]]; then
    # Instrumented pass, default variant: one counters row per poll interval.
    start_exporter default "$config" "$(free_port)"
    wait_for "exporter ready" 900 ready "$EXP_URL"
    span=$(((CYCLES + 1) * INTERVAL_S))
    "$COUNTERS" collect -p "$EXP_PID" --counters System.Runtime --format json --refresh-interval "$INTERVAL_S" \
      --duration "$(printf '00:%02d:%02d:%02d' $((span / 3600)) $((span % 3600 / 60)) $((span % 60)))" \
      -o "$OUT/memory-counters-$tenants.json" >/dev/null 2>&1 &
    counters_pid=$!
    STARTED_PIDS+=("$counters_pid")
    run_cycles "$tenants"
    wait "$counters_pid" || true
    stop_pid "$EXP_PID"
    # Gauges: their last value. Rates ("... / 10 sec"): counted per refresh interval, i.e. per poll cycle; the mean
    # over the cycles.
    jq -r --arg n "$tenants" '
      [.Events[] | {key: ((.name | sub(" \\(.*$"; "")) + "|" + .tags), value}] | group_by(.key)
        | map({key: .[0].key, last: .[-1].value, mean: ((map(.value) | add) / length)}) | INDEX(.key) as $c
      | def last(k): ($c[k].last // 0); def mean(k): ($c[k].mean // 0);
      [$n,
       ([ "gen0", "gen1", "gen2", "loh", "poh" ] | map(last("dotnet.gc.last_collection.heap.size|gc.heap.generation=" + .)) | add),
       last("dotnet.gc.last_collection.memory.committed_size|"),
       mean("dotnet.gc.heap.total_allocated|"),
       mean("dotnet.gc.collections|gc.heap.generation=gen0"),
       mean("dotnet.gc.collections|gc.heap.generation=gen1"),
       mean("dotnet.gc.collections|gc.heap.generation=gen2")] | @tsv' \
      "$OUT/memory-counters-$tenants.json" >>"$gc_raw" 2>/dev/null || log "could not read counters for $tenants tenants"
  fi
  stop_pid "$SIM_PID"
done

mib() { awk -v kb="$1" 'BEGIN { if (kb == "n/a" || kb == "") print "n/a"; else printf "%.1f", kb / 1024 }'; }
idle_median() { awk -F'\t' -v v="$1" '$1 == v { print $2 }' "$idle_raw" | median; }
cycle_value() { awk -F'\t' -v t="$1" -v v="$2" -v c="$3" '$1 == t && $2 == v { print $c }' "$cycle_raw" | median; }
{
  echo "### Memory (bench/memory.sh)"
  echo
  machine_header
  echo "- variants: $VARIANT_NOTES"
  echo "- idle: 1 tenant, ${IDLE_SETTLE_S}s after /readyz, median of $IDLE_ROUNDS; cycles: PollInterval ${INTERVAL_S}s, MaxConcurrentPolls $CONCURRENCY, RSS after $CYCLES cycles with one /metrics scrape per cycle."
  echo
  echo "| variant | idle RSS MiB (1 tenant) |$(for t in $COUNTS; do printf ' RSS after %s cycles, %s tenants MiB (peak) |' "$CYCLES" "$t"; done) bytes per extra tenant |"
  echo "|---|---:|$(for _ in $COUNTS; do printf -- '---:|'; done)---:|"
  first=${COUNTS%% *}
  last=${COUNTS##* }
  for variant in $(printf '%s\n' $IDLE_VARIANTS $VARIANTS | awk '!seen[$0]++'); do
    row="| $variant | $(mib "$(idle_median "$variant")") |"
    for t in $COUNTS; do
      row+=" $(mib "$(cycle_value "$t" "$variant" 3)") ($(mib "$(cycle_value "$t" "$variant" 4)")) |"
    done
    per=$(awk -v a="$(cycle_value "$first" "$variant" 3)" -v b="$(cycle_value "$last" "$variant" 3)" -v n="$first" -v m="$last" \
      'BEGIN { if (m == n) print "n/a"; else printf "%.0f", (b - a) * 1024 / (m - n) }')
    echo "$row $per |"
  done
  if [[ -s $gc_raw ]]; then
    echo
    echo "Runtime metrics (System.Runtime meter through dotnet-counters, default variant; heap after the last GC; allocation and GCs per poll cycle, mean over the cycles, one scrape per cycle included):"
    echo
    echo "| tenants | managed heap after last GC KiB | GC committed KiB | allocated per cycle KiB | GCs per cycle gen0 / gen1 / gen2 |"
    echo "|---:|---:|---:|---:|---|"
    awk -F'\t' '{ printf "| %s | %.0f | %.0f | %.0f | %.2f / %.2f / %.2f |\n", $1, $2 / 1024, $3 / 1024, $4 / 1024, $5, $6, $7 }' "$gc_raw"
  fi
} | write_results memory
