#!/usr/bin/env bash
# The whole test suite, from a fresh clone: provisions what the tiers need (idempotent, cached outside the
# repository under ${LLMGW_CACHE:-~/.cache/llmgw-operator}), then runs unit, golden, integration, manifests,
# LiteLLM acceptance and node tiers (the node tier needs root on Linux: docs/node-tier.md).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

cache="${LLMGW_CACHE:-$HOME/.cache/llmgw-operator}"

echo "== provision: kube-apiserver, etcd, kubectl, kube-controller-manager, helm (cached)"
scripts/provision-control-plane.sh
# shellcheck source=/dev/null
. "$cache/control-plane.env"

echo "== provision: node binaries, CoreDNS, actionlint, containerd/buildah (cached)"
scripts/provision-node.sh
# shellcheck source=/dev/null
. "$cache/node.env"

echo "== release workflow: actionlint"
"$LLMGW_ACTIONLINT" .github/workflows/*.yaml

echo "== build and test (unit, golden, chart and integration tiers)"
./mvnw -B -ntp verify

echo "== manifests: server-side dry run against a real API server"
scripts/check-manifests.sh

echo "== LiteLLM acceptance: the real proxy on every example's rendered config"
scripts/acceptance.sh

echo "== node tier: the operator image and the gateway pods on a real single-node cluster (restores the host)"
scripts/node-tier.sh

echo "== all tiers passed in $(( $(date +%s) - start )) s"
