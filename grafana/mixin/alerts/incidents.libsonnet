// Open incidents (Graph, the incidents collector) that wait too long: nobody assigned, or open too long.
local fold = (import '../lib/text.libsonnet').fold;

{
  name: 'defender-secure-score.incidents',
  alerts(c):: [
    {
      alert: 'DefenderHighIncidentUnassigned',
      // The collector counts incidents, it does not follow them one by one: "too long" is the count of unassigned
      // high-severity incidents staying above 0 for the whole `for:`.
      expr: |||
        sum by (job, tenant) (
          max by (job, tenant, severity, status, assigned) (defender_incidents{%(scoreExporterSelector)s, severity="high", assigned="false"})
        ) > 0
      ||| % c,
      'for': c.alertFor.highIncidentUnassigned,
      labels: { severity: 'critical' },
      annotations: {
        summary: 'Tenant {{ $labels.tenant }} has high-severity incidents that nobody is assigned to.',
        description: fold(|||
          {{ $value | printf "%.0f" }} open high-severity incidents of tenant {{ $labels.tenant }} (job {{ $labels.job }})
          have no one assigned, and there have been unassigned high-severity incidents for more than
        |||) + ' ' + c.alertFor.highIncidentUnassigned + '. ' + fold(|||
          Someone must take them: assign them in the Microsoft Defender portal (Incidents, filter on severity High
          and unassigned).
        |||),
      },
    },
    {
      alert: 'DefenderHighIncidentOpenTooLong',
      expr: |||
        time() - min by (job, tenant) (defender_incident_oldest_open_timestamp_seconds{%(scoreExporterSelector)s, severity="high"})
        > on (tenant) group_left ()
        tenant:defender_high_incident_open_age_seconds_maximum:threshold
      ||| % c,
      'for': '15m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'A high-severity incident of tenant {{ $labels.tenant }} has been open for {{ $value | humanizeDuration }}.',
        description: fold(|||
          The oldest open high-severity incident of tenant {{ $labels.tenant }} (job {{ $labels.job }}) was created
          {{ $value | humanizeDuration }} ago, longer than the tenant's threshold
          (tenant:defender_high_incident_open_age_seconds_maximum:threshold). Investigate and resolve it, or
          correct its severity or status in the Microsoft Defender portal.
        |||),
      },
    },
  ],
}
