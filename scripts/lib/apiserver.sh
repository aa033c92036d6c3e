#!/usr/bin/env bash
# A throwaway Kubernetes control plane on loopback: etcd and kube-apiserver (no nodes), and on request a
# kube-controller-manager, for checks that need the real server-side validation (schemas, CEL rules, admission,
# server-side apply) and for scripts/demo.sh. Source this file, then:
#   apiserver_start DIR   # starts etcd and kube-apiserver on free loopback ports, writes DIR/kubeconfig
#   apiserver_stop DIR    # stops what runs in DIR (kube-controller-manager, kube-apiserver, etcd)
# or, reporting each step (as scripts/demo.sh does), the steps apiserver_start is made of:
#   apiserver_prepare DIR [NAME]             # fresh state, free ports, credentials, DIR/kubeconfig (cluster NAME)
#   apiserver_start_etcd DIR                 # waits until etcd is healthy
#   apiserver_start_kube_apiserver DIR [ARG...]  # waits for /readyz; ARGs are added to kube-apiserver's flags
#                                            # (scripts/bench.sh: an audit log)
#   apiserver_start_controller_manager DIR   # garbage collector, namespace and service-account token controllers
# They set APISERVER_ETCD_PORT, APISERVER_PORT and APISERVER_KCM_PORT; each prints what went wrong and returns 1
# on failure (after stopping what it started). apiserver_stop sets APISERVER_STOPPED to the names it stopped.
#
# Every process runs in its own session (a Ctrl-C in the terminal reaches only the calling script, whose trap
# stops them in order), logs to DIR/NAME.log and is recorded in DIR/NAME.pid; a recorded process counts as
# running only while its command line names DIR, so a stale pid file never gets another process killed. The
# same helpers serve a caller's own processes in DIR:
#   apiserver_spawn DIR NAME CMD...      # starts CMD (the caller's $! is its pid)
#   apiserver_pid DIR NAME               # prints the pid while that process runs
#   apiserver_wait DIR NAME WHAT CMD...  # until CMD succeeds: 1 after the timeout, 2 as soon as NAME exited
#   apiserver_kill DIR NAME [GRACE]      # SIGTERM to its process group, SIGKILL after GRACE s (20); 0 if it ran
#   apiserver_running PID                # the process exists and is not a zombie
#   apiserver_free_port [TAKEN...]       # a free loopback port below the ephemeral range, not one of TAKEN
#
# Needs openssl and curl. Binaries come from $LLMGW_K8S_BIN (scripts/provision-control-plane.sh writes it to
# ${LLMGW_CACHE:-~/.cache/llmgw-operator}/control-plane.env, which is sourced when LLMGW_K8S_BIN is unset).
# Readiness waits give up after ${LLMGW_APISERVER_TIMEOUT:-180} s. Authentication: a static token file, one
# user "admin" in system:masters; authorization: RBAC. Service IPs come from 10.0.0.0/16 (a /24 holds only
# about 250 Services; scripts/bench.sh creates one per gateway, up to 500 and more). DIR keeps: kubeconfig, tokens.csv, sa.key/sa.pub, etcd/
# (data), certs/ and kcm-certs/ (serving certificates), *.log, *.pid.

apiserver__log() { printf '[apiserver] %s\n' "$*" >&2; }

apiserver__bin() { # binaries...
  if [ -z "${LLMGW_K8S_BIN:-}" ]; then
    local env_file="${LLMGW_CACHE:-$HOME/.cache/llmgw-operator}/control-plane.env"
    # shellcheck disable=SC1090
    [ -f "$env_file" ] && . "$env_file"
  fi
  local b
  for b in "$@"; do
    if [ ! -x "${LLMGW_K8S_BIN:-}/$b" ]; then
      apiserver__log "no $b in LLMGW_K8S_BIN='${LLMGW_K8S_BIN:-}': run scripts/provision-control-plane.sh first"
      return 1
    fi
  done
}

# The absolute path of an existing DIR (as the processes' command lines name it).
apiserver__dir() { (cd "${1:?a directory}" 2>/dev/null && pwd) || { apiserver__log "no directory $1"; return 1; }; }

apiserver_free_port() {
  local port tries taken
  for ((tries = 0; tries < 200; tries++)); do
    port=$(( 20000 + RANDOM % 12000 ))
    for taken in "$@"; do [ "$port" = "$taken" ] && continue 2; done
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && ! ss -Htan "( sport = :$port )" 2>/dev/null | grep -q .; then
      echo "$port"; return 0
    fi
  done
  apiserver__log "no free loopback port found"; return 1
}

