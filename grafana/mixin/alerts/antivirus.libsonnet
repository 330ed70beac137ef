// Microsoft Defender Antivirus health (the antivirus collector): out-of-date signatures, devices leaving active mode.
local fold = (import '../lib/text.libsonnet').fold;

// Device counts per device group, deduplicated across instances like the devices collector's.
local devices(c, matchers) = |||
  sum by (job, tenant, device_group) (
    max by (job, tenant, device_group, os_platform, av_mode, signature_up_to_date, engine_up_to_date, platform_up_to_date) (
      defender_antivirus_devices{%s%s}
    )
  )
||| % [c.scoreExporterSelector, if matchers == '' then '' else ', ' + matchers];

{
  name: 'defender-secure-score.antivirus',
  alerts(c):: [
    {
      alert: 'DefenderAntivirusSignaturesOutOfDate',
      // The API's flag is the string "True" or "False": compared without regard to case.
      expr: '%s/ on (job, tenant, device_group)\n%s> on (tenant) group_left ()\ntenant:defender_antivirus_signature_out_of_date_ratio_maximum:threshold\n'
            % [devices(c, 'signature_up_to_date=~"(?i)false"'), devices(c, '')],
      'for': c.alertFor.antivirusSignatureOutOfDate,
      labels: { severity: 'warning' },
      annotations: {
        summary: '{{ $value | humanizePercentage }} of the devices in group {{ $labels.device_group }} of tenant {{ $labels.tenant }} have out-of-date antivirus signatures.',
        description: fold(|||
          {{ $value | humanizePercentage }} of the devices in device group {{ $labels.device_group }} of tenant
          {{ $labels.tenant }} (job {{ $labels.job }}) have antivirus signatures that Defender reports as out of date,
          more than the tenant's threshold (tenant:defender_antivirus_signature_out_of_date_ratio_maximum:threshold),
          and have had for longer than
        |||) + ' ' + c.alertFor.antivirusSignatureOutOfDate + '. ' + fold(|||
          Their protection lags behind new threats: check how they get updates (WSUS, Configuration Manager, a
          file share or Microsoft Update) and whether they can reach it.
        |||),
      },
    },
    {
      alert: 'DefenderAntivirusLeftActiveMode',
      // Devices not in active mode per group, 0 where every device is active (`or ... 0 *`), compared with the
      // group's fewest in the last 24 hours: a group that was fully active and no longer is, not one that never was.
      local notActive = |||
        (
          sum by (job, tenant, device_group) (
            max by (job, tenant, device_group, os_platform, av_mode, signature_up_to_date, engine_up_to_date, platform_up_to_date) (
              defender_antivirus_devices{%(scoreExporterSelector)s, av_mode!="active"}
            )
          )
          or on (job, tenant, device_group)
          0 * sum by (job, tenant, device_group) (
            max by (job, tenant, device_group, os_platform, av_mode, signature_up_to_date, engine_up_to_date, platform_up_to_date) (
              defender_antivirus_devices{%(scoreExporterSelector)s}
            )
          )
        )
      ||| % c,
      expr: '%s- min_over_time(%s[24h:10m])\n> on (tenant) group_left ()\ntenant:defender_antivirus_left_active_mode_devices_maximum:threshold\n'
            % [notActive, std.rstripChars(notActive, '\n')],
      'for': '1h',
      labels: { severity: 'warning' },
      annotations: {
        summary: '{{ $value | printf "%.0f" }} devices in group {{ $labels.device_group }} of tenant {{ $labels.tenant }} left antivirus active mode.',
        description: fold(|||
          {{ $value | printf "%.0f" }} more devices in device group {{ $labels.device_group }} of tenant
          {{ $labels.tenant }} (job {{ $labels.job }}) run Microsoft Defender Antivirus in a mode other than active
          than at the group's best in the last 24 hours, more than the tenant's threshold
          (tenant:defender_antivirus_left_active_mode_devices_maximum:threshold). In passive or EDR block mode
          Defender Antivirus does not block threats itself: another antivirus product was installed, or a policy
          changed the mode.
        |||),
      },
    },
  ],
}
