#!/usr/bin/env bash
# Basic auth and TLS from the web configuration file: what they add to a scrape. Three exporters on the same
# build and simulator take turns (A B C A B C): no web configuration, basic auth (bcrypt cost 10, htpasswd's
# hash), and TLS + basic auth. The table quotes medians and the ratio to the unprotected exporter.
#
#   bench/basicauth.sh                       # 1 tenant, 3 rounds of 5 s per target and connection count
#   TENANTS=100 ROUNDS=5 bench/basicauth.sh
#
# The exporter checks a password with bcrypt once and then remembers it, so keep-alive scrapes (wrk) and scrapes
# on a new connection each (curl, as Prometheus does after a connection closes) should cost about the same with
# and without basic auth. The first request with a password pays the one bcrypt and is shown apart.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

TENANTS=${TENANTS:-1}
CONNECTIONS=${CONNECTIONS:-"1 64"}
ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-5}
SINGLE_SAMPLES=${SINGLE_SAMPLES:-21}
USER_NAME=prometheus
PASSWORD=bench-scrape-password
command -v htpasswd >/dev/null || die "htpasswd not found: run bench/setup.sh (apache2-utils)"
command -v openssl >/dev/null || die "openssl not found"

build_all
work=$OUT/basicauth
rm -rf "$work"
mkdir -p "$work"
hash=$(htpasswd -nbB -C 10 "$USER_NAME" "$PASSWORD" | cut -d: -f2-)
printf 'basic_auth_users:\n  %s: %s\n' "$USER_NAME" "$hash" >"$work/basic.yml"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$work/server.key" -out "$work/server.crt" 2>/dev/null
printf 'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n' >"$work/tls.yml"
cat "$work/basic.yml" >>"$work/tls.yml"
auth="Authorization: Basic $(printf '%s:%s' "$USER_NAME" "$PASSWORD" | base64 -w0)"

start_simulator "$TENANTS"
config=$work/exporter.json
write_config "$config" 01:00:00 32
targets="plain basic-auth tls+basic-auth"
declare -A URL PID WEB=([plain]="" [basic-auth]=$work/basic.yml [tls+basic-auth]=$work/tls.yml)
for target in $targets; do
  port=$(free_port)
  EXPORTER_ENV=${WEB[$target]:+Web__ConfigFile=${WEB[$target]}} start_exporter custom "$config" "$port"
  URL[$target]=$([[ $target == tls* ]] && echo "https://127.0.0.1:$port" || echo "http://127.0.0.1:$port")
  PID[$target]=$EXP_PID
  wait_for "exporter ($target) /readyz" 120 curl -kfsS -o /dev/null "${URL[$target]}/readyz"
done

# The one bcrypt: the first request with the password, on a fresh exporter.
first=()
for target in basic-auth tls+basic-auth; do
  first+=("$target $(curl -ks -o /dev/null -w '%{http_code} %{time_total}' -H "$auth" "${URL[$target]}/metrics" | awk '{ printf "%s %.2f", $1, $2 * 1000 }')")
done
for target in $targets; do
  code=$(curl -ks -o /dev/null -w '%{http_code}' -H "$auth" "${URL[$target]}/metrics")
  [[ $code == 200 ]] || die "$target answered $code to a scrape with the password"
done
[[ $(curl -ks -o /dev/null -w '%{http_code}' "${URL[basic-auth]}/metrics") == 401 ]] || die "basic-auth let a scrape without a password in"

# Warm every target (JIT, the remembered password) before anything is measured.
for target in $targets; do wrk -t2 -c64 -d2s -H "$auth" "${URL[$target]}/metrics" >/dev/null; done

raw=$work/raw.tsv
single=$work/single.tsv
: >"$raw"
: >"$single"
for round in $(seq "$ROUNDS"); do
  for connections in $CONNECTIONS; do
    for target in $targets; do
      threads=$((connections < 2 ? 1 : 2))
      read -r rps p50 p99 requests errors < <(wrk -t"$threads" -c"$connections" -d"${SECONDS_PER_RUN}s" --timeout 10s \
        -H "$auth" -s "$BENCH_DIR/lib/report.lua" "${URL[$target]}/metrics" | awk '/^RESULT / { print $2, $3, $4, $5, $6 }')
      log "round $round, $connections conn, $target: $rps req/s, p50 $p50 ms, p99 $p99 ms, errors $errors"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$connections" "$target" "$round" "$rps" "$p50" "$p99" "$errors" >>"$raw"
    done
  done
done

# One request per connection, 0.2 s apart, as a scraper whose connection closed.
for sample in $(seq "$SINGLE_SAMPLES"); do
  for target in $targets; do
    sleep 0.2
    echo "$target $(curl -ks -o /dev/null -w '%{time_total}' -H "$auth" "${URL[$target]}/metrics" | awk '{ printf "%.3f", $1 * 1000 }')" >>"$single"
  done
done

median_of() { awk -F'\t' -v c="$1" -v g="$2" -v col="$3" '$1 == c && $2 == g { print $col }' "$raw" | median; }
errors_of() { awk -F'\t' -v c="$1" -v g="$2" '$1 == c && $2 == g { s += $7 } END { print s + 0 }' "$raw"; }
single_median() { awk -v g="$1" '$1 == g { print $2 }' "$single" | median; }

{
  echo "### Basic auth and TLS on /metrics (bench/basicauth.sh)"
  echo
  machine_header
  echo "- $TENANTS tenant(s) on the simulator; $ROUNDS rounds of ${SECONDS_PER_RUN}s per target and connection count, targets in turn; medians. wrk with 1 thread for 1 connection, 2 threads for more; every request carries the Authorization header."
  echo "- plain: no web configuration; basic-auth: basic_auth_users with one htpasswd -nbB -C 10 hash; tls+basic-auth: the same with tls_server_config (ECDSA P-256 certificate, no client certificates)."
  echo
  echo "| conns | target | req/s | ÷ plain | p50 ms | p99 ms | errors |"
  echo "|---:|---|---:|---:|---:|---:|---:|"
  for connections in $CONNECTIONS; do
    plain_rps=$(median_of "$connections" plain 4)
    for target in $targets; do
      rps=$(median_of "$connections" "$target" 4)
      printf '| %s | %s | %.0f | %s | %s | %s | %s |\n' "$connections" "$target" "$rps" "$(ratio "$rps" "$plain_rps")" \
        "$(median_of "$connections" "$target" 5)" "$(median_of "$connections" "$target" 6)" "$(errors_of "$connections" "$target")"
    done
  done
  echo
  echo "One request per new connection (curl time_total, $SINGLE_SAMPLES samples per target in turn, 0.2 s apart; TLS pays its handshake here):"
  echo
  echo "| target | median ms | ÷ plain |"
  echo "|---|---:|---:|"
  plain_single=$(single_median plain)
  for target in $targets; do
    echo "| $target | $(single_median "$target") | $(ratio "$(single_median "$target")" "$plain_single") |"
  done
  echo
  echo "First request with the password on a fresh exporter (the one bcrypt check, cost 10): $(printf '%s; ' "${first[@]}" | sed 's/; $//') (target, status, ms)."
} | write_results basicauth
