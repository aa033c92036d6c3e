#!/usr/bin/env bash
# Performance benchmark of the operator (not a test: neither scripts/test.sh nor .ci/run runs it). For every N in
# BENCH_N, three scenarios, each on a FRESH control plane (etcd + kube-apiserver from scripts/lib/apiserver.sh, with an
# audit log of every write request and its user):
#   ceiling-parallel  server-side apply of the objects the operator renders for N quickstart gateways, from a fabric8
#                     client on 16 threads (io.llmgw.bench.Ceiling)
#   ceiling-kubectl   the same objects from one `kubectl apply --server-side` process
#   operator          the packaged operator (target/quarkus-app/quarkus-run.jar, production profile, a process of its
#                     own, authenticated as its ServiceAccount with the RBAC of deploy/operator) and N gateways
#                     (examples/quickstart.yaml renamed qs-0000...), a stand-in kubelet marking Deployments available,
#                     a steady-state window, then a restart (io.llmgw.bench.Scenario)
# and for every N in BENCH_RICH_N, ceiling-parallel and operator with rich gateways (examples/production.yaml:
# database, backup, cache, SSO, monitoring, policies, route), on control planes that also serve the upstream CRDs.
# then prints the results table and one final line:
#   bench: n100_ratio=... n500_ratio=... cpu_ms_per_gw=... rss_mib_n500=... start_s=... restart_all_s=... steady_writes=...
# See docs/benchmark.md for what each figure means.
#
# Usage: scripts/bench.sh [--smoke] [--n "10 100"] [--rich "10"] [--steady SECONDS] [--help]
#   --smoke           N=10, no rich gateways and a 10 s steady window: checks that the bench works (about 2 minutes)
#   --n LIST          the N of quickstart gateways to run (default: $BENCH_N, else "10 100 500")
#   --rich LIST       the N of rich gateways to run (default: $BENCH_RICH_N, else "10"; "" for none)
#   --steady SECONDS  the steady-state window after convergence (default: $BENCH_STEADY_S, else 120)
#
# Environment (all optional):
#   BENCH_DIR                  where each run keeps its control planes, logs and results (default
#                              ~/.cache/llmgw-operator/bench; one sub-folder per run, named by its start time)
#   BENCH_OPERATOR_JAVA_OPTS   JVM options of the operator (default: the -XX options of the Dockerfile's ENTRYPOINT and
#                              -XX:MaxRAM set to the memory limit of deploy/operator, so the JVM sizes its heap as it
#                              does in the shipped container)
#                              "{run}" in an option becomes 1 or 2 (first start, restart), e.g. to profile:
#                              "-XX:MaxRAM=512m -XX:MaxRAMPercentage=50 -XX:StartFlightRecording=settings=profile,filename=operator-{run}.jfr"
#   BENCH_MVN_ARGS             extra Maven arguments for the build (default -o: offline)
#   BENCH_SKIP_BUILD=1         use target/ as it is
# Needs: the control-plane binaries (scripts/provision-control-plane.sh), java 17+, openssl, curl.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/apiserver.sh
. "$REPO/scripts/lib/apiserver.sh"

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }
N_LIST="${BENCH_N:-10 100 500}"
RICH_LIST="${BENCH_RICH_N-10}"
STEADY="${BENCH_STEADY_S:-120}"
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) N_LIST=10; RICH_LIST=""; STEADY=10 ;;
    --n) N_LIST="${2?--n needs a list}"; shift ;;
    --rich) RICH_LIST="${2?--rich needs a list}"; shift ;;
    --steady) STEADY="${2:?--steady needs seconds}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) printf 'bench: unknown argument %s\n\n' "$1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
