#!/usr/bin/env bash
# The demo on a real node (scripts/demo.sh --node): real kubelet, real pods of the locally built images.
#   1. provision (cached) and build the images (cached), 2. start a single-node cluster (scripts/node-up.sh),
#   3. install the operator as a user does (kubectl apply --server-side -k deploy/operator),
#   4. run the acceptance tier's stub upstream as a pod and apply examples/quickstart.yaml pointed at it,
#   5. print kubectl get llmgw, the pods, and a chat completion sent from a pod through the gateway's Service,
#   6. keep running until Ctrl-C (or stop at once with --exit); stopping restores the host.
# Needs root and Linux. Usage: scripts/demo-node.sh [--exit]
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${LLMGW_CACHE:-$HOME/.cache/llmgw-operator}"
STATE="${LLMGW_DEMO_NODE_DIR:-$CACHE/demo-node}"
EXIT_AFTER_PRINT=0
for a in "$@"; do case "$a" in --exit) EXIT_AFTER_PRINT=1 ;; --node) ;; *) echo "demo-node: unknown argument $a" >&2; exit 2 ;; esac; done
log() { printf '[demo] %s\n' "$*"; }
mkdir -p "$CACHE"
# One node per host (shared with scripts/node-tier.sh): the bridge, iptables chains and kubepods are host-wide.
exec 7>"$CACHE/.node.lock"; flock -n 7 || { log "another node run holds $CACHE/.node.lock"; exit 1; }
t0=$(date +%s)

log "provisioning (cached): control plane, node, images"
scripts/provision-control-plane.sh >/dev/null
scripts/provision-node.sh >/dev/null
scripts/build-node-images.sh >/dev/null
# shellcheck disable=SC1091
. "$CACHE/control-plane.env"; . "$CACHE/node.env"
# shellcheck source=scripts/lib/node.sh
. scripts/lib/node.sh
trap 'log "stopping the node and restoring the host"; node_stop "$STATE"' EXIT
scripts/node-up.sh "$STATE" >/dev/null
NODE_DIR="$STATE"
k() { node_kubectl "$@"; }
log "node Ready after $(( $(date +%s) - t0 ))s"

log "kubectl apply --server-side -k deploy/operator"
k apply --server-side -k deploy/operator >/dev/null
k -n litellm-operator rollout status deployment/litellm-operator --timeout 300s

log "stub upstream (a pod) and the provider key"
k create namespace demo >/dev/null
k label namespace demo pod-security.kubernetes.io/enforce=restricted >/dev/null
k -n demo apply -f - >/dev/null <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata: {name: stub-openai}
spec:
  selector: {matchLabels: {app: stub-openai}}
  template:
    metadata: {labels: {app: stub-openai}}
    spec:
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: stub
          image: localhost/llmgw/stub-openai:latest
          imagePullPolicy: Never
          ports: [{containerPort: 8000}, {containerPort: 8001}]
          securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
---
apiVersion: v1
kind: Service
metadata: {name: stub-openai}
spec:
  selector: {app: stub-openai}
  ports: [{name: api, port: 8000}, {name: requests, port: 8001}]
EOF
k -n demo create secret generic openai --from-literal=api-key=sk-demo-upstream >/dev/null

log "kubectl apply -f examples/quickstart.yaml (model api_base: the stub, so nothing leaves the node)"
t_apply=$(date +%s)
sed 's#^      model: openai/gpt-4o-mini#      model: openai/gpt-4o-mini\n      apiBase: {value: "http://stub-openai.demo.svc.cluster.local:8000/v1"}#' \
  examples/quickstart.yaml | k -n demo apply -f -
k -n demo wait llmgw/quickstart --for=condition=Ready --timeout 420s >/dev/null
log "Ready $(( $(date +%s) - t_apply ))s after kubectl apply, with real pods:"
echo; k -n demo get llmgw; echo; k -n demo get deploy,pods,svc -o wide; echo

log "a chat completion from a pod, through the Service quickstart.demo.svc:4000"
key=$(k -n demo get secret quickstart-keys -o jsonpath='{.data.master-key}' | base64 -d)
stub=$(k -n demo get pod -l app=stub-openai -o jsonpath='{.items[0].metadata.name}')
k -n demo exec "$stub" -- python3 -c '
import json, sys, urllib.request
r = urllib.request.Request("http://quickstart.demo.svc.cluster.local:4000/v1/chat/completions", method="POST",
    data=json.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hello"}]}).encode(),
    headers={"authorization": "Bearer " + sys.argv[1], "content-type": "application/json"})
print(json.dumps(json.load(urllib.request.urlopen(r, timeout=60)), indent=1)[:600])' "$key"
echo
log "KUBECONFIG=$STATE/kubeconfig $LLMGW_K8S_BIN/kubectl get llmgw -A"
if [ "$EXIT_AFTER_PRINT" = 1 ]; then exit 0; fi
log "running; Ctrl-C stops the node and restores the host"
while sleep 3600; do :; done
