-- wrk reporter: one machine-readable line after the human summary.
-- RESULT <requests/s> <p50 ms> <p99 ms> <requests> <non-2xx or socket errors>
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("RESULT %.1f %.3f %.3f %d %d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, errors))
end
