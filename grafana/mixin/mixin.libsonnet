// ScoreExporter's monitoring mixin: the one source of the bundled dashboard and rule file.
//   _config            selector, thresholds, dashboard uid and refresh (config.libsonnet)
//   prometheusRules    recording rules: the alert thresholds, per tenant
//   prometheusAlerts   alerting rules
//   grafanaDashboards  file name -> dashboard
(import 'config.libsonnet')
+ (import 'rules/rules.libsonnet')
+ (import 'alerts/alerts.libsonnet')
+ (import 'dashboards/defender-secure-score.libsonnet')
