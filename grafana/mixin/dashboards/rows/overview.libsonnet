// Overview: one number each for the whole selection.
local p = import '../../lib/panels.libsonnet';
local grid = p.grid, target = p.target;

function(c, s)
  local minimum = c.thresholds.secureScoreMinimum;
  local score = 'max by (tenant) (defender_device_secure_score{%(tenant)s})' % s;
  local change(offset) = 'avg(%s - max by (tenant) (defender_device_secure_score{%s} offset %s))' % [score, s.tenant, offset];
  [
    p.row(1, 'Overview'),
    p.stat(
      2, 'Tenants',
      'Configured tenants reported by the exporter (defender_tenant_info), within the selection.',
      grid(0, 1, 3, 4),
      [target('A', 'count(max by (tenant) (defender_tenant_info{%(tenant)s}))' % s)],
    ),
    p.stat(
      3, 'Tenants failing to poll',
      "Tenants where at least one collector's last poll failed (defender_up == 0 for a collector on every replica that polls it). See the collector status and poll errors below, and the runbook.",
      grid(3, 1, 3, 4),
      [target('A', 'count(min by (tenant) (max by (tenant, collector) (defender_up{%(tenant)s})) == 0) or vector(0)' % s)],
      steps=[['green', null], ['red', 1]], colorMode='background',
    ),
    p.stat(
      4, 'Tenants below minimum',
      'Tenants whose Secure Score for Devices is below their minimum, the tenant:defender_secure_score_minimum:threshold recording rule from the bundled rule file (0 when those rules are not loaded).',
      grid(6, 1, 3, 4),
      [target('A', 'count(%s < on (tenant) max by (tenant) (tenant:defender_secure_score_minimum:threshold{tenant=~"$tenant"})) or vector(0)' % score)],
      steps=[['green', null], ['red', 1]], colorMode='background',
    ),
    p.stat(
      5, 'Lowest score',
      "Lowest current Secure Score for Devices among the selected tenants. Red below %d, the rule file's default minimum: change both together." % minimum,
      grid(9, 1, 4, 4),
      [target('A', 'min(%s)' % score)],
      steps=[['red', null], ['green', minimum]], graphMode='area', decimals=1,
    ),
    p.stat(
      6, 'Mean score change',
      'Change of the Secure Score for Devices over the last day, week and 30 days, averaged over the selected tenants (for one tenant, its own change). Empty until Prometheus holds that much history.',
      grid(13, 1, 5, 4),
      [target('A', change('1d'), '1d'), target('B', change('7d'), '7d'), target('C', change('30d'), '30d')],
      steps=[['red', null], ['text', 0], ['green', 0.001]], decimals=1,
    ),
    p.stat(
      7, 'Oldest successful fetch',
      "Longest time any tenant's collector has waited for a successful poll (defender_scrape_last_success_timestamp_seconds). Yellow from %d minutes: the devices collector polls every 30 minutes by default." % (c.fetchAgeWarningSeconds / 60),
      grid(18, 1, 3, 4),
      [target('A', 'max(time() - max by (tenant, collector) (defender_scrape_last_success_timestamp_seconds{%(tenant)s}))' % s)],
      unit='s', steps=[['green', null], ['yellow', c.fetchAgeWarningSeconds], ['red', c.thresholds.lastSuccessAgeSecondsMaximum]],
    ),
    p.stat(
      8, 'Highest exposure score',
      'The highest organisation exposure score among the selected tenants (0-100, lower is better): green low (0-29), orange medium (30-69), red high (70-100).',
      grid(21, 1, 3, 4),
      [target('A', 'max(max by (tenant) (defender_exposure_score{%(tenant)s}))' % s)],
      steps=[['green', null], ['orange', c.exposureBands.medium], ['red', c.exposureBands.high]], colorMode='background',
      decimals=1, min=0, max=100,
    ),
  ]
