// Label matchers for the dashboard's queries: the mixin's scoreExporterSelector first, then the dashboard's
// variables. Use them inside braces: 'defender_up{%(tenant)s}' % s.
function(c) {
  // The exporter's series, before any variable (the $job variable's own query).
  selector: c.scoreExporterSelector,
  // Series without a tenant label (build, shard, up).
  job: '%s, job=~"$job"' % c.scoreExporterSelector,
  // Every tenant series.
  tenant: self.job + ', tenant=~"$tenant"',

  // Device counts, first deduplicated across replicas (max by every label but the instance), optionally narrowed
  // by more matchers.
  devices(extra=''):: 'max by (tenant, device_group, os_platform, health_status, onboarding_status, risk_score, exposure_level) (defender_devices{%s%s})'
                      % [self.tenant, if extra == '' then '' else ', ' + extra],

  // Antivirus device counts, deduplicated the same way.
  antivirus(extra=''):: 'max by (tenant, device_group, os_platform, av_mode, signature_up_to_date, engine_up_to_date, platform_up_to_date) (defender_antivirus_devices{%s%s})'
                        % [self.tenant, if extra == '' then '' else ', ' + extra],
  // Open incident counts, deduplicated.
  incidents(extra=''):: 'max by (tenant, severity, status, assigned) (defender_incidents{%s%s})'
                        % [self.tenant, if extra == '' then '' else ', ' + extra],
  // Recommendation series (by category, remediation type, status, public exploit), deduplicated.
  recommendations(metric, extra=''):: 'max by (tenant, category, remediation_type, status, public_exploit) (%s{%s%s})'
                                      % [metric, self.tenant, if extra == '' then '' else ', ' + extra],
}
