// Open incidents (Graph, the incidents collector): by severity, the unassigned high-severity ones, and how old the
// oldest open incident of each severity is.
local p = import '../../lib/panels.libsonnet';
local grid = p.grid, target = p.target, override = p.override, prop = p.prop;

function(c, s)
  local colours = [
    override('high', [prop.fixedColor('red')]),
    override('medium', [prop.fixedColor('orange')]),
    override('low', [prop.fixedColor('yellow')]),
    override('informational', [prop.fixedColor('blue')]),
    override('unknown', [prop.fixedColor('text')]),
  ];
  local ageSteps = [['green', null], ['yellow', c.incidentAgeWarningSeconds], ['red', c.thresholds.highIncidentOpenAgeSecondsMaximum]];
  local perSeverity(extra) = 'sum by (tenant, severity) (%s)' % s.incidents(extra);
  local open = perSeverity('');
  [
    p.row(50, 'Incidents'),
    p.stat(
      53, 'Unassigned high-severity incidents',
      'Open high-severity incidents of the selected tenants that nobody is assigned to (defender_incidents{severity="high", assigned="false"}). Needs the incidents collector (Graph, SecurityIncident.Read.All).',
      grid(0, 1, 4, 4),
      [target('A', 'sum(%s) or vector(0)' % s.incidents('severity="high", assigned="false"'))],
      steps=[['green', null], ['red', 1]], colorMode='background',
    ),
    p.stat(
      55, 'Oldest open high-severity incident',
      'Age of the oldest open high-severity incident among the selected tenants (time() - defender_incident_oldest_open_timestamp_seconds). Red from the DefenderHighIncidentOpenTooLong threshold.',
      grid(0, 5, 4, 4),
      [target('A', 'max(time() - min by (tenant) (defender_incident_oldest_open_timestamp_seconds{%(tenant)s, severity="high"}))' % s)],
      unit='dtdurations', steps=ageSteps,
    ),
    p.bargauge(
      51, 'Open incidents by severity',
      'Open incidents (every status but resolved) of the selected tenants by severity, from the incidents collector\'s last poll.',
      grid(4, 1, 6, 8),
      [target('A', 'sum by (severity) (%s)' % s.incidents(), '{{severity}}', instant=true, format='time_series')],
      decimals=0, min=0, overrides=colours,
    ),
    p.timeseries(
      52, 'Open incidents over time',
      'Open incidents of the selected tenants by severity, stacked.',
      grid(10, 1, 14, 8),
      [target('A', 'sum by (severity) (%s)' % s.incidents(), '{{severity}}')],
      stacked=true, decimals=0, min=0, overrides=colours,
    ),
    p.table(
      54, 'Open incidents per tenant and severity',
      'Per tenant and severity: open incidents, how many nobody is assigned to, and the age of the oldest open one; high severity first.',
      grid(0, 9, 24, 8),
      [
        target('A', open, instant=true),
        target('B', '%s or on (tenant, severity) 0 * %s' % [perSeverity('assigned="false"'), open], instant=true),
        target('C', 'time() - min by (tenant, severity) (defender_incident_oldest_open_timestamp_seconds{%(tenant)s})' % s, instant=true),
      ],
      columns=[['tenant', 'Tenant'], ['severity', 'Severity'], ['Value #A', 'Open'], ['Value #B', 'Unassigned'], ['Value #C', 'Oldest open']],
      sortBy='Oldest open', sortDesc=true,
      overrides=[
        override('Unassigned', [prop.thresholds([['green', null], ['orange', 1]]), prop.colorText]),
        override('Oldest open', [prop.unit('dtdurations'), prop.thresholds(ageSteps), prop.colorText]),
      ],
    ),
  ]
