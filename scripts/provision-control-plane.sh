#!/usr/bin/env bash
# Provision a real Kubernetes control plane (kube-apiserver, etcd, kubectl,
# kube-controller-manager) and helm for the integration tests, which use
# fabric8 kube-api-test 7.5.2. Idempotent: binaries that already exist in the
# cache and report the expected version are reused, nothing is rebuilt.
#
# Sources, in order:
#   1. the cache (${LLMGW_CACHE}/bin/...)                          -> reused
#   2. no Go toolchain, but the envtest download site is reachable -> leave it to
#      kube-api-test's own download (only with LLMGW_ALLOW_DOWNLOAD=1, else fail)
#   3. build from Go modules (scratch module requiring k8s.io/kubernetes with
#      every staging module replaced by its published v0.Y.Z release)
#
# Environment (all optional):
#   LLMGW_CACHE            cache root        (default ~/.cache/llmgw-operator)
#   KUBE_API_TEST_DIR      kube-api-test dir (default ~/.kubeapitest)
#   LLMGW_K8S_VERSION      Kubernetes version (default v1.34.4)
#   LLMGW_ETCD_VERSION     etcd version       (default v3.6.16)
#   LLMGW_HELM_VERSION     helm version       (default v3.22.0; falls back to
#                          LLMGW_HELM_FALLBACK_VERSIONS if it does not build)
#   LLMGW_ALLOW_DOWNLOAD=1 accept kube-api-test's own download when Go is missing
#   LLMGW_BUILD_PARALLELISM go build -p value (default 2)
#   LLMGW_SKIP_HELM=1      do not provision helm
#
# Output: prints what was reused/built with timings, and writes
# ${LLMGW_CACHE}/control-plane.env (export lines) for callers to source.
# Never writes into the repository.
set -euo pipefail

T_START=$(date +%s)

K8S_VERSION="${LLMGW_K8S_VERSION:-v1.34.4}"
ETCD_VERSION="${LLMGW_ETCD_VERSION:-v3.6.16}"
HELM_VERSION="${LLMGW_HELM_VERSION:-v3.22.0}"
HELM_FALLBACK_VERSIONS="${LLMGW_HELM_FALLBACK_VERSIONS:-v3.21.4}"
PARALLELISM="${LLMGW_BUILD_PARALLELISM:-2}"
CACHE="${LLMGW_CACHE:-$HOME/.cache/llmgw-operator}"
KAT_DIR="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"
ENVTEST_INDEX_URL="${LLMGW_ENVTEST_INDEX_URL:-https://raw.githubusercontent.com/kubernetes-sigs/controller-tools/HEAD/envtest-releases.yaml}"

# Normalise versions: accept "1.34.4" as well as "v1.34.4".
K8S_VERSION="v${K8S_VERSION#v}"
ETCD_VERSION="v${ETCD_VERSION#v}"
HELM_VERSION="v${HELM_VERSION#v}"
HELM_REQUESTED="$HELM_VERSION"
K8S_PLAIN="${K8S_VERSION#v}"
K8S_MAJOR="${K8S_PLAIN%%.*}"
K8S_MINOR="${K8S_PLAIN#*.}"; K8S_MINOR="${K8S_MINOR%%.*}"
STAGING_VERSION="v0.${K8S_PLAIN#*.}"   # v1.34.4 -> v0.34.4

log()  { printf '[provision] %s\n' "$*"; }
warn() { printf '[provision] WARNING: %s\n' "$*" >&2; }
die()  { printf '[provision] ERROR: %s\n' "$*" >&2; exit 1; }
trap 'rc=$?; [ $rc -eq 0 ] || printf "[provision] FAILED (exit %s) after %ss\n" "$rc" "$(( $(date +%s) - T_START ))" >&2' EXIT

case "$(uname -s)" in
  Linux) OS=linux ;;
  Darwin) OS=darwin ;;
  *) die "unsupported OS $(uname -s)" ;;
esac
case "$(uname -m)" in
  x86_64|amd64) ARCH=amd64 ;;
  aarch64|arm64) ARCH=arm64 ;;
  *) die "unsupported architecture $(uname -m)" ;;
esac

K8S_BIN="$CACHE/bin/k8s-$K8S_VERSION"
HELM_DIR="$CACHE/bin/helm-$HELM_VERSION"
HELM_BIN="$HELM_DIR/helm"
BUILD_ROOT="$CACHE/build"
KAT_BIN="$KAT_DIR/k8s/$K8S_PLAIN-$OS-$ARCH"
ENV_FILE="$CACHE/control-plane.env"

