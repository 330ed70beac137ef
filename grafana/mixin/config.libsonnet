// Everything a user may want to change, in one place. Override any key with
//   (import 'score-exporter-mixin/mixin.libsonnet') + { _config+:: { scoreExporterSelector: 'job="defender"' } }
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
    },

    // Colour steps drawn on panels. The score's red line follows the rules' default minimum.
    exposureBands: { medium: 30, high: 70 },
    // Waits since a successful poll (seconds) drawn yellow and red: the devices collector polls every 30 minutes.
    fetchAgeWarningSeconds: 2400,
    fetchAgeCriticalSeconds: 3600,
  },
}