apiserver_spawn() { # DIR NAME CMD...
  local dir="$1" name="$2"; shift 2
  setsid "$@" >"$dir/$name.log" 2>&1 </dev/null &
  echo $! >"$dir/$name.pid"
}

apiserver_pid() { # DIR NAME
  local pid
  pid=$(cat "$1/$2.pid" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] || return 1
  # (a zombie, exited but not yet reaped, has an empty command line)
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$1" || return 1
  echo "$pid"
}

apiserver_running() { # PID: exists and is not a zombie
  local st
  st=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  st=${st##*) }
  [ "${st%% *}" != Z ]
}

apiserver_kill() { # DIR NAME [GRACE]
  local dir="$1" name="$2" grace="${3:-20}" pid i stopped=1
  if pid=$(apiserver_pid "$dir" "$name"); then
    # It leads its own process group (apiserver_spawn): signal the group.
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 5; i++)); do
      apiserver_running "$pid" || break
      sleep 0.2
    done
    if apiserver_running "$pid"; then
      apiserver__log "WARNING: $name (pid $pid) did not stop within ${grace}s; killing it"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
    fi
    wait "$pid" 2>/dev/null || true
    stopped=0
  fi
  rm -f "$dir/$name.pid"
  return $stopped
}

apiserver_wait() { # DIR NAME WHAT CMD... (WHAT only documents the call)
  local dir="$1" name="$2"; shift 3
  local deadline=$(( $(date +%s) + ${LLMGW_APISERVER_TIMEOUT:-180} ))
  until "$@" >/dev/null 2>&1; do
    if [ -n "$name" ] && ! apiserver_pid "$dir" "$name" >/dev/null; then return 2; fi
    if [ "$(date +%s)" -ge "$deadline" ]; then return 1; fi
    sleep 0.5
  done
}

# apiserver_wait for a control-plane process; on failure says why, shows the end of its log and stops DIR.
apiserver__await() { # DIR NAME WHAT CMD...
  local rc=0
  apiserver_wait "$@" || rc=$?
  [ "$rc" = 0 ] && return 0
  if [ "$rc" = 2 ]; then
    apiserver__log "$2 exited while waiting for $3; last lines of $1/$2.log:"
  else
    apiserver__log "timed out after ${LLMGW_APISERVER_TIMEOUT:-180}s waiting for $3; last lines of $1/$2.log:"
  fi
  tail -20 "$1/$2.log" >&2
  apiserver_stop "$1"
  return 1
}

apiserver_prepare() { # DIR [NAME]
  local dir="${1:?usage: apiserver_prepare DIR [NAME]}" cluster="${2:-llmgw-test}" token
  apiserver__bin etcd kube-apiserver kubectl || return 1
  command -v curl >/dev/null || { apiserver__log "curl is missing (it checks that etcd is healthy)"; return 1; }
  mkdir -p "$dir" && dir=$(apiserver__dir "$dir") || return 1
  rm -rf "$dir/etcd" "$dir/certs" "$dir/kcm-certs" "$dir/kubeconfig" "$dir/tokens.csv" "$dir/sa.key" "$dir/sa.pub" \
    "$dir/etcd.log" "$dir/kube-apiserver.log" "$dir/kube-controller-manager.log"
  mkdir -p "$dir/certs" "$dir/etcd"
  APISERVER_ETCD_PORT=$(apiserver_free_port) || return 1
  APISERVER__PEER_PORT=$(apiserver_free_port "$APISERVER_ETCD_PORT") || return 1
  APISERVER_PORT=$(apiserver_free_port "$APISERVER_ETCD_PORT" "$APISERVER__PEER_PORT") || return 1
  token=$(openssl rand -hex 32) || return 1
  ( umask 077
    printf '%s,admin,admin,"system:masters"\n' "$token" >"$dir/tokens.csv"
    openssl genrsa -out "$dir/sa.key" 2048 2>/dev/null && openssl rsa -in "$dir/sa.key" -pubout -out "$dir/sa.pub" 2>/dev/null
  ) || { apiserver__log "openssl could not make the service-account key"; return 1; }
  ( umask 077
    cat >"$dir/kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: $cluster
    cluster:
      server: https://127.0.0.1:$APISERVER_PORT
      insecure-skip-tls-verify: true
users:
  - name: admin
    user:
      token: $token
contexts:
  - name: $cluster
    context:
      cluster: $cluster
      user: admin
      namespace: default
current-context: $cluster
KUBECONFIG
  )
}

