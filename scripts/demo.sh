#!/usr/bin/env bash
# Run the operator for real on this machine, without Docker or a cluster:
#   1. provision the control-plane binaries (scripts/provision-control-plane.sh, cached),
#   2. build the operator jar if it is missing or older than the sources,
#   3. start etcd, kube-apiserver and kube-controller-manager on free loopback ports (scripts/lib/apiserver.sh),
#   4. install the LiteLLMGateway CRD (and, with --upstream-crds, the CloudNativePG, Gateway API, Prometheus
#      Operator and Cilium CRDs that scripts/provision-crds.sh takes from their Go modules),
#   5. start the operator, 6. apply examples/quickstart.yaml,
#   7. stand in for a kubelet by marking the proxy Deployment available, wait for Ready=True,
#   8. print what the operator created and the kubeconfig to use with your own kubectl,
#   9. keep running until Ctrl-C / SIGTERM (or stop at once with --exit).
#
# Usage: scripts/demo.sh [--node] [--exit] [--upstream-crds] [--stop] [--help]
#   --node   run on a real single-node cluster instead (scripts/demo-node.sh: real kubelet and pods; root, Linux)
#   --exit   stop everything and exit 0 after printing (also LLMGW_DEMO_EXIT=1)
#   --upstream-crds  install the upstream CRDs too (default: a plain cluster, the project CRD only, which is all
#            the quickstart needs)
#   --stop   stop a demo started earlier with the same state dir, then exit
#
# Environment (all optional):
#   LLMGW_DEMO_DIR      state dir (etcd data, certs, kubeconfig, logs); default ~/.cache/llmgw-operator/demo.
#                       Its contents are recreated on every run.
#   LLMGW_DEMO_MVN_ARGS extra Maven arguments for the build (e.g. -o to build offline)
#   LLMGW_DEMO_TIMEOUT  seconds to wait for each component to become ready (default 180)
#
# Everything listens on 127.0.0.1 only. Nothing is written into the repository except target/.
set -euo pipefail

T_START=$(date +%s)
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/apiserver.sh
. "$REPO/scripts/lib/apiserver.sh"
DIR="${LLMGW_DEMO_DIR:-$HOME/.cache/llmgw-operator/demo}"
UPSTREAM_CRDS=0
TIMEOUT="${LLMGW_DEMO_TIMEOUT:-180}"
LLMGW_APISERVER_TIMEOUT="$TIMEOUT"   # read by scripts/lib/apiserver.sh
EXIT_AFTER_PRINT="${LLMGW_DEMO_EXIT:-0}"
STOP_ONLY=0
for arg in "$@"; do
  [ "$arg" = --node ] && exec "$REPO/scripts/demo-node.sh" "$@"
done

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }
for arg in "$@"; do
  case "$arg" in
    --exit) EXIT_AFTER_PRINT=1 ;;
    --upstream-crds) UPSTREAM_CRDS=1 ;;
    --stop) STOP_ONLY=1 ;;
    -h|--help) usage; exit 0 ;;
    *) printf 'demo: unknown argument %s\n\n' "$arg" >&2; usage >&2; exit 2 ;;
  esac
done

log()  { printf '[demo] %s\n' "$*"; }
warn() { printf '[demo] WARNING: %s\n' "$*" >&2; }
die()  { printf '[demo] ERROR: %s\n' "$*" >&2; exit 1; }

mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
KCFG="$DIR/kubeconfig"

# ------------------------------------------------------------------ processes
# Every process the demo starts is recorded in $DIR/<name>.pid and carries $DIR on its command line, so a
# later run (or --stop) can find exactly these processes again and nothing else (scripts/lib/apiserver.sh:
# apiserver_spawn, apiserver_pid, apiserver_kill; the control plane's own are stopped by apiserver_stop).
# Stop order: stand-in-kubelet operator, then kube-controller-manager kube-apiserver etcd.
stop_all() {
  STOPPED=()
  local c
  for c in stand-in-kubelet operator; do
    if apiserver_kill "$DIR" "$c"; then STOPPED+=("$c"); fi
  done
  apiserver_stop "$DIR"
  STOPPED+=(${APISERVER_STOPPED[@]+"${APISERVER_STOPPED[@]}"})
  if [ "${#STOPPED[@]}" -gt 0 ]; then log "stopped: ${STOPPED[*]}"; fi
}

