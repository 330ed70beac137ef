#!/usr/bin/env bash
# Case 1: /metrics throughput and latency at 1, 100, 1,000 and 10,000 tenants, beside the limit: a bare Kestrel
# endpoint answering the same bytes from memory. Every exporter variant and the baseline take turns (A B A B)
# and the table quotes medians and the ratio exporter / limit.
#
#   bench/scrape.sh                      # all tenant counts, 3 rounds of 5 s per target and connection count
#   TENANTS="100" ROUNDS=5 bench/scrape.sh
#   VARIANTS="dir:/tmp/before default" TENANTS=10000 bench/scrape.sh   # before/after a change
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
VARIANTS=${VARIANTS:-default}   # see lib/common.sh: default, wks, r2r, aot, dir:PATH, ...
# Long by default: only the first cycle polls, so the scrape is measured alone. Shorter (e.g. 00:05:00) keeps polls
# completing between scrapes, as in production, so the exporter renders /metrics anew for most of them.
POLL_INTERVAL=${POLL_INTERVAL:-01:00:00}

build_all
for variant in $VARIANTS; do variant_build "$variant"; done
raw=$OUT/scrape-raw.tsv
: >"$raw"
cold=$OUT/scrape-cold.tsv
: >"$cold"
bodies=$OUT/scrape-bodies.tsv
: >"$bodies"
rss_raw=$OUT/scrape-rss.tsv
: >"$rss_raw"

# One request's total time in ms, COLD_GAP after the previous one (as Prometheus scrapes, not back to back). With an
# Accept header of its own (ACCEPT), a request the exporter cannot answer from a kept body: it renders /metrics.
cold_scrape_ms() {
  sleep "$COLD_GAP"
  curl -s -o /dev/null -w '%{time_total}' ${2:+-H "Accept: $2"} "$1/metrics" | awk '{ printf "%.2f\n", $1 * 1000 }'
}

declare -A URL PID
for tenants in $TENANTS; do
  log "== $tenants tenants"
  start_simulator "$tenants"
  config=$OUT/scrape-$tenants.json
  write_config "$config" "$POLL_INTERVAL" 32
  for variant in $VARIANTS; do
    start_exporter "$variant" "$config" "$(free_port)"
    URL[$variant]=$EXP_URL
    PID[$variant]=$EXP_PID
    wait_for "exporter ($variant) /readyz with $tenants tenants" 1200 ready "$EXP_URL"
  done

  # Every variant's body, for its size; the limit answers the first variant's.
  for variant in $VARIANTS; do
    curl -fsS "${URL[$variant]}/metrics" -o "$OUT/scrape-$tenants.variant.metrics"
    printf '%s\t%s\t%s\t%s\n' "$tenants" "$variant" "$(stat -c %s "$OUT/scrape-$tenants.variant.metrics")" \
      "$(grep -c '^defender_' "$OUT/scrape-$tenants.variant.metrics" || true)" >>"$bodies"
  done
  first=${VARIANTS%% *}
  body=$OUT/scrape-$tenants.metrics
  curl -fsS "${URL[$first]}/metrics" -o "$body"
  bytes=$(stat -c %s "$body")
  series=$(grep -c '^defender_' "$body" || true)
  start_bare "$body" "$(free_port)"
  URL[limit]=$BARE_URL
  targets="$VARIANTS limit"

  # Warm everything up (JIT, connection pools) before anything is measured.
  for target in $targets; do wrk_run "${URL[$target]}/metrics" 64 2 >/dev/null; done

  for sample in $(seq "$COLD_SAMPLES"); do
    for target in $targets; do
      echo "$tenants $target $(cold_scrape_ms "${URL[$target]}")" >>"$cold"
    done
    for variant in $VARIANTS; do
      echo "$tenants $variant:rendered $(cold_scrape_ms "${URL[$variant]}" "text/plain; sample=$sample")" >>"$cold"
    done
  done

  for round in $(seq "$ROUNDS"); do
    for connections in $CONNECTIONS; do
      for target in $targets; do
        read -r rps p50 p99 requests errors < <(wrk_run "${URL[$target]}/metrics" "$connections" "$SECONDS_PER_RUN")
        log "round $round, $connections conn, $target: $rps req/s, p50 $p50 ms, p99 $p99 ms, errors $errors"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tenants" "$connections" "$target" "$round" "$rps" "$p50" "$p99" "$errors" "$bytes" "$series" >>"$raw"
      done
    done
  done

  stop_pid "$BARE_PID"
  for variant in $VARIANTS; do
    printf '%s\t%s\t%s\n' "$tenants" "$variant" "$(rss_kb "${PID[$variant]}")" >>"$rss_raw"
    stop_pid "${PID[$variant]}"
  done
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
  echo "- $ROUNDS rounds of ${SECONDS_PER_RUN}s per target and connection count, targets in turn; medians. wrk with 1 thread for 1 connection, 2 threads for 64."
  echo "- limit: bench/BareKestrel answering the first variant's /metrics body from memory. PollInterval $POLL_INTERVAL."
  echo
  echo "| tenants | body bytes | series | conns | target | req/s | ÷ limit | p50 ms | p99 ms |"
  echo "|---:|---:|---:|---:|---|---:|---:|---:|---:|"
  for tenants in $TENANTS; do
    bytes=$(awk -F'\t' -v t="$tenants" '$1 == t { print $9; exit }' "$raw")
    series=$(awk -F'\t' -v t="$tenants" '$1 == t { print $10; exit }' "$raw")
    for connections in $CONNECTIONS; do
      limit_rps=$(median_of "$tenants" "$connections" limit 5)
      for target in $VARIANTS limit; do
        rps=$(median_of "$tenants" "$connections" "$target" 5)
        printf '| %s | %s | %s | %s | %s | %.0f | %s | %s | %s |\n' "$tenants" "$bytes" "$series" "$connections" "$target" \
          "$rps" "$(ratio "$rps" "$limit_rps")" "$(median_of "$tenants" "$connections" "$target" 6)" "$(median_of "$tenants" "$connections" "$target" 7)"
      done
    done
  done
  echo
  echo "Body per variant (text format 0.0.4, right after the first poll cycle):"
  echo
  echo "| tenants | variant | body bytes | series | bytes per tenant | RSS at the end MiB |"
  echo "|---:|---|---:|---:|---:|---:|"
  awk -F'\t' 'NR == FNR { rss[$1 "|" $2] = $3; next } { printf "| %s | %s | %s | %s | %.0f | %.1f |\n", $1, $2, $3, $4, $3 / $1, rss[$1 "|" $2] / 1024 }' "$rss_raw" "$bodies"
  echo
  echo "Single scrapes ${COLD_GAP}s apart (as Prometheus scrapes, not back to back), $COLD_SAMPLES samples per target in turn, curl time_total. VARIANT: a plain scrape (a build that keeps its body serves it while nothing changed); VARIANT:rendered: an Accept header of its own, so /metrics is rendered anew (what a scrape costs when a poll completed since the last one):"
  echo
  echo "| tenants | target | median ms | max ms |"
  echo "|---:|---|---:|---:|"
  for tenants in $TENANTS; do
    for target in $VARIANTS $(printf '%s:rendered ' $VARIANTS) limit; do
      echo "| $tenants | $target | $(cold_median "$tenants" "$target") | $(cold_max "$tenants" "$target") |"
    done
  done
} | write_results scrape
