#!/usr/bin/env bash
# Provision what a real single-node cluster needs on top of scripts/provision-control-plane.sh:
#   - Debian packages: containerd, runc, CNI plugins, iptables, nftables (to restore the host exactly), conntrack,
#     buildah, debootstrap
#   - kube-scheduler, kubelet, kube-proxy built from the same scratch module as the control plane
#   - CoreDNS (Go module github.com/coredns/coredns) so pods resolve Service names
#   - the pause (sandbox) binary compiled from the Kubernetes source in the Go module cache
#   - actionlint (Go module) to check the release workflow
# Idempotent: a binary that exists and reports the expected version is reused. Everything is cached under
# ${LLMGW_CACHE:-~/.cache/llmgw-operator}; nothing is written into the repository. Prints what it reused or
# built with timings and writes ${LLMGW_CACHE}/node.env (export lines) for callers to source.
#
# Environment (all optional): LLMGW_CACHE, LLMGW_K8S_VERSION (v1.34.4), LLMGW_COREDNS_VERSION (v1.14.7),
# LLMGW_ACTIONLINT_VERSION (v1.7.12), LLMGW_BUILD_PARALLELISM (2).
set -euo pipefail
cd "$(dirname "$0")/.."

T_START=$(date +%s)
CACHE="${LLMGW_CACHE:-$HOME/.cache/llmgw-operator}"
K8S_VERSION="v$(printf '%s' "${LLMGW_K8S_VERSION:-v1.34.4}" | sed 's/^v//')"
COREDNS_VERSION="${LLMGW_COREDNS_VERSION:-v1.14.7}"
ACTIONLINT_VERSION="${LLMGW_ACTIONLINT_VERSION:-v1.7.12}"
PARALLELISM="${LLMGW_BUILD_PARALLELISM:-2}"
K8S_PLAIN="${K8S_VERSION#v}"
K8S_MAJOR="${K8S_PLAIN%%.*}"
K8S_MINOR="${K8S_PLAIN#*.}"; K8S_MINOR="${K8S_MINOR%%.*}"

K8S_BIN="$CACHE/bin/k8s-$K8S_VERSION"
MODDIR="$CACHE/build/k8s-$K8S_VERSION"
# CoreDNS plugins, as directive:package (CoreDNS's plugin.cfg notation); see the CoreDNS build below. The last
# four are imported by the others (kubernetes, forward) and so are compiled in anyway.
COREDNS_PLUGINS=(bind:bind errors:errors health:health ready:ready kubernetes:kubernetes prometheus:metrics
  forward:forward cache:cache loop:loop reload:reload loadbalance:loadbalance log:log
  debug:debug dnstap:dnstap metadata:metadata transfer:transfer)
COREDNS_KEY=$(printf '%s\n' "${COREDNS_PLUGINS[@]}" | sha256sum | cut -c1-8)
COREDNS_BIN="$CACHE/bin/coredns-$COREDNS_VERSION-$COREDNS_KEY/coredns"
ACTIONLINT_BIN="$CACHE/bin/actionlint-$ACTIONLINT_VERSION/actionlint"
PAUSE_BIN="$CACHE/bin/pause-$K8S_VERSION/pause"
ENV_FILE="$CACHE/node.env"
DEB_PACKAGES=(containerd runc containernetworking-plugins iptables nftables conntrack buildah debootstrap)

log() { printf '[provision-node] %s\n' "$*"; }
die() { printf '[provision-node] ERROR: %s\n' "$*" >&2; exit 1; }
trap 'rc=$?; [ $rc -eq 0 ] || printf "[provision-node] FAILED (exit %s) after %ss\n" "$rc" "$(( $(date +%s) - T_START ))" >&2' EXIT

[ "$(uname -s)" = Linux ] || die "a real node needs Linux"
[ "$(id -u)" = 0 ] || die "a real node needs root (containerd, kubelet, iptables)"
mkdir -p "$CACHE/bin" "$CACHE/build"
exec 9>"$CACHE/.provision.lock"
flock -w 3600 9 || die "timed out waiting for $CACHE/.provision.lock"

SUMMARY=()
record() { SUMMARY+=("$(printf '%-28s %-8s %5ss' "$1" "$2" "$3")"); log "$1: $2 in $3s"; }

