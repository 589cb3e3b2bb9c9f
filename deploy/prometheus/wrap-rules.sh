#!/usr/bin/env bash
# Writes deploy/k8s/base/prometheus-rule.yaml (a PrometheusRule) from the plain rule file, the source of both.
set -euo pipefail
cd "$(dirname "$0")/../.."
src=deploy/prometheus/rules/efp-dr.rules.yml
out=deploy/k8s/base/prometheus-rule.yaml
{
  cat <<'HEAD'
# GENERATED from deploy/prometheus/rules/efp-dr.rules.yml (the source: edit that file, then run
# deploy/prometheus/wrap-rules.sh). The same rules for the Prometheus Operator; the build fails when the two differ.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: efp-dr
  namespace: efp-dr
  labels: {app.kubernetes.io/part-of: efp-dr, release: prometheus}
spec:
HEAD
  sed -n '/^groups:/,$p' "$src" | sed 's/^\(.\)/  \1/'
} >"$out"
echo "wrote $out"
