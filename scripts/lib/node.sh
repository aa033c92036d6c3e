#!/usr/bin/env bash
# A real single-node Kubernetes cluster in a state folder: containerd (Debian) + etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler, kubelet, kube-proxy (built by scripts/provision-*.sh) + CoreDNS
# (host process answering for cluster.local only) + a bridge CNI network. Source this file, then:
#   node_start DIR   # snapshot the host, start everything, wait for the node to be Ready; DIR/kubeconfig
#   node_stop DIR    # stop every process and pod, then restore the host from the snapshot
# scripts/node-up.sh and scripts/node-down.sh wrap them.
#
# The host is changed only where a node must change it, and node_stop puts it back: sysctls (the kubelet's
# kernel defaults, ip_forward), iptables (kube-proxy, kubelet and CNI chains; nf_tables tables that did not
# exist are deleted), the llmgw0 bridge, mounts (pod volumes, network namespaces), cgroups (kubepods) and the
# few paths tools write outside DIR (/run/containerd, /var/lib/cni, /run/netns, ...).
#
# Network: the API server binds 0.0.0.0 (pods reach it through the `kubernetes` Service at the node's own
# address); everything else listens on loopback or the node address; pods get 10.244.0.0/24 on llmgw0 with no
# masquerade to the outside; CoreDNS has no upstream, so only cluster names resolve.

# shellcheck source=scripts/lib/apiserver.sh
. "$(dirname "${BASH_SOURCE[0]}")/apiserver.sh"

NODE_NAME="${LLMGW_NODE_NAME:-llmgw-node}"
NODE_POD_CIDR="10.244.0.0/24"
NODE_SERVICE_CIDR="10.96.0.0/24"
NODE_DNS_IP="10.96.0.10"
NODE_BRIDGE="llmgw0"
NODE_PAUSE_IMAGE="registry.k8s.io/pause:3.10.1"
# Sysctls the kubelet (kernel defaults), the bridge plugin and kube-proxy may change.
NODE_SYSCTLS=(vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys
  kernel.keys.root_maxbytes net.ipv4.ip_forward net.ipv4.conf.all.route_localnet net.bridge.bridge-nf-call-iptables
  net.bridge.bridge-nf-call-ip6tables net.netfilter.nf_conntrack_max net.netfilter.nf_conntrack_tcp_timeout_established
  net.netfilter.nf_conntrack_tcp_timeout_close_wait net.ipv6.conf.all.forwarding)
# Paths outside DIR that containerd 1.6, the CNI library, the kubelet or iptables create on their own.
NODE_OUTSIDE_PATHS=(/run/containerd /var/lib/cni /run/netns /var/run/netns /var/lib/kubelet /var/log/pods
  /var/log/containers /etc/cni /opt/cni /opt/containerd /run/xtables.lock /var/lib/containerd /etc/kubernetes
  /run/flannel /var/run/kubernetes /run/calico /usr/libexec/kubernetes)
NODE_NFT_TABLES=("ip filter" "ip nat" "ip mangle" "ip raw" "ip security" "ip6 filter" "ip6 nat" "ip6 mangle" "ip6 raw"
  "ip6 security")

node__log() { printf '[node] %s\n' "$*" >&2; }

node__bins() {
  local env_file
  for env_file in control-plane.env node.env; do
    env_file="${LLMGW_CACHE:-$HOME/.cache/llmgw-operator}/$env_file"
    # shellcheck disable=SC1090
    [ -f "$env_file" ] && . "$env_file"
  done
  local b
  for b in etcd kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl; do
    [ -x "${LLMGW_K8S_BIN:-}/$b" ] || { node__log "no $b: run scripts/provision-node.sh"; return 1; }
  done
  [ -x "${LLMGW_COREDNS:-}" ] || { node__log "no coredns: run scripts/provision-node.sh"; return 1; }
  for b in containerd containerd-shim-runc-v2 runc ctr iptables-save nft; do
    command -v "$b" >/dev/null || { node__log "no $b: run scripts/provision-node.sh"; return 1; }
  done
  [ -x /usr/lib/cni/bridge ] || { node__log "no /usr/lib/cni/bridge: run scripts/provision-node.sh"; return 1; }
}

