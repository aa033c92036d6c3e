#!/usr/bin/env bash
# A throwaway Kubernetes API server (etcd + kube-apiserver, no controllers, no nodes) for checks that need
# the real server-side validation: schemas, CEL rules, admission (Pod Security warnings), server-side apply.
# Source this file, then:
#   apiserver_start DIR   # starts etcd and kube-apiserver on free loopback ports, writes DIR/kubeconfig
#   apiserver_stop DIR    # stops both (by the pids in DIR/*.pid)
# Binaries come from $LLMGW_K8S_BIN (scripts/provision-control-plane.sh writes it to
# ${LLMGW_CACHE:-~/.cache/llmgw-operator}/control-plane.env, which is sourced when LLMGW_K8S_BIN is unset).
# Authentication: a static token file, one user "admin" in system:masters; authorization: RBAC.

apiserver__log() { printf '[apiserver] %s\n' "$*" >&2; }

apiserver__bin() {
  if [ -z "${LLMGW_K8S_BIN:-}" ]; then
    local env_file="${LLMGW_CACHE:-$HOME/.cache/llmgw-operator}/control-plane.env"
    # shellcheck disable=SC1090
    [ -f "$env_file" ] && . "$env_file"
  fi
  local b
  for b in etcd kube-apiserver kubectl; do
    if [ ! -x "${LLMGW_K8S_BIN:-}/$b" ]; then
      apiserver__log "no $b in LLMGW_K8S_BIN='${LLMGW_K8S_BIN:-}': run scripts/provision-control-plane.sh first"
      return 1
    fi
  done
}

# A loopback TCP port nobody listens on, not in the arguments (already chosen).
apiserver__free_port() {
  local port tries=0 taken
  while [ $tries -lt 200 ]; do
    tries=$((tries + 1))
    port=$(( 20000 + RANDOM % 40000 ))
    for taken in "$@"; do [ "$port" = "$taken" ] && continue 2; done
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"; return 0
    fi
  done
  apiserver__log "no free loopback port found"; return 1
}

apiserver__alive() { # pidfile binary-name
  local pid
  [ -f "$1" ] || return 1
  pid=$(cat "$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && ps -p "$pid" -o args= 2>/dev/null | grep -q -- "$2"
}

apiserver_start() {
  local dir="${1:?usage: apiserver_start DIR}"
  apiserver__bin || return 1
  mkdir -p "$dir/certs" "$dir/etcd"
  dir=$(cd "$dir" && pwd)
  if apiserver__alive "$dir/kube-apiserver.pid" kube-apiserver; then
    apiserver__log "already running in $dir"; return 0
  fi

  local etcd_port peer_port api_port token
  etcd_port=$(apiserver__free_port) || return 1
  peer_port=$(apiserver__free_port "$etcd_port") || return 1
  api_port=$(apiserver__free_port "$etcd_port" "$peer_port") || return 1
  token=$(openssl rand -hex 32) || return 1
  printf '%s,admin,admin,"system:masters"\n' "$token" >"$dir/tokens.csv"
  chmod 600 "$dir/tokens.csv"
  if [ ! -f "$dir/sa.key" ]; then
    openssl genrsa -out "$dir/sa.key" 2048 2>/dev/null && openssl rsa -in "$dir/sa.key" -pubout -out "$dir/sa.pub" 2>/dev/null \
      || { apiserver__log "openssl could not make the service-account key"; return 1; }
  fi

  "$LLMGW_K8S_BIN/etcd" --name default --data-dir "$dir/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "default=http://127.0.0.1:$peer_port" --unsafe-no-fsync --log-level warn \
    >"$dir/etcd.log" 2>&1 &
  echo $! >"$dir/etcd.pid"

  "$LLMGW_K8S_BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
    --cert-dir "$dir/certs" \
    --token-auth-file "$dir/tokens.csv" \
    --authorization-mode RBAC \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$dir/sa.pub" --service-account-signing-key-file "$dir/sa.key" \
    --service-cluster-ip-range 10.0.0.0/24 \
    >"$dir/kube-apiserver.log" 2>&1 &
  echo $! >"$dir/kube-apiserver.pid"

  cat >"$dir/kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: llmgw-test
    cluster:
      server: https://127.0.0.1:$api_port
      insecure-skip-tls-verify: true
users:
  - name: admin
    user:
      token: $token
contexts:
  - name: llmgw-test
    context:
      cluster: llmgw-test
      user: admin
current-context: llmgw-test
KUBECONFIG
  chmod 600 "$dir/kubeconfig"

  local deadline=$(( $(date +%s) + ${LLMGW_APISERVER_TIMEOUT:-180} ))
  while :; do
    if "$LLMGW_K8S_BIN/kubectl" --kubeconfig "$dir/kubeconfig" get --raw /readyz >/dev/null 2>&1; then
      apiserver__log "ready at https://127.0.0.1:$api_port (etcd 127.0.0.1:$etcd_port); kubeconfig $dir/kubeconfig"
      return 0
    fi
    local name
    for name in etcd kube-apiserver; do
      if ! apiserver__alive "$dir/$name.pid" "$name"; then
        apiserver__log "$name exited; last lines of $dir/$name.log:"; tail -20 "$dir/$name.log" >&2
        apiserver_stop "$dir"; return 1
      fi
    done
    if [ "$(date +%s)" -ge "$deadline" ]; then
      apiserver__log "not ready after ${LLMGW_APISERVER_TIMEOUT:-180}s; last lines of $dir/kube-apiserver.log:"
      tail -20 "$dir/kube-apiserver.log" >&2
      apiserver_stop "$dir"; return 1
    fi
    sleep 1
  done
}

apiserver_stop() {
  local dir="${1:?usage: apiserver_stop DIR}" name pid i
  for name in kube-apiserver etcd; do
    [ -f "$dir/$name.pid" ] || continue
    pid=$(cat "$dir/$name.pid")
    if apiserver__alive "$dir/$name.pid" "$name"; then
      kill "$pid" 2>/dev/null
      for i in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
      wait "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/$name.pid"
  done
  return 0
}