# ------------------------------------------------------------------ Debian packages
t0=$(date +%s)
missing=()
for p in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  record "debian packages" reused "$(( $(date +%s) - t0 ))"
else
  log "installing ${missing[*]} (apt-get update once first)"
  # No daemon may start from a package's postinst: the node scripts start containerd themselves.
  policy_added=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; policy_added=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  [ "$policy_added" = 0 ] || rm -f /usr/sbin/policy-rc.d
  record "debian packages" installed "$(( $(date +%s) - t0 ))"
fi

# ------------------------------------------------------------------ Go builds
export GOWORK=off CGO_ENABLED=0
export GOFLAGS="-mod=mod"

# shellcheck source=lib/k8s-build.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/k8s-build.sh"

# The version, and `coredns -plugins` (one name a line) lists exactly the wanted plugins. The output is read
# whole first: under pipefail, `coredns ... | grep -q` fails whenever coredns is still writing when grep exits.
coredns_ok() {
  local v p
  [ -x "$1" ] || return 1
  v=$(timeout 30 "$1" -version 2>&1) || return 1
  p=$(timeout 30 "$1" -plugins 2>&1) || return 1
  grep -q "CoreDNS-${COREDNS_VERSION#v}" <<<"$v" || return 1
  [ "$(awk NF <<<"$p" | sort | tr '\n' ' ')" = "$(printf '%s\n' "${COREDNS_PLUGINS[@]%%:*}" | sort | tr '\n' ' ')" ]
}
k8s_version_ok() { [ -x "$1" ] && timeout 60 "$1" --version 2>&1 | grep -qx "Kubernetes $K8S_VERSION"; }

[ -f "$MODDIR/go.mod" ] || scripts/provision-control-plane.sh
[ -f "$MODDIR/go.mod" ] || die "no scratch module $MODDIR (scripts/provision-control-plane.sh makes it)"
MOD_READY=0
for name in kube-scheduler kubelet kube-proxy; do
  t0=$(date +%s)
  if k8s_version_ok "$K8S_BIN/$name"; then record "$name" reused "$(( $(date +%s) - t0 ))"; continue; fi
  if [ "$MOD_READY" = 0 ]; then
    ( cd "$MODDIR" && go get "k8s.io/kubernetes/cmd/kube-scheduler@$K8S_VERSION" \
        "k8s.io/kubernetes/cmd/kubelet@$K8S_VERSION" "k8s.io/kubernetes/cmd/kube-proxy@$K8S_VERSION" ) \
      || die "go get of the node commands failed"
    MOD_READY=1
  fi
  log "building $name $K8S_VERSION (about 1-2 min with a warm Go build cache, 10 min cold)"
  ( cd "$MODDIR" && go build -p "$PARALLELISM" -trimpath -ldflags "$(k8s_ldflags)" \
      -o "$K8S_BIN/$name.tmp" "k8s.io/kubernetes/cmd/$name" ) || die "building $name failed"
  mv -f "$K8S_BIN/$name.tmp" "$K8S_BIN/$name"
  k8s_version_ok "$K8S_BIN/$name" || die "$name does not report $K8S_VERSION"
  record "$name" built "$(( $(date +%s) - t0 ))"
done

# CoreDNS with only the plugins a cluster DNS needs: the node's Corefile (scripts/lib/node.sh) uses bind, errors,
# kubernetes and cache; the rest are those of the usual kube-dns Corefile. The full plugin set also compiles the
# cloud SDKs (route53, azure, clouddns), etcd, grpc and tracing clients: most of its cold build. CoreDNS's own
# main.go is two lines (import core/plugin, call coremain.Run); this one imports the plugins below instead and
# keeps only their directives, in CoreDNS's order, so a Corefile naming any other plugin fails to parse. The
# versions are CoreDNS's own (its go.mod), through a scratch module. The binary lives in a folder named by the
# plugin list, so changing the list rebuilds it.
t0=$(date +%s)
if coredns_ok "$COREDNS_BIN"; then
  record "coredns $COREDNS_VERSION" reused "$(( $(date +%s) - t0 ))"