# Starts a command in its own session (so a Ctrl-C in the terminal reaches only this script, which then
# stops the processes in order), logging to $DIR/<name>.log, with the lock fd closed.
start_bg() { # name cmd...
  local name="$1"; shift
  apiserver_spawn "$DIR" "$name" "$@" 200>&-
  eval "PID_${name//-/_}=$!"
}

# A previous demo with this state dir: stop its script first (its trap stops its processes), then any
# processes it left behind (e.g. after kill -9).
stop_previous_demo() {
  local pid i
  if [ -f "$DIR/demo.pid" ]; then
    pid=$(cat "$DIR/demo.pid" 2>/dev/null || true)
    if [[ "$pid" =~ ^[0-9]+$ ]] && [ "$pid" != $$ ] && [ -r "/proc/$pid/cmdline" ] \
        && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'demo\.sh'; then
      log "stopping the previous demo (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      for ((i = 0; i < 200; i++)); do apiserver_running "$pid" || break; sleep 0.2; done
      apiserver_running "$pid" && warn "previous demo (pid $pid) is still running"
    fi
  fi
  stop_all
}

if [ "$STOP_ONLY" = 1 ]; then
  stop_previous_demo
  log "nothing of the demo in $DIR is running now"
  exit 0
fi

# One demo per state dir.
exec 200>"$DIR/.lock"
if ! flock -n 200; then
  stop_previous_demo
  flock -w 30 200 || die "another demo still holds $DIR/.lock; stop it (scripts/demo.sh --stop) or set LLMGW_DEMO_DIR"
fi
stop_previous_demo
echo $$ >"$DIR/demo.pid"

# ------------------------------------------------------------------ timings, failure and cleanup
STEP=""; STEP_T0=$T_START; SUMMARY=(); PHASE=setup
step() { # title
  step_done
  STEP="$1"; STEP_T0=$(date +%s)
  printf '\n[demo] == %s\n' "$STEP"
}
step_done() {
  if [ -n "$STEP" ]; then
    local s=$(( $(date +%s) - STEP_T0 ))
    SUMMARY+=("$(printf '  %-56s %4ss' "$STEP" "$s")")
    log "-- $STEP: ${s}s"
    STEP=""
  fi
}

on_exit() {
  local rc=$?
  trap - EXIT INT TERM HUP
  if [ "$rc" -ne 0 ] && [ "$PHASE" != stopping ]; then
    printf '\n[demo] FAILED (exit %s) during step: %s, after %ss\n' "$rc" "${STEP:-?}" "$(( $(date +%s) - T_START ))" >&2
    if [ -n "${SHOW_LOG:-}" ] && [ -s "$DIR/$SHOW_LOG.log" ]; then
      printf '[demo] last lines of %s:\n' "$DIR/$SHOW_LOG.log" >&2
      tail -n 25 "$DIR/$SHOW_LOG.log" | sed 's/^/    /' >&2
    fi
    printf '[demo] logs: %s/*.log\n' "$DIR" >&2
  fi
  stop_all
  rm -f "$DIR/demo.pid"
  exit "$rc"
}
on_signal() { # signal-name exit-code
  if [ "$PHASE" = running ]; then
    printf '\n'; log "$1 received: stopping the demo"
    PHASE=stopping
    exit 0
  fi
  printf '\n'; log "$1 received during step: ${STEP:-?}; stopping"
  exit "$2"
}
trap on_exit EXIT
trap 'on_signal SIGINT 130' INT
trap 'on_signal SIGTERM 143' TERM
trap 'on_signal SIGHUP 129' HUP

# Waits until "$@" succeeds; fails with a message after $TIMEOUT s, or at once when process $watch died.
wait_for() { # description watch-name cmd...
  local what="$1" watch="$2" rc=0; shift 2
  apiserver_wait "$DIR" "$watch" "$what" "$@" || rc=$?
  case "$rc" in
    0) ;;
    2) SHOW_LOG="$watch"; die "$watch exited while waiting for $what (see $DIR/$watch.log)" ;;
    *) SHOW_LOG="$watch"; die "timed out after ${TIMEOUT}s waiting for $what" ;;
  esac
}

# =================================================================== 1. binaries
step "provision control-plane binaries"
"$REPO/scripts/provision-control-plane.sh" 200>&- | sed 's/^/    /' \
  || die "scripts/provision-control-plane.sh failed (see above)"
