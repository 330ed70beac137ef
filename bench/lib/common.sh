# Shared helpers for the benchmark scripts: build, start/stop the simulator, the exporter and the bare-Kestrel
# baseline, read /proc, take medians, write tables. Sourced, not run.
# shellcheck shell=bash

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
OUT=${BENCH_OUT:-$BENCH_DIR/.out}
RESULTS_DIR=$OUT/results
CLK_TCK=$(getconf CLK_TCK)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$OUT" "$RESULTS_DIR"

declare -a STARTED_PIDS=()

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Stops a process: TERM, then KILL if it is still there after 10 s.
terminate() {
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Every process a script starts is stopped when it ends, however it ends.
cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    terminate "$pid"
  done
  STARTED_PIDS=()
}
trap cleanup EXIT INT TERM

stop_pid() {
  local pid=$1
  terminate "$pid"
  local kept=() p
  for p in "${STARTED_PIDS[@]}"; do [[ $p == "$pid" ]] || kept+=("$p"); done
  STARTED_PIDS=("${kept[@]}")
}

now_ns() { date +%s%N; }

# A TCP port nobody listens on, below the kernel's ephemeral range so a test's port 0 cannot take it meanwhile.
free_port() {
  local port
  for _ in $(seq 200); do
    port=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  die "no free port"
}

# ---------------------------------------------------------------- build

# Publishes the exporter, the simulator and the baseline once per run (BENCH_SKIP_BUILD=1 reuses the last build).
build_all() {
  if [[ ${BENCH_SKIP_BUILD:-0} == 1 && -f $OUT/exporter/ScoreExporter.dll ]]; then
    return
  fi
  log "publishing exporter, simulator and bare-Kestrel baseline (Release) to $OUT"
  local revision
  revision=$(git -C "$ROOT" rev-parse --short HEAD)
  dotnet publish "$ROOT/src/ScoreExporter" -c Release -o "$OUT/exporter" -p:SourceRevisionId="$revision" --artifacts-path "$OUT/artifacts" -v q -nologo >/dev/null
  dotnet publish "$ROOT/src/DefenderSimulator" -c Release -o "$OUT/simulator" --artifacts-path "$OUT/artifacts" -v q -nologo >/dev/null
  dotnet publish "$BENCH_DIR/BareKestrel" -c Release -o "$OUT/bare" --artifacts-path "$OUT/artifacts" -v q -nologo >/dev/null
}

# ---------------------------------------------------------------- variants
# A variant is a build of the exporter plus runtime settings; scripts compare variants in turn (A B A B).
#   default     framework-dependent JIT build, as the container ships it (Server GC, DATAS: .NET 10 defaults)
#   wks         Workstation GC (DOTNET_gcServer=0)
#   wks-noconc  Workstation GC without the background GC thread (DOTNET_gcServer=0 DOTNET_gcConcurrent=0)
#   datas-off   Server GC without dynamic adaptation (DOTNET_GCDynamicAdaptationMode=0)
#   tpgo-off    no tiered PGO instrumentation (DOTNET_TieredPGO=0)
#   wx-off      no W^X double mapping of JIT code (DOTNET_EnableWriteXorExecute=0; trades away a hardening)
#   r2r         ReadyToRun publish (precompiled code; JIT for the rest)
#   trimmed     self-contained trimmed publish (JIT; only the framework code the exporter uses)
#   trimmed-r2r the same, ReadyToRun-compiled after trimming
#   aot         Native AOT publish (needs clang and zlib1g-dev), Server GC as the project defaults to
#   aot-wks, aot-wks-noconc   the same with Workstation GC, and without its background GC thread (the image's setting)
#   aot-gen0    aot-wks-noconc with a 2 MiB gen0 budget (DOTNET_GCgen0size)
#   aot-hardlimit  aot-wks-noconc with a 64 MiB heap hard limit (DOTNET_GCHeapHardLimit)
#   aot-small   aot-wks-noconc built with -p:UseSystemResourceKeys=true -p:OptimizationPreference=Size
#   custom      EXPORTER_CMD and EXPORTER_ENV as given
#   dir:PATH    the framework-dependent build in PATH (e.g. a build of another commit, for before/after)
VARIANT_NOTES="default: JIT, Server GC + DATAS (.NET 10 defaults); aot-wks: aot + DOTNET_gcServer=0; aot-wks-noconc: aot + DOTNET_gcServer=0 DOTNET_gcConcurrent=0; aot-gen0: aot-wks-noconc + DOTNET_GCgen0size=0x200000; aot-hardlimit: aot-wks-noconc + DOTNET_GCHeapHardLimit=0x4000000; aot-small: aot-wks-noconc, built with -p:UseSystemResourceKeys=true -p:OptimizationPreference=Size; wks: DOTNET_gcServer=0; wks-noconc: DOTNET_gcServer=0 DOTNET_gcConcurrent=0; datas-off: DOTNET_GCDynamicAdaptationMode=0; tpgo-off: DOTNET_TieredPGO=0; wx-off: DOTNET_EnableWriteXorExecute=0; r2r: -p:PublishReadyToRun=true; trimmed: --self-contained -p:PublishTrimmed=true; trimmed-r2r: the same + -p:PublishReadyToRun=true; aot: -p:PublishAot=true; dir:PATH: the build in PATH"

