{{- define "payrail.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "payrail.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "payrail.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "payrail.secretName" -}}
{{- default (include "payrail.fullname" .) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "payrail.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* The environment every Payrail container gets: the database, production mode, the secret's keys. */}}
{{- define "payrail.env" -}}
- name: PAYRAIL_DB_URL
  value: {{ required "database.url is required" .Values.database.url | quote }}
- name: PAYRAIL_DB_USER
  value: {{ .Values.database.user | quote }}
- name: PAYRAIL_MODE
  value: production
- name: PAYRAIL_DEMO
  value: "false"
- name: PAYRAIL_PORT
  value: {{ .Values.service.port | quote }}
- name: PAYRAIL_STRIPE_PORT
  value: {{ .Values.service.stripePort | quote }}
{{- range $name, $value := .Values.env }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* The container's lockdown: not root, no privilege, nothing written but /tmp. */}}
{{- define "payrail.containerSecurity" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}
