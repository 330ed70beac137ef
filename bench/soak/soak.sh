#!/usr/bin/env bash
# Soak: the exporter (Release, its own process) polls the standalone simulator for a long run while a share of the
# tenants misbehave at random (every API and token fault the simulator has) and /metrics is scraped as Prometheus
# would. Every SAMPLE_S it samples the process (RSS, open file descriptors, OS threads, from /proc) and the runtime
# (thread-pool threads, timers, GC heap, from dotnet-counters); at the end it stops the exporter with SIGTERM and
# writes the figures to bench/soak/RESULTS.md. Run by hand; it is not part of .ci/run.
#
#   bench/soak/soak.sh                                 # 30 minutes, 200 tenants, polled every 10 s
#   MINUTES=5 TENANTS=50 SAMPLE_S=10 bench/soak/soak.sh  # a quick look
#
# Needs: the .NET SDK, curl, procps; dotnet-counters (`dotnet tool install --global dotnet-counters`, from NuGet) for
# the runtime columns (without it they are left out). Everything listens on 127.0.0.1 only.
set -euo pipefail

MINUTES=${MINUTES:-30}
TENANTS=${TENANTS:-200}
INTERVAL=${INTERVAL:-00:00:30}
SAMPLE_S=${SAMPLE_S:-30}
FAULT_EVERY_S=${FAULT_EVERY_S:-2}
FAULTY_PERCENT=${FAULTY_PERCENT:-15}
WARMUP_PERCENT=${WARMUP_PERCENT:-20}
SCRAPE_EVERY_S=${SCRAPE_EVERY_S:-5}
SEED=${SEED:-20261129}

SOAK_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$SOAK_DIR/../.." && pwd)
OUT=${SOAK_OUT:-$SOAK_DIR/.out}
RESULTS=${RESULTS:-$SOAK_DIR/RESULTS.md}
COUNTERS=${COUNTERS:-$(command -v dotnet-counters || echo "$HOME/.dotnet/tools/dotnet-counters")}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
RANDOM=$SEED

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

