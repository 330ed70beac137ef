// Everything a user may want to change, in one place. Override any key with
//   (import 'github.com/score-exporter/score-exporter/grafana/mixin/mixin.libsonnet') + { _config+:: { scoreExporterSelector: 'job="defender"' } }
{
  _config+:: {
    // Label matchers that pick ScoreExporter's series out of everything Prometheus holds. Every dashboard query
    // and every rule expression carries them, e.g. 'job="score-exporter"' or 'namespace="monitoring",job="defender"'.
    scoreExporterSelector: 'job="score-exporter"',

    dashboardUid: 'defender-secure-score',
    dashboardRefresh: '1m',
    dashboardTags: ['defender', 'security', 'score-exporter'],

    // Where the alerts' runbook_url points: the section named after the alert, lower-cased, is appended.
    runbookUrl: 'https://github.com/score-exporter/score-exporter/blob/main/grafana/alerts/runbook.md',

    // Alert thresholds. Each becomes a `defender:<name>:default` recording rule, which a
    // `defender:<name>:override` series with a `tenant` label overrides for one tenant.
    thresholds: {
      // Lowest acceptable Secure Score for Devices. The API documents no maximum, so there is no universal good
      // value: set it to your organisation's target.
      secureScoreMinimum: 400,
      // Largest acceptable fall of the score below its highest value of the last 24 hours, in score points.
      secureScoreDrop24hMaximum: 50,
      // Longest acceptable time since the exporter last fetched a tenant's data successfully, per collector, in seconds.
      lastSuccessAgeSecondsMaximum: 3600,
      // Exposure score from which a tenant's exposure counts as high: Microsoft's bands are 0-29 low, 30-69 medium,
      // 70-100 high.
      exposureScoreHighBandStart: 70,
      // Largest acceptable rise of the exposure score above its lowest value of the last 24 hours, in points (0-100 scale).
      exposureScoreRise24hMaximum: 10,
      // Largest acceptable share (0-1) of onboarded devices whose sensor does not report: health status Inactive,
      // ImpairedCommunication, NoSensorData or NoSensorDataImpairedCommunication.
      blindDevicesRatioMaximum: 0.1,
      // Largest acceptable fall of the Microsoft Secure Score below its highest value of the last 24 hours, as a
      // share (0-1) of the tenant's maximum points.
      microsoftSecureScoreDrop24hMaximum: 0.05,
      // Longest acceptable age of the oldest open high-severity incident, in seconds.
      highIncidentOpenAgeSecondsMaximum: 86400,
      // Largest acceptable share (0-1) of a device group's devices whose antivirus signatures are out of date.
      antivirusSignatureOutOfDateRatioMaximum: 0.1,
      // How many more devices of a group may have left antivirus active mode than at its best in the last 24 hours.
      antivirusLeftActiveModeDevicesMaximum: 0,
      // How many more Active recommendations with a public exploit (and exposed devices) a tenant may have than at
      // its fewest in the last 24 hours.
      publicExploitRecommendationsNewMaximum: 0,
    },

    // How long a condition must hold before its alert fires, where that wait is the threshold itself.
    alertFor: {
      // High-severity incidents that nobody is assigned to.
      highIncidentUnassigned: '4h',
      // A device group's share of out-of-date signatures above its threshold.
      antivirusSignatureOutOfDate: '1d',
    },

    // Colour steps drawn on panels. The score's red line follows the rules' default minimum.
    exposureBands: { medium: 30, high: 70 },
    // Wait since a successful poll (seconds) drawn yellow (red from the freshness threshold): the devices collector
    // polls every 30 minutes.
    fetchAgeWarningSeconds: 2400,
    // Ages drawn yellow and red on the incident and antivirus panels (seconds).
    incidentAgeWarningSeconds: 14400,
    signatureAgeWarningSeconds: 86400,
    signatureAgeCriticalSeconds: 259200,
  },
}