variant_build() {
  case $1 in
    r2r)
      if [[ ${BENCH_SKIP_BUILD:-0} != 1 || ! -f $OUT/exporter-r2r/ScoreExporter.dll ]]; then
        log "publishing the ReadyToRun build"
        dotnet publish "$ROOT/src/ScoreExporter" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
          -o "$OUT/exporter-r2r" --artifacts-path "$OUT/artifacts-r2r" -v q -nologo >/dev/null
      fi ;;
    trimmed)
      if [[ ${BENCH_SKIP_BUILD:-0} != 1 || ! -x $OUT/exporter-trimmed/ScoreExporter ]]; then
        log "publishing the trimmed self-contained build"
        dotnet publish "$ROOT/src/ScoreExporter" -c Release -r linux-x64 --self-contained -p:PublishTrimmed=true \
          -o "$OUT/exporter-trimmed" --artifacts-path "$OUT/artifacts-trimmed" -nologo >"$OUT/trimmed-publish.log" 2>&1 \
          || die "trimmed publish failed: see $OUT/trimmed-publish.log"
      fi ;;
    trimmed-r2r)
      if [[ ${BENCH_SKIP_BUILD:-0} != 1 || ! -x $OUT/exporter-trimmed-r2r/ScoreExporter ]]; then
        log "publishing the trimmed self-contained ReadyToRun build"
        dotnet publish "$ROOT/src/ScoreExporter" -c Release -r linux-x64 --self-contained -p:PublishTrimmed=true -p:PublishReadyToRun=true \
          -o "$OUT/exporter-trimmed-r2r" --artifacts-path "$OUT/artifacts-trimmed-r2r" -nologo >"$OUT/trimmed-r2r-publish.log" 2>&1 \
          || die "trimmed ReadyToRun publish failed: see $OUT/trimmed-r2r-publish.log"
      fi ;;
    aot-small)
      if [[ ${BENCH_SKIP_BUILD:-0} != 1 || ! -x $OUT/exporter-aot-small/ScoreExporter ]]; then
        log "publishing the size-optimised Native AOT build (a few minutes)"
        dotnet publish "$ROOT/src/ScoreExporter" -c Release -r linux-x64 -p:PublishAot=true -p:UseSystemResourceKeys=true -p:OptimizationPreference=Size \
          -o "$OUT/exporter-aot-small" --artifacts-path "$OUT/artifacts-aot-small" -nologo >"$OUT/aot-small-publish.log" 2>&1 \
          || die "Native AOT publish failed: see $OUT/aot-small-publish.log"
      fi ;;
    aot*)
      if [[ ${BENCH_SKIP_BUILD:-0} != 1 || ! -x $OUT/exporter-aot/ScoreExporter ]]; then
        log "publishing the Native AOT build (a few minutes)"
        dotnet publish "$ROOT/src/ScoreExporter" -c Release -r linux-x64 -p:PublishAot=true \
          -o "$OUT/exporter-aot" --artifacts-path "$OUT/artifacts-aot" -nologo >"$OUT/aot-publish.log" 2>&1 \
          || die "Native AOT publish failed: see $OUT/aot-publish.log"
      fi ;;
  esac
}

variant_cmd() {
  case $1 in
    r2r) echo "dotnet $OUT/exporter-r2r/ScoreExporter.dll" ;;
    aot-small) echo "$OUT/exporter-aot-small/ScoreExporter" ;;
    aot*) echo "$OUT/exporter-aot/ScoreExporter" ;;
    trimmed) echo "$OUT/exporter-trimmed/ScoreExporter" ;;
    trimmed-r2r) echo "$OUT/exporter-trimmed-r2r/ScoreExporter" ;;
    custom) echo "${EXPORTER_CMD:-dotnet $OUT/exporter/ScoreExporter.dll}" ;;
    dir:*) echo "dotnet ${1#dir:}/ScoreExporter.dll" ;;
    *) echo "dotnet $OUT/exporter/ScoreExporter.dll" ;;
  esac
}