mkdir -p "$CACHE/bin" "$BUILD_ROOT"

# One provisioning run at a time per cache (parallel builds would double the RAM).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/.provision.lock"
  if ! flock -n 9; then
    log "another provisioning run holds $CACHE/.provision.lock; waiting for it"
    flock 9
  fi
fi

# ---------------------------------------------------------------- version checks
# Each returns 0 only when the binary exists, runs and reports the expected version.
version_out() { timeout 60 "$@" 2>&1 || true; }
check_apiserver() { [ -x "$1" ] && version_out "$1" --version | grep -qx "Kubernetes $K8S_VERSION"; }
check_kcm()       { [ -x "$1" ] && version_out "$1" --version | grep -qx "Kubernetes $K8S_VERSION"; }
check_kubectl()   { [ -x "$1" ] && version_out "$1" version --client | grep -qx "Client Version: $K8S_VERSION"; }
check_etcd()      { [ -x "$1" ] && version_out "$1" --version | grep -qx "etcd Version: ${ETCD_VERSION#v}"; }
check_helm()      { [ -x "$1" ] && version_out "$1" version --template '{{.Version}}' | grep -qx "$2"; }

check_bin() { # name path
  case "$1" in
    kube-apiserver) check_apiserver "$2" ;;
    kube-controller-manager) check_kcm "$2" ;;
    kubectl) check_kubectl "$2" ;;
    etcd) check_etcd "$2" ;;
    *) die "unknown binary $1" ;;
  esac
}

K8S_BINARIES=(kube-apiserver etcd kubectl kube-controller-manager)
k8s_cache_complete() {
  local b
  for b in "${K8S_BINARIES[@]}"; do check_bin "$b" "$K8S_BIN/$b" || return 1; done
}

write_env_file() { # bin-dir helm-path source
  local tmp="$ENV_FILE.tmp.$$"
  {
    echo "# Written by scripts/provision-control-plane.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ) (source: $3)"
    printf 'export KUBE_API_TEST_DIR=%q\n' "$KAT_DIR"
    printf 'export LLMGW_K8S_BIN=%q\n' "$1"
    printf 'export LLMGW_HELM=%q\n' "$2"
    printf 'export LLMGW_K8S_VERSION=%q\n' "$K8S_PLAIN"
    # String setting (read fine by kube-api-test 7.5.2): pins the folder it uses,
    # or the version it downloads when the folder is missing.
    printf 'export KUBE_API_TEST_API_SERVER_VERSION=%q\n' "$K8S_PLAIN"
    printf 'export LLMGW_ETCD_VERSION=%q\n' "${ETCD_VERSION#v}"
  } >"$tmp"
  mv -f "$tmp" "$ENV_FILE"
}

# ------------------------------------------------------------------ Go set-up
GO_READY=0
setup_go() {
  [ "$GO_READY" = 1 ] && return 0
  # Never pick up a go.work from a parent directory; -mod=mod lets builds add
  # missing go.sum lines in the scratch modules. Drop any -mod from the caller.
  export GOWORK=off
  local flags="" f
  for f in ${GOFLAGS:-}; do case "$f" in -mod=*) ;; *) flags="$flags $f" ;; esac; done
  export GOFLAGS="${flags# } -mod=mod"
  export GOFLAGS="${GOFLAGS# }"
  export CGO_ENABLED=0
  log "using $(go version) (GOFLAGS='$GOFLAGS', GOMODCACHE=$(go env GOMODCACHE))"
  GO_READY=1
}

# go_build <module-dir> <package> <output> <ldflags>
go_build() {
  local dir="$1" pkg="$2" out="$3" ldflags="$4" tmp
  mkdir -p "$(dirname "$out")"
  tmp="$out.tmp.$$"
  rm -f "$tmp"
  ( cd "$dir" && go build -p "$PARALLELISM" -trimpath -ldflags "$ldflags" -o "$tmp" "$pkg" ) \
    || { rm -f "$tmp"; return 1; }
  mv -f "$tmp" "$out"
}

STEP_SUMMARY=()
record() { STEP_SUMMARY+=("$(printf '%-26s %-8s %5ss' "$1" "$2" "$3")"); log "$1: $2 in $3s"; }

