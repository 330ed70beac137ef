// The exporter itself: down, or not scraped at all.
local fold = (import '../lib/text.libsonnet').fold;

{
  name: 'defender-secure-score.exporter',
  alerts(c):: [
    {
      alert: 'DefenderExporterDown',
      // A target that exposed the exporter's build info in the last day no longer answers scrapes.
      expr: |||
        up{%(scoreExporterSelector)s} == 0
        and on (job, instance)
        present_over_time(defender_exporter_build_info{%(scoreExporterSelector)s}[1d])
      ||| % c,
      'for': '5m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'ScoreExporter is down; Secure Scores are not being collected.',
        description: fold(|||
          Prometheus has failed to scrape ScoreExporter at {{ $labels.instance }} (job {{ $labels.job }})
          for more than 5 minutes. No tenant's score from this exporter is being recorded and the other
          Defender alerts cannot fire for its tenants.
        |||),
      },
    },
    {
      alert: 'DefenderExporterAbsent',
      // No exporter is visible at all and none is merely down: the target has left service discovery, or the
      // scrape configuration never picked it up.
      expr: |||
        absent(defender_exporter_build_info{%(scoreExporterSelector)s})
        unless on ()
        (up{%(scoreExporterSelector)s} == 0 and on (job, instance) present_over_time(defender_exporter_build_info{%(scoreExporterSelector)s}[1d]))
      ||| % c,
      'for': '15m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'No ScoreExporter is being scraped.',
        description: fold(|||
          Prometheus has had no defender_exporter_build_info series from any target for more than 15 minutes,
          and no known exporter target is reporting down. The exporter is not deployed, or the scrape
          configuration or service discovery no longer finds it: see {{ $externalURL }}/service-discovery
          and {{ $externalURL }}/targets.
        |||),
      },
    },
  ],
}
