#!/usr/bin/env bash
# Stop the cluster scripts/node-up.sh started in a state folder and restore the host (sysctls, iptables,
# bridge, mounts, cgroups, paths outside the folder). Safe to run when nothing runs.
set -euo pipefail
cd "$(dirname "$0")/.."
STATE="${1:-${LLMGW_CACHE:-$HOME/.cache/llmgw-operator}/node}"
# shellcheck source=scripts/lib/node.sh
. scripts/lib/node.sh
[ -d "$STATE" ] || exit 0
node_stop "$STATE"