# ------------------------------------------------------------- Kubernetes
k8s_scratch_module() {
  local dir="$BUILD_ROOT/k8s-$K8S_VERSION" gomod staging goline godebug
  mkdir -p "$dir"
  # Read the staging replaces (and go/godebug lines) from k8s.io/kubernetes's own go.mod.
  gomod=$(cd "$BUILD_ROOT" && GOFLAGS= go list -m -f '{{.GoMod}}' "k8s.io/kubernetes@$K8S_VERSION") \
    || die "k8s.io/kubernetes@$K8S_VERSION is not served by the Go module proxy ($(go env GOPROXY))"
  [ -f "$gomod" ] || die "could not fetch go.mod of k8s.io/kubernetes@$K8S_VERSION"
  staging=$(sed -n 's#^[[:space:]]*\(k8s\.io/[A-Za-z0-9._-]*\)[[:space:]]*=>[[:space:]]*\./staging/.*#\1#p' "$gomod" | sort -u)
  [ -n "$staging" ] || die "no staging replaces found in $gomod"
  goline=$(grep -m1 '^go ' "$gomod" || echo "go 1.24.0")
  godebug=$(grep '^godebug ' "$gomod" || true)
  {
    echo "// Generated by scripts/provision-control-plane.sh: scratch module to build Kubernetes $K8S_VERSION."
    echo "module llmgw.local/k8s-build"
    echo
    echo "$goline"
    [ -n "$godebug" ] && { echo; echo "$godebug"; }
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    echo "replace ("
    local m; for m in $staging; do echo "	$m => $m $STAGING_VERSION"; done
    echo ")"
  } >"$dir/go.mod"
  log "scratch module $dir ($(echo "$staging" | wc -l | tr -d ' ') staging modules -> $STAGING_VERSION)"
  ( cd "$dir" && go get "k8s.io/kubernetes@$K8S_VERSION" \
      "k8s.io/kubernetes/cmd/kube-apiserver@$K8S_VERSION" \
      "k8s.io/kubernetes/cmd/kube-controller-manager@$K8S_VERSION" \
      "k8s.io/kubernetes/cmd/kubectl@$K8S_VERSION" ) \
    || die "go get of Kubernetes $K8S_VERSION commands failed (see above)"
  K8S_MODDIR="$dir"
}

# shellcheck source=lib/k8s-build.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/k8s-build.sh"

# One `go build` for every missing Kubernetes command: the packages they share are planned once, and one
# command's link runs while the next one's packages compile, instead of a go process (package loading, cache
# checks, a link with one core idle) per command.
build_k8s_binaries() { # name...
  local t0 tmp name pkgs=()
  t0=$(date +%s)
  [ -n "${K8S_MODDIR:-}" ] || k8s_scratch_module
  for name in "$@"; do pkgs+=("k8s.io/kubernetes/cmd/$name"); done
  log "building $* $K8S_VERSION in one go build -p $PARALLELISM (the first Kubernetes build takes 5-20 min cold on 2 cores)"
  tmp="$K8S_BIN/.build.$$"
  rm -rf "$tmp"; mkdir -p "$tmp"
  ( cd "$K8S_MODDIR" && go build -p "$PARALLELISM" -trimpath -ldflags "$(k8s_ldflags)" -o "$tmp/" "${pkgs[@]}" ) \
    || { rm -rf "$tmp"; die "building $* $K8S_VERSION failed (see the compiler output above)"; }
  for name in "$@"; do
    mv -f "$tmp/$name" "$K8S_BIN/$name"
    check_bin "$name" "$K8S_BIN/$name" \
      || die "$name was built but does not report $K8S_VERSION: $(version_out "$K8S_BIN/$name" --version | head -3)"
  done
  rm -rf "$tmp"
  record "$*" built "$(( $(date +%s) - t0 ))"
}