ENV_FILE="${LLMGW_CACHE:-$HOME/.cache/llmgw-operator}/control-plane.env"
[ -f "$ENV_FILE" ] || die "$ENV_FILE was not written by scripts/provision-control-plane.sh"
# shellcheck disable=SC1090
. "$ENV_FILE"
BIN="${LLMGW_K8S_BIN:?LLMGW_K8S_BIN not set by $ENV_FILE}"
for b in etcd kube-apiserver kube-controller-manager kubectl; do
  [ -x "$BIN/$b" ] || die "$BIN/$b is missing (the demo needs etcd, kube-apiserver, kube-controller-manager and kubectl)"
done
KUBECTL="$BIN/kubectl"
k() { "$KUBECTL" --kubeconfig "$KCFG" "$@"; }

# =================================================================== 2. operator jar
step "build the operator jar"
JAR="$REPO/target/quarkus-app/quarkus-run.jar"
if [ ! -f "$JAR" ]; then
  reason="it does not exist yet"
else
  newer=$(cd "$REPO" && find pom.xml src .mvn -type f -newer "$JAR" -print -quit 2>/dev/null || true)
  reason=${newer:+"$newer is newer than the jar"}
fi
if [ -n "${reason:-}" ]; then
  log "building $JAR ($reason): ./mvnw -B -q -ntp package -DskipTests ${LLMGW_DEMO_MVN_ARGS:-}"
  # shellcheck disable=SC2086
  (cd "$REPO" && ./mvnw -B -q -ntp package -DskipTests ${LLMGW_DEMO_MVN_ARGS:-} 200>&-) \
    || die "the Maven build failed (see above)"
  [ -f "$JAR" ] || die "the build did not produce $JAR"
  touch "$JAR"   # Quarkus may leave an unchanged jar's time alone; it is now as new as the sources
else
  log "up to date: $JAR"
fi
command -v java >/dev/null 2>&1 || die "java (17 or newer) is not on the PATH"

