#!/usr/bin/env bash
# The node tier: provisions (idempotent, cached), builds the images, starts a real single-node cluster, runs
# nodetier/ (pytest) against it, prints timings, image sizes and node memory, then stops the cluster and
# restores the host, whatever happened. Needs root and Linux.
# Usage: scripts/node-tier.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
CACHE="${LLMGW_CACHE:-$HOME/.cache/llmgw-operator}"
STATE="$CACHE/node-tier"
mkdir -p "$CACHE"
# One node per host: the bridge, iptables chains and the kubepods cgroup are host-wide.
exec 7>"$CACHE/.node.lock"; flock -w 3600 7 || { echo "node-tier: another node run holds $CACHE/.node.lock" >&2; exit 1; }

t=$(date +%s); scripts/provision-control-plane.sh >/dev/null; scripts/provision-node.sh | sed -n '/summary:/,$p'
scripts/provision-litellm.sh >/dev/null
scripts/provision-cnpg.sh | tail -1
scripts/provision-versitygw.sh | tail -1
scripts/provision-barman-plugin.sh | tail -1
t_prov=$(( $(date +%s) - t ))
# shellcheck disable=SC1091
. "$CACHE/control-plane.env"; . "$CACHE/node.env"; . "$CACHE/litellm.env"; . "$CACHE/cnpg.env"; . "$CACHE/versitygw.env"; . "$CACHE/barman-plugin.env"

t=$(date +%s); scripts/build-node-images.sh | sed -n '/summary/,$p'; t_img=$(( $(date +%s) - t ))

# shellcheck source=scripts/lib/node.sh
. scripts/lib/node.sh
diagnose() {
  echo "== node tier failed: cluster state"
  node_kubectl get nodes,pods -A -o wide 2>&1 | head -40 || true
  node_kubectl get events -A --sort-by=.lastTimestamp 2>&1 | tail -30 || true
  for ns in litellm-operator llmgw-system cnpg-system pgdemo pgbackup pgimport pgplugin; do
    for p in $(node_kubectl get pods -n $ns -o name 2>/dev/null); do
      echo "-- $ns $p"; node_kubectl logs -n $ns "$p" --all-containers --tail 40 2>&1 || true
    done
  done
  tail -15 "$STATE/kubelet.log" 2>/dev/null || true
}
stop() { node_stop "$STATE" || true; }
trap stop EXIT
t=$(date +%s)
scripts/node-up.sh "$STATE" >/dev/null
t_up=$(( $(date +%s) - t ))
NODE_DIR="$STATE"

export LLMGW_NODE_DIR="$STATE"   # nodetier/test_node_cnpg.py puts its hostPath volume there
export KUBECACHEDIR="$STATE/kube-cache" KUBECONFIG="$STATE/kubeconfig" LLMGW_KUBECTL="$LLMGW_K8S_BIN/kubectl" LLMGW_NODE_TIMINGS="$STATE/timings.json"
rc=0
"$LLMGW_LITELLM_VENV/bin/python" -m pytest nodetier -p no:cacheprovider -x -v "$@" || rc=$?

# Memory of the node: the host processes (control plane, kubelet, containerd, shims) and the pods' cgroup.
rss_kib=0
for f in "$STATE"/*.pid; do
  pid=$(cat "$f"); [ -r "/proc/$pid/status" ] && rss_kib=$(( rss_kib + $(awk '/^VmRSS/ {print $2}' "/proc/$pid/status") ))
done
for pid in $(pgrep -f "containerd-shim-runc-v2 .*$STATE/containerd" || true); do
  rss_kib=$(( rss_kib + $(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0) ))
done
pods_mib=$(awk '/^total_rss / {printf "%d", $2/1048576}' /sys/fs/cgroup/memory/kubepods/memory.stat 2>/dev/null || echo "?")
[ "$rc" = 0 ] || diagnose

echo "== node tier: provisioning ${t_prov}s, images ${t_img}s, node up (with image import) ${t_up}s, total $(( $(date +%s) - start ))s"
echo "   node memory: host processes $(( rss_kib / 1024 )) MiB RSS, pods ${pods_mib} MiB RSS (at the end of the run)"
echo "   images: $(for f in "$CACHE"/images/*.oci.tar; do printf '%s %s MiB; ' "$(basename "$f" .oci.tar)" "$(du -m "$f" | cut -f1)"; done)"
[ -f "$STATE/timings.json" ] && echo "   timings: $(tr -d '\n ' <"$STATE/timings.json")"
exit $rc
