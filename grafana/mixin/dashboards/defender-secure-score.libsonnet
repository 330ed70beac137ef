// The posture dashboard: every tenant's Defender posture, and the health of its collection.
// Each row is a function of the configuration and the selectors that returns its heading and the panels under it,
// placed from y 0; the rows are stacked in this order.
local panels = import '../lib/panels.libsonnet';
local selectors = import 'selectors.libsonnet';
local variables = import 'variables.libsonnet';
local rows = [
  import 'rows/overview.libsonnet',
  import 'rows/scores.libsonnet',
  import 'rows/exposure.libsonnet',
  import 'rows/devices.libsonnet',
  import 'rows/microsoft-secure-score.libsonnet',
  import 'rows/incidents.libsonnet',
  import 'rows/vulnerability-management.libsonnet',
  import 'rows/antivirus.libsonnet',
  import 'rows/freshness.libsonnet',
  import 'rows/polling.libsonnet',
  import 'rows/exporter.libsonnet',
];

{
  grafanaDashboards+:: {
    'defender-secure-score.json': {
      local c = $._config,
      local s = selectors(c),

      uid: c.dashboardUid,
      title: 'Microsoft Defender posture: Secure Score, exposure and devices',
      description: 'Secure Score for Devices, exposure score, device groups and device health per Microsoft Defender for Endpoint tenant, their trends, Microsoft Secure Score, incidents, vulnerability management and antivirus health, and the health of ScoreExporter\'s collectors and shards.',
      tags: c.dashboardTags,
      editable: true,
      graphTooltip: 1,
      fiscalYearStartMonth: 0,
      liveNow: false,
      refresh: c.dashboardRefresh,
      schemaVersion: 39,
      version: 1,
      time: { from: 'now-7d', to: 'now' },
      timepicker: {},
      timezone: '',
      weekStart: '',
      links: [],
      annotations: {
        list: [{
          builtIn: 1,
          datasource: { type: 'grafana', uid: '-- Grafana --' },
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          name: 'Annotations & Alerts',
          type: 'dashboard',
        }],
      },
      templating: { list: variables(s) },
      panels: panels.stack([row(c, s) for row in rows]),
    },
  },
}
