// The posture itself: scores that fall or sit too low, exposure that is high or rising, devices Defender cannot see.
local fold = (import '../lib/text.libsonnet').fold;

{
  name: 'defender-secure-score.posture',
  alerts(c):: [
    {
      alert: 'DefenderSecureScoreDropped',
      expr: |||
        max by (job, tenant) (max_over_time(defender_device_secure_score{%(scoreExporterSelector)s}[24h]))
        - max by (job, tenant) (defender_device_secure_score{%(scoreExporterSelector)s})
        > on (tenant) group_left ()
        tenant:defender_secure_score_drop_24h_maximum:threshold
      ||| % c,
      'for': '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'The Secure Score of tenant {{ $labels.tenant }} fell by {{ $value | printf "%.1f" }} points within 24 hours.',
        description: fold(|||
          The Secure Score for Devices of tenant {{ $labels.tenant }} (job {{ $labels.job }}) is
          {{ $value | printf "%.1f" }} points below its highest value of the last 24 hours, more than the tenant's
          threshold (tenant:defender_secure_score_drop_24h_maximum:threshold). Devices or configurations changed
          for the worse: new devices onboarded without baselines, a policy rolled back, or new recommendations.
        |||),
      },
    },
    {
      alert: 'DefenderSecureScoreBelowMinimum',
      expr: |||
        max by (job, tenant) (defender_device_secure_score{%(scoreExporterSelector)s})
        < on (tenant) group_left ()
        tenant:defender_secure_score_minimum:threshold
      ||| % c,
      'for': '30m',
      labels: { severity: 'info' },
      annotations: {
        summary: 'The Secure Score of tenant {{ $labels.tenant }} is {{ $value | printf "%.1f" }}, below its minimum.',
        description: fold(|||
          The Secure Score for Devices of tenant {{ $labels.tenant }} (job {{ $labels.job }}) is
          {{ $value | printf "%.1f" }}, below the tenant's minimum (tenant:defender_secure_score_minimum:threshold).
        |||),
      },
    },
    {
      alert: 'DefenderExposureScoreHigh',
      expr: |||
        max by (job, tenant) (defender_exposure_score{%(scoreExporterSelector)s})
        >= on (tenant) group_left ()
        tenant:defender_exposure_score_high_band_start:threshold
      ||| % c,
      'for': '1h',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'The exposure score of tenant {{ $labels.tenant }} is {{ $value | printf "%.1f" }}, in the high band.',
        description: fold(|||
          The exposure score of tenant {{ $labels.tenant }} (job {{ $labels.job }}) is {{ $value | printf "%.1f" }}
          out of 100, at or above the start of the high band (tenant:defender_exposure_score_high_band_start:threshold).
          Its devices carry many exploitable vulnerabilities or misconfigurations; lower is better.
        |||),
      },
    },
    {
      alert: 'DefenderExposureScoreRising',
      expr: |||
        max by (job, tenant) (defender_exposure_score{%(scoreExporterSelector)s})
        - min by (job, tenant) (min_over_time(defender_exposure_score{%(scoreExporterSelector)s}[24h]))
        > on (tenant) group_left ()
        tenant:defender_exposure_score_rise_24h_maximum:threshold
      ||| % c,
      'for': '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'The exposure score of tenant {{ $labels.tenant }} rose by {{ $value | printf "%.1f" }} points within 24 hours.',
        description: fold(|||
          The exposure score of tenant {{ $labels.tenant }} (job {{ $labels.job }}) is {{ $value | printf "%.1f" }}
          points above its lowest value of the last 24 hours, more than the tenant's threshold
          (tenant:defender_exposure_score_rise_24h_maximum:threshold). New vulnerabilities were published for
          installed software, or devices lost their protection.
        |||),
      },
    },
    {
      alert: 'DefenderDevicesBlind',
      // Onboarded devices only: a device that was never onboarded has no sensor to lose. Each combination is first
      // deduplicated across instances, so replicas publishing the same tenant do not double its devices. The devices
      // collector's slower polls (30 minutes) are why this waits an hour.
      expr: |||
        sum by (job, tenant) (
          max by (job, tenant, device_group, os_platform, health_status, onboarding_status, risk_score, exposure_level) (
            defender_devices{%(scoreExporterSelector)s, onboarding_status=~"(?i)onboarded", health_status=~"Inactive|ImpairedCommunication|NoSensorData|NoSensorDataImpairedCommunication"}
          )
        )
        / on (job, tenant)
        sum by (job, tenant) (
          max by (job, tenant, device_group, os_platform, health_status, onboarding_status, risk_score, exposure_level) (
            defender_devices{%(scoreExporterSelector)s, onboarding_status=~"(?i)onboarded"}
          )
        )
        > on (tenant) group_left ()
        tenant:defender_blind_devices_ratio_maximum:threshold
      ||| % c,
      'for': '1h',
      labels: { severity: 'warning' },
      annotations: {
        summary: '{{ $value | humanizePercentage }} of the devices of tenant {{ $labels.tenant }} are not reporting.',
        description: fold(|||
          {{ $value | humanizePercentage }} of the onboarded devices of tenant {{ $labels.tenant }} (job {{ $labels.job }})
          have a health status of Inactive, ImpairedCommunication, NoSensorData or NoSensorDataImpairedCommunication,
          more than the tenant's threshold (tenant:defender_blind_devices_ratio_maximum:threshold). Defender cannot
          see what happens on them, and their findings are missing from the scores.
        |||),
      },
    },
      {
      alert: 'DefenderMicrosoftSecureScoreDropped',
      // As a share of the maximum, which differs between tenants with their licences and services.
      expr: |||
        (
          max by (job, tenant) (max_over_time(defender_secure_score{%(scoreExporterSelector)s}[24h]))
          - max by (job, tenant) (defender_secure_score{%(scoreExporterSelector)s})
        )
        / on (job, tenant)
        max by (job, tenant) (defender_secure_score_max{%(scoreExporterSelector)s})
        > on (tenant) group_left ()
        tenant:defender_microsoft_secure_score_drop_24h_maximum:threshold
      ||| % c,
      'for': '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'The Microsoft Secure Score of tenant {{ $labels.tenant }} fell by {{ $value | humanizePercentage }} of its maximum within 24 hours.',
        description: fold(|||
          The Microsoft Secure Score of tenant {{ $labels.tenant }} (job {{ $labels.job }}) is
          {{ $value | humanizePercentage }} of its maximum points below its highest value of the last 24 hours,
          more than the tenant's threshold (tenant:defender_microsoft_secure_score_drop_24h_maximum:threshold).
          A control regressed (a policy was disabled or relaxed) or new controls count against the tenant: compare
          the categories and controls on the dashboard, and the score history in the Microsoft Defender portal.
        |||),
      },
    },
  ],
}