# The node's own address: the first global IPv4 address of the interface holding the default route
# (read from the kernel's tables; nothing is sent).
node_ip() {
  local dev
  dev=$(ip -4 route show default 2>/dev/null | awk '{for (i=1;i<NF;i++) if ($i=="dev") {print $(i+1); exit}}')
  [ -n "$dev" ] || dev=$(ip -4 -o addr show scope global | awk '{print $2; exit}')
  ip -4 -o addr show dev "$dev" scope global | awk '{split($4,a,"/"); print a[1]; exit}'
}

# (its discovery cache in DIR, not in ~/.kube)
node_kubectl() { "$LLMGW_K8S_BIN/kubectl" --kubeconfig "$NODE_DIR/kubeconfig" --cache-dir "$NODE_DIR/kube-cache" "$@"; }

# ------------------------------------------------------------------------------------------ host snapshot
node__snapshot_host() {
  local h="$NODE_DIR/host" s p t
  rm -rf "$h"; mkdir -p "$h"
  for s in "${NODE_SYSCTLS[@]}"; do
    [ -e "/proc/sys/${s//.//}" ] && printf '%s=%s\n' "$s" "$(cat "/proc/sys/${s//.//}")" >>"$h/sysctls"
  done
  for p in "${NODE_OUTSIDE_PATHS[@]}"; do [ -e "$p" ] || [ -L "$p" ] || echo "$p" >>"$h/absent-paths"; done
  for t in "${NODE_NFT_TABLES[@]}"; do nft list table $t >/dev/null 2>&1 || echo "$t" >>"$h/absent-tables"; done
  iptables-save >"$h/iptables" 2>/dev/null || true
  ip6tables-save >"$h/ip6tables" 2>/dev/null || true
  nft list ruleset >"$h/nft-ruleset" 2>/dev/null || true
  awk '{print $5}' /proc/self/mountinfo | sort -u >"$h/mounts"
  ls /sys/class/net >"$h/links"
  touch "$h/absent-paths" "$h/absent-tables" "$h/complete"
}

node__restore_host() {
  local h="$NODE_DIR/host" line t p link
  [ -f "$h/complete" ] || return 0
  # Mounts made during the run (pod volumes, netns bind mounts, overlay rootfs): deepest first.
  awk '{print $5}' /proc/self/mountinfo | sort -u | comm -13 "$h/mounts" - | sort -r | while read -r p; do
    case "$p" in
      "$NODE_DIR"/*|/run/netns/*|/var/run/netns/*|/run/containerd/*|/var/lib/kubelet/*) umount -l "$p" 2>/dev/null || true ;;
    esac
  done
  # Links made during the run: the bridge and any veth left behind.
  ls /sys/class/net | comm -13 "$h/links" - | while read -r link; do
    case "$link" in "$NODE_BRIDGE"|veth*) ip link delete "$link" 2>/dev/null || true ;; esac
  done
  # iptables: tables that existed get their saved rules back; tables the run created are deleted.
  while read -r t; do [ -n "$t" ] && nft delete table $t 2>/dev/null || true; done <"$h/absent-tables"
  [ -s "$h/iptables" ] && iptables-restore <"$h/iptables" 2>/dev/null
  [ -s "$h/ip6tables" ] && ip6tables-restore <"$h/ip6tables" 2>/dev/null
  while IFS='=' read -r s v; do
    [ "$(cat "/proc/sys/${s//.//}" 2>/dev/null)" = "$v" ] || sysctl -qw "$s=$v" 2>/dev/null || node__log "could not restore $s=$v"
  done <"$h/sysctls"
  while read -r p; do [ -n "$p" ] && rm -rf "$p"; done <"$h/absent-paths"
  if [ "$(nft list ruleset 2>/dev/null)" != "$(cat "$h/nft-ruleset")" ]; then
    node__log "WARNING: the nf_tables ruleset differs from the snapshot; diff:"
    diff <(cat "$h/nft-ruleset") <(nft list ruleset 2>/dev/null) | head -20 >&2
  fi
  rm -rf "$h"
}

# ---------------------------------------------------------------------------------------------- cgroups
# Every process in a pod's cgroup (kubepods, cgroupfs driver) is killed, then the cgroups removed leaf first.
node__kill_pods() {
  local c i
  for i in 1 2 3; do
    for c in /sys/fs/cgroup/*/kubepods; do
      [ -d "$c" ] || continue
      find "$c" -name cgroup.procs -exec cat {} + 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    done
    sleep 0.5
  done
  for c in /sys/fs/cgroup/*/kubepods; do
    [ -d "$c" ] && find "$c" -depth -type d -exec rmdir {} \; 2>/dev/null
  done
  for c in /sys/fs/cgroup/*/kubepods; do [ -d "$c" ] && node__log "WARNING: $c is still there"; done
  return 0
}

# --------------------------------------------------------------------------------------------- start
node__write_configs() {
  local d="$NODE_DIR"
  mkdir -p "$d/containerd" "$d/cni" "$d/kubelet" "$d/pod-logs" "$d/pki"
  cat >"$d/containerd/config.toml" <<EOF
# containerd 1.6 (Debian). Everything under the state folder; CRI for the kubelet.
version = 2
root = "$d/containerd/root"
state = "$d/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri.restart", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs"]
[grpc]
  address = "$d/containerd/containerd.sock"
[ttrpc]
  address = "$d/containerd/containerd.sock.ttrpc"
[debug]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$d/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$NODE_PAUSE_IMAGE"
  # runc cannot set the sandbox's oom_score_adj of -998 without CAP_SYS_RESOURCE, which these hosts withhold:
  # without this every pod fails with "can't get final child's PID from pipe: EOF".
  restrict_oom_score_adj = true
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$d/cni"
EOF
  # No ipMasq: pods talk to each other, to Services and to the node, never beyond it.
  cat >"$d/cni/10-llmgw.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "llmgw",
  "plugins": [
    {"type": "bridge", "bridge": "$NODE_BRIDGE", "isGateway": true, "ipMasq": false, "hairpinMode": true,
     "ipam": {"type": "host-local", "ranges": [[{"subnet": "$NODE_POD_CIDR"}]], "routes": [{"dst": "0.0.0.0/0"}],
              "dataDir": "$d/cni-ipam"}},
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
  # Pods with dnsPolicy Default get no resolver: nothing outside the node may be asked.
  printf 'nameserver 127.0.0.1\n' >"$d/resolv.conf"
}

node__pki() { # a CA for kubelet client authentication, and the API server's client certificate
  local p="$NODE_DIR/pki"
  ( umask 077
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$p/ca.key" -out "$p/ca.crt" -days 2 -subj "/CN=llmgw-node-ca" 2>/dev/null &&
    openssl req -newkey rsa:2048 -nodes -keyout "$p/apiserver-kubelet-client.key" -out "$p/apiserver-kubelet-client.csr" \
      -subj "/O=system:masters/CN=kube-apiserver-kubelet-client" 2>/dev/null &&
    openssl x509 -req -in "$p/apiserver-kubelet-client.csr" -CA "$p/ca.crt" -CAkey "$p/ca.key" -CAcreateserial \
      -out "$p/apiserver-kubelet-client.crt" -days 2 2>/dev/null
  ) || { node__log "openssl failed"; return 1; }
}

node__kubeconfig_for() { # NAME USER TOKEN
  local server
  server=$(awk '/server:/ {print $2; exit}' "$NODE_DIR/kubeconfig")
  ( umask 077; cat >"$NODE_DIR/$1.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters: [{name: node, cluster: {server: "$server", insecure-skip-tls-verify: true}}]
users: [{name: "$2", user: {token: "$3"}}]
contexts: [{name: node, context: {cluster: node, user: "$2"}}]
current-context: node
EOF
  )
}

node_start() { # DIR
  local dir="${1:?usage: node_start DIR}" t0 ip kubelet_port kubelet_healthz proxy_healthz proxy_metrics dns_port sched_port tok
  t0=$(date +%s)
  node__bins || return 1
  mkdir -p "$dir" && NODE_DIR=$(apiserver__dir "$dir") || return 1
  if apiserver_pid "$NODE_DIR" kubelet >/dev/null; then node__log "already running in $NODE_DIR"; return 0; fi
  # A previous run that was not stopped: stop it and restore the host first.
  [ -f "$NODE_DIR/host/complete" ] && node_stop "$NODE_DIR"
  ip=$(node_ip); [ -n "$ip" ] || { node__log "no IPv4 address for the node"; return 1; }
  NODE_IP="$ip"
  for p in containerd coredns kube-proxy kubelet kube-scheduler; do rm -f "$NODE_DIR/$p.log"; done
  rm -rf "$NODE_DIR/containerd" "$NODE_DIR/kubelet" "$NODE_DIR/pod-logs" "$NODE_DIR/cni" "$NODE_DIR/cni-ipam" "$NODE_DIR/pki"
  node__snapshot_host
  node__write_configs
  node__pki || return 1

  node__log "containerd"
  apiserver_spawn "$NODE_DIR" containerd containerd --config "$NODE_DIR/containerd/config.toml"
  apiserver__await "$NODE_DIR" containerd "containerd" ctr --address "$NODE_DIR/containerd/containerd.sock" version || return 1

  # The control plane: apiserver.sh's state (ports, tokens, service-account keys), node flags.
  apiserver_prepare "$NODE_DIR" llmgw-node || return 1
  tok=$(openssl rand -hex 32); printf '%s,system:node:%s,node,"system:nodes"\n' "$tok" "$NODE_NAME" >>"$NODE_DIR/tokens.csv"
  node__kubeconfig_for kubelet "system:node:$NODE_NAME" "$tok"
  tok=$(openssl rand -hex 32); printf '%s,system:kube-proxy,kube-proxy\n' "$tok" >>"$NODE_DIR/tokens.csv"
  node__kubeconfig_for kube-proxy system:kube-proxy "$tok"
  tok=$(openssl rand -hex 32); printf '%s,system:kube-scheduler,kube-scheduler\n' "$tok" >>"$NODE_DIR/tokens.csv"
  node__kubeconfig_for kube-scheduler system:kube-scheduler "$tok"
  node__log "etcd, kube-apiserver"
  apiserver_start_etcd "$NODE_DIR" || return 1
  apiserver_spawn "$NODE_DIR" kube-apiserver "$LLMGW_K8S_BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$APISERVER_ETCD_PORT" \
    --bind-address 0.0.0.0 --advertise-address "$NODE_IP" --secure-port "$APISERVER_PORT" \
    --cert-dir "$NODE_DIR/certs" --token-auth-file "$NODE_DIR/tokens.csv" \
    --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$NODE_DIR/sa.pub" --service-account-signing-key-file "$NODE_DIR/sa.key" \
    --service-cluster-ip-range "$NODE_SERVICE_CIDR" \
    --kubelet-preferred-address-types InternalIP \
    --kubelet-client-certificate "$NODE_DIR/pki/apiserver-kubelet-client.crt" \
    --kubelet-client-key "$NODE_DIR/pki/apiserver-kubelet-client.key"
  apiserver__await "$NODE_DIR" kube-apiserver "kube-apiserver /readyz" node_kubectl get --raw /readyz || return 1

  node__log "kube-controller-manager, kube-scheduler"
  APISERVER_KCM_PORT=$(apiserver_free_port "$APISERVER_ETCD_PORT" "$APISERVER_PORT") || return 1
  apiserver_spawn "$NODE_DIR" kube-controller-manager "$LLMGW_K8S_BIN/kube-controller-manager" \
    --kubeconfig "$NODE_DIR/kubeconfig" --authentication-kubeconfig "$NODE_DIR/kubeconfig" \
    --authorization-kubeconfig "$NODE_DIR/kubeconfig" --bind-address 127.0.0.1 --secure-port "$APISERVER_KCM_PORT" \
    --cert-dir "$NODE_DIR/kcm-certs" --use-service-account-credentials \
    --service-account-private-key-file "$NODE_DIR/sa.key" --root-ca-file "$NODE_DIR/certs/apiserver.crt" \
    --cluster-signing-cert-file "$NODE_DIR/pki/ca.crt" --cluster-signing-key-file "$NODE_DIR/pki/ca.key" \
    --leader-elect=false
  sched_port=$(apiserver_free_port "$APISERVER_ETCD_PORT" "$APISERVER_PORT" "$APISERVER_KCM_PORT") || return 1
  apiserver_spawn "$NODE_DIR" kube-scheduler "$LLMGW_K8S_BIN/kube-scheduler" \
    --kubeconfig "$NODE_DIR/kube-scheduler.kubeconfig" --authentication-kubeconfig "$NODE_DIR/kube-scheduler.kubeconfig" \
    --authorization-kubeconfig "$NODE_DIR/kube-scheduler.kubeconfig" --bind-address 127.0.0.1 \
    --secure-port "$sched_port" --leader-elect=false
  apiserver__await "$NODE_DIR" kube-controller-manager "kube-controller-manager /healthz" \
    curl -fsSk --max-time 5 "https://127.0.0.1:$APISERVER_KCM_PORT/healthz" || return 1

  # Cluster DNS: CoreDNS on the node's address, behind the usual kube-dns Service (selector-less, with an
  # EndpointSlice naming the node), so pods use 10.96.0.10 as on any cluster.
  dns_port=$(apiserver_free_port "$APISERVER_ETCD_PORT" "$APISERVER_PORT" "$APISERVER_KCM_PORT" "$sched_port") || return 1
  cat >"$NODE_DIR/Corefile" <<EOF
cluster.local:$dns_port in-addr.arpa:$dns_port {
    bind $NODE_IP
    errors
    kubernetes cluster.local in-addr.arpa {
        kubeconfig $NODE_DIR/kubeconfig
        pods insecure
    }
    cache 5
}
EOF
  apiserver_spawn "$NODE_DIR" coredns "$LLMGW_COREDNS" -conf "$NODE_DIR/Corefile"
  node_kubectl apply -f - >/dev/null <<EOF || return 1
apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  clusterIP: $NODE_DNS_IP
  ports:
    - {name: dns, port: 53, protocol: UDP, targetPort: $dns_port}
    - {name: dns-tcp, port: 53, protocol: TCP, targetPort: $dns_port}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: kube-dns-node, namespace: kube-system, labels: {kubernetes.io/service-name: kube-dns}}
addressType: IPv4
endpoints: [{addresses: ["$NODE_IP"], conditions: {ready: true}}]
ports:
  - {name: dns, port: $dns_port, protocol: UDP}
  - {name: dns-tcp, port: $dns_port, protocol: TCP}
EOF

  node__log "kube-proxy (iptables)"
  proxy_healthz=$(apiserver_free_port "$APISERVER_ETCD_PORT" "$APISERVER_PORT" "$APISERVER_KCM_PORT" "$sched_port" "$dns_port") || return 1
  proxy_metrics=$(apiserver_free_port "$APISERVER_ETCD_PORT" "$APISERVER_PORT" "$APISERVER_KCM_PORT" "$sched_port" "$dns_port" "$proxy_healthz") || return 1
  cat >"$NODE_DIR/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: "$NODE_DIR/kube-proxy.kubeconfig"}
hostnameOverride: $NODE_NAME
mode: iptables
clusterCIDR: $NODE_POD_CIDR
healthzBindAddress: 127.0.0.1:$proxy_healthz
metricsBindAddress: 127.0.0.1:$proxy_metrics
nodePortAddresses: ["$NODE_IP/32"]
# Leave the host's conntrack sysctls and route_localnet alone.
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
# Every Service connection is masqueraded, so replies from a pod on the same bridge come back through the node
# whether or not br_netfilter hands bridged frames to iptables.
iptables: {masqueradeAll: true, localhostNodePorts: false}
EOF
  apiserver_spawn "$NODE_DIR" kube-proxy "$LLMGW_K8S_BIN/kube-proxy" --config "$NODE_DIR/kube-proxy.yaml"

  node__log "kubelet"
  kubelet_port=$(apiserver_free_port "$APISERVER_ETCD_PORT" "$APISERVER_PORT" "$APISERVER_KCM_PORT" "$sched_port" "$dns_port" "$proxy_healthz" "$proxy_metrics") || return 1
  kubelet_healthz=$(apiserver_free_port "$APISERVER_ETCD_PORT" "$APISERVER_PORT" "$APISERVER_KCM_PORT" "$sched_port" "$dns_port" "$proxy_healthz" "$proxy_metrics" "$kubelet_port") || return 1
  cat >"$NODE_DIR/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
containerRuntimeEndpoint: unix://$NODE_DIR/containerd/containerd.sock
cgroupDriver: cgroupfs
failSwapOn: false
# cgroup v1 is in maintenance mode in 1.34: allowed, with a warning event.
failCgroupV1: false
address: $NODE_IP
port: $kubelet_port
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $kubelet_healthz
podLogsDir: $NODE_DIR/pod-logs
volumePluginDir: $NODE_DIR/volume-plugins
resolvConf: $NODE_DIR/resolv.conf
clusterDNS: ["$NODE_DNS_IP"]
clusterDomain: cluster.local
authentication: {anonymous: {enabled: false}, webhook: {enabled: true}, x509: {clientCAFile: "$NODE_DIR/pki/ca.crt"}}
authorization: {mode: Webhook}
# Images exist only locally (no registry): never garbage-collect them, never evict for a full-ish disk.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
serializeImagePulls: false
EOF
  apiserver_spawn "$NODE_DIR" kubelet "$LLMGW_K8S_BIN/kubelet" --config "$NODE_DIR/kubelet.yaml" \
    --kubeconfig "$NODE_DIR/kubelet.kubeconfig" --root-dir "$NODE_DIR/kubelet" \
    --hostname-override "$NODE_NAME" --node-ip "$NODE_IP" --v 1
  apiserver__await "$NODE_DIR" kubelet "node $NODE_NAME Ready" \
    node_kubectl wait --for=condition=Ready "node/$NODE_NAME" --timeout 5s || { node_stop "$NODE_DIR"; return 1; }
  node__log "node $NODE_NAME Ready at $NODE_IP in $(( $(date +%s) - t0 ))s; kubeconfig $NODE_DIR/kubeconfig"
}

# node_import DIR ARCHIVE... : load OCI archives into the node's containerd (k8s.io namespace).
node_import() {
  local dir="$1" a; shift
  for a in "$@"; do
    ctr --address "$dir/containerd/containerd.sock" -n k8s.io images import --no-unpack=false "$a" >/dev/null \
      || { node__log "importing $a failed"; return 1; }
  done
}

node_stop() { # DIR
  local dir="${1:?usage: node_stop DIR}" name
  NODE_DIR=$(apiserver__dir "$dir" 2>/dev/null) || return 0
  # The kubelet first (it would restart what we kill), then every pod's processes, then the rest.
  apiserver_kill "$NODE_DIR" kubelet 20 || true
  node__kill_pods
  for name in kube-proxy coredns kube-scheduler; do apiserver_kill "$NODE_DIR" "$name" 10 || true; done
  apiserver_stop "$NODE_DIR"
  apiserver_kill "$NODE_DIR" containerd 20 || true
  # Shims outlive containerd; each names the state folder in its arguments.
  local pid
  for pid in $(pgrep -f "containerd-shim-runc-v2 .*$NODE_DIR/containerd" 2>/dev/null || true); do
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$NODE_DIR" && kill -9 "$pid" 2>/dev/null
  done
  sleep 0.5
  node__restore_host
  # The runtime's copies of the images (about 2 GiB); the archives stay in the cache and are imported again.
  rm -rf "$NODE_DIR/containerd" "$NODE_DIR/kubelet" "$NODE_DIR/etcd"
  node__log "stopped; host restored"
}