# ------------------------------------------------------------------- etcd
build_etcd() {
  local dir="$BUILD_ROOT/etcd-$ETCD_VERSION" t0
  t0=$(date +%s)
  mkdir -p "$dir"
  # etcd's own go.mod uses relative replaces, so `go install ...@v` fails; a
  # scratch module requiring the published server module works.
  cat >"$dir/go.mod" <<EOF
// Generated by scripts/provision-control-plane.sh: scratch module to build etcd $ETCD_VERSION.
module llmgw.local/etcd-build

go 1.24.0

require go.etcd.io/etcd/server/v3 $ETCD_VERSION
EOF
  ( cd "$dir" && go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" ) \
    || die "go get go.etcd.io/etcd/server/v3@$ETCD_VERSION failed (see above)"
  log "building etcd $ETCD_VERSION"
  go_build "$dir" go.etcd.io/etcd/server/v3 "$K8S_BIN/etcd" \
    "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=$ETCD_VERSION" \
    || die "building etcd $ETCD_VERSION failed (see above)"
  check_etcd "$K8S_BIN/etcd" \
    || die "etcd was built but does not report ${ETCD_VERSION#v}: $(version_out "$K8S_BIN/etcd" --version | head -3)"
  record etcd built "$(( $(date +%s) - t0 ))"
}

# ------------------------------------------------------------------- helm
build_helm() { # version -> 0 on success
  local v="$1" dir="$BUILD_ROOT/helm-$1" out="$CACHE/bin/helm-$1/helm" kv kmaj kmin
  mkdir -p "$dir"
  cat >"$dir/go.mod" <<EOF
// Generated by scripts/provision-control-plane.sh: scratch module to build helm $v.
module llmgw.local/helm-build

go 1.24.0

require helm.sh/helm/v3 $v
EOF
  ( cd "$dir" && go get "helm.sh/helm/v3@$v" "helm.sh/helm/v3/cmd/helm@$v" ) || return 1
  # Same ldflags as helm's Makefile: its version plus the Kubernetes version it
  # assumes for chart linting/templating (client-go v0.N.x -> 1.N).
  kv=$(cd "$dir" && go list -m -f '{{.Version}}' k8s.io/client-go) || return 1
  kv="${kv#v}"; kmaj=$(( ${kv%%.*} + 1 )); kmin="${kv#*.}"; kmin="${kmin%%.*}"
  log "building helm $v (Kubernetes $kmaj.$kmin defaults for lint/template)"
  go_build "$dir" helm.sh/helm/v3/cmd/helm "$out" \
    "-s -w -X helm.sh/helm/v3/internal/version.version=$v -X helm.sh/helm/v3/internal/version.gitTreeState=clean \
 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=$kmaj -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$kmin \
 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=$kmaj -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$kmin" \
    || return 1
  check_helm "$out" "$v"
}

provision_helm() {
  local t0 v
  t0=$(date +%s)
  if [ "${LLMGW_SKIP_HELM:-0}" = 1 ]; then
    HELM_BIN=""; record helm skipped 0; return 0
  fi
  for v in "$HELM_VERSION" $HELM_FALLBACK_VERSIONS; do
    v="v${v#v}"
    if check_helm "$CACHE/bin/helm-$v/helm" "$v"; then
      HELM_BIN="$CACHE/bin/helm-$v/helm"; HELM_VERSION="$v"
      [ "$v" = "$HELM_REQUESTED" ] || warn "using fallback helm $v (cached)"
      record "helm $v" reused "$(( $(date +%s) - t0 ))"; return 0
    fi
  done
  [ "$HAVE_GO" = 1 ] || die "helm $HELM_VERSION is not cached and there is no Go toolchain to build it"
  setup_go
  for v in "$HELM_VERSION" $HELM_FALLBACK_VERSIONS; do
    v="v${v#v}"
    if build_helm "$v"; then
      HELM_BIN="$CACHE/bin/helm-$v/helm"
      [ "$v" = "$HELM_VERSION" ] || warn "helm $HELM_VERSION did not build; using fallback $v"
      HELM_VERSION="$v"
      record "helm $v" built "$(( $(date +%s) - t0 ))"; return 0
    fi
    warn "building helm $v failed"
  done
  die "could not build helm ($HELM_VERSION $HELM_FALLBACK_VERSIONS)"
}

# ------------------------------------------------------------ kube-api-test dir
layout_kube_api_test() {
  local b link
  mkdir -p "$KAT_BIN"
  for b in "${K8S_BINARIES[@]}"; do
    link="$KAT_BIN/$b"
    if [ -L "$link" ] && [ "$(readlink "$link")" = "$K8S_BIN/$b" ]; then
      continue
    fi
    if [ -e "$link" ] && [ ! -L "$link" ]; then
      if check_bin "$b" "$link"; then
        log "keeping existing $link (a regular file reporting the right version)"; continue
      fi
      log "replacing $link (wrong version or not runnable)"
    fi
    ln -sfn "$K8S_BIN/$b" "$link"
  done
  # kube-api-test, with no version requested, uses the newest local folder.
  local newest
  newest=$(ls -1 "$KAT_DIR/k8s" 2>/dev/null | grep -E "^[0-9]+\.[0-9]+\.[0-9]+-$OS-$ARCH\$" | sort -V | tail -1 || true)
  if [ -n "$newest" ] && [ "$newest" != "$K8S_PLAIN-$OS-$ARCH" ]; then
    warn "$KAT_DIR/k8s/$newest is newer than $K8S_PLAIN; kube-api-test picks it unless the test asks for $K8S_PLAIN"
  fi
}

# =================================================================== main
log "Kubernetes $K8S_VERSION, etcd $ETCD_VERSION, helm $HELM_VERSION; cache $CACHE; kube-api-test dir $KAT_DIR"

HAVE_GO=0
command -v go >/dev/null 2>&1 && HAVE_GO=1

if [ "$HAVE_GO" = 0 ] && ! k8s_cache_complete; then
  # Source 2: no Go, nothing cached -> kube-api-test may download the official envtest binaries.
  if command -v curl >/dev/null 2>&1 && curl -fsS -o /dev/null --max-time 15 "$ENVTEST_INDEX_URL"; then
    msg="Go is not installed and $K8S_BIN is incomplete, but $ENVTEST_INDEX_URL is reachable: kube-api-test can download the official envtest binaries (etcd, kube-apiserver, kubectl; no kube-controller-manager, no helm) into $KAT_DIR/k8s/ itself (request version $K8S_PLAIN: KUBE_API_TEST_API_SERVER_VERSION=$K8S_PLAIN, written to the env file)."
    if [ "${LLMGW_ALLOW_DOWNLOAD:-0}" = 1 ]; then
      log "$msg"
      log "LLMGW_ALLOW_DOWNLOAD=1: leaving the download to kube-api-test (tests needing kube-controller-manager or helm will be skipped/fail)."
      mkdir -p "$KAT_DIR"
      write_env_file "$KAT_BIN" "" "kube-api-test download"
      log "env file: $ENV_FILE"
      echo "KUBE_API_TEST_DIR=$KAT_DIR"
      exit 0
    fi
    die "$msg Set LLMGW_ALLOW_DOWNLOAD=1 to accept that, or install Go (>= 1.24) so the binaries are built from Go modules."
  fi
  die "Go is not installed, $K8S_BIN is incomplete and the envtest download site is unreachable: install Go (>= 1.24) and rerun."
fi

# Kubernetes binaries and etcd.
to_build=()
for b in "${K8S_BINARIES[@]}"; do
  t0=$(date +%s)
  if check_bin "$b" "$K8S_BIN/$b"; then
    record "$b" reused "$(( $(date +%s) - t0 ))"
    continue
  fi
  [ -e "$K8S_BIN/$b" ] && log "$K8S_BIN/$b exists but does not run or report the expected version; rebuilding"
  setup_go
  if [ "$b" = etcd ]; then build_etcd; else to_build+=("$b"); fi
done
[ ${#to_build[@]} -eq 0 ] || build_k8s_binaries "${to_build[@]}"

provision_helm
layout_kube_api_test

# Smoke test: every binary runs and reports its version.
log "versions:"
printf '  %s\n' "kube-apiserver:          $(version_out "$K8S_BIN/kube-apiserver" --version | head -1)"
printf '  %s\n' "kube-controller-manager: $(version_out "$K8S_BIN/kube-controller-manager" --version | head -1)"
printf '  %s\n' "kubectl:                 $(version_out "$K8S_BIN/kubectl" version --client | head -1)"
printf '  %s\n' "etcd:                    $(version_out "$K8S_BIN/etcd" --version | head -1)"
[ -n "$HELM_BIN" ] && printf '  %s\n' "helm:                    $(version_out "$HELM_BIN" version --short | head -1)"
k8s_cache_complete || die "smoke test failed: a binary in $K8S_BIN does not report the expected version"
for b in "${K8S_BINARIES[@]}"; do
  check_bin "$b" "$KAT_BIN/$b" || die "smoke test failed: $KAT_BIN/$b does not run"
done

write_env_file "$K8S_BIN" "$HELM_BIN" "cache"

T_TOTAL=$(( $(date +%s) - T_START ))
log "summary:"
printf '  %s\n' "${STEP_SUMMARY[@]}"
log "total: ${T_TOTAL}s"
log "env file: $ENV_FILE (source it: . '$ENV_FILE')"
echo "LLMGW_K8S_BIN=$K8S_BIN"
echo "LLMGW_HELM=$HELM_BIN"
echo "LLMGW_K8S_VERSION=$K8S_PLAIN"
echo "KUBE_API_TEST_DIR=$KAT_DIR"