else
  dir="$CACHE/build/coredns-$COREDNS_VERSION-$COREDNS_KEY"; mkdir -p "$dir"
  printf '// Generated by scripts/provision-node.sh\nmodule llmgw.local/coredns-build\n\ngo 1.24.0\n\nrequire github.com/coredns/coredns %s\n' \
    "$COREDNS_VERSION" >"$dir/go.mod"
  {
    echo "// Generated by scripts/provision-node.sh: CoreDNS $COREDNS_VERSION with the plugins ${COREDNS_PLUGINS[*]%%:*}."
    echo "package main"
    echo
    echo "import ("
    echo '	"github.com/coredns/coredns/core/dnsserver"'
    echo '	"github.com/coredns/coredns/coremain"'
    for p in "${COREDNS_PLUGINS[@]}"; do echo "	_ \"github.com/coredns/coredns/plugin/${p#*:}\""; done
    echo ")"
    echo
    echo "var keep = map[string]bool{"
    for p in "${COREDNS_PLUGINS[@]}"; do echo "	\"${p%%:*}\": true,"; done
    echo "}"
    echo
    echo "func init() {"
    echo "	var d []string"
    echo "	for _, name := range dnsserver.Directives {"
    echo "		if keep[name] {"
    echo "			d = append(d, name)"
    echo "		}"
    echo "	}"
    echo "	dnsserver.Directives = d"
    echo "}"
    echo
    echo "func main() { coremain.Run() }"
  } >"$dir/main.go"
  ( cd "$dir" && go get "github.com/coredns/coredns@$COREDNS_VERSION" ) || die "go get coredns failed"
  log "building coredns $COREDNS_VERSION (plugins: ${COREDNS_PLUGINS[*]%%:*})"
  mkdir -p "$(dirname "$COREDNS_BIN")"
  ( cd "$dir" && go build -p "$PARALLELISM" -trimpath -ldflags "-s -w" -o "$COREDNS_BIN.tmp" . ) \
    || die "building coredns failed"
  mv -f "$COREDNS_BIN.tmp" "$COREDNS_BIN"
  coredns_ok "$COREDNS_BIN" || die "coredns does not report $COREDNS_VERSION with exactly the plugins ${COREDNS_PLUGINS[*]%%:*}"
  record "coredns $COREDNS_VERSION" built "$(( $(date +%s) - t0 ))"
fi

t0=$(date +%s)
if [ -x "$ACTIONLINT_BIN" ] && timeout 30 "$ACTIONLINT_BIN" -version 2>&1 | head -1 | grep -qx "$ACTIONLINT_VERSION"; then
  record "actionlint $ACTIONLINT_VERSION" reused "$(( $(date +%s) - t0 ))"
else
  mkdir -p "$(dirname "$ACTIONLINT_BIN")"
  log "building actionlint $ACTIONLINT_VERSION"
  GOBIN="$(dirname "$ACTIONLINT_BIN")" GOFLAGS= go install -trimpath \
    -ldflags "-s -w -X github.com/rhysd/actionlint.version=$ACTIONLINT_VERSION" \
    "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION" || die "building actionlint failed"
  timeout 30 "$ACTIONLINT_BIN" -version 2>&1 | head -1 | grep -qx "$ACTIONLINT_VERSION" || die "actionlint does not report $ACTIONLINT_VERSION"
  record "actionlint $ACTIONLINT_VERSION" built "$(( $(date +%s) - t0 ))"
fi

# The sandbox ("pause") binary from the Kubernetes source this node is built from.
t0=$(date +%s)
if [ -x "$PAUSE_BIN" ] && "$PAUSE_BIN" -v 2>&1 | grep -q .; then
  record "pause" reused "$(( $(date +%s) - t0 ))"
else
  src="$(cd "$MODDIR" && go list -m -f '{{.Dir}}' k8s.io/kubernetes)/build/pause/linux/pause.c"
  [ -f "$src" ] || die "no $src in the Go module cache"
  mkdir -p "$(dirname "$PAUSE_BIN")"
  # The version string is what `pause -v` prints; upstream's Makefile passes it the same way.
  gcc -Os -Wall -Werror -static -DVERSION="v3.10.1-llmgw-$K8S_VERSION" -o "$PAUSE_BIN" "$src" || die "gcc pause.c failed"
  strip "$PAUSE_BIN" 2>/dev/null || true
  record "pause" built "$(( $(date +%s) - t0 ))"
fi

tmp="$ENV_FILE.tmp.$$"
{
  echo "# Written by scripts/provision-node.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf 'export LLMGW_K8S_BIN=%q\n' "$K8S_BIN"
  printf 'export LLMGW_COREDNS=%q\n' "$COREDNS_BIN"
  printf 'export LLMGW_ACTIONLINT=%q\n' "$ACTIONLINT_BIN"
  printf 'export LLMGW_PAUSE=%q\n' "$PAUSE_BIN"
} >"$tmp"
mv -f "$tmp" "$ENV_FILE"

log "summary:"
printf '  %s\n' "${SUMMARY[@]}"
log "total: $(( $(date +%s) - T_START ))s; env file: $ENV_FILE"
