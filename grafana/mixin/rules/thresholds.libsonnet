// The thresholds' recording-rule names, their values from _config.thresholds, and what they mean (for the rule
// file's header).
function(c) [
  {
    name: 'secure_score_minimum',
    value: c.thresholds.secureScoreMinimum,
    help: 'lowest acceptable Secure Score for Devices (the API documents no maximum: set your own target)',
  },
  {
    name: 'secure_score_drop_24h_maximum',
    value: c.thresholds.secureScoreDrop24hMaximum,
    help: 'largest acceptable fall of the score below its highest value of the last 24 hours, in points',
  },
  {
    name: 'last_success_age_seconds_maximum',
    value: c.thresholds.lastSuccessAgeSecondsMaximum,
    help: "longest acceptable wait since a collector last fetched a tenant's data successfully, in seconds",
  },
  {
    name: 'exposure_score_high_band_start',
    value: c.thresholds.exposureScoreHighBandStart,
    help: "exposure score from which exposure counts as high (Microsoft's bands: 0-29 low, 30-69 medium, 70-100 high)",
  },
  {
    name: 'exposure_score_rise_24h_maximum',
    value: c.thresholds.exposureScoreRise24hMaximum,
    help: 'largest acceptable rise of the exposure score above its lowest value of the last 24 hours, in points',
  },
  {
    name: 'blind_devices_ratio_maximum',
    value: c.thresholds.blindDevicesRatioMaximum,
    help: 'largest acceptable share (0-1) of onboarded devices whose sensor does not report',
  },
  {
    name: 'microsoft_secure_score_drop_24h_maximum',
    value: c.thresholds.microsoftSecureScoreDrop24hMaximum,
    help: 'largest acceptable fall of the Microsoft Secure Score in 24 hours, as a share (0-1) of its maximum',
  },
  {
    name: 'high_incident_open_age_seconds_maximum',
    value: c.thresholds.highIncidentOpenAgeSecondsMaximum,
    help: 'longest acceptable age of the oldest open high-severity incident, in seconds',
  },
  {
    name: 'antivirus_signature_out_of_date_ratio_maximum',
    value: c.thresholds.antivirusSignatureOutOfDateRatioMaximum,
    help: "largest acceptable share (0-1) of a device group's devices with out-of-date antivirus signatures",
  },
  {
    name: 'antivirus_left_active_mode_devices_maximum',
    value: c.thresholds.antivirusLeftActiveModeDevicesMaximum,
    help: "devices of a group that may have left antivirus active mode compared with the group's last 24 hours",
  },
  {
    name: 'public_exploit_recommendations_new_maximum',
    value: c.thresholds.publicExploitRecommendationsNewMaximum,
    help: 'new Active recommendations with a public exploit and exposed devices allowed within 24 hours',
  },
]
