#!/usr/bin/env bash
# Server-side dry run of everything this repository ships, against a real kube-apiserver: the plain install
# (deploy/operator), the Helm chart with default and with non-default values, every examples/*.yaml gateway
# and what the Flux example applies. Exits non-zero if the API server rejects anything or warns (e.g. Pod
# Security "restricted" warnings on a pod template).
#
#   scripts/check-manifests.sh                          # starts a throwaway API server (scripts/lib/apiserver.sh)
#   KUBECONFIG=/path/kubeconfig scripts/check-manifests.sh   # uses a running TEST API server
#
# Created for real (the dry runs need them): the LiteLLMGateway CRD, the upstream ServiceMonitor CRD (from
# scripts/provision-crds.sh, or $LLMGW_UPSTREAM_CRDS), and the namespaces the objects go to. That is why a KUBECONFIG whose
# server is not on loopback is refused unless LLMGW_CHECK_ALLOW_REMOTE=1.
# Binaries: $LLMGW_K8S_BIN/kubectl and $LLMGW_HELM (from the env file of scripts/provision-control-plane.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

ENV_FILE="${LLMGW_CACHE:-$HOME/.cache/llmgw-operator}/control-plane.env"
if [ -z "${LLMGW_K8S_BIN:-}" ] || [ -z "${LLMGW_HELM:-}" ]; then
  # shellcheck disable=SC1090
  [ -f "$ENV_FILE" ] && . "$ENV_FILE"
fi
die() { printf 'check-manifests: %s\n' "$*" >&2; exit 2; }
[ -x "${LLMGW_K8S_BIN:-}/kubectl" ] || die "no kubectl in LLMGW_K8S_BIN='${LLMGW_K8S_BIN:-}': run scripts/provision-control-plane.sh"
[ -x "${LLMGW_HELM:-}" ] || die "no helm at LLMGW_HELM='${LLMGW_HELM:-}': run scripts/provision-control-plane.sh"
KUBECTL="$LLMGW_K8S_BIN/kubectl"
HELM="$LLMGW_HELM"
KUBE_VERSION="${LLMGW_K8S_VERSION:-1.34.4}"
if [ -z "${LLMGW_UPSTREAM_CRDS:-}" ]; then
  scripts/provision-crds.sh >/dev/null || die "scripts/provision-crds.sh failed"
  # shellcheck disable=SC1091
  . "${LLMGW_CACHE:-$HOME/.cache/llmgw-operator}/crds.env"
fi
SERVICE_MONITORS="$LLMGW_UPSTREAM_CRDS/servicemonitors.monitoring.coreos.com.yaml"
[ -f "$SERVICE_MONITORS" ] || die "no $SERVICE_MONITORS: run scripts/provision-crds.sh"
CHART=helm/litellm-operator
CUSTOM_VALUES=src/test/resources/helm/values-custom.yaml
MANAGER=llmgw-check-manifests

