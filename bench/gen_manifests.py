#!/usr/bin/python3
# This script writes a large multi-document Argo Rollouts manifest, as a platform repository of many
# services holds: per service an AnalysisTemplate (Prometheus success rate and latency) and a canary
# Rollout with a pod template, background analysis and steps. bench/run.sh times `rewind check` on it
# beside `wc -l`: the cost of reading YAML, which every Argo input pays.
#   bench/gen_manifests.py OUT [SERVICES]   (default 400 services: 800 documents, about 1 MB)
import sys

out = sys.argv[1]
services = int(sys.argv[2]) if len(sys.argv) > 2 else 400

TEMPLATE = """apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: health-{i}
  labels: {{team: team-{team}, tier: backend}}
spec:
  args:
  - name: service
  - name: threshold
    value: "0.95"
  metrics:
  - name: success-rate
    interval: 1m
    count: 5
    failureLimit: 1
    successCondition: len(result) == 0 || result[0] >= {{{{args.threshold}}}}
    provider:
      prometheus:
        address: http://prometheus.monitoring:9090
        query: |
          sum(rate(http_requests_total{{service="{{{{args.service}}}}",code!~"5.."}}[2m]))
          /
          sum(rate(http_requests_total{{service="{{{{args.service}}}}"}}[2m]))
  - name: latency-p99
    interval: 1m
    failureLimit: 2
    successCondition: len(result) == 0 || result[0] < 0.5
    provider:
      prometheus:
        address: http://prometheus.monitoring:9090
        query: histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{{service="{{{{args.service}}}}"}}[2m])) by (le))
"""

ROLLOUT = """apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: service-{i}
  labels: {{team: team-{team}}}
spec:
  replicas: 4
  revisionHistoryLimit: 3
  selector:
    matchLabels: {{app: service-{i}}}
  template:
    metadata:
      labels: {{app: service-{i}}}
    spec:
      containers:
      - name: app
        image: registry.example.com/team-{team}/service-{i}:1.{i}.0
        ports:
        - {{name: http, containerPort: 8080}}
        resources:
          requests: {{cpu: 100m, memory: 128Mi}}
          limits: {{memory: 256Mi}}
        readinessProbe:
          httpGet: {{path: /healthz, port: http}}
  strategy:
    canary:
      canaryService: service-{i}-canary
      stableService: service-{i}-stable
      analysis:
        templates:
        - templateName: health-{i}
        startingStep: 1
        args:
        - name: service
          value: service-{i}
      steps:
      - setWeight: 10
      - pause: {{duration: 5m}}
      - setWeight: 30
      - pause: {{duration: 10m}}
      - setWeight: 60
      - pause: {{duration: 10m}}
"""

with open(out, "w") as f:
    docs = []
    for i in range(services):
        team = i % 12
        docs.append(TEMPLATE.format(i=i, team=team))
        docs.append(ROLLOUT.format(i=i, team=team))
    f.write("---\n".join(docs))
