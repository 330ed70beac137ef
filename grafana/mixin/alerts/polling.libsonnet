// Polls that fail, by cause. The counts cover the last hour, which holds at least two polls of every collector at
// its default interval (5 minutes; 30 for devices), so the count never drops to 0 between two failed polls;
// defender_up says whether the last poll failed.
local fold = (import '../lib/text.libsonnet').fold;

// The application permission each collector's endpoint needs (WindowsDefenderATP, or Microsoft Graph for
// secure_score and incidents), named in DefenderTenantAccessDenied's `permission`.
local permissions = [
  ['Score.Read.All', 'configuration_score|exposure_score|device_group_exposure_score'],
  ['Machine.Read.All', 'devices|antivirus'],
  ['SecurityRecommendation.Read.All', 'recommendations'],
  ['SecurityEvents.Read.All', 'secure_score'],
  ['SecurityIncident.Read.All', 'incidents'],
];

// Wraps `expr` in one label_replace per permission, the first innermost.
local withPermission(expr) = std.foldl(
  function(inner, p) |||
    label_replace(
    %s,
      "permission", "%s", "collector", "%s"
    )
  ||| % [std.join('\n', ['  ' + l for l in std.split(std.rstripChars(inner, '\n'), '\n')]), p[0], p[1]],
  permissions,
  expr,
);

// Failures with one of `reasons` in the last hour, while no instance's last poll of that collector succeeded.
local failing(c, by, reasons) = |||
  sum by (%(by)s) (increase(defender_scrape_errors_total{%(selector)s, reason%(reasons)s}[1h])) > 0
  and on (%(on)s)
  max by (%(on)s) (defender_up{%(selector)s}) == 0
||| % {
  by: by,
  on: std.strReplace(by, ', reason', ''),
  selector: c.scoreExporterSelector,
  reasons: if std.length(std.findSubstr('|', reasons)) > 0 then '=~"%s"' % reasons else '="%s"' % reasons,
};

{
  name: 'defender-secure-score.polling',
  alerts(c):: [
    {
      alert: 'DefenderTenantAccessDenied',
      // 401 and 403 come back from the API itself: retrying will not fix them, so this alerts quickly.
      // Each collector needs its own permission; the `permission` label names it.
      expr: withPermission(failing(c, 'job, tenant, collector, reason', 'unauthorized|forbidden')),
      'for': '1m',
      labels: { severity: 'critical' },
      annotations: {
        summary: "The Defender API refuses ScoreExporter's {{ $labels.collector }} requests for tenant {{ $labels.tenant }}.",
        description: fold(|||
          Polls of tenant {{ $labels.tenant }} by the {{ $labels.collector }} collector (job {{ $labels.job }}) are
          failing with reason {{ $labels.reason }} ({{ if eq $labels.reason "forbidden" }}HTTP 403: the app lacks the
          {{ $labels.permission }} application permission or admin consent{{ else }}HTTP 401: the token was rejected{{ end }});
          {{ $value | printf "%.0f" }} failed polls in the last hour. The tenant's {{ $labels.collector }} data
          is no longer being updated.
        |||),
      },
    },
    {
      alert: 'DefenderTenantTokenFailing',
      // One token serves every collector of a tenant, so this is per tenant, not per collector. Token failures
      // include transient sign-in outages, hence the longer `for:` than access denied.
      expr: failing(c, 'job, tenant, reason', 'auth'),
      'for': '15m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'ScoreExporter cannot get a Microsoft Entra ID token for tenant {{ $labels.tenant }}.',
        description: fold(|||
          For more than 15 minutes every poll of tenant {{ $labels.tenant }} (job {{ $labels.job }}) has failed
          before reaching the Defender API because no token could be obtained; {{ $value | printf "%.0f" }}
          failed polls in the last hour, all collectors together. Typical causes: an expired or rotated client
          secret or certificate, a wrong tenant or client id, or a deleted app registration.
        |||),
      },
    },
    {
      alert: 'DefenderTenantThrottled',
      expr: failing(c, 'job, tenant, collector, reason', 'throttled'),
      'for': '30m',
      labels: { severity: 'warning' },
      annotations: {
        summary: "The Defender API is throttling ScoreExporter's {{ $labels.collector }} requests for tenant {{ $labels.tenant }}.",
        description: fold(|||
          For more than 30 minutes polls of tenant {{ $labels.tenant }} by the {{ $labels.collector }} collector
          (job {{ $labels.job }}) have ended in HTTP 429 Too Many Requests, even after honouring Retry-After;
          {{ $value | printf "%.0f" }} throttled polls in the last hour. Something else is using the tenant's API
          quota (100 calls per minute, 1,500 per hour), or the poll intervals are too short.
        |||),
      },
    },
    {
      alert: 'DefenderTenantPollFailing',
      expr: failing(c, 'job, tenant, collector, reason', 'client_error|server_error|timeout|network|invalid_response'),
      'for': '15m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'Polls of the Defender API are failing for tenant {{ $labels.tenant }} ({{ $labels.collector }}, {{ $labels.reason }}).',
        description: fold(|||
          For more than 15 minutes polls of tenant {{ $labels.tenant }} by the {{ $labels.collector }} collector
          (job {{ $labels.job }}) have failed with reason {{ $labels.reason }}; {{ $value | printf "%.0f" }} such
          failures in the last hour. The exporter keeps the collector's last good data until it turns stale.
        |||),
      },
    },
  ],
}