# =================================================================== 3. control plane
step "start etcd, kube-apiserver, kube-controller-manager"
# Fresh state each run: apiserver_prepare renews the control plane's files (ports, credentials, kubeconfig);
# etcd-data, pki, apiserver-certs and pids are the layout of earlier versions of this script.
rm -rf "$DIR"/*.log "$DIR/etcd-data" "$DIR/pki" "$DIR/apiserver-certs" "$DIR/pids"
apiserver_prepare "$DIR" llmgw-demo || die "could not prepare the control plane in $DIR (see above)"
apiserver_start_etcd "$DIR" 200>&- || die "etcd did not start (see above)"
log "etcd ready on 127.0.0.1:$APISERVER_ETCD_PORT ($(( $(date +%s) - STEP_T0 ))s)"
apiserver_start_kube_apiserver "$DIR" 200>&- || die "kube-apiserver did not become ready (see above)"
log "kube-apiserver ready on https://127.0.0.1:$APISERVER_PORT ($(( $(date +%s) - STEP_T0 ))s)"
apiserver_start_controller_manager "$DIR" 200>&- || die "kube-controller-manager did not become healthy (see above)"
log "kube-controller-manager healthy on 127.0.0.1:$APISERVER_KCM_PORT (garbage collector, namespace and service-account token controllers)"
wait_for "the default namespace" kube-apiserver k get namespace default

# =================================================================== 4. CRDs
step "install CRDs"
CRD_FILES=("$REPO"/deploy/crds/*.yml)
[ -e "${CRD_FILES[0]}" ] || die "no CRD in $REPO/deploy/crds"
if [ "$UPSTREAM_CRDS" = 1 ]; then
  "$REPO/scripts/provision-crds.sh" 200>&- | sed 's/^/    /' || die "scripts/provision-crds.sh failed (see above)"
  # shellcheck disable=SC1091
  . "${LLMGW_CACHE:-$HOME/.cache/llmgw-operator}/crds.env"
  CRD_FILES+=("$LLMGW_UPSTREAM_CRDS"/*.yaml)
  log "project CRD plus $(( ${#CRD_FILES[@]} - 1 )) upstream CRDs from $LLMGW_UPSTREAM_CRDS"
else
  log "a plain cluster: the project CRD only (the quickstart needs no other; --upstream-crds installs CloudNativePG,"
  log "Gateway API, Prometheus Operator and Cilium CRDs too)"
fi
# Server-side apply: some upstream CRDs are too big for the last-applied annotation of client-side apply.
for f in "${CRD_FILES[@]}"; do
  # (kubectl warns about the Gateway API's "idn-hostname" format, which the API server ignores; only
  # show kubectl's output when it fails)
  out=$(k apply --server-side --force-conflicts --field-manager=llmgw-demo -f "$f" 2>&1) \
    || { printf '%s\n' "$out" >&2; die "kubectl apply -f $f failed"; }
done
# (kubectl wait fails at once on a CRD that has no status yet, hence the retry loop)
wait_for "the CRDs to become Established" kube-apiserver k wait --for=condition=Established --timeout=10s crd --all
log "$(k get crd -o name | wc -l | tr -d ' ') CRDs established"

# =================================================================== 5. operator
step "start the operator"
# -Dllmgw.demo.dir marks the process as this demo's (see apiserver_pid).
HTTP_PORT=$(apiserver_free_port "$APISERVER_ETCD_PORT" "$APISERVER_PORT" "$APISERVER_KCM_PORT") || die "no free port found on 127.0.0.1"
start_bg operator env KUBECONFIG="$KCFG" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$HTTP_PORT" \
  java "-Dllmgw.demo.dir=$DIR" -jar "$JAR"
STARTED_LINE="'litellmgateway' controller started"
operator_started() { grep -qF "$STARTED_LINE" "$DIR/operator.log"; }
wait_for "the operator to start its controller" operator operator_started
log "operator running (pid $PID_operator, log $DIR/operator.log, health http://127.0.0.1:$HTTP_PORT/q/health)"
grep -F "$STARTED_LINE" "$DIR/operator.log" | head -1 | sed 's/^/    /'

# =================================================================== 6. quickstart
step "apply examples/quickstart.yaml"
log "creating Secret openai (key api-key) with a FAKE demo value: no request reaches OpenAI in this demo"
k create secret generic openai --from-literal=api-key=sk-demo-not-a-real-key >/dev/null \
  || die "could not create Secret openai"
k apply -f "$REPO/examples/quickstart.yaml" || die "kubectl apply -f examples/quickstart.yaml failed"
wait_for "the operator to create Deployment quickstart" operator k get deployment quickstart
log "the operator created Deployment quickstart"

# =================================================================== 7. stand-in kubelet
step "mark the Deployment available (stand-in for a kubelet)"
log "NOTE: this control plane has no kubelet, scheduler or deployment controller, so no pod ever runs."
log "      A stand-in ($DIR/stand-in-kubelet.sh) marks each generation of the operator's Deployments"
log "      as rolled out and available by patching their status subresource, as if the pods were ready."
log "      Everything else (CRDs, operator, API server, garbage collection) is the real thing."
cat >"$DIR/stand-in-kubelet.sh" <<'STANDIN'
#!/usr/bin/env bash
# Written by scripts/demo.sh. NOT a kubelet: the demo has none. It stands in for the kubelet and the
# deployment controller: every operator-managed Deployment whose current generation is not yet observed is
# marked rolled out and available through its status subresource. No pod runs.
set -u
kubectl=$1 kubeconfig=$2
msg='Stand-in for a kubelet (llmgw demo): no pod runs.'
while true; do
  "$kubectl" --kubeconfig "$kubeconfig" get deployments -A -l app.kubernetes.io/managed-by=litellm-operator -o go-template \
      --template '{{range .items}}{{.metadata.namespace}} {{.metadata.name}} {{.metadata.generation}} {{with .status.observedGeneration}}{{.}}{{else}}0{{end}} {{.spec.replicas}}{{"\n"}}{{end}}' |
  while read -r ns name gen observed replicas; do
    [ "$gen" = "$observed" ] && continue
    patch=$(printf '{"status":{"observedGeneration":%s,"replicas":%s,"readyReplicas":%s,"availableReplicas":%s,"updatedReplicas":%s,"conditions":[{"type":"Available","status":"True","reason":"MinimumReplicasAvailable","message":"%s"},{"type":"Progressing","status":"True","reason":"NewReplicaSetAvailable","message":"%s"}]}}' \
      "$gen" "$replicas" "$replicas" "$replicas" "$replicas" "$msg" "$msg")
    if "$kubectl" --kubeconfig "$kubeconfig" -n "$ns" patch deployment "$name" --subresource=status --type=merge -p "$patch" >/dev/null; then
      echo "$(date +%T) deployment $ns/$name: marked generation $gen rolled out, $replicas/$replicas replicas ready and available"
    fi
  done
  sleep 1
done
STANDIN
start_bg stand-in-kubelet bash "$DIR/stand-in-kubelet.sh" "$KUBECTL" "$KCFG"
# The operator may write the Deployment once more right after creating it: wait until Ready=True holds on a
# settled Deployment (its current generation marked, and Ready still True a moment later).
gateway_settled() {
  k wait --for=condition=Ready llmgw/quickstart --timeout=10s >/dev/null 2>&1 || return 1
  local g
  g=$(k get deployment quickstart -o jsonpath='{.metadata.generation}/{.status.observedGeneration}') || return 1
  [ "${g%/*}" = "${g#*/}" ] || return 1
  sleep 2
  k wait --for=condition=Ready llmgw/quickstart --timeout=1s >/dev/null 2>&1
}
deadline=$(( $(date +%s) + 120 ))
until gateway_settled; do
  for c in operator stand-in-kubelet; do
    apiserver_pid "$DIR" "$c" >/dev/null || { SHOW_LOG=$c; die "$c exited (see $DIR/$c.log)"; }
  done
  if [ "$(date +%s)" -ge "$deadline" ]; then
    SHOW_LOG=operator
    k get llmgw quickstart -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\n"}{end}' >&2 || true
    die "gateway quickstart did not become Ready=True within 120s (kubectl wait --for=condition=Ready llmgw/quickstart)"
  fi