variant_env() {
  case $1 in
    default | r2r | trimmed | trimmed-r2r | aot | dir:*) ;;
    wks | aot-wks) echo "DOTNET_gcServer=0" ;;
    aot-wks-noconc | aot-small) echo "DOTNET_gcServer=0 DOTNET_gcConcurrent=0" ;;
    aot-gen0) echo "DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_GCgen0size=0x200000" ;;
    aot-hardlimit) echo "DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_GCHeapHardLimit=0x4000000" ;;
    wks-noconc) echo "DOTNET_gcServer=0 DOTNET_gcConcurrent=0" ;;
    datas-off) echo "DOTNET_GCDynamicAdaptationMode=0" ;;
    tpgo-off) echo "DOTNET_TieredPGO=0" ;;
    wx-off) echo "DOTNET_EnableWriteXorExecute=0" ;;
    custom) echo "${EXPORTER_ENV:-}" ;;
    *) die "unknown variant $1" ;;
  esac
}

# ---------------------------------------------------------------- simulator

# start_simulator TENANTS: starts the standalone simulator with that many tenants; sets SIM_PID, SIM_CERT (the
# TLS certificate to trust) and SIM_CONFIG (its exporter configuration for all of them). SHARED_APP=1: all tenants
# sign in with one app registration (see share_app_registration).
start_simulator() {
  local tenants=$1 dir
  mkdir -p "$OUT/logs"
  dir=$(mktemp -d "$OUT/logs/sim.XXXXXX")
  SIM_CERT=$dir/simulator.pem
  SIM_CONFIG=$dir/exporter.json
  local sim_cmd
  read -r -a sim_cmd <<<"${SIM_CMD:-dotnet $OUT/simulator/DefenderSimulator.dll}"
  "${sim_cmd[@]}" --tenants "$tenants" --api-port 0 --https-port 0 \
    --cert-out "$SIM_CERT" --config-out "$SIM_CONFIG" >"$dir/simulator.log" 2>&1 &
  SIM_PID=$!
  STARTED_PIDS+=("$SIM_PID")
  wait_for "simulator" 120 jq -e '.Defender.Tenants | length > 0' "$SIM_CONFIG"
  [[ $(jq '.Defender.Tenants | length' "$SIM_CONFIG") -eq $tenants ]] || die "the simulator's config does not list $tenants tenants"
  if [[ ${SHARED_APP:-0} == 1 ]]; then share_app_registration; fi
}

# share_app_registration: re-registers every simulated tenant under one client id and secret and rewrites
# SIM_CONFIG with those keys once under Defender: (a managed service provider's multi-tenant app).
share_app_registration() {
  local control requests=$OUT/share-app.curl
  control=$(jq -r '.Defender.ApiBaseUrl' "$SIM_CONFIG")_simulator/tenants
  jq -r --arg control "$control" '[.Defender.Tenants[].TenantId
    | "url = \"\($control)/\(.)\"\nrequest = \"DELETE\"\noutput = \"/dev/null\"\nnext\n"
      + "url = \"\($control)\"\nheader = \"Content-Type: application/json\"\noutput = \"/dev/null\"\n"
      + "data = \"{\\\"tenantId\\\":\\\"\(.)\\\",\\\"clientId\\\":\\\"00000000-0000-0000-0002-000000000000\\\",\\\"clientSecret\\\":\\\"demo-shared-secret\\\"}\"\n"]
    | join("next\n")' \
    "$SIM_CONFIG" >"$requests"
  curl -fsS -K "$requests" || die "could not re-register the simulator's tenants"
  jq '.Defender.ClientId = "00000000-0000-0000-0002-000000000000" | .Defender.ClientSecret = "demo-shared-secret"
      | .Defender.Tenants |= map({Name, TenantId})' "$SIM_CONFIG" >"$SIM_CONFIG.shared"
  mv "$SIM_CONFIG.shared" "$SIM_CONFIG"
}

# ---------------------------------------------------------------- exporter

