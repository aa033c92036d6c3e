#!/usr/bin/env bash
# The whole test suite, from a fresh clone: provisions what the tiers need (idempotent, cached outside the
# repository under ${LLMGW_CACHE:-~/.cache/llmgw-operator}), then runs every tier: unit, golden, chart and
# integration tests (Maven), the manifests dry run, the README's first command on a plain control plane, the real
# LiteLLM proxy on every example's rendered config, and the node tier (the operator image and the gateway pods on a
# real single-node cluster; it needs root on Linux: docs/node-tier.md).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
cache="${LLMGW_CACHE:-$HOME/.cache/llmgw-operator}"
timings=()
tier() { # title command...
  local title="$1" t0; shift
  echo; echo "== $title"
  t0=$(date +%s)
  "$@"
  timings+=("$(printf '  %-74s %5ss' "$title" "$(( $(date +%s) - t0 ))")")
}

tier "provision: kube-apiserver, etcd, kubectl, kube-controller-manager, helm (cached)" scripts/provision-control-plane.sh
tier "provision: upstream CRDs from their Go modules (cached)" scripts/provision-crds.sh
tier "provision: node binaries, CoreDNS, actionlint, containerd/buildah (cached)" scripts/provision-node.sh
tier "provision: CloudNativePG operator from its Go module (cached)" scripts/provision-cnpg.sh
tier "provision: versitygw (S3 store of the node tier's backup tests) from its Go module (cached)" scripts/provision-versitygw.sh
# shellcheck source=/dev/null
. "$cache/control-plane.env"
# shellcheck source=/dev/null
. "$cache/crds.env"
# shellcheck source=/dev/null
. "$cache/node.env"

tier "release workflow: actionlint" "$LLMGW_ACTIONLINT" .github/workflows/*.yaml
tier "build and test (unit, golden, chart and integration tiers)" ./mvnw -B -ntp verify
tier "manifests: server-side dry run against a real API server" scripts/check-manifests.sh
# The newcomer's first command, as the README gives it, on a plain control plane (the project CRD only): it
# fails unless the quickstart reaches Ready=True.
tier "README's first command: scripts/demo.sh --exit (plain control plane)" \
  env LLMGW_DEMO_DIR="$cache/demo-test" LLMGW_DEMO_MVN_ARGS=-o scripts/demo.sh --exit
tier "LiteLLM acceptance: the real proxy on every example's rendered config" scripts/acceptance.sh
tier "node tier: the operator image and gateway pods on a real single-node cluster" scripts/node-tier.sh

echo; echo "== timings"
printf '%s\n' "${timings[@]}"
echo "== all tiers passed in $(( $(date +%s) - start )) s"
