// Microsoft Defender Antivirus health (the antivirus collector): devices whose signatures, engine or platform are
// out of date, the oldest signatures, and the antivirus mode.
local p = import '../../lib/panels.libsonnet';
local grid = p.grid, target = p.target, override = p.override, prop = p.prop;

function(c, s)
  // The API's flags are the strings "True"/"False": compared without regard to case.
  local outOfDate(part) = '%s_up_to_date=~"(?i)false"' % part;
  local perGroup(extra) = 'sum by (tenant, device_group) (%s)' % s.antivirus(extra);
  local devices = perGroup('');
  local orZero(expr) = '%s or on (tenant, device_group) 0 * %s' % [expr, devices];
  local ageSteps = [['green', null], ['yellow', c.signatureAgeWarningSeconds], ['red', c.signatureAgeCriticalSeconds]];
  local shareSteps = [['green', null], ['orange', c.thresholds.antivirusSignatureOutOfDateRatioMaximum / 2], ['red', c.thresholds.antivirusSignatureOutOfDateRatioMaximum]];
  [
    p.row(70, 'Antivirus'),
    p.stat(
      74, 'Oldest antivirus signatures',
      'Age of the oldest antivirus signature update among the selected device groups (time() - defender_antivirus_signature_oldest_update_timestamp_seconds). Needs the antivirus collector (Machine.Read.All).',
      grid(0, 1, 4, 8),
      [target('A', 'max(time() - min by (tenant, device_group) (defender_antivirus_signature_oldest_update_timestamp_seconds{%(tenant)s}))' % s)],
      unit='dtdurations', steps=ageSteps,
    ),
    p.bargauge(
      71, 'Devices not up to date',
      'Devices of the selected tenants whose antivirus signatures, engine or platform Defender reports as out of date (defender_antivirus_devices).',
      grid(4, 1, 10, 8),
      [
        target('A', 'sum(%s)' % s.antivirus(outOfDate('signature')), 'signature', instant=true, format='time_series'),
        target('B', 'sum(%s)' % s.antivirus(outOfDate('engine')), 'engine', instant=true, format='time_series'),
        target('C', 'sum(%s)' % s.antivirus(outOfDate('platform')), 'platform', instant=true, format='time_series'),
      ],
      steps=[['orange', null]], decimals=0, min=0,
    ),
    p.bargauge(
      73, 'Devices by antivirus mode',
      'Devices of the selected tenants by antivirus mode (av_mode: active, passive, ..., or Microsoft\'s code where it has no name). A device that leaves active mode is no longer protected by Defender Antivirus.',
      grid(14, 1, 10, 8),
      [target('A', 'sum by (av_mode) (%s)' % s.antivirus(), '{{av_mode}}', instant=true, format='time_series')],
      decimals=0, min=0,
      overrides=[override('active', [prop.fixedColor('green')]), override('passive', [prop.fixedColor('orange')])],
    ),
    p.table(
      72, 'Antivirus per device group',
      'Per tenant and device group: devices, those with out-of-date signatures, engine and platform, the share of out-of-date signatures (DefenderAntivirusSignaturesOutOfDate alerts on it) and the age of the oldest signature; largest share first.',
      grid(0, 9, 24, 9),
      [
        target('A', devices, instant=true),
        target('B', orZero(perGroup(outOfDate('signature'))), instant=true),
        target('C', orZero(perGroup(outOfDate('engine'))), instant=true),
        target('D', orZero(perGroup(outOfDate('platform'))), instant=true),
        target('E', '(%s) / on (tenant, device_group) %s' % [orZero(perGroup(outOfDate('signature'))), devices], instant=true),
        target('F', 'time() - min by (tenant, device_group) (defender_antivirus_signature_oldest_update_timestamp_seconds{%(tenant)s})' % s, instant=true),
      ],
      columns=[
        ['tenant', 'Tenant'],
        ['device_group', 'Device group'],
        ['Value #A', 'Devices'],
        ['Value #B', 'Signatures out of date'],
        ['Value #C', 'Engine out of date'],
        ['Value #D', 'Platform out of date'],
        ['Value #E', 'Signatures out of date (share)'],
        ['Value #F', 'Oldest signature'],
      ],
      sortBy='Signatures out of date (share)', sortDesc=true,
      overrides=[
        override('Signatures out of date (share)', [prop.unit('percentunit'), prop.decimals(1), prop.thresholds(shareSteps), prop.colorBackground]),
        override('Oldest signature', [prop.unit('dtdurations'), prop.thresholds(ageSteps), prop.colorText]),
      ],
    ),
  ]