done
sed 's/^/    stand-in: /' "$DIR/stand-in-kubelet.log"
log "gateway quickstart is Ready=True"
step_done

# =================================================================== 8. show
PHASE=shown
T_READY=$(( $(date +%s) - T_START ))
show() { printf '\n$ kubectl %s\n' "$*"; k "$@"; }
printf '\n[demo] ==================== the operator at work ====================\n'
show get llmgw
show get all,cm,secret,sa -l app.kubernetes.io/managed-by=litellm-operator
printf '\n$ kubectl get llmgw quickstart -o jsonpath=...   # status conditions\n'
k get llmgw quickstart -o jsonpath='{range .status.conditions[*]}{.type}{"\t"}{.status}{"\t"}{.reason}{"\t"}{.message}{"\n"}{end}' \
  | column -t -s $'\t' -N TYPE,STATUS,REASON,MESSAGE 2>/dev/null \
  || k get llmgw quickstart -o jsonpath='{range .status.conditions[*]}{.type}{"\t"}{.status}{"\t"}{.reason}{"\t"}{.message}{"\n"}{end}'

printf '\n[demo] timings:\n'
printf '%s\n' "${SUMMARY[@]}"
printf '  %-56s %4ss\n' "total until Ready" "$T_READY"
printf '\n[demo] (Deployment status is set by the stand-in for a kubelet; no ReplicaSet or Pod exists.)\n'

if [ "$EXIT_AFTER_PRINT" = 1 ]; then
  printf '\n[demo] Without --exit the demo keeps running and you use your own kubectl with:\n\n    export KUBECONFIG=%s\n' "$KCFG"
  printf '\n[demo] --exit: stopping the operator and the control plane\n'
  PHASE=stopping
  exit 0
fi

cat <<EOF

[demo] The demo keeps running. Use your own kubectl against it:

    export KUBECONFIG=$KCFG

  e.g. kubectl get llmgw -w, kubectl describe llmgw quickstart, kubectl get events,
       kubectl patch llmgw quickstart --type=merge -p '{"spec":{"replicas":2}}' (the stand-in marks the new rollout),
       kubectl delete llmgw quickstart (the garbage collector removes what the operator created within
       about 30 s; Secret quickstart-keys stays, as spec.database.deletionPolicy defaults to Retain).
  Operator log: $DIR/operator.log
  Stop it: press Ctrl-C here, or run: kill $$   (or: $REPO/scripts/demo.sh --stop)
EOF

# =================================================================== 9. keep running
PHASE=running
rc=0
wait "$PID_operator" || rc=$?
# Reached only when the operator exits by itself (a signal to this script runs on_signal instead).
PHASE=setup; STEP="operator running"; SHOW_LOG=operator
die "the operator exited on its own (exit $rc); see $DIR/operator.log"
