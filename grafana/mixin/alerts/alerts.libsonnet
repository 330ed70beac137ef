// Alerting rules, one group per concern. Every alert: CamelCase name, `for:`, a severity, a summary, a templated
// description and a runbook_url to its section of grafana/alerts/runbook.md. Thresholds are read from the
// tenant:defender_*:threshold recording rules (rules/), never written into an expression.
//
// Replicas: when several exporter instances of one job publish the same tenant (high availability, or shards during
// a rollout), every tenant alert aggregates by (job, tenant[, collector]) first, so it fires once, not once per
// instance, and a tenant counts as failing only when no instance succeeds.
local groups = [
  import 'exporter.libsonnet',
  import 'polling.libsonnet',
  import 'freshness.libsonnet',
  import 'posture.libsonnet',
  import 'incidents.libsonnet',
  import 'vulnerabilities.libsonnet',
  import 'antivirus.libsonnet',
];

{
  prometheusAlerts+:: {
    local c = $._config,
    groups+: [
      {
        name: group.name,
        rules: [
          alert {
            annotations+: { runbook_url: '%s#%s' % [c.runbookUrl, std.asciiLower(alert.alert)] },
          }
          for alert in group.alerts(c)
        ],
      }
      for group in groups
    ],
  },
}
