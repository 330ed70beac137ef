#!/usr/bin/env bash
# Case 5: API cost. Calls and token requests per tenant per hour over a simulated day (fake clock, real
# exporter pipeline against the simulator), healthy and under faults. Runs the xunit benchmark tests in
# tests/ScoreExporter.Tests/Benchmarks, which also assert the budget, and tables their figures.
#
#   bench/apicost.sh
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

rows=$OUT/api-cost.rows
rm -f "$rows"
started=$(date +%s)
SCORE_EXPORTER_BENCH_OUT=$OUT dotnet test "$ROOT/tests/ScoreExporter.Tests" -c Release --artifacts-path "$OUT/artifacts-tests" \
  --filter "FullyQualifiedName~ScoreExporter.Tests.Benchmarks.ApiCostTests" -nologo -v q >"$OUT/apicost-test.log" 2>&1 \
  || { tail -40 "$OUT/apicost-test.log" >&2; die "the API cost tests failed"; }
took=$(($(date +%s) - started))

{
  echo "### API cost over a simulated day (bench/apicost.sh)"
  echo
  machine_header
  echo "- fake clock (FakeTimeProvider) through the real exporter host, Azure.Identity and Polly against the simulator; default PollInterval, MaxRetries and breaker; build + run took ${took}s."
  echo "- token lifetime is kept by Azure.Identity on the real clock, so a healthy simulated day shows the one sign-in; at Entra's 60-90 min token lifetime a real day costs about 24 h / (lifetime - 5 min refresh margin), about 17-26 token requests per tenant per day."
  echo
  echo "| case | tenants | simulated | interval | API calls/tenant/h mean | max tenant-hour | max tenant-minute | token requests/tenant/h mean | max tenant-hour | API calls total | token requests total | faults | failed polls by reason |"
  echo "|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|"
  cat "$rows"
} | write_results apicost
