// `jsonnet -S render/rules.jsonnet`: the Prometheus rule file, recording rules first. Pass --tla-code config='{...}'
// to override _config.
local manifest = import '../lib/manifest.libsonnet';
local thresholds = import '../rules/thresholds.libsonnet';

function(config={})
  local mixin = (import '../mixin.libsonnet') + { _config+:: config };
  local c = mixin._config;
  manifest.ruleFile(
    [
      'Alerting and recording rules for ScoreExporter (Microsoft Defender for Endpoint posture).',
      'Rendered from grafana/mixin (jsonnet) by grafana/mixin/render.sh: change the mixin, not this file.',
      '',
      'Load with `rule_files:` in prometheus.yml, or put the groups under a PrometheusRule `spec:` for the',
      'Prometheus Operator. Every alert links to its section of grafana/alerts/runbook.md.',
      '',
      "Series selector: %s (the mixin's _config.scoreExporterSelector)." % c.scoreExporterSelector,
      '',
      'Thresholds are recording rules in the first group, never numbers in the alert expressions. Defaults',
      "(the mixin's _config.thresholds):",
    ] + [
      line
      for t in thresholds(c)
      for line in ['  defender:%s:default = %s' % [t.name, manifest.number(t.value)], '    ' + t.help]
    ] + [
      'Give one tenant its own value with an override rule (the `tenant` label is the configured tenant name):',
      '  - record: defender:secure_score_minimum:override',
      '    labels: {tenant: contoso}',
      '    expr: vector(650)',
      'The tenant:defender_*:threshold series join defaults and overrides; the alerts compare against those.',
      '',
      'Replicas: every tenant alert aggregates by (job, tenant[, collector]) first, so replicas or shards that',
      'publish the same tenant raise it once.',
    ],
    mixin.prometheusRules.groups + mixin.prometheusAlerts.groups,
  )