WORK=$(mktemp -d "${TMPDIR:-/tmp}/check-manifests.XXXXXX")
OWN_SERVER=""
cleanup() {
  if [ -n "$OWN_SERVER" ]; then apiserver_stop "$OWN_SERVER"; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -n "${KUBECONFIG:-}" ]; then
  server=$("$KUBECTL" config view --minify -o jsonpath='{.clusters[0].cluster.server}')
  if ! [[ "$server" =~ ^https?://(127\.[0-9.]+|localhost|\[::1\])(:[0-9]+)?/?$ ]] && [ "${LLMGW_CHECK_ALLOW_REMOTE:-0}" != 1 ]; then
    die "KUBECONFIG points at $server, not a loopback test server; this script installs CRDs and namespaces for real (LLMGW_CHECK_ALLOW_REMOTE=1 to allow)"
  fi
  echo "== API server: $server (KUBECONFIG=$KUBECONFIG)"
else
  # shellcheck source=lib/apiserver.sh
  . scripts/lib/apiserver.sh
  OWN_SERVER="$WORK/apiserver"
  apiserver_start "$OWN_SERVER" || die "could not start a test API server"
  export KUBECONFIG="$OWN_SERVER/kubeconfig"
  echo "== API server: started for this check ($("$KUBECTL" config view --minify -o jsonpath='{.clusters[0].cluster.server}'))"
fi
echo "   $("$KUBECTL" version 2>/dev/null | grep -i '^server version' || true)"

CHECKED=()
FAILED=()

# Real install of something the dry runs need; any rejection stops the check.
install() { # description file
  echo "== install (for real): $1"
  if ! "$KUBECTL" apply --server-side --field-manager "$MANAGER" -f "$2" 2>&1 | sed 's/^/   /'; then
    echo "   REJECTED" ; FAILED+=("$1 (install)"); summary; exit 1
  fi
}

namespace() { # name [pod-security-level]
  local file="$WORK/ns-$1.yaml"
  {
    printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n' "$1"
    if [ -n "${2:-}" ]; then
      printf '  labels:\n    pod-security.kubernetes.io/enforce: %s\n    pod-security.kubernetes.io/warn: %s\n' "$2" "$2"
    fi
  } >"$file"
  install "namespace $1" "$file"
}

# Server-side apply dry run; a rejection or a warning counts as a failure, and the check goes on.
dry_run() { # description file
  local out rc=0 count
  echo "== dry run: $1"
  out=$("$KUBECTL" apply --server-side --dry-run=server --field-manager "$MANAGER" -f "$2" 2>&1) || rc=$?
  printf '%s\n' "$out" | sed 's/^/   /'
  count=$(printf '%s\n' "$out" | grep -c 'serverside-applied (server dry run)' || true)
  if [ "$rc" -ne 0 ] || printf '%s\n' "$out" | grep -qi '^warning'; then
    echo "   FAILED (exit $rc)"
    FAILED+=("$1")
  else
    CHECKED+=("$1: $count objects accepted")
  fi
}

summary() {
  echo
  echo "== summary"
  local line
  for line in "${CHECKED[@]}"; do echo "   ok      $line"; done
  for line in "${FAILED[@]}"; do echo "   FAILED  $line"; done
}

# ---------------------------------------------------------------------------------------- CRDs
install "CRD litellmgateways.llmgw.io (deploy/crds)" deploy/crds/litellmgateways.llmgw.io-v1.yml
install "upstream CRD servicemonitors.monitoring.coreos.com ($LLMGW_UPSTREAM_CRDS)" "$SERVICE_MONITORS"
"$KUBECTL" wait --for condition=Established --timeout 60s \
  crd/litellmgateways.llmgw.io crd/servicemonitors.monitoring.coreos.com | sed 's/^/   /'

# ----------------------------------------------------------------------------- deploy/operator
"$KUBECTL" kustomize deploy/operator >"$WORK/deploy-operator.yaml"
namespace litellm-operator restricted
dry_run "deploy/operator (kubectl kustomize)" "$WORK/deploy-operator.yaml"

# ------------------------------------------------------------------------------------- helm
"$HELM" template litellm-operator "$CHART" --namespace litellm-operator --include-crds \
  --kube-version "$KUBE_VERSION" >"$WORK/helm-default.yaml"
dry_run "helm template $CHART (default values, namespace litellm-operator)" "$WORK/helm-default.yaml"

namespace llm-ops restricted
"$HELM" template ops "$CHART" --namespace llm-ops --include-crds --values "$CUSTOM_VALUES" \
  --kube-version "$KUBE_VERSION" >"$WORK/helm-custom.yaml"
dry_run "helm template $CHART ($CUSTOM_VALUES, namespace llm-ops)" "$WORK/helm-custom.yaml"

# --------------------------------------------------------------------------------- examples
for example in examples/*.yaml; do
  ns=$(awk '/^metadata:/ {m = 1; next} m && /^  namespace:/ {print $2; exit} /^[^ #]/ {m = 0}' "$example")
  ns="${ns:-default}"
  if ! "$KUBECTL" get namespace "$ns" >/dev/null 2>&1; then
    namespace "$ns"
  fi
  dry_run "$example (namespace $ns)" "$example"
done

# What examples/flux/gateway.yaml has Flux apply (Flux builds without kustomize's load restrictor).
"$KUBECTL" kustomize --load-restrictor LoadRestrictionsNone examples/flux/gateway >"$WORK/flux-gateway.yaml"
dry_run "examples/flux/gateway (kubectl kustomize, as Flux builds it)" "$WORK/flux-gateway.yaml"

summary
if [ "${#FAILED[@]}" -gt 0 ]; then
  echo "check-manifests: ${#FAILED[@]} check(s) rejected or warned about by the API server" >&2
  exit 1
fi
echo "check-manifests: everything accepted"
