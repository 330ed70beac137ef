// Exposure score per tenant and per device group, drawn against Microsoft's bands.
local p = import '../../lib/panels.libsonnet';
local grid = p.grid, target = p.target, override = p.override, prop = p.prop;

function(c, s)
  local bands = [['green', null], ['orange', c.exposureBands.medium], ['red', c.exposureBands.high]];
  [
    p.row(24, 'Exposure'),
    p.timeseries(
      25, 'Exposure score over time',
      "Organisation exposure score per tenant (0-100, lower is better); the highest $limit tenants at the end of the time range. The dashed lines mark Microsoft's bands: medium from 30, high from 70.",
      grid(0, 1, 12, 9),
      [target(
        'A',
        'max by (tenant) (defender_exposure_score{%(tenant)s}) and on (tenant) topk($limit, max by (tenant) (defender_exposure_score{%(tenant)s} @ end()))' % s,
        '{{tenant}}',
      )],
      steps=bands, thresholdsStyle='dashed', decimals=1, min=0, max=100,
    ),
    p.table(
      26, 'Exposure by device group',
      "Current exposure score of every device group of the selected tenants (defender_device_group_exposure_score), highest first, coloured by Microsoft's bands.",
      grid(12, 1, 12, 9),
      [target('A', 'max by (tenant, device_group, device_group_id) (defender_device_group_exposure_score{%(tenant)s})' % s, instant=true)],
      columns=[['tenant', 'Tenant'], ['device_group', 'Device group'], ['device_group_id', 'Group id'], ['Value', 'Exposure score']],
      sortBy='Exposure score', sortDesc=true,
      steps=bands,
      overrides=[override('Exposure score', [prop.decimals(1), prop.colorBackground])],
    ),
  ]
