// Devices from the devices collector: exposure levels, sensor health, and blind devices per group.
local p = import '../../lib/panels.libsonnet';
local grid = p.grid, target = p.target, override = p.override, prop = p.prop;

function(c, s)
  local blindHealth = 'health_status=~"Inactive|ImpairedCommunication|NoSensorData|NoSensorDataImpairedCommunication"';
  local onboarded = 'onboarding_status=~"(?i)onboarded"';
  local perGroup(extra) = 'sum by (tenant, device_group) (%s)' % s.devices(extra);
  // Groups with no blind device read 0, not nothing.
  local blind = '%s or on (tenant, device_group) 0 * %s' % [perGroup(onboarded + ', ' + blindHealth), perGroup(onboarded)];
  local colours(pairs) = [override(pair[0], [prop.fixedColor(pair[1])]) for pair in pairs];
  [
    p.row(27, 'Devices'),
    p.bargauge(
      28, 'Devices by exposure level',
      "Devices of the selected tenants by their exposure level (None, Low, Medium, High), from the devices collector's last poll.",
      grid(0, 1, 8, 8),
      [target('A', 'sum by (exposure_level) (%s)' % s.devices(), '{{exposure_level}}', instant=true, format='time_series')],
      decimals=0, min=0,
      overrides=colours([['None', 'green'], ['Low', 'yellow'], ['Medium', 'orange'], ['High', 'red']]),
    ),
    p.timeseries(
      29, 'Device health over time',
      'Devices of the selected tenants by sensor health status, stacked. Inactive, ImpairedCommunication, NoSensorData and NoSensorDataImpairedCommunication devices are blind: Defender does not see them.',
      grid(8, 1, 8, 8),
      [target('A', 'sum by (health_status) (%s)' % s.devices(), '{{health_status}}')],
      stacked=true, decimals=0, min=0,
      overrides=colours([
        ['Active', 'green'],
        ['Inactive', 'orange'],
        ['ImpairedCommunication', 'yellow'],
        ['NoSensorData', 'red'],
        ['NoSensorDataImpairedCommunication', 'dark-red'],
        ['Unknown', 'text'],
      ]),
    ),
    p.table(
      30, 'Blind devices per group',
      'Onboarded devices per tenant and device group whose sensor does not report (health status Inactive, ImpairedCommunication, NoSensorData or NoSensorDataImpairedCommunication), and their share of the group; largest share first. DefenderDevicesBlind alerts on the tenant\'s share.',
      grid(16, 1, 8, 8),
      [
        target('A', blind, instant=true),
        target('B', perGroup(onboarded), instant=true),
        target('C', '(%s) / on (tenant, device_group) %s' % [blind, perGroup(onboarded)], instant=true),
      ],
      columns=[['tenant', 'Tenant'], ['device_group', 'Device group'], ['Value #A', 'Blind'], ['Value #B', 'Onboarded'], ['Value #C', 'Blind share']],
      sortBy='Blind share', sortDesc=true,
      overrides=[override('Blind share', [
        prop.unit('percentunit'),
        prop.decimals(1),
        prop.thresholds([['green', null], ['orange', c.thresholds.blindDevicesRatioMaximum / 2], ['red', c.thresholds.blindDevicesRatioMaximum]]),
        prop.colorBackground,
      ])],
    ),
  ]