# The image's JVM options, read from the Dockerfile so the bench measures what ships, and the shipped memory limit as
# the memory the JVM sizes itself by (MaxRAM): this machine has no such limit, and its RAM would give the JVM an
# initial heap as large as the maximum.
image_java_opts() {
  sed -n '/^ENTRYPOINT/,/]/p' "$REPO/Dockerfile" | grep -o '"-XX:[^"]*"' | tr -d '"' | tr '\n' ' '
}
shipped_memory_limit() { # 512Mi -> 512m
  sed -n '/limits:/,/memory:/s/^ *memory: *\([0-9]*\)Mi$/\1m/p' "$REPO/deploy/operator/deployment.yaml" | head -1
}
JAVA_OPTS="${BENCH_OPERATOR_JAVA_OPTS:--XX:MaxRAM=$(shipped_memory_limit) $(image_java_opts)}"
JAVA_OPTS="${JAVA_OPTS% }"

log() { printf '[bench] %(%T)T %s\n' -1 "$*"; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

apiserver__bin etcd kube-apiserver kubectl || die "run scripts/provision-control-plane.sh first"
KUBECTL="$LLMGW_K8S_BIN/kubectl"
command -v java >/dev/null || die "java (17 or newer) is not on the PATH"

BASE="${BENCH_DIR:-$HOME/.cache/llmgw-operator/bench}"
RUN="$BASE/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RUN"
RUN=$(cd "$RUN" && pwd)
log "run folder: $RUN"

# ------------------------------------------------------------------ build and classpath
JAR="$REPO/target/quarkus-app/quarkus-run.jar"
BENCH_CLASS="$REPO/target/test-classes/io/llmgw/bench/Bench.class"
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  stale=""
  for f in "$JAR" "$BENCH_CLASS"; do
    [ -f "$f" ] || { stale="$f is missing"; break; }
    newer=$(cd "$REPO" && find pom.xml src -type f -newer "$f" -print -quit)
    [ -z "$newer" ] || { stale="$newer is newer than $f"; break; }
  done
  if [ -n "$stale" ]; then
    log "building ($stale): ./mvnw -B -q -ntp package -DskipTests ${BENCH_MVN_ARGS:--o}"
    # shellcheck disable=SC2086
    (cd "$REPO" && ./mvnw -B -q -ntp package -DskipTests ${BENCH_MVN_ARGS:--o}) || die "the build failed"
    touch "$JAR"
  fi
fi
[ -f "$JAR" ] && [ -f "$BENCH_CLASS" ] || die "no $JAR or $BENCH_CLASS (build first)"
# The harness needs only fabric8, Jackson and the operator's own classes: the jars the packaged operator ships.
CP="$REPO/target/test-classes:$REPO/target/classes:$REPO/target/quarkus-app/lib/main/*"
# (without Quarkus' log manager SLF4J says it logs nothing, which is what the harness wants: drop those lines)
quiet_slf4j() { grep -v -e '^SLF4J' -e 'SLF4JServiceProvider' >&2 || true; }
bench_java() { java -cp "$CP" io.llmgw.bench.Bench "$@" 2> >(quiet_slf4j); }

# ------------------------------------------------------------------ a fresh control plane per scenario
CURRENT=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -z "$CURRENT" ] || apiserver_stop "$CURRENT"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

OPERATOR_USER=system:serviceaccount:litellm-operator:litellm-operator

kubeconfig_for() { # DIR USER TOKEN
  ( umask 077
    cat >"$1/$2.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: bench
    cluster: {server: "https://127.0.0.1:$APISERVER_PORT", insecure-skip-tls-verify: true}
users:
  - name: $2
    user: {token: $3}
contexts:
  - name: bench
    context: {cluster: bench, user: $2, namespace: bench}
current-context: bench
EOF
  )
}

