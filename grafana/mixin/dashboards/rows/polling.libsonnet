// The collectors at work: errors, durations, API calls, and a status table.
local p = import '../../lib/panels.libsonnet';
local grid = p.grid, target = p.target, override = p.override, prop = p.prop;

function(c, s)
  local perMinute(metric, by) = 'sum by (%s) (rate(%s{%s}[$__rate_interval])) * 60' % [by, metric, s.tenant];
  local up = 'max by (tenant, collector) (defender_up{%(tenant)s})' % s;
  [
    p.row(17, 'Polling'),
    p.timeseries(
      18, 'Poll errors by reason',
      'Failed polls per minute by collector and reason (auth, unauthorized, forbidden, throttled, client_error, server_error, timeout, network, invalid_response), across the selected tenants.',
      grid(0, 1, 8, 8),
      [target('A', perMinute('defender_scrape_errors_total', 'collector, reason'), '{{collector}} {{reason}}')],
      unit='opm', legendCalcs=['max', 'lastNotNull'], legendSort='Max', min=0, interval='5m',
    ),
    p.timeseries(
      19, 'Last poll duration per collector',
      "How long each collector's last poll took (defender_scrape_duration_seconds, retries, Retry-After waits and pages included): the slowest tenant and the mean over the selected tenants.",
      grid(8, 1, 8, 8),
      [
        target('A', 'max by (collector) (defender_scrape_duration_seconds{%(tenant)s})' % s, '{{collector}} slowest'),
        target('B', 'avg by (collector) (max by (tenant, collector) (defender_scrape_duration_seconds{%(tenant)s}))' % s, '{{collector}} mean'),
      ],
      unit='s', legendCalcs=['mean', 'max'], legendSort='Mean', min=0,
    ),
    p.timeseries(
      20, 'API requests by endpoint and code',
      'HTTP attempts per minute by endpoint (token, or the collector that made the call) and status code (none when no answer came), retries included.',
      grid(16, 1, 8, 8),
      [target('A', perMinute('defender_api_requests_total', 'endpoint, code'), '{{endpoint}} {{code}}')],
      unit='opm', legendCalcs=['max', 'lastNotNull'], legendSort='Max', min=0, interval='5m',
    ),
    p.table(
      31, 'Collector status',
      'Per collector: the tenants it polls, how many of them failed their last poll, the longest wait since a successful poll, and the slowest last poll.',
      grid(0, 9, 24, 6),
      [
        target('A', 'count by (collector) (%s)' % up, instant=true),
        target('B', 'sum by (collector) (1 - %s)' % up, instant=true),
        target('C', 'max by (collector) (time() - max by (tenant, collector) (defender_scrape_last_success_timestamp_seconds{%(tenant)s}))' % s, instant=true),
        target('D', 'max by (collector) (defender_scrape_duration_seconds{%(tenant)s})' % s, instant=true),
      ],
      columns=[
        ['collector', 'Collector'],
        ['Value #A', 'Tenants'],
        ['Value #B', 'Failing'],
        ['Value #C', 'Oldest successful fetch'],
        ['Value #D', 'Slowest last poll'],
      ],
      sortBy='Failing', sortDesc=true,
      overrides=[
        override('Failing', [prop.thresholds([['green', null], ['red', 1]]), prop.colorBackground]),
        override('Oldest successful fetch', [
          prop.unit('s'),
          prop.thresholds([['green', null], ['yellow', c.fetchAgeWarningSeconds], ['red', c.thresholds.lastSuccessAgeSecondsMaximum]]),
          prop.colorText,
        ]),
        override('Slowest last poll', [prop.unit('s')]),
      ],
    ),
  ]