# write_config FILE [POLL_INTERVAL] [MAX_CONCURRENT_POLLS]: the simulator's exporter configuration with these settings.
# COLLECTORS=all also turns on every optional collector (devices, secure score per control, incidents,
# recommendations, antivirus; Graph served by the simulator) at intervals the exporter's start-time rate check
# accepts beside score polls every minute (44 s at least) with the default retries: DEVICES_INTERVAL, GRAPH_INTERVAL, RECOMMENDATIONS_INTERVAL, ANTIVIRUS_INTERVAL.
write_config() {
  local file=$1 interval=${2:-01:00:00} concurrency=${3:-8}
  jq --arg interval "$interval" --argjson concurrency "$concurrency" \
    '.Defender.PollInterval = $interval | .Defender.MaxConcurrentPolls = $concurrency' "$SIM_CONFIG" >"$file"
  case ${COLLECTORS:-default} in
    default) ;;
    all)
      jq --arg devices "${DEVICES_INTERVAL:-00:10:00}" --arg graph "${GRAPH_INTERVAL:-00:10:00}" \
        --arg recommendations "${RECOMMENDATIONS_INTERVAL:-01:00:00}" --arg antivirus "${ANTIVIRUS_INTERVAL:-00:30:00}" \
        '.Defender.GraphBaseUrl = .Defender.ApiBaseUrl
         | .Defender.Collectors = {
             Devices: {Enabled: true, PollInterval: $devices},
             SecureScore: {Enabled: true, PerControl: true, PollInterval: $graph},
             Incidents: {Enabled: true, PollInterval: $graph},
             Recommendations: {Enabled: true, PollInterval: $recommendations},
             Antivirus: {Enabled: true, PollInterval: $antivirus}}' "$file" >"$file.all"
      mv "$file.all" "$file" ;;
    *) die "COLLECTORS must be default or all" ;;
  esac
}

# start_exporter VARIANT CONFIG PORT: starts the exporter in the background; sets EXP_PID, EXP_URL,
# EXP_START_NS (just before exec) and EXP_LOG.
start_exporter() {
  local variant=$1 config=$2 port=$3
  EXP_URL=http://127.0.0.1:$port
  mkdir -p "$OUT/logs"
  EXP_LOG=$(mktemp "$OUT/logs/exporter.XXXXXX.log")
  local cmd settings
  read -r -a cmd <<<"$(variant_cmd "$variant")"
  read -r -a settings <<<"$(variant_env "$variant")"
  EXP_START_NS=$(now_ns)
  env SSL_CERT_FILE="$SIM_CERT" Logging__Console__FormatterName=json "${settings[@]}" \
    "${cmd[@]}" --config "$config" --urls "$EXP_URL" >"$EXP_LOG" 2>&1 &
  EXP_PID=$!
  STARTED_PIDS+=("$EXP_PID")
}

# start_bare BODY_FILE PORT: the baseline answering BODY_FILE's bytes; sets BARE_PID and BARE_URL.
start_bare() {
  local body=$1 port=$2
  BARE_URL=http://127.0.0.1:$port
  dotnet "$OUT/bare/BareKestrel.dll" --body "$body" --urls "$BARE_URL" >"$OUT/bare.log" 2>&1 &
  BARE_PID=$!
  STARTED_PIDS+=("$BARE_PID")
  wait_for "bare Kestrel" 30 curl -fsS -o /dev/null "$BARE_URL/metrics"
}

# wait_for WHAT SECONDS COMMAND...: runs COMMAND every 10 ms until it succeeds.
wait_for() {
  local what=$1 limit=$2
  shift 2
  local deadline=$(($(now_ns) + limit * 1000000000))
  until "$@" >/dev/null 2>&1; do
    (($(now_ns) < deadline)) || die "$what not ready after ${limit}s"
    sleep 0.01
  done
}

ready() { [[ $(curl -s -o /dev/null -w '%{http_code}' "$1/readyz") == 200 ]]; }

# ---------------------------------------------------------------- /proc

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }

# User + system CPU of a process so far, in milliseconds.
cpu_ms() { awk -v tck="$CLK_TCK" '{ print int(($14 + $15) * 1000 / tck) }' "/proc/$1/stat"; }

# ---------------------------------------------------------------- figures

# median: the median of the numbers on stdin, one per line.
median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a" } else if (NR % 2) { print v[(NR + 1) / 2] } else { printf "%.15g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 } }'
}

# ratio A B [DIGITS]
ratio() { awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { if (b == 0 || a == "n/a" || b == "n/a") print "n/a"; else printf "%.*f\n", d, a / b }'; }

# wrk_run URL CONNECTIONS SECONDS: one wrk run; prints "requests/s p50_ms p99_ms requests errors".
wrk_run() {
  local url=$1 connections=$2 seconds=$3 threads
  threads=$((connections < 2 ? 1 : 2))
  wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s -s "$BENCH_DIR/lib/report.lua" "$url" | awk '/^RESULT / { print $2, $3, $4, $5, $6 }'
}

# machine_header: the lines every results table starts with.
machine_header() {
  local cpu
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- commit: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src bench || echo ' (+ local changes)')"
  echo "- machine: ${cpu:-unknown cpu}, $(nproc) cores, $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "- .NET SDK $(dotnet --version); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# write_results NAME: stdin (a markdown table and notes) to results/NAME.md and to the terminal.
write_results() {
  local file=$RESULTS_DIR/$1.md
  tee "$file"
  log "results written to $file"
}
