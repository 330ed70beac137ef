// The exporter itself: instances up, builds, and how the tenants are split between shards.
local p = import '../../lib/panels.libsonnet';
local grid = p.grid, target = p.target, override = p.override, prop = p.prop;

function(c, s)
  // Tenant series carry no shard: join them with the shard of the instance that published them.
  local shardOf = 'on (job, instance) group_left (shard, total_shards) max by (job, instance, shard, total_shards) (defender_exporter_shard_info{%(job)s})' % s;
  local pollsOk = 'avg by (shard, total_shards) (max by (job, instance, tenant, collector) (defender_up{%s}) * %s)' % [s.tenant, shardOf];
  [
    p.row(21, 'Exporter and shards'),
    p.stat(
      22, 'Exporter up',
      'Whether Prometheus can scrape each exporter instance (the `up` series of targets that expose defender_exporter_build_info).',
      grid(0, 1, 8, 4),
      [target('A', 'up{%(job)s} and on (job, instance) last_over_time(defender_exporter_build_info{%(job)s}[1d])' % s, '{{instance}}')],
      steps=[['red', null], ['green', 1]], colorMode='background',
      mappings=p.valueText({ '1': ['UP', 'green', 0], '0': ['DOWN', 'red', 1] }),
    ),
    p.table(
      23, 'Exporter build',
      'Version and revision of each exporter instance (defender_exporter_build_info).',
      grid(8, 1, 16, 4),
      [target('A', 'max by (job, instance, version, revision) (defender_exporter_build_info{%(job)s})' % s, instant=true)],
      columns=[['job', 'Job'], ['instance', 'Instance'], ['version', 'Version'], ['revision', 'Revision'], ['Value', 'Value']],
      hidden=['Value'], sortBy='Instance',
    ),
    p.table(
      32, 'Tenants per shard',
      "Each shard (a part of the tenants, polled by its own replica or replicas): how many replicas publish it, how many tenants it polls (defender_tenant_info joined with defender_exporter_shard_info on the instance), and the share of its tenants' collectors whose last poll succeeded.",
      grid(0, 5, 12, 6),
      [
        target('A', 'count by (shard, total_shards) (max by (job, instance, shard, total_shards) (defender_exporter_shard_info{%(job)s}))' % s, instant=true),
        target('B', 'count by (shard, total_shards) (group by (shard, total_shards, tenant) (max by (job, instance, tenant) (defender_tenant_info{%s}) * %s))' % [s.tenant, shardOf], instant=true),
        target('C', pollsOk, instant=true),
      ],
      columns=[['shard', 'Shard'], ['total_shards', 'Total shards'], ['Value #A', 'Replicas'], ['Value #B', 'Tenants'], ['Value #C', 'Polls OK']],
      sortBy='Shard',
      overrides=[override('Polls OK', [
        prop.unit('percentunit'),
        prop.decimals(1),
        prop.thresholds([['red', null], ['orange', 0.9], ['green', 1]]),
        prop.colorBackground,
      ])],
    ),
    p.timeseries(
      33, 'Poll success per shard',
      "Share of each shard's tenant and collector pairs whose last poll succeeded (defender_up joined with defender_exporter_shard_info on the instance). A shard at 0 while the others are fine points at its replica, not at Microsoft.",
      grid(12, 5, 12, 6),
      [target('A', pollsOk, 'shard {{shard}} of {{total_shards}}')],
      unit='percentunit', steps=[['red', null], ['green', 1]], legendCalcs=['lastNotNull', 'min'], legendSort='Min', legendDesc=false,
      tooltipSort='asc', min=0, max=1,
    ),
  ]
