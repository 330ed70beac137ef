// How long each tenant's collectors have waited for a successful poll.
local p = import '../../lib/panels.libsonnet';

function(c, s) [
  p.row(14, 'Data freshness'),
  p.timeseries(
    16, 'Time since last successful poll',
    "Time since each tenant's collectors last polled the Defender API successfully; the $limit longest-waiting tenant and collector pairs at the end of the time range. A sawtooth is normal (each collector polls on its own interval); a rising line means polls are failing. Yellow from %d minutes: the devices collector polls every 30 minutes by default." % (c.fetchAgeWarningSeconds / 60),
    p.grid(0, 1, 24, 8),
    [p.target(
      'A',
      '(time() - max by (tenant, collector) (defender_scrape_last_success_timestamp_seconds{%(tenant)s})) and on (tenant, collector) bottomk($limit, max by (tenant, collector) (defender_scrape_last_success_timestamp_seconds{%(tenant)s} @ end()))' % s,
      '{{tenant}} {{collector}}',
    )],
    unit='s', steps=[['green', null], ['yellow', c.fetchAgeWarningSeconds], ['red', c.thresholds.lastSuccessAgeSecondsMaximum]], min=0,
  ),
]
