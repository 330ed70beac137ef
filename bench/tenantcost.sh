#!/usr/bin/env bash
# What a tenant costs: /metrics body bytes and series, and RSS, at TENANTS tenants (and at BASE_TENANTS, for the
# RSS an extra tenant adds), once every collector has polled and SETTLE_S more seconds of polling have passed.
# Variants take turns in every round (A B, then B A, ...) against one simulator per tenant count; medians and
# ratios to the first variant. COLLECTORS=all (lib/common.sh) turns every optional collector on.
#
#   VARIANTS="dir:/tmp/before/out default" bench/tenantcost.sh          # before/after a change, default collectors
#   COLLECTORS=all VARIANTS=default ROUNDS=2 bench/tenantcost.sh        # every collector on
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

VARIANTS=${VARIANTS:-default}
TENANTS=${TENANTS:-1000}
BASE_TENANTS=${BASE_TENANTS-1}    # empty: no per-extra-tenant figure
ROUNDS=${ROUNDS:-3}
# The score collectors' interval: the shortest the call budget allows with the default collectors (30 s), and with
# every collector on (44 s with the default retries: a minute).
if [[ ${COLLECTORS:-default} == all ]]; then INTERVAL=${INTERVAL:-00:01:00}; else INTERVAL=${INTERVAL:-00:00:30}; fi
SETTLE_S=${SETTLE_S:-60}          # polling after every collector's first poll, before the figures are read
CONCURRENCY=${CONCURRENCY:-32}

exec 3>&2   # stderr, for ready_or_exited (wait_for silences its command)
build_all
for variant in $VARIANTS; do variant_build "$variant"; done
raw=$OUT/tenantcost-${COLLECTORS:-default}.tsv
: >"$raw"

# Every collector polled once (the fewest polls of any tenant's collector in defender_scrapes_total); a 5xx from
# /metrics stops the script (e.g. a body past the Prometheus exporter's buffer).
polled_once() {
  local code
  code=$(curl -s -o "$OUT/tenantcost-poll.metrics" -w '%{http_code}' "$1/metrics")
  [[ $code != 5* ]] || die "/metrics answered $code (RSS $(($(rss_kb "$EXP_PID") / 1024)) MiB)" 2>&3
  (($(awk '/^defender_scrapes_total\{/ { if (n++ == 0 || $NF < m) m = $NF } END { print m + 0 }' "$OUT/tenantcost-poll.metrics") >= 1))
}
# The exporter ready, or the script stopped with its log when it exited (e.g. a configuration the rate check refuses).
ready_or_exited() {
  kill -0 "$EXP_PID" 2>/dev/null || die "exporter exited: $(head -c 600 "$EXP_LOG")" 2>&3
  ready "$EXP_URL"
}
file_name() { printf '%s' "$1" | tr -c 'A-Za-z0-9._-' '_'; }

for tenants in $BASE_TENANTS $TENANTS; do
  log "== $tenants tenants, collectors ${COLLECTORS:-default}"
  start_simulator "$tenants"
  config=$OUT/tenantcost-${COLLECTORS:-default}-$tenants.json
  write_config "$config" "$INTERVAL" "$CONCURRENCY"
  order=$VARIANTS
  for round in $(seq "$ROUNDS"); do
    for variant in $order; do
      start_exporter "$variant" "$config" "$(free_port)"
      wait_for "exporter ($variant) /readyz with $tenants tenants" 1200 ready_or_exited
      wait_for "every collector of $variant polled once" 1200 polled_once "$EXP_URL"
      sleep "$SETTLE_S"
      body=$OUT/tenantcost-${COLLECTORS:-default}-$tenants-$(file_name "$variant")-r$round.metrics
      curl -fsS "$EXP_URL/metrics" -o "$body"
      rss=$(rss_kb "$EXP_PID")
      hwm=$(hwm_kb "$EXP_PID")
      bytes=$(stat -c %s "$body")
      series=$(grep -vc '^#' "$body" || true)
      log "round $round, $variant: body $bytes bytes, $series series, RSS $((rss / 1024)) MiB, peak $((hwm / 1024)) MiB"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tenants" "$variant" "$round" "$bytes" "$series" "$rss" "$hwm" >>"$raw"
      stop_pid "$EXP_PID"
    done
    # Reverse the order for the next round: A B, B A, A B ...
    order=$(printf '%s\n' $order | tac | tr '\n' ' ')
  done
  stop_pid "$SIM_PID"
done

value() { awk -F'\t' -v t="$1" -v v="$2" -v c="$3" '$1 == t && $2 == v { print $c }' "$raw" | median; }
first=${VARIANTS%% *}
{
  echo "### Cost per tenant, collectors ${COLLECTORS:-default} (bench/tenantcost.sh)"
  echo
  machine_header
  echo "- $ROUNDS rounds, variants in turn (order reversed every round); medians. Score collectors every $INTERVAL, MaxConcurrentPolls $CONCURRENCY; figures read ${SETTLE_S}s after every collector's first poll. Simulator: demo posture (--posture demo)."
  echo "- variants: $VARIANTS"
  echo
  echo "| tenants | variant | body bytes | series | body bytes per tenant | ÷ $first | RSS MiB | ÷ $first | peak RSS MiB |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
  for tenants in $BASE_TENANTS $TENANTS; do
    for variant in $VARIANTS; do
      bytes=$(value "$tenants" "$variant" 4)
      rss=$(value "$tenants" "$variant" 6)
      printf '| %s | %s | %.0f | %.0f | %.0f | %s | %.1f | %s | %.1f |\n' "$tenants" "$variant" "$bytes" "$(value "$tenants" "$variant" 5)" \
        "$(awk -v b="$bytes" -v t="$tenants" 'BEGIN { print b / t }')" "$(ratio "$bytes" "$(value "$tenants" "$first" 4)" 3)" \
        "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$(ratio "$rss" "$(value "$tenants" "$first" 6)" 3)" \
        "$(awk -v k="$(value "$tenants" "$variant" 7)" 'BEGIN { print k / 1024 }')"
    done
  done
  if [[ -n $BASE_TENANTS ]]; then
    echo
    echo "RSS per extra tenant ((median RSS at $TENANTS − median at $BASE_TENANTS) ÷ $((TENANTS - BASE_TENANTS))):"
    echo
    echo "| variant | KiB per extra tenant | ÷ $first |"
    echo "|---|---:|---:|"
    per() { awk -v a="$(value "$BASE_TENANTS" "$1" 6)" -v b="$(value "$TENANTS" "$1" 6)" -v n=$((TENANTS - BASE_TENANTS)) 'BEGIN { printf "%.1f", (b - a) / n }'; }
    for variant in $VARIANTS; do
      echo "| $variant | $(per "$variant") | $(ratio "$(per "$variant")" "$(per "$first")" 3) |"
    done
  fi
} | write_results "tenantcost-${COLLECTORS:-default}"
