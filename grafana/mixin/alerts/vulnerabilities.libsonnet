// Vulnerability management (the recommendations collector): new weaknesses that attackers already have the tools for.
local fold = (import '../lib/text.libsonnet').fold;

{
  name: 'defender-secure-score.vulnerabilities',
  alerts(c):: [
    {
      alert: 'DefenderPublicExploitRecommendationNew',
      // The collector counts recommendations by category, remediation type, status and public exploit; "new" is that
      // count rising above its lowest of the last 24 hours (0 where a tenant had none: `or ... 0 *`). The series
      // count only recommendations with at least one exposed device.
      local exploitable = |||
        (
          sum by (job, tenant) (
            max by (job, tenant, category, remediation_type, status, public_exploit) (defender_security_recommendations{%(scoreExporterSelector)s, status="Active", public_exploit="true"})
          )
          or on (job, tenant)
          0 * sum by (job, tenant) (
            max by (job, tenant, category, remediation_type, status, public_exploit) (defender_security_recommendations{%(scoreExporterSelector)s})
          )
        )
      ||| % c,
      expr: '%s- min_over_time(%s[24h:10m])\n> on (tenant) group_left ()\ntenant:defender_public_exploit_recommendations_new_maximum:threshold\n'
            % [exploitable, std.rstripChars(exploitable, '\n')],
      'for': '15m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'Tenant {{ $labels.tenant }} has {{ $value | printf "%.0f" }} new recommendations with a public exploit.',
        description: fold(|||
          Tenant {{ $labels.tenant }} (job {{ $labels.job }}) has {{ $value | printf "%.0f" }} more Active security
          recommendations with a public exploit and exposed devices than at its fewest in the last 24 hours, more than
          the tenant's threshold (tenant:defender_public_exploit_recommendations_new_maximum:threshold). Attack code
          for these weaknesses is public: remediate them first (Vulnerability management, Recommendations, filter on
          exploit available).
        |||),
      },
    },
  ],
}
