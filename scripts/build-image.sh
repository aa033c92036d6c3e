#!/usr/bin/env bash
# Build the operator image from the Dockerfile with whichever engine exists: docker (BuildKit) or buildah.
# Usage: scripts/build-image.sh [IMAGE]   (default ghcr.io/llmgw/litellm-operator:<chart appVersion>)
# Extra build arguments pass through LLMGW_BUILD_ARGS, e.g. "--build-arg RUNTIME_IMAGE=..."; the base images
# default to the public eclipse-temurin ones (the node tier overrides them with local bases).
set -euo pipefail
cd "$(dirname "$0")/.."
# The chart's appVersion is the image tag the manifests and the chart deploy.
version=$(awk '/^appVersion:/ {gsub(/"/, "", $2); print $2}' helm/litellm-operator/Chart.yaml)
image="${1:-ghcr.io/llmgw/litellm-operator:${version:-0.1.0}}"
# shellcheck disable=SC2206
extra=(${LLMGW_BUILD_ARGS:-})
if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  DOCKER_BUILDKIT=1 docker build --build-arg "VERSION=${version}" "${extra[@]}" -t "$image" .
elif command -v buildah >/dev/null 2>&1; then
  buildah bud --layers --build-arg "VERSION=${version}" "${extra[@]}" -t "$image" -f Dockerfile .
else
  echo "build-image: neither a running docker engine nor buildah found" >&2; exit 1
fi
echo "built $image"
