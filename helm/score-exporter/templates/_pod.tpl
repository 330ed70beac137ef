{{/*
The exporter's pod template, shared by the Deployment (shards: 1) and the StatefulSet (shards > 1).
*/}}
{{- define "score-exporter.podTemplate" -}}
{{- $mountsSecret := include "score-exporter.mountsSecret" . -}}
metadata:
  annotations:
    # Settings are read at start: a changed ConfigMap rolls the pod. Secrets are re-read by the exporter
    # when their mounted files change, so a rotated secret needs no restart and is not part of this sum.
    checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
    {{- with .Values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  labels:
    {{- include "score-exporter.labels" . | nindent 4 }}
    {{- if .Values.workloadIdentity.enabled }}
    azure.workload.identity/use: "true"
    {{- end }}
    {{- with .Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "score-exporter.serviceAccountName" . }}
  # The exporter never talks to the Kubernetes API; the token is mounted only for workload identity.
  automountServiceAccountToken: {{ .Values.workloadIdentity.enabled }}
  enableServiceLinks: false
  {{- with .Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.priorityClassName }}
  priorityClassName: {{ . }}
  {{- end }}
  securityContext:
    {{- toYaml .Values.podSecurityContext | nindent 4 }}
  containers:
    - name: score-exporter
      image: {{ include "score-exporter.image" . | quote }}
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      args:
        - --config
        - {{ include "score-exporter.configDir" . }}/config.json
        {{- if .Values.webConfig.enabled }}
        - --web.config.file
        - {{ include "score-exporter.webConfigDir" . }}/{{ .Values.webConfig.key }}
        {{- end }}
      env:
        - name: ASPNETCORE_HTTP_PORTS
          value: "9464"
        # No diagnostics IPC socket in /tmp: the root filesystem is read-only.
        - name: DOTNET_EnableDiagnostics
          value: "0"
        - name: Logging__LogLevel__ScoreExporter
          value: {{ .Values.logging.level | quote }}
        {{- if eq .Values.logging.format "json" }}
        - name: Logging__Console__FormatterName
          value: json
        {{- end }}
        {{- if include "score-exporter.sharded" . }}
        # Each pod polls the tenants of one shard. Defender__Shard is left unset on purpose: the exporter takes
        # the ordinal that ends the host name, which in a StatefulSet is the pod name (<name>-0, <name>-1, ...).
        - name: Defender__TotalShards
          value: {{ int .Values.shards | quote }}
        {{- end }}
        {{- with .Values.otlp }}
        {{- if .endpoint }}
        # OTLP push, besides /metrics.
        - name: Otlp__Endpoint
          value: {{ .endpoint | quote }}
        {{- with .protocol }}
        - name: Otlp__Protocol
          value: {{ . | quote }}
        {{- end }}
        {{- with .interval }}
        - name: Otlp__Interval
          value: {{ . | quote }}
        {{- end }}
        {{- end }}
        {{- end }}
        {{- with .Values.extraEnv }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      ports:
        - name: metrics
          containerPort: 9464
          protocol: TCP
      livenessProbe:
        {{- include "score-exporter.probe" (dict "probe" .Values.livenessProbe "root" .) | nindent 8 }}
      readinessProbe:
        {{- include "score-exporter.probe" (dict "probe" .Values.readinessProbe "root" .) | nindent 8 }}
      resources:
        {{- toYaml .Values.resources | nindent 8 }}
      securityContext:
        {{- toYaml .Values.securityContext | nindent 8 }}
      volumeMounts:
        - name: config
          mountPath: {{ include "score-exporter.configDir" . }}
          readOnly: true
        {{- if $mountsSecret }}
        # A whole-Secret mount (no subPath), so Kubernetes updates the files in place on rotation.
        - name: secrets
          mountPath: {{ include "score-exporter.secretDir" . }}
          readOnly: true
        {{- end }}
        {{- if .Values.webConfig.enabled }}
        # Whole-Secret mounts: a changed file or renewed certificate reaches the exporter, which re-reads them.
        - name: web-config
          mountPath: {{ include "score-exporter.webConfigDir" . }}
          readOnly: true
        {{- with .Values.webConfig.tlsSecret }}
        - name: web-tls
          mountPath: {{ include "score-exporter.webTlsDir" $ }}
          readOnly: true
        {{- end }}
        {{- end }}
        - name: tmp
          mountPath: /tmp
        {{- with .Values.extraVolumeMounts }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
  volumes:
    - name: config
      configMap:
        name: {{ include "score-exporter.fullname" . }}
    {{- if $mountsSecret }}
    - name: secrets
      secret:
        secretName: {{ include "score-exporter.secretName" . }}
        defaultMode: 0440
    {{- end }}
    {{- if .Values.webConfig.enabled }}
    - name: web-config
      secret:
        secretName: {{ include "score-exporter.webConfigSecretName" . }}
        defaultMode: 0440
    {{- with .Values.webConfig.tlsSecret }}
    - name: web-tls
      secret:
        secretName: {{ . }}
        defaultMode: 0440
    {{- end }}
    {{- end }}
    - name: tmp
      emptyDir:
        medium: Memory
        sizeLimit: 16Mi
    {{- with .Values.extraVolumes }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with .Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with (include "score-exporter.topologySpreadConstraints" . | fromYamlArray) }}
  topologySpreadConstraints:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}

{{/*
topologySpreadConstraints as given, each without a labelSelector given the exporter's own pod labels, so
`- {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway}` is enough.
Returned as a YAML list.
*/}}
{{- define "score-exporter.topologySpreadConstraints" -}}
{{- $constraints := list }}
{{- range .Values.topologySpreadConstraints }}
{{- $constraint := deepCopy . }}
{{- if not (hasKey $constraint "labelSelector") }}
{{- $_ := set $constraint "labelSelector" (dict "matchLabels" (include "score-exporter.selectorLabels" $ | fromYaml)) }}
{{- end }}
{{- $constraints = append $constraints $constraint }}
{{- end }}
{{- toYaml $constraints }}
{{- end }}
