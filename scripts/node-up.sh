#!/usr/bin/env bash
# Start a real single-node cluster in a state folder (default ${LLMGW_CACHE:-~/.cache/llmgw-operator}/node)
# and load the locally built images into it. Stop it with scripts/node-down.sh (restores the host).
# Prints the kubeconfig path on the last line.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${LLMGW_CACHE:-$HOME/.cache/llmgw-operator}"
STATE="${1:-$CACHE/node}"
# shellcheck source=scripts/lib/node.sh
. scripts/lib/node.sh
mkdir -p "$STATE"
node_start "$STATE"
images=("$CACHE"/images/*.oci.tar)
if [ -e "${images[0]}" ]; then
  t0=$(date +%s)
  node_import "$STATE" "${images[@]}" || { node_stop "$STATE"; exit 1; }
  node__log "imported ${#images[@]} images in $(( $(date +%s) - t0 ))s"
else
  node__log "no images in $CACHE/images: run scripts/build-node-images.sh"
fi
echo "$STATE/kubeconfig"
