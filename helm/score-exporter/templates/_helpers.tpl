{{/* Chart name, cut to the 63 characters a label value allows. */}}
{{- define "score-exporter.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full resource name: the release name, plus the chart name unless the release name already holds it. */}}
{{- define "score-exporter.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "score-exporter.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "score-exporter.selectorLabels" -}}
app.kubernetes.io/name: {{ include "score-exporter.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "score-exporter.labels" -}}
helm.sh/chart: {{ include "score-exporter.chart" . }}
{{ include "score-exporter.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: score-exporter
{{- end }}

{{- define "score-exporter.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "score-exporter.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "score-exporter.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* True ("true") when the tenants are split between pods: a StatefulSet with one pod per shard. */}}
{{- define "score-exporter.sharded" -}}
{{- if gt (int .Values.shards) 1 }}true{{- end }}
{{- end }}

{{/* The StatefulSet's headless Service, and the component label that keeps it out of the ServiceMonitor. */}}
{{- define "score-exporter.headlessServiceName" -}}
{{- printf "%s-headless" (include "score-exporter.fullname" .) }}
{{- end }}
{{- define "score-exporter.headlessComponent" -}}shard-dns{{- end }}

{{/* Where config.json and the secret files are mounted in the container. */}}
{{- define "score-exporter.configDir" -}}/etc/score-exporter{{- end }}
{{- define "score-exporter.secretDir" -}}/var/run/secrets/score-exporter{{- end }}

{{/* The Secret holding client secrets and certificates: the user's existingSecret or the chart's own. */}}
{{- define "score-exporter.secretName" -}}
{{- default (include "score-exporter.fullname" .) .Values.auth.existingSecret }}
{{- end }}

{{/* A tenant name made safe as part of a Secret key ([-._a-zA-Z0-9]). */}}
{{- define "score-exporter.tenantKeyPrefix" -}}
{{- printf "tenant-%s" (regexReplaceAll "[^-._a-zA-Z0-9]" . "_") }}
{{- end }}

{{/*
Secret material the chart stores itself, as a dict of Secret key -> value, after checking that inline values
and existingSecret are not mixed. Returned as YAML (templates cannot return dicts).
*/}}
{{- define "score-exporter.inlineSecrets" -}}
{{- $secrets := dict }}
{{- $auth := .Values.auth }}
{{- $fields := list (list "clientSecret" "client-secret") (list "certificate" "certificate.pem") (list "certificatePassword" "certificate-password") }}
{{- range $fields }}
{{- $value := index $auth (index . 0) }}
{{- if $value }}
{{- if $auth.existingSecret }}
{{- fail (printf "auth.%s is set together with auth.existingSecret: put the value in Secret %q and name its key with auth.%sKey." (index . 0) $auth.existingSecret (index . 0)) }}
{{- end }}
{{- $_ := set $secrets (index . 1) $value }}
{{- end }}
{{- end }}
{{- range $tenant := .Values.tenants }}
{{- range $fields }}
{{- $value := index $tenant (index . 0) }}
{{- if $value }}
{{- if $auth.existingSecret }}
{{- fail (printf "tenants[%s].%s is set together with auth.existingSecret: put the value in Secret %q and name its key with %sKey." $tenant.name (index . 0) $auth.existingSecret (index . 0)) }}
{{- end }}
{{- $key := printf "%s-%s" (include "score-exporter.tenantKeyPrefix" $tenant.name) (index . 1) }}
{{- if hasKey $secrets $key }}
{{- fail (printf "tenants: two tenant names map to the Secret key %q; make the names differ in more than punctuation." $key) }}
{{- end }}
{{- $_ := set $secrets $key $value }}
{{- end }}
{{- end }}
{{- end }}
{{- toYaml $secrets }}
{{- end }}

{{/* True ("true") when the pod mounts a Secret: the chart's own or the user's existingSecret. */}}
{{- define "score-exporter.mountsSecret" -}}
{{- if or .Values.auth.existingSecret (include "score-exporter.inlineSecrets" . | fromYaml) }}true{{- end }}
{{- end }}

{{/*
Credential file settings for one credential holder (auth or a tenant), in the exporter's key names.
Arguments: dict "holder" (values), "prefix" (Secret key prefix for inline values, "" for auth), "root" (.).
*/}}
{{- define "score-exporter.credentialFiles" -}}
{{- $holder := .holder }}
{{- $dir := include "score-exporter.secretDir" .root }}
{{- $existing := .root.Values.auth.existingSecret }}
{{- $out := dict }}
{{- $fields := list (list "clientSecret" "client-secret" "ClientSecretFile") (list "certificate" "certificate.pem" "CertificatePath") (list "certificatePassword" "certificate-password" "CertificatePasswordFile") }}
{{- range $fields }}
{{- $keyName := index $holder (printf "%sKey" (index . 0)) }}
{{- if index $holder (index . 0) }}
{{- $_ := set $out (index . 2) (printf "%s/%s%s" $dir $.prefix (index . 1)) }}
{{- else if $keyName }}
{{- if not $existing }}
{{- fail (printf "%s%sKey names a key of auth.existingSecret, which is not set: set auth.existingSecret, or give the value itself as %s." $.where (index . 0) (index . 0)) }}
{{- end }}
{{- $_ := set $out (index . 2) (printf "%s/%s" $dir $keyName) }}
{{- end }}
{{- end }}
{{- toYaml $out }}
{{- end }}

{{/* The exporter's config.json: {"Defender": {...}}, non-secret settings and secret file paths only. */}}
{{- define "score-exporter.configJson" -}}
{{- $c := .Values.config }}
{{- $defender := dict "Cloud" $c.cloud "PollInterval" $c.pollInterval }}
{{- with $c.apiBaseUrl }}{{ $_ := set $defender "ApiBaseUrl" . }}{{ end }}
{{- with $c.graphBaseUrl }}{{ $_ := set $defender "GraphBaseUrl" . }}{{ end }}
{{- with $c.authorityHost }}{{ $_ := set $defender "AuthorityHost" . }}{{ end }}
{{- with $c.staleAfter }}{{ $_ := set $defender "StaleAfter" . }}{{ end }}
{{- with $c.pollTimeout }}{{ $_ := set $defender "PollTimeout" . }}{{ end }}
{{- with $c.requestTimeout }}{{ $_ := set $defender "RequestTimeout" . }}{{ end }}
{{- if not (kindIs "invalid" $c.maxRetries) }}{{ $_ := set $defender "MaxRetries" $c.maxRetries }}{{ end }}
{{- if not (kindIs "invalid" $c.maxConcurrentPolls) }}{{ $_ := set $defender "MaxConcurrentPolls" $c.maxConcurrentPolls }}{{ end }}
{{- $_ := set $defender "Collectors" (include "score-exporter.collectorsConfig" . | fromYaml) }}
{{- $auth := .Values.auth }}
{{- $credential := $auth.credential }}
{{- if and (not $credential) .Values.workloadIdentity.enabled }}{{ $credential = "WorkloadIdentity" }}{{ end }}
{{- with $credential }}{{ $_ := set $defender "Credential" . }}{{ end }}
{{- $clientId := default .Values.workloadIdentity.clientId $auth.clientId }}
{{- with $clientId }}{{ $_ := set $defender "ClientId" . }}{{ end }}
{{- $defender = merge $defender (include "score-exporter.credentialFiles" (dict "holder" $auth "prefix" "" "where" "auth." "root" .) | fromYaml) }}
{{- $tenants := list }}
{{- $names := dict }}
{{- range $i, $t := .Values.tenants }}
{{- if hasKey $names $t.name }}
{{- fail (printf "tenants[%d].name %q is used by another tenant: tenant names must be unique." $i $t.name) }}
{{- end }}
{{- $_ := set $names $t.name true }}
{{- $tenant := dict "Name" $t.name "TenantId" $t.tenantId }}
{{- with $t.cloud }}{{ $_ := set $tenant "Cloud" . }}{{ end }}
{{- with $t.clientId }}{{ $_ := set $tenant "ClientId" . }}{{ end }}
{{- with $t.credential }}{{ $_ := set $tenant "Credential" . }}{{ end }}
{{- $prefix := printf "%s-" (include "score-exporter.tenantKeyPrefix" $t.name) }}
{{- $tenant = merge $tenant (include "score-exporter.credentialFiles" (dict "holder" $t "prefix" $prefix "where" (printf "tenants[%d]." $i) "root" $) | fromYaml) }}
{{- $tenants = append $tenants $tenant }}
{{- end }}
{{- if and (not $tenants) (not .Values.workloadIdentity.enabled) }}
{{- fail "tenants is empty: add at least one tenant (name and tenantId), or enable workloadIdentity to poll the identity's own tenant." }}
{{- end }}
{{- if $tenants }}{{ $_ := set $defender "Tenants" $tenants }}{{ end }}
{{- dict "Defender" $defender | toPrettyJson }}
{{- end }}

{{/*
Defender:Collectors of config.json: config.collectors.<name> as <Name>: {Enabled, PollInterval, PerControl, TopN}.
PollInterval is written only when set; the exporter then uses Defender:PollInterval (or the collector's own
default). PerControl (secureScore) and TopN (recommendations) are written where the collector has them.
Returned as YAML.
*/}}
{{- define "score-exporter.collectorsConfig" -}}
{{- $names := dict "configurationScore" "ConfigurationScore" "exposureScore" "ExposureScore" "deviceGroupExposureScore" "DeviceGroupExposureScore" "devices" "Devices" "secureScore" "SecureScore" "incidents" "Incidents" "recommendations" "Recommendations" "antivirus" "Antivirus" }}
{{- $collectors := dict }}
{{- range $key, $name := $names }}
{{- $values := index $.Values.config.collectors $key }}
{{- $collector := dict "Enabled" $values.enabled }}
{{- with $values.pollInterval }}{{ $_ := set $collector "PollInterval" . }}{{ end }}
{{- if not (kindIs "invalid" $values.perControl) }}{{ $_ := set $collector "PerControl" $values.perControl }}{{ end }}
{{- if not (kindIs "invalid" $values.topN) }}{{ $_ := set $collector "TopN" $values.topN }}{{ end }}
{{- $_ := set $collectors $name $collector }}
{{- end }}
{{- toYaml $collectors }}
{{- end }}

{{/* True ("true") when some tenant, or the shared credential, uses a managed identity (which needs IMDS). */}}
{{- define "score-exporter.usesManagedIdentity" -}}
{{- $found := eq .Values.auth.credential "ManagedIdentity" }}
{{- range .Values.tenants }}{{ if eq (default "" .credential) "ManagedIdentity" }}{{ $found = true }}{{ end }}{{ end }}
{{- if $found }}true{{ end }}
{{- end }}

{{/* Labels of the `helm test` pod: distinct from the exporter's selector, so the Service never routes to it. */}}
{{- define "score-exporter.testSelectorLabels" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: helm-test
{{- end }}

{{/* Where the web configuration file and the certificates it names are mounted. */}}
{{- define "score-exporter.webConfigDir" -}}/var/run/secrets/score-exporter-web{{- end }}
{{- define "score-exporter.webTlsDir" -}}/var/run/secrets/score-exporter-tls{{- end }}

{{/* The Secret holding the web configuration file: the user's existingSecret or the chart's own, after checking the values. */}}
{{- define "score-exporter.webConfigSecretName" -}}
{{- $web := .Values.webConfig }}
{{- if and $web.content $web.existingSecret }}
{{- fail (printf "webConfig.content is set together with webConfig.existingSecret: put the file in Secret %q under key %q, or remove existingSecret." $web.existingSecret $web.key) }}
{{- end }}
{{- if not (or $web.content $web.existingSecret) }}
{{- fail "webConfig.enabled needs the file: set webConfig.content (the web configuration YAML) or webConfig.existingSecret (a Secret holding it)." }}
{{- end }}
{{- default (printf "%s-web" (include "score-exporter.fullname" .)) $web.existingSecret }}
{{- end }}

{{/* The ServiceMonitor's scheme: as set, or https when the exporter serves TLS. */}}
{{- define "score-exporter.scrapeScheme" -}}
{{- default (ternary "https" "http" (and .Values.webConfig.enabled .Values.webConfig.tls)) .Values.serviceMonitor.scheme }}
{{- end }}

{{/*
A probe as given, fitted to the web configuration: HTTPS when the exporter serves TLS, and a TCP check when it
requires client certificates (the kubelet has none). Argument: dict "probe" (values), "root" (.). Returned as YAML.
*/}}
{{- define "score-exporter.probe" -}}
{{- $probe := deepCopy .probe }}
{{- $web := .root.Values.webConfig }}
{{- if and $web.enabled $web.clientCertificateRequired $probe.httpGet }}
{{- $_ := set $probe "tcpSocket" (dict "port" $probe.httpGet.port) }}
{{- $_ := unset $probe "httpGet" }}
{{- else if and $web.enabled $web.tls $probe.httpGet (not $probe.httpGet.scheme) }}
{{- $_ := set $probe.httpGet "scheme" "HTTPS" }}
{{- end }}
{{- toYaml $probe }}
{{- end }}

{{/*
The TCP port of otlp.endpoint: the one in the URL, else 443 for https and 80 for http.
*/}}
{{- define "score-exporter.otlpPort" -}}
{{- $url := urlParse .Values.otlp.endpoint -}}
{{- $port := regexFind ":[0-9]+$" $url.host | trimPrefix ":" -}}
{{- if $port }}{{ $port }}{{ else if eq $url.scheme "https" }}443{{ else }}80{{ end -}}
{{- end }}
