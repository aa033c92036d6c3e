#!/usr/bin/env bash
# The whole test suite, from a fresh clone: provisions what the tiers need (idempotent, cached outside the
# repository under ${LLMGW_CACHE:-~/.cache/llmgw-operator}), then runs unit, golden and integration tests.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

echo "== build and test (unit + golden tiers)"
./mvnw -B -ntp verify

echo "== manifests: server-side dry run against a real API server"
scripts/check-manifests.sh

echo "== all tiers passed in $(( $(date +%s) - start )) s"
