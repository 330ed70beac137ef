// Microsoft Secure Score (Graph, the secure_score collector): each tenant's share of its maximum, by category,
// against Microsoft's averages, and per control when the collector publishes controls (PerControl: true).
local p = import '../../lib/panels.libsonnet';
local grid = p.grid, target = p.target, override = p.override, prop = p.prop;

function(c, s)
  // Share of the maximum: tenants' maxima differ with their licences, so points alone do not compare.
  local share = 'max by (tenant) (defender_secure_score{%(tenant)s}) / max by (tenant) (defender_secure_score_max{%(tenant)s})' % s;
  local lowest = '%s and on (tenant) bottomk($limit, max by (tenant) (defender_secure_score{%s} @ end()) / max by (tenant) (defender_secure_score_max{%s} @ end()))'
                 % [share, s.tenant, s.tenant];
  local shareSteps = [['red', null], ['orange', 0.4], ['green', 0.7]];
  local control(metric) = 'max by (tenant, category, control) (%s{%s})' % [metric, s.tenant];
  [
    p.row(40, 'Microsoft Secure Score'),
    p.stat(
      41, 'Microsoft Secure Score per tenant',
      "Each selected tenant's Microsoft Secure Score as a share of its maximum points (defender_secure_score / defender_secure_score_max), with its trend; the lowest $limit tenants at the end of the time range. Needs the secure_score collector (Graph, SecurityEvents.Read.All).",
      grid(0, 1, 12, 7),
      [target('A', lowest, '{{tenant}}')],
      unit='percentunit', steps=shareSteps, graphMode='area', decimals=1,
    ),
    p.timeseries(
      45, 'Microsoft Secure Score over time',
      'Microsoft Secure Score per tenant as a share of its maximum; the lowest $limit tenants at the end of the time range. Microsoft computes one snapshot a day.',
      grid(12, 1, 12, 7),
      [target('A', lowest, '{{tenant}}')],
      unit='percentunit', steps=shareSteps, legendDesc=false, tooltipSort='asc', decimals=1, min=0, max=1,
    ),
    p.bargauge(
      42, 'Microsoft Secure Score by category',
      'Points as a share of the maximum per control category (Identity, Data, Device, Apps, Infrastructure), over the selected tenants: the sum of defender_secure_score_category over the sum of defender_secure_score_category_max.',
      grid(0, 8, 8, 8),
      [target(
        'A',
        'sum by (category) (max by (tenant, category) (defender_secure_score_category{%(tenant)s})) / sum by (category) (max by (tenant, category) (defender_secure_score_category_max{%(tenant)s}))' % s,
        '{{category}}',
        instant=true,
        format='time_series',
      )],
      unit='percentunit', steps=shareSteps, decimals=1, min=0, max=1,
    ),
    p.table(
      43, 'Compared with the averages',
      "Microsoft's average scores (defender_secure_score_comparative) by basis (AllTenants, TotalSeats, IndustryTypes), and how far each tenant's current score is above (positive) or below them, in points.",
      grid(8, 8, 16, 8),
      [
        target('A', 'max by (tenant, basis) (defender_secure_score_comparative{%(tenant)s})' % s, instant=true),
        target('B', 'max by (tenant) (defender_secure_score{%(tenant)s}) - on (tenant) group_right () max by (tenant, basis) (defender_secure_score_comparative{%(tenant)s})' % s, instant=true),
      ],
      columns=[['tenant', 'Tenant'], ['basis', 'Basis'], ['Value #A', 'Average'], ['Value #B', 'Tenant above average']],
      sortBy='Tenant above average',
      overrides=[
        override('Average', [prop.decimals(1)]),
        override('Tenant above average', [prop.decimals(1), prop.thresholds([['red', null], ['green', 0]]), prop.colorText]),
      ],
    ),
    p.table(
      44, 'Microsoft Secure Score controls',
      "Points, maximum and points still to gain per control (defender_secure_score_control, _control_max), most to gain first. Empty unless the secure_score collector runs with PerControl: true.",
      grid(0, 16, 24, 8),
      [
        target('A', control('defender_secure_score_control'), instant=true),
        target('B', control('defender_secure_score_control_max'), instant=true),
        target('C', '%s - %s' % [control('defender_secure_score_control_max'), control('defender_secure_score_control')], instant=true),
      ],
      columns=[['tenant', 'Tenant'], ['category', 'Category'], ['control', 'Control'], ['Value #A', 'Points'], ['Value #B', 'Maximum'], ['Value #C', 'To gain']],
      sortBy='To gain', sortDesc=true,
      overrides=[override('Points', [prop.decimals(1)]), override('Maximum', [prop.decimals(1)]), override('To gain', [prop.decimals(1)])],
    ),
  ]