# Starts etcd and kube-apiserver in DIR with an audit log of every write (user, verb, object), three more users
# (the operator as its ServiceAccount; bench-kubelet and bench-ceiling in system:masters), the project CRD, the
# namespaces bench and litellm-operator, and the operator's RBAC from deploy/operator. With "rich": also the upstream
# CRDs (scripts/provision-crds.sh) and the namespace network, where the rich gateways' routes go.
control_plane() { # DIR [rich]
  local dir="$1" rich="${2:-}" u f
  mkdir -p "$dir"
  apiserver_prepare "$dir" bench || die "could not prepare $dir"
  CURRENT="$dir"
  cat >"$dir/audit-policy.yaml" <<'EOF'
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: Metadata
    verbs: [create, update, patch, delete, deletecollection]
  - level: None
EOF
  for u in operator bench-kubelet bench-ceiling; do
    eval "TOKEN_${u//-/_}=$(openssl rand -hex 24)"
  done
  printf '%s,%s,operator,"system:serviceaccounts,system:serviceaccounts:litellm-operator"\n' "$TOKEN_operator" "$OPERATOR_USER" >>"$dir/tokens.csv"
  printf '%s,bench-kubelet,bench-kubelet,"system:masters"\n' "$TOKEN_bench_kubelet" >>"$dir/tokens.csv"
  printf '%s,bench-ceiling,bench-ceiling,"system:masters"\n' "$TOKEN_bench_ceiling" >>"$dir/tokens.csv"
  apiserver_start_etcd "$dir" || die "etcd did not start"
  apiserver_start_kube_apiserver "$dir" --audit-policy-file "$dir/audit-policy.yaml" --audit-log-path "$dir/audit.log" \
    --audit-log-format json || die "kube-apiserver did not start"
  kubeconfig_for "$dir" operator "$TOKEN_operator"
  kubeconfig_for "$dir" bench-kubelet "$TOKEN_bench_kubelet"
  kubeconfig_for "$dir" bench-ceiling "$TOKEN_bench_ceiling"
  local k=("$KUBECTL" --kubeconfig "$dir/kubeconfig")
  "${k[@]}" apply --server-side -f "$REPO/deploy/crds/litellmgateways.llmgw.io-v1.yml" >/dev/null || die "could not install the CRD"
  "${k[@]}" create namespace bench >/dev/null
  if [ "$rich" = rich ]; then
    for f in "$UPSTREAM_CRDS"/*.yaml; do
      "${k[@]}" apply --server-side -f "$f" >/dev/null 2>&1 || die "could not install $f"
    done
    "${k[@]}" create namespace network >/dev/null
  fi
  for f in namespace serviceaccount clusterrole clusterrolebinding leader-election-role; do
    "${k[@]}" apply --server-side -f "$REPO/deploy/operator/$f.yaml" >/dev/null || die "could not apply deploy/operator/$f.yaml"
  done
  apiserver_wait "$dir" kube-apiserver "the CRD" "${k[@]}" wait --for=condition=Established --timeout=10s crd --all \
    || die "the CRD was not established"
}

stop_control_plane() {
  apiserver_stop "$CURRENT"
  CURRENT=""
}

operator_scenario() { # WORKLOAD N OUT (in the control plane $CURRENT)
  java -cp "$CP" \
    "-Dbench.kubeconfig.admin=$CURRENT/kubeconfig" \
    "-Dbench.kubeconfig.operator=$CURRENT/operator.kubeconfig" \
    "-Dbench.kubeconfig.kubelet=$CURRENT/bench-kubelet.kubeconfig" \
    "-Dbench.operator.user=$OPERATOR_USER" "-Dbench.workload=$1" \
    "-Dbench.jar=$JAR" "-Dbench.audit=$CURRENT/audit.log" "-Dbench.workdir=$CURRENT" \
    "-Dbench.n=$2" "-Dbench.steady.seconds=$STEADY" "-Dbench.java.opts=$JAVA_OPTS" \
    "-Dbench.apiserver.pid=$(apiserver_pid "$CURRENT" kube-apiserver)" \
    io.llmgw.bench.Bench operator "$3" 2> >(quiet_slf4j) || die "the operator scenario failed (logs: $CURRENT)"
  sed 's/^/    /' "$CURRENT/writes.txt"
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
secs() { date +%s.%N; }

# ------------------------------------------------------------------ run
UPSTREAM_CRDS=""
if [ -n "$RICH_LIST" ]; then
  crds_env="${LLMGW_CACHE:-$HOME/.cache/llmgw-operator}/crds.env"
  # shellcheck disable=SC1090
  [ -f "$crds_env" ] && . "$crds_env"
  UPSTREAM_CRDS="${LLMGW_UPSTREAM_CRDS:-}"
  [ -n "$UPSTREAM_CRDS" ] && [ -d "$UPSTREAM_CRDS" ] || die "rich gateways need the upstream CRDs: run scripts/provision-crds.sh (or --rich '')"
fi

LOAD_START=$(loadavg)
log "N: $N_LIST; rich N: ${RICH_LIST:-none}; steady window ${STEADY}s; load average $LOAD_START; operator JVM options: $JAVA_OPTS"
log "the operator runs as its ServiceAccount ($OPERATOR_USER, a static token) with the RBAC of deploy/operator"
for n in $N_LIST; do
  yaml="$RUN/objects-$n.yaml"
  bench_java render quickstart bench "$n" "$yaml" || die "render failed"
  objects=$(grep -c '^kind:' "$yaml")

  log "== N=$n ceiling-parallel: $objects objects, fabric8 server-side apply from 16 threads (fresh API server)"
  control_plane "$RUN/ceiling-parallel-$n"
  bench_java ceiling "$CURRENT/bench-ceiling.kubeconfig" "$yaml" 16 "$RUN/ceiling-parallel-$n.properties" \
    "$(apiserver_pid "$CURRENT" kube-apiserver)" \
    || die "ceiling-parallel failed"
  stop_control_plane

  log "== N=$n ceiling-kubectl: $objects objects, one kubectl apply --server-side (fresh API server)"
  control_plane "$RUN/ceiling-kubectl-$n"
  t0=$(secs)
  "$KUBECTL" --kubeconfig "$CURRENT/bench-ceiling.kubeconfig" apply --server-side --force-conflicts \
    --field-manager=bench-ceiling -f "$yaml" >"$CURRENT/kubectl.log" 2>&1 || die "kubectl apply failed (see $CURRENT/kubectl.log)"
  t1=$(secs)
  awk -v o="$objects" -v a="$t0" -v b="$t1" 'BEGIN { s = b - a; printf "objects=%d\nseconds=%.3f\nobjects_per_s=%.1f\n", o, s, o / s }' \
    >"$RUN/ceiling-kubectl-$n.properties"
  log "$(tr '\n' ' ' <"$RUN/ceiling-kubectl-$n.properties")"
  stop_control_plane

  log "== N=$n operator: $n quickstart gateways (fresh API server)"
  control_plane "$RUN/operator-$n"
  operator_scenario quickstart "$n" "$RUN/operator-$n.properties"
  stop_control_plane
done
for n in $RICH_LIST; do
  yaml="$RUN/objects-rich-$n.yaml"
  bench_java render rich bench "$n" "$yaml" || die "render failed"
  objects=$(grep -c '^kind:' "$yaml")
  log "== rich N=$n ceiling-parallel: $objects objects, fabric8 server-side apply from 16 threads (fresh API server)"
  control_plane "$RUN/ceiling-parallel-rich-$n" rich
  bench_java ceiling "$CURRENT/bench-ceiling.kubeconfig" "$yaml" 16 "$RUN/ceiling-parallel-rich-$n.properties" \
    "$(apiserver_pid "$CURRENT" kube-apiserver)" \
    || die "ceiling-parallel failed"
  stop_control_plane
  log "== rich N=$n operator: $n gateways like examples/production.yaml (fresh API server)"
  control_plane "$RUN/operator-rich-$n" rich
  operator_scenario rich "$n" "$RUN/operator-rich-$n.properties"
  stop_control_plane
done
LOAD_END=$(loadavg)

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
{
  printf 'machine=%s cores, %s, %s RAM, %s, k8s %s, %s\n' "$(nproc)" "$cpu" "$mem" "$(uname -sr)" "${LLMGW_K8S_VERSION:-?}" \
    "$(java -version 2>&1 | head -1)"
  printf 'load_start=%s\nload_end=%s\n' "$LOAD_START" "$LOAD_END"
  printf 'operator=quarkus-run.jar, prod profile, JVM options %s, as %s\n' "$JAVA_OPTS" "$OPERATOR_USER"
} >"$RUN/run.properties"
bench_java report "$RUN" | tee "$RUN/report.txt"