apiserver_start_etcd() { # DIR
  local dir
  dir=$(apiserver__dir "${1:?usage: apiserver_start_etcd DIR}") || return 1
  apiserver_spawn "$dir" etcd "$LLMGW_K8S_BIN/etcd" --name default --data-dir "$dir/etcd" \
    --listen-client-urls "http://127.0.0.1:$APISERVER_ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$APISERVER_ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$APISERVER__PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$APISERVER__PEER_PORT" \
    --initial-cluster "default=http://127.0.0.1:$APISERVER__PEER_PORT" --unsafe-no-fsync --log-level warn
  apiserver__await "$dir" etcd "etcd on 127.0.0.1:$APISERVER_ETCD_PORT" \
    curl -fsS --max-time 2 "http://127.0.0.1:$APISERVER_ETCD_PORT/health"
}

apiserver_start_kube_apiserver() { # DIR [ARG...]
  local dir
  dir=$(apiserver__dir "${1:?usage: apiserver_start_kube_apiserver DIR [ARG...]}") || return 1
  shift
  apiserver_spawn "$dir" kube-apiserver "$LLMGW_K8S_BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$APISERVER_ETCD_PORT" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$APISERVER_PORT" \
    --cert-dir "$dir/certs" \
    --token-auth-file "$dir/tokens.csv" \
    --authorization-mode RBAC \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$dir/sa.pub" --service-account-signing-key-file "$dir/sa.key" \
    --service-cluster-ip-range 10.0.0.0/16 \
    "$@"
  apiserver__await "$dir" kube-apiserver "kube-apiserver /readyz on 127.0.0.1:$APISERVER_PORT" \
    "$LLMGW_K8S_BIN/kubectl" --kubeconfig "$dir/kubeconfig" get --raw /readyz
}

apiserver_start_controller_manager() { # DIR
  local dir
  dir=$(apiserver__dir "${1:?usage: apiserver_start_controller_manager DIR}") || return 1
  apiserver__bin kube-controller-manager || return 1
  APISERVER_KCM_PORT=$(apiserver_free_port "$APISERVER_ETCD_PORT" "$APISERVER__PEER_PORT" "$APISERVER_PORT") || return 1
  apiserver_spawn "$dir" kube-controller-manager "$LLMGW_K8S_BIN/kube-controller-manager" \
    --kubeconfig "$dir/kubeconfig" \
    --authentication-kubeconfig "$dir/kubeconfig" \
    --authorization-kubeconfig "$dir/kubeconfig" \
    --bind-address 127.0.0.1 \
    --secure-port "$APISERVER_KCM_PORT" \
    --cert-dir "$dir/kcm-certs" \
    --controllers garbage-collector-controller,namespace-controller,serviceaccount-token-controller \
    --service-account-private-key-file "$dir/sa.key" \
    --leader-elect=false
  apiserver__await "$dir" kube-controller-manager "kube-controller-manager /healthz on 127.0.0.1:$APISERVER_KCM_PORT" \
    curl -fsSk --max-time 5 "https://127.0.0.1:$APISERVER_KCM_PORT/healthz"
}

apiserver_start() { # DIR
  local dir="${1:?usage: apiserver_start DIR}"
  mkdir -p "$dir" && dir=$(apiserver__dir "$dir") || return 1
  if apiserver_pid "$dir" kube-apiserver >/dev/null; then
    apiserver__log "already running in $dir"; return 0
  fi
  apiserver_prepare "$dir" && apiserver_start_etcd "$dir" && apiserver_start_kube_apiserver "$dir" || return 1
  apiserver__log "ready at https://127.0.0.1:$APISERVER_PORT (etcd 127.0.0.1:$APISERVER_ETCD_PORT); kubeconfig $dir/kubeconfig"
}

apiserver_stop() { # DIR
  local dir name
  APISERVER_STOPPED=()
  dir=$(apiserver__dir "${1:?usage: apiserver_stop DIR}" 2>/dev/null) || return 0
  for name in kube-controller-manager kube-apiserver etcd; do
    if apiserver_kill "$dir" "$name"; then APISERVER_STOPPED+=("$name"); fi
  done
  return 0
}
