// Recording rules: the alert thresholds. Each threshold has a default, `defender:<name>:default`, from _config,
// and may be given per tenant by a `defender:<name>:override` series with a `tenant` label, e.g.
//   - record: defender:secure_score_minimum:override
//     labels: {tenant: contoso}
//     expr: vector(650)
// `tenant:defender_<name>:threshold` joins them for every tenant the exporter reports; the alerts compare
// against it, never against a number in their own expression.
local manifest = import '../lib/manifest.libsonnet';
local thresholds = import 'thresholds.libsonnet';

{
  prometheusRules+:: {
    local c = $._config,
    groups+: [{
      name: 'defender-secure-score.thresholds',
      rules: [
        { record: 'defender:%s:default' % t.name, expr: 'vector(%s)' % manifest.number(t.value) }
        for t in thresholds(c)
      ] + [
        {
          record: 'tenant:defender_%s:threshold' % t.name,
          expr: |||
            max by (tenant) (defender:%(name)s:override)
            or on (tenant)
            group by (tenant) (defender_tenant_info{%(selector)s}) * on () group_left () defender:%(name)s:default
          ||| % { name: t.name, selector: c.scoreExporterSelector },
        }
        for t in thresholds(c)
      ],
    }],
  },
}
