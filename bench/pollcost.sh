#!/usr/bin/env bash
# Case 4: poll cost. CPU time per poll (steady state, token cached) and per tenant in the first cycle (token
# requests included), and how the first cycle's wall time grows with tenants at MaxConcurrentPolls 8 (the
# default) and 32. Steady polls are spread over the interval by each tenant's phase, so the first cycle is
# the one burst where every tenant is due at once.
#
#   bench/pollcost.sh
#   COUNTS="1 100" CONCURRENCIES=8 bench/pollcost.sh
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

COUNTS=${COUNTS:-"1 100 1000 10000"}
CONCURRENCIES=${CONCURRENCIES:-"8 32"}
INTERVAL_S=${INTERVAL_S:-10}
WINDOW_S=${WINDOW_S:-30}
VARIANT=${VARIANT:-default}

build_all
variant_build "$VARIANT"
raw=$OUT/pollcost-raw.tsv
: >"$raw"
interval=$(printf '00:00:%02d' "$INTERVAL_S")

polls_so_far() { curl -fsS "$1/metrics" | awk '/^defender_scrapes_total\{/ { s += $NF } END { print s + 0 }'; }

# The first cycle's wall time as the exporter logs it (event 6), in ms.
first_cycle_ms() {
  jq -r 'select(.EventId == 6) | .State.Elapsed' "$EXP_LOG" 2>/dev/null | head -1 \
    | awk -F: '{ printf "%.0f\n", ($1 * 3600 + $2 * 60 + $3) * 1000 }'
}

for tenants in $COUNTS; do
  start_simulator "$tenants"
  config=$OUT/pollcost-$tenants.json
  for concurrency in $CONCURRENCIES; do
    log "== $tenants tenants, MaxConcurrentPolls $concurrency"
    write_config "$config" "$interval" "$concurrency"
    start_exporter "$VARIANT" "$config" "$(free_port)"
    wait_for "exporter listening" 60 curl -fs -o /dev/null "$EXP_URL/healthz"
    cpu_listening=$(cpu_ms "$EXP_PID")
    wait_for "exporter ready" 1800 ready "$EXP_URL"
    cpu_ready=$(cpu_ms "$EXP_PID")
    sim_cpu_ready=$(cpu_ms "$SIM_PID")
    cycle_ms=$(first_cycle_ms)

    # Steady state: skip one interval, then measure a window.
    sleep "$INTERVAL_S"
    a=$(cpu_ms "$EXP_PID")
    polls_a=$(polls_so_far "$EXP_URL")
    b=$(cpu_ms "$EXP_PID")
    scrape_cpu=$((b - a))
    sim_a=$(cpu_ms "$SIM_PID")
    sleep "$WINDOW_S"
    c=$(cpu_ms "$EXP_PID")
    sim_c=$(cpu_ms "$SIM_PID")
    polls_c=$(polls_so_far "$EXP_URL")
    polls=$((polls_c - polls_a))
    # CPU of the window without the one scrape that counted its polls.
    steady_cpu=$((c - b))
    log "first cycle ${cycle_ms} ms, $((cpu_ready - cpu_listening)) ms CPU; window: $polls polls, ${steady_cpu} ms CPU (scrape ${scrape_cpu} ms)"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tenants" "$concurrency" "$cycle_ms" "$((cpu_ready - cpu_listening))" \
      "$polls" "$steady_cpu" "$((sim_c - sim_a))" "$scrape_cpu" >>"$raw"
    stop_pid "$EXP_PID"
    : "$sim_cpu_ready"
  done
  stop_pid "$SIM_PID"
done

{
  echo "### Poll cost (bench/pollcost.sh)"
  echo
  machine_header
  echo "- PollInterval ${INTERVAL_S}s; steady state measured over ${WINDOW_S}s after one interval; CPU = user + system of the exporter process from /proc (the simulator's own CPU is shown apart). Variant: $VARIANT."
  echo
  echo "| tenants | MaxConcurrentPolls | first cycle wall ms | first cycle CPU ms per tenant (token + poll) | steady polls in window | steady CPU ms per poll | steady exporter CPU % of a core | simulator CPU ms per poll |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' -v w="$WINDOW_S" '{
    per_poll = ($5 > 0) ? sprintf("%.2f", $6 / $5) : "n/a"
    sim_per_poll = ($5 > 0) ? sprintf("%.2f", $7 / $5) : "n/a"
    printf "| %s | %s | %s | %.2f | %s | %s | %.1f | %s |\n", $1, $2, $3, $4 / $1, $5, per_poll, $6 / (w * 10), sim_per_poll
  }' "$raw"
} | write_results pollcost
