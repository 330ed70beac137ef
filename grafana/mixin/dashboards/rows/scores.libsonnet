// Secure Score for Devices per tenant: now, over time, its changes, and a ranked table.
local p = import '../../lib/panels.libsonnet';
local grid = p.grid, target = p.target, override = p.override, prop = p.prop;

function(c, s)
  local minimum = c.thresholds.secureScoreMinimum;
  local score = 'max by (tenant) (defender_device_secure_score{%(tenant)s})' % s;
  // The lowest $limit tenants at the end of the range, so each line stays along the whole range.
  local lowest = '%s and on (tenant) bottomk($limit, max by (tenant) (defender_device_secure_score{%s} @ end()))' % [score, s.tenant];
  local change(offset) = '%s - max by (tenant) (defender_device_secure_score{%s} offset %s)' % [score, s.tenant, offset];
  local changeColumn(name) = override(name, [prop.colorText, prop.decimals(1)]);
  [
    p.row(9, 'Scores'),
    p.stat(
      10, 'Current score per tenant',
      "Last polled Microsoft Secure Score for Devices of each selected tenant, with its trend; the lowest $limit tenants at the end of the time range are shown. Red below %d, the rule file's default minimum." % minimum,
      grid(0, 1, 24, 6),
      [target('A', lowest, '{{tenant}}')],
      steps=[['red', null], ['green', minimum]], graphMode='area', decimals=1,
    ),
    p.timeseries(
      11, 'Score over time',
      'Secure Score for Devices per tenant; the lowest $limit tenants at the end of the time range. Gaps mean the exporter had no fresh score (StaleAfter passed without a successful poll).',
      grid(0, 7, 14, 9),
      [target('A', lowest, '{{tenant}}')],
      steps=[['red', null], ['green', minimum]], thresholdsStyle='dashed', legendDesc=false, tooltipSort='asc', decimals=1,
    ),
    p.table(
      12, 'Change over 1d / 7d / 30d',
      'Score now minus the score one day, one week and 30 days ago, per tenant; largest fall over one day first. Empty cells: Prometheus has no score for the tenant at that time.',
      grid(14, 7, 10, 9),
      [target('A', change('1d'), instant=true), target('B', change('7d'), instant=true), target('C', change('30d'), instant=true)],
      columns=[['tenant', 'Tenant'], ['Value #A', '1d'], ['Value #B', '7d'], ['Value #C', '30d']],
      sortBy='1d',
      steps=[['red', null], ['text', 0], ['green', 0.001]],
      overrides=[changeColumn('1d'), changeColumn('7d'), changeColumn('30d')],
    ),
    p.table(
      13, 'Tenants, lowest score first',
      'Every selected tenant with its current score, the margin to its minimum (from the bundled recording rules), how many times the score changed in the last 7 days (0 for a week: see DefenderSecureScoreUnchanged), the time since the Secure Score was last fetched, and whether that last poll succeeded.',
      grid(0, 16, 24, 10),
      [
        target('A', score, instant=true),
        target('B', '%s - on (tenant) max by (tenant) (tenant:defender_secure_score_minimum:threshold{tenant=~"$tenant"})' % score, instant=true),
        target('C', 'max by (tenant) (changes(defender_device_secure_score{%(tenant)s}[7d]))' % s, instant=true),
        target('D', 'time() - max by (tenant) (defender_scrape_last_success_timestamp_seconds{%(tenant)s, collector="configuration_score"})' % s, instant=true),
        target('E', 'max by (tenant) (defender_up{%(tenant)s, collector="configuration_score"})' % s, instant=true),
      ],
      columns=[
        ['tenant', 'Tenant'],
        ['Value #A', 'Score'],
        ['Value #B', 'Margin to minimum'],
        ['Value #C', 'Changes in 7d'],
        ['Value #D', 'Last successful fetch'],
        ['Value #E', 'Last poll'],
      ],
      sortBy='Score',
      overrides=[
        override('Score', [prop.decimals(1), prop.thresholds([['red', null], ['green', minimum]]), prop.colorText]),
        override('Margin to minimum', [prop.decimals(1), prop.thresholds([['red', null], ['green', 0]]), prop.colorBackground]),
        override('Changes in 7d', [prop.decimals(0), prop.thresholds([['yellow', null], ['green', 1]]), prop.colorText]),
        override('Last successful fetch', [
          prop.unit('s'),
          prop.thresholds([['green', null], ['yellow', 900], ['red', c.thresholds.lastSuccessAgeSecondsMaximum]]),
          prop.colorText,
        ]),
        override('Last poll', [prop.mappings({ '1': ['OK', 'green', 0], '0': ['FAILING', 'red', 1] }), prop.colorBackground]),
      ],
    ),
  ]
