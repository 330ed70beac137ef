// Data that stops arriving, or a score that stops moving.
local fold = (import '../lib/text.libsonnet').fold;

{
  name: 'defender-secure-score.freshness',
  alerts(c):: [
    {
      alert: 'DefenderScoreFetchStale',
      expr: |||
        time() - max by (job, tenant, collector) (defender_scrape_last_success_timestamp_seconds{%(scoreExporterSelector)s})
        > on (tenant) group_left ()
        tenant:defender_last_success_age_seconds_maximum:threshold
      ||| % c,
      'for': '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'The {{ $labels.collector }} data of tenant {{ $labels.tenant }} has not been fetched for {{ $value | humanizeDuration }}.',
        description: fold(|||
          ScoreExporter (job {{ $labels.job }}) last fetched the {{ $labels.collector }} data of tenant
          {{ $labels.tenant }} successfully {{ $value | humanizeDuration }} ago, longer than the tenant's threshold
          (tenant:defender_last_success_age_seconds_maximum:threshold). Once the exporter's StaleAfter has passed,
          the collector's series disappear for this tenant and the alerts on them stop evaluating for it.
        |||),
      },
    },
    {
      alert: 'DefenderSecureScoreUnchanged',
      // The API's `time` is when the call was made, not when Defender computed the score, so the only sign that
      // Defender stopped recomputing is a value that no longer moves. Only tenants scored for the whole week.
      expr: |||
        max by (job, tenant) (defender_device_secure_score{%(scoreExporterSelector)s})
        and on (job, tenant)
        max by (job, tenant) (changes(defender_device_secure_score{%(scoreExporterSelector)s}[7d])) == 0
        and on (job, tenant)
        max by (job, tenant) (present_over_time(defender_device_secure_score{%(scoreExporterSelector)s}[1h] offset 7d))
      ||| % c,
      'for': '1h',
      labels: { severity: 'info' },
      annotations: {
        summary: 'The Secure Score of tenant {{ $labels.tenant }} has not changed for 7 days.',
        description: fold(|||
          The Secure Score for Devices of tenant {{ $labels.tenant }} (job {{ $labels.job }}) has stayed at
          {{ $value | printf "%.1f" }} for 7 days, although the exporter fetches it and Defender recomputes scores about
          once a day. Either nothing changed in the tenant (a small, static estate) or Defender stopped recomputing.
        |||),
      },
    },
  ],
}
