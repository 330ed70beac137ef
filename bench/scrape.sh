#!/usr/bin/env bash
# Case 1: /metrics throughput and latency at 1, 100, 1,000 and 10,000 tenants, beside the limit: a bare Kestrel
# endpoint answering the same bytes from memory. Exporter and baseline take turns (A B A B) and the table quotes
# medians and the ratio exporter / limit.
#
#   bench/scrape.sh                      # all tenant counts, 3 rounds of 5 s per target and connection count
#   TENANTS="100" ROUNDS=5 VARIANT=wks bench/scrape.sh
#
# Also measures the uncached scrape (what Prometheus sees every scrape interval): single requests spaced wider
# than the exporter's response cache.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

TENANTS=${TENANTS:-"1 100 1000 10000"}
CONNECTIONS=${CONNECTIONS:-"1 64"}
ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-5}
COLD_SAMPLES=${COLD_SAMPLES:-15}
COLD_GAP=${COLD_GAP:-0.5}   # seconds between uncached scrapes; longer than the response cache
VARIANT=${VARIANT:-default}   # see lib/common.sh: default, wks, r2r, aot, ...

build_all
variant_build "$VARIANT"
raw=$OUT/scrape-raw.tsv
: >"$raw"
cold=$OUT/scrape-cold.tsv
: >"$cold"

# One uncached request's total time in ms, after waiting out the response cache.
cold_scrape_ms() {
  sleep "$COLD_GAP"
  curl -s -o /dev/null -w '%{time_total}' "$1/metrics" | awk '{ printf "%.2f\n", $1 * 1000 }'
}

for tenants in $TENANTS; do
  log "== $tenants tenants"
  start_simulator "$tenants"
  config=$OUT/scrape-$tenants.json
  # Long interval: only the first cycle polls, so the scrape is measured alone.
  write_config "$config" 01:00:00 32
  start_exporter "$VARIANT" "$config" "$(free_port)"
  wait_for "exporter /readyz with $tenants tenants" 900 ready "$EXP_URL"

  body=$OUT/scrape-$tenants.metrics
  curl -fsS "$EXP_URL/metrics" -o "$body"
  bytes=$(stat -c %s "$body")
  series=$(grep -c '^defender_' "$body" || true)
  start_bare "$body" "$(free_port)"

  # Warm both up (JIT, connection pools) before anything is measured.
  wrk_run "$EXP_URL/metrics" 64 2 >/dev/null
  wrk_run "$BARE_URL/metrics" 64 2 >/dev/null

  for _ in $(seq "$COLD_SAMPLES"); do
    echo "$tenants exporter $(cold_scrape_ms "$EXP_URL")" >>"$cold"
    echo "$tenants bare $(cold_scrape_ms "$BARE_URL")" >>"$cold"
  done

  for round in $(seq "$ROUNDS"); do
    for connections in $CONNECTIONS; do
      for target in exporter bare; do
        url=$EXP_URL
        [[ $target == bare ]] && url=$BARE_URL
        read -r rps p50 p99 requests errors < <(wrk_run "$url/metrics" "$connections" "$SECONDS_PER_RUN")
        log "round $round, $connections conn, $target: $rps req/s, p50 $p50 ms, p99 $p99 ms, errors $errors"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tenants" "$connections" "$target" "$round" "$rps" "$p50" "$p99" "$errors" "$bytes" "$series" >>"$raw"
      done
    done
  done

  stop_pid "$BARE_PID"
  stop_pid "$EXP_PID"
  stop_pid "$SIM_PID"
done

# median_of TENANTS CONNECTIONS TARGET COLUMN (5 = req/s, 6 = p50, 7 = p99)
median_of() { awk -F'\t' -v t="$1" -v c="$2" -v g="$3" -v col="$4" '$1 == t && $2 == c && $3 == g { print $col }' "$raw" | median; }
cold_median() { awk -v t="$1" -v g="$2" '$1 == t && $2 == g { print $3 }' "$cold" | median; }
cold_max() { awk -v t="$1" -v g="$2" '$1 == t && $2 == g { print $3 }' "$cold" | sort -g | tail -1; }

{
  echo "### Scrape throughput and latency (bench/scrape.sh)"
  echo
  machine_header
  echo "- $ROUNDS rounds of ${SECONDS_PER_RUN}s per target and connection count, exporter and bare Kestrel in turn; medians. Exporter variant: $VARIANT."
  echo
  echo "| tenants | body bytes | series | conns | exporter req/s | limit req/s | exporter ÷ limit | exporter p50 / p99 ms | limit p50 / p99 ms |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for tenants in $TENANTS; do
    bytes=$(awk -F'\t' -v t="$tenants" '$1 == t { print $9; exit }' "$raw")
    series=$(awk -F'\t' -v t="$tenants" '$1 == t { print $10; exit }' "$raw")
    for connections in $CONNECTIONS; do
      e_rps=$(median_of "$tenants" "$connections" exporter 5)
      b_rps=$(median_of "$tenants" "$connections" bare 5)
      printf '| %s | %s | %s | %s | %.0f | %.0f | %s | %s / %s | %s / %s |\n' "$tenants" "$bytes" "$series" "$connections" \
        "$e_rps" "$b_rps" "$(ratio "$e_rps" "$b_rps")" \
        "$(median_of "$tenants" "$connections" exporter 6)" "$(median_of "$tenants" "$connections" exporter 7)" \
        "$(median_of "$tenants" "$connections" bare 6)" "$(median_of "$tenants" "$connections" bare 7)"
    done
  done
  echo
  echo "Uncached scrape (one request after the response cache expired, as Prometheus scrapes), $COLD_SAMPLES samples, curl time_total:"
  echo
  echo "| tenants | exporter median / max ms | limit median / max ms |"
  echo "|---:|---:|---:|"
  for tenants in $TENANTS; do
    echo "| $tenants | $(cold_median "$tenants" exporter) / $(cold_max "$tenants" exporter) | $(cold_median "$tenants" bare) / $(cold_max "$tenants" bare) |"
  done
} | write_results scrape