declare -a STARTED=()
cleanup() {
  local pid
  for pid in "${STARTED[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${STARTED[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

free_port() {
  local port
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  die "no free port"
}

wait_for() { # wait_for WHAT SECONDS COMMAND...
  local what=$1 limit=$2; shift 2
  for _ in $(seq $((limit * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  die "$what not ready after ${limit}s"
}

rm -rf "$OUT" && mkdir -p "$OUT"
log "publishing exporter and simulator (Release) to $OUT"
dotnet publish "$ROOT/src/ScoreExporter" -c Release -o "$OUT/exporter" --artifacts-path "$OUT/artifacts" -p:SourceRevisionId="$(git -C "$ROOT" rev-parse --short HEAD)" -v q -nologo >/dev/null
dotnet publish "$ROOT/src/DefenderSimulator" -c Release -o "$OUT/simulator" --artifacts-path "$OUT/artifacts" -v q -nologo >/dev/null

SIM_PORT=$(free_port)
dotnet "$OUT/simulator/DefenderSimulator.dll" --tenants "$TENANTS" --api-port "$SIM_PORT" --https-port "$(free_port)" \
  --cert-out "$OUT/simulator.pem" --config-out "$OUT/exporter.json" >"$OUT/simulator.log" 2>&1 &
STARTED+=($!)
SIM=http://127.0.0.1:$SIM_PORT
wait_for "simulator" 60 test -s "$OUT/exporter.json"

EXP_PORT=$(free_port)
EXP=http://127.0.0.1:$EXP_PORT
SSL_CERT_FILE="$OUT/simulator.pem" Defender__PollInterval="$INTERVAL" Logging__LogLevel__Default=Warning \
  dotnet "$OUT/exporter/ScoreExporter.dll" --config "$OUT/exporter.json" --urls "$EXP" >"$OUT/exporter.log" 2>&1 &
EXP_PID=$!
STARTED+=("$EXP_PID")
wait_for "exporter" 120 curl -fsS -o /dev/null "$EXP/readyz"
log "exporter pid $EXP_PID ready with $TENANTS tenants, polled every $INTERVAL; soaking for $MINUTES min"

if [[ -x $COUNTERS ]] || command -v "$COUNTERS" >/dev/null; then
  "$COUNTERS" collect -p "$EXP_PID" --format csv -o "$OUT/counters.csv" --refresh-interval "$SAMPLE_S" \
    --counters System.Runtime >"$OUT/counters.log" 2>&1 &
  STARTED+=($!)
else
  log "dotnet-counters not found: runtime columns left out"
fi

tenant_id() { printf '00000000-0000-0000-0000-%012d' "$1"; }

# One random fault, as the control API's JSON body.
random_fault() {
  local faults=(
    '{"kind":"status","status":500}' '{"kind":"status","status":502}' '{"kind":"status","status":503}'
    '{"kind":"status","status":504}' '{"kind":"status","status":404}' '{"kind":"throttle"}'
    '{"kind":"throttle","retryAfterSeconds":2}' '{"kind":"throttle","retryAfterSeconds":30}'
    '{"kind":"throttle","retryAfterSeconds":86400}' '{"kind":"unauthorized"}' '{"kind":"forbidden"}'
    '{"kind":"disabledfeature"}' '{"kind":"hang"}' '{"kind":"reset"}' '{"kind":"malformed"}' '{"kind":"html"}'
    '{"kind":"oversized","bytes":3000000}' '{"kind":"slowdrip","perByteMilliseconds":200}' '{"kind":"gzip"}'
    '{"kind":"body","body":"{\"time\":\"2026-01-01T00:00:00Z\",\"score\":\"NaN\"}"}'
    '{"target":"token","kind":"invalid_client"}' '{"target":"token","kind":"unauthorized_client"}'
    '{"target":"token","kind":"server_error"}' '{"target":"token","kind":"hang"}'
    '{"target":"token","kind":"expires_in","expiresIn":0}'
  )
  echo "${faults[RANDOM % ${#faults[@]}]}"
}

set_fault() { curl -fsS -o /dev/null -X PUT "$SIM/_simulator/tenants/$(tenant_id "$1")/fault" -H 'content-type: application/json' -d "$2"; }
clear_fault() { curl -fsS -o /dev/null -X DELETE "$SIM/_simulator/tenants/$(tenant_id "$1")/fault"; }

# Revoking tokens now and then makes the API refuse a cached token, so credentials are rebuilt throughout the run.
revoke() { curl -fsS -o /dev/null -X POST "$SIM/_simulator/tenants/$(tenant_id "$1")/revoke"; }

sample() { # elapsed_s rss_kb fds threads
  local rss threads fds
  rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$EXP_PID/status")
  threads=$(awk '/^Threads:/ { print $2 }' "/proc/$EXP_PID/status")
  fds=$(find "/proc/$EXP_PID/fd" -mindepth 1 -maxdepth 1 | wc -l)
  printf '%s\t%s\t%s\t%s\n' "$1" "$rss" "$fds" "$threads" >>"$OUT/samples.tsv"
}

printf 'elapsed_s\trss_kb\tfds\tthreads\n' >"$OUT/samples.tsv"
faulty_target=$((TENANTS * FAULTY_PERCENT / 100))
declare -a faulty=()
scrapes=0 scrape_failures=0 faults_set=0 revokes=0
start=$(date +%s)
end=$((start + MINUTES * 60))
next_sample=$start next_scrape=$start next_fault=$start
sample 0
while (($(date +%s) < end)); do
  now=$(date +%s)
  if ((now >= next_fault)); then
    if ((${#faulty[@]} >= faulty_target)); then
      clear_fault "${faulty[0]}" || true
      faulty=("${faulty[@]:1}")
    fi
    t=$((1 + RANDOM % TENANTS))
    set_fault "$t" "$(random_fault)" && faulty+=("$t") && faults_set=$((faults_set + 1))
    if ((RANDOM % 10 == 0)); then revoke "$((1 + RANDOM % TENANTS))" && revokes=$((revokes + 1)); fi
    next_fault=$((now + FAULT_EVERY_S))
  fi
  if ((now >= next_scrape)); then
    scrapes=$((scrapes + 1))
    curl -fsS -o /dev/null --max-time 10 "$EXP/metrics" || scrape_failures=$((scrape_failures + 1))
    next_scrape=$((now + SCRAPE_EVERY_S))
  fi
  if ((now >= next_sample)); then
    kill -0 "$EXP_PID" 2>/dev/null || die "the exporter died: see $OUT/exporter.log"
    sample $((now - start))
    next_sample=$((now + SAMPLE_S))
  fi
  sleep 0.5
done
sample $(($(date +%s) - start))
curl -fsS "$EXP/metrics" >"$OUT/final-metrics.txt"

log "stopping the exporter with SIGTERM"
stop_start=$(date +%s%N)
kill -TERM "$EXP_PID"
exit_code=0
wait "$EXP_PID" || exit_code=$?
stop_ms=$((($(date +%s%N) - stop_start) / 1000000))
sleep 1 # let dotnet-counters write its last line after the process is gone

# ---------------------------------------------------------------- summary

# first (after warm-up), last, min, max and least-squares slope per hour of one column of samples.tsv
summarize_column() { # column title scale unit
  awk -F'\t' -v col="$1" -v title="$2" -v scale="$3" -v unit="$4" -v warm="$WARMUP_PERCENT" -v total=$((MINUTES * 60)) '
    NR > 1 && $1 >= total * warm / 100 {
      v = $col / scale; n++; x[n] = $1; y[n] = v
      if (n == 1) first = v; last = v
      if (n == 1 || v < min) min = v; if (n == 1 || v > max) max = v
      sx += $1; sy += v; sxx += $1 * $1; sxy += $1 * v
    }
    END {
      slope = (n > 1 && n * sxx - sx * sx != 0) ? (n * sxy - sx * sy) / (n * sxx - sx * sx) * 3600 : 0
      printf "| %s | %.1f %s | %.1f %s | %.1f–%.1f %s | %+.2f %s/h |\n", title, first, unit, last, unit, min, max, unit, slope, unit
    }' "$OUT/samples.tsv"
}

# The same for one dotnet-counters counter (CSV: Timestamp,Provider,Counter Name,Counter Type,Mean/Increment): values
# of all its dimensions (e.g. GC generations) are added up per sample; a counter reported per interval ("/ 10 sec",
# e.g. the thread-pool thread count, an up-down counter) is accumulated, so it shows the change since the start.
summarize_counter() { # name-prefix title scale unit
  [[ -s $OUT/counters.csv ]] || return 0
  awk -F',' -v name="$1" -v title="$2" -v scale="$3" -v unit="$4" -v warm="$WARMUP_PERCENT" -v every="$SAMPLE_S" '
    NR > 1 && index($3, name " (") == 1 {
      if (!($1 in seen)) { seen[$1] = ++n; stamp[n] = $1 }
      v[seen[$1]] += $NF; rate = ($3 ~ /\/ [0-9]+ sec/)
    }
    END {
      if (n == 0) { printf "| %s | (not reported) | | | |\n", title; exit }
      for (i = 1; i <= n; i++) { acc += v[i]; y[i] = (rate ? acc : v[i]) / scale }
      s = int(n * warm / 100) + 1; first = y[s]; last = y[n]; min = max = first
      for (i = s; i <= n; i++) { if (y[i] < min) min = y[i]; if (y[i] > max) max = y[i]; m++; sx += i; sy += y[i]; sxx += i * i; sxy += i * y[i] }
      slope = (m > 1 && m * sxx - sx * sx != 0) ? (m * sxy - sx * sy) / (m * sxx - sx * sx) * 3600 / every : 0
      label = rate ? " (change since start)" : ""
      printf "| %s%s | %.1f %s | %.1f %s | %.1f–%.1f %s | %+.2f %s/h |\n", title, label, first, unit, last, unit, min, max, unit, slope, unit
    }' "$OUT/counters.csv"
}

metric_sum() { awk -v name="$1" '$0 ~ "^"name"[{ ]" { s += $NF } END { printf "%d", s }' "$OUT/final-metrics.txt"; }
errors_by_reason() {
  awk '/^defender_scrape_errors_total\{/ { match($0, /reason="[a-z_]+"/); r = substr($0, RSTART + 8, RLENGTH - 9); s[r] += $NF }
       END { for (r in s) if (s[r] > 0) printf "%s %d, ", r, s[r] }' "$OUT/final-metrics.txt" | sed 's/, $//'
}

{
  echo "# Soak results"
  echo
  echo "The exporter polled the standalone simulator for $MINUTES minutes with $TENANTS tenants every $INTERVAL while"
  echo "about $FAULTY_PERCENT % of the tenants had a random fault at any time (a new one every ${FAULT_EVERY_S} s, oldest cleared;"
  echo "every API and token fault of the simulator, plus token revocations), and /metrics was scraped every ${SCRAPE_EVERY_S} s."
  echo "Figures are taken after a ${WARMUP_PERCENT} % warm-up; the slope is a least-squares fit over the rest of the run."
  echo
  echo "- Date: $(date -u +%Y-%m-%d), commit $(git -C "$ROOT" rev-parse --short HEAD), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), .NET $(dotnet --version)"
  echo "- Command: \`MINUTES=$MINUTES TENANTS=$TENANTS INTERVAL=$INTERVAL SAMPLE_S=$SAMPLE_S bench/soak/soak.sh\`"
  echo "- Polls: $(metric_sum defender_scrapes_total); API attempts: $(awk '/^defender_api_requests_total\{/ && !/endpoint="token"/ { s += $NF } END { printf "%d", s }' "$OUT/final-metrics.txt"); token requests: $(awk '/^defender_api_requests_total\{.*endpoint="token"/ { s += $NF } END { printf "%d", s }' "$OUT/final-metrics.txt")"
  echo "- Failed polls by reason: $(errors_by_reason)"
  echo "- Faults injected: $faults_set; token revocations: $revokes; scrapes: $scrapes, failed: $scrape_failures"
  echo "- SIGTERM at the end: exit code $exit_code after $stop_ms ms"
  echo
  echo "| measure | after warm-up | at the end | range | trend |"
  echo "|---|---|---|---|---|"
  summarize_column 2 "RSS" 1024 MiB
  summarize_column 3 "open file descriptors" 1 ""
  summarize_column 4 "OS threads" 1 ""
  summarize_counter dotnet.thread_pool.thread.count "thread-pool threads" 1 ""
  summarize_counter dotnet.timer.count "active timers" 1 ""
  summarize_counter dotnet.gc.last_collection.heap.size "GC heap after the last collection" 1048576 MiB
  summarize_counter dotnet.process.memory.working_set "working set (runtime's view)" 1048576 MiB
  echo
  echo "Raw samples: \`bench/soak/.out/samples.tsv\` and \`counters.csv\` (not committed)."
} >"$RESULTS"
cat "$RESULTS"
((scrape_failures == 0)) || die "$scrape_failures scrapes failed"
((exit_code == 0)) || die "the exporter exited with $exit_code on SIGTERM"
