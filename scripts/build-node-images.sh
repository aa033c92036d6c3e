#!/usr/bin/env bash
# Build the node tier's images here, from files in the repository, with buildah and no registry:
#   base trees    debootstrap --variant=minbase bookworm (+ openjdk-17 JDK/JRE, python3, redis-server)
#   pause         images/pause (the static pause binary scripts/provision-node.sh compiles)
#   operator      the project's Dockerfile, its base images set to the local JDK/JRE bases, Maven offline
#   litellm       images/litellm: the acceptance tier's pins, installed from wheels `pip download`ed on the host
#   redis         images/redis;  stub-openai: images/stub-openai (acceptance/stub_openai.py as a pod)
#   cloudnative-pg  images/cloudnative-pg: the CloudNativePG manager scripts/provision-cnpg.sh builds, on minbase
#   postgresql    images/postgresql: Debian's postgresql-15 as a CloudNativePG operand image, with barman-cloud
#                 (pinned wheels `pip download`ed on the host)
#   versitygw     images/versitygw: the S3-compatible server scripts/provision-versitygw.sh builds, on minbase
#   barman-plugin images/barman-plugin (on minbase) and images/barman-plugin-sidecar (on the postgresql image,
#                 for its barman-cloud): the Barman Cloud plugin's manager scripts/provision-barman-plugin.sh builds
# Each image is written to ${LLMGW_CACHE}/images/NAME.oci.tar and rebuilt only when its inputs change (a hash
# of the files that make it, in NAME.key). buildah's storage lives in ${LLMGW_CACHE}/buildah; the paths buildah
# writes outside it (/etc/cni, /var/lib/containers, /var/tmp/buildah-cache-*) are removed when it created them.
# Usage: scripts/build-node-images.sh [NAME...]   (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$(pwd)"
T_START=$(date +%s)
CACHE="${LLMGW_CACHE:-$HOME/.cache/llmgw-operator}"
IMAGES="$CACHE/images"
ROOTFS="$CACHE/rootfs"
WHEELS="$CACHE/wheels"
BROOT="$CACHE/buildah"
K8S_VERSION="v1.34.4"
PAUSE_NAME="registry.k8s.io/pause:3.10.1"
OPERATOR_NAME="ghcr.io/llmgw/litellm-operator:0.1.0"   # the name deploy/operator and the chart use
# The operator renders ghcr.io/berriai/litellm:<pinned tag> by default; the local build carries that name
# inside the node's containerd only, so the quickstart runs as written (see docs/node-images.md).
LITELLM_VERSION=$(sed -n 's/^LITELLM_VERSION="\(.*\)"/\1/p' scripts/provision-litellm.sh)
LITELLM_NAME="ghcr.io/berriai/litellm:$LITELLM_VERSION"
REDIS_NAME="localhost/llmgw/redis:bookworm"
STUB_NAME="localhost/llmgw/stub-openai:latest"
# CloudNativePG: the operator image carries the module version; the operand's tag starts with the PostgreSQL
# major (CloudNativePG reads the major from the tag). nodetier/test_node_cnpg.py uses both names.
CNPG_VERSION=$(awk '$1=="github.com/cloudnative-pg/cloudnative-pg" {print $2}' scripts/upstream-crds/go.mod)
CNPG_NAME="localhost/llmgw/cloudnative-pg:${CNPG_VERSION#v}"
PG_MAJOR=15   # bookworm's PostgreSQL
POSTGRES_NAME="localhost/llmgw/postgresql:$PG_MAJOR-bookworm"
VERSITYGW_NAME="localhost/llmgw/versitygw:1.8.0"   # the version scripts/provision-versitygw.sh builds
# The Barman Cloud plugin and its instance sidecar, tagged with the version scripts/provision-barman-plugin.sh
# builds (read from its env file below); nodetier/test_node_cnpg_plugin.py uses both names.
BARMAN_PLUGIN_REPO="localhost/llmgw/plugin-barman-cloud"
BARMAN_SIDECAR_REPO="localhost/llmgw/plugin-barman-cloud-sidecar"

log() { printf '[images] %s\n' "$*"; }
die() { printf '[images] ERROR: %s\n' "$*" >&2; exit 1; }
trap 'rc=$?; [ $rc -eq 0 ] || printf "[images] FAILED (exit %s) after %ss\n" "$rc" "$(( $(date +%s) - T_START ))" >&2' EXIT
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, buildah storage)"
for b in buildah debootstrap; do command -v $b >/dev/null || die "no $b: run scripts/provision-node.sh"; done
# shellcheck disable=SC1091
[ -f "$CACHE/node.env" ] && . "$CACHE/node.env"
mkdir -p "$IMAGES" "$ROOTFS" "$WHEELS" "$BROOT"
exec 8>"$CACHE/.images.lock"; flock -w 3600 8 || die "timed out waiting for $CACHE/.images.lock"

# Paths buildah writes outside its --root, removed afterwards when they did not exist before.
OUTSIDE=(/etc/cni /var/lib/containers /var/tmp/buildah-cache-0 /run/containers /var/lib/cni)
ABSENT=()
for p in "${OUTSIDE[@]}"; do [ -e "$p" ] || ABSENT+=("$p"); done
cleanup_outside() {
  local p; for p in "${ABSENT[@]}"; do rm -rf "$p"; done
  ip link show cni-podman0 >/dev/null 2>&1 && ip link delete cni-podman0 || true
}
trap 'rc=$?; cleanup_outside; [ $rc -eq 0 ] || printf "[images] FAILED (exit %s) after %ss\n" "$rc" "$(( $(date +%s) - T_START ))" >&2' EXIT

BUILDAH=(buildah --root "$BROOT/storage" --runroot "$BROOT/run" --storage-driver overlay)
SUMMARY=()
record() { SUMMARY+=("$(printf '%-14s %-8s %5ss %8s' "$1" "$2" "$3" "${4:-}")"); log "$1: $2 in $3s ${4:-}"; }
size_of() { du -m "$1" | awk '{print $1 " MiB"}'; }

mirror() { # the Debian mirror apt already uses
  local m
  m=$(grep -h -m1 '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | head -1)
  [ -n "$m" ] || m=$(awk '$1=="deb" && $3=="bookworm" {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
  echo "${m:-http://deb.debian.org/debian}"
}

# ----------------------------------------------------------------------------------------- base trees
in_chroot() { # TREE CMD...: /proc and the host's resolver for apt (Debian mirror only), undone afterwards
  local t="$1"; shift
  mount -t proc proc "$t/proc"
  cp /etc/resolv.conf "$t/etc/resolv.conf"
  printf '#!/bin/sh\nexit 101\n' >"$t/usr/sbin/policy-rc.d"; chmod 755 "$t/usr/sbin/policy-rc.d"
  local rc=0
  chroot "$t" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@" || rc=$?
  umount "$t/proc" || umount -l "$t/proc"
  rm -f "$t/usr/sbin/policy-rc.d"; : >"$t/etc/resolv.conf"
  return $rc
}

base_tree() { # NAME PACKAGES... -> $ROOTFS/NAME (minbase + packages), cached with a marker
  local name="$1"; shift
  local t="$ROOTFS/$name" want="bookworm minbase $*" t0
  t0=$(date +%s)
  if [ -f "$t/.llmgw-tree" ] && [ "$(cat "$t/.llmgw-tree")" = "$want" ]; then
    record "tree $name" reused "$(( $(date +%s) - t0 ))"; return 0
  fi
  if [ ! -f "$ROOTFS/minbase/.llmgw-tree" ]; then
    rm -rf "$ROOTFS/minbase.tmp"
    log "debootstrap --variant=minbase bookworm ($(mirror)); about 2 min"
    debootstrap --variant=minbase bookworm "$ROOTFS/minbase.tmp" "$(mirror)" >"$ROOTFS/debootstrap.log" 2>&1 \
      || { tail -20 "$ROOTFS/debootstrap.log" >&2; die "debootstrap failed"; }
    rm -rf "$ROOTFS/minbase.tmp/var/cache/apt/archives/"*.deb "$ROOTFS/minbase.tmp/var/lib/apt/lists/"*
    echo "bookworm minbase " >"$ROOTFS/minbase.tmp/.llmgw-tree"
    rm -rf "$ROOTFS/minbase"; mv "$ROOTFS/minbase.tmp" "$ROOTFS/minbase"
  fi
  if [ $# -gt 0 ]; then
    rm -rf "$t.tmp"; cp -a "$ROOTFS/minbase" "$t.tmp"
    log "tree $name: apt-get install $*"
    in_chroot "$t.tmp" sh -c "apt-get update -q && apt-get install -y -q --no-install-recommends $* && apt-get clean" \
      >"$ROOTFS/$name.log" 2>&1 || { tail -20 "$ROOTFS/$name.log" >&2; die "installing $* in $name failed"; }
    rm -rf "$t.tmp/var/lib/apt/lists/"* "$t.tmp/var/cache/apt/"*.bin
    echo "$want" >"$t.tmp/.llmgw-tree"
    rm -rf "$t"; mv "$t.tmp" "$t"
  fi
  record "tree $name" built "$(( $(date +%s) - t0 ))"
}

# A buildah image from a tree (no RUN: a plain copy of the files).
tree_image() { # TREE IMAGE
  local c mnt
  "${BUILDAH[@]}" rmi -f "$2" >/dev/null 2>&1 || true
  c=$("${BUILDAH[@]}" from scratch)
  mnt=$("${BUILDAH[@]}" mount "$c")
  tar -C "$1" --exclude=./.llmgw-tree --exclude=./proc/* -cf - . | tar -C "$mnt" -xf -
  "${BUILDAH[@]}" umount "$c" >/dev/null
  "${BUILDAH[@]}" config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --env LANG=C.UTF-8 "$c"
  "${BUILDAH[@]}" commit --rm -q "$c" "$2" >/dev/null
}

hash_inputs() { # files/dirs... -> one sha256 of names and contents
  local f
  for f in "$@"; do
    if [ -d "$f" ]; then find "$f" -type f -print0 | sort -z | xargs -0 sha256sum; else sha256sum "$f"; fi
  done | sha256sum | cut -c1-16
}

# build_image NAME IMAGE-REF KEY CMD...: runs CMD (which makes IMAGE-REF in buildah storage) unless
# NAME.oci.tar exists for KEY, then writes the archive.
build_image() {
  local name="$1" ref="$2" key="$3"; shift 3
  local out="$IMAGES/$name.oci.tar" t0
  t0=$(date +%s)
  if [ -f "$out" ] && [ "$(cat "$IMAGES/$name.key" 2>/dev/null)" = "$key" ]; then
    record "$name" reused "$(( $(date +%s) - t0 ))" "$(size_of "$out")"; return 0
  fi
  "$@" || die "building $name failed"
  rm -f "$out.tmp"
  "${BUILDAH[@]}" push -q "$ref" "oci-archive:$out.tmp:$ref" >/dev/null || die "saving $name failed"
  mv -f "$out.tmp" "$out"; echo "$key" >"$IMAGES/$name.key"
  record "$name" built "$(( $(date +%s) - t0 ))" "$(size_of "$out")"
}

bud() { # CONTEXT CONTAINERFILE TAG ARGS...
  local ctx="$1" file="$2" tag="$3"; shift 3
  # chroot isolation (no runc namespaces, no CNI bridge); it only allows the host network, but no step
  # fetches anything: pip runs --no-index and Maven -o. --pull-never: every base is local.
  "${BUILDAH[@]}" bud -q --layers=false --pull-never --network host --isolation chroot \
    -f "$file" -t "$tag" "$@" "$ctx" >/dev/null
}

want() { [ $# -eq 0 ] && return 0; local w="$1"; shift; for n in "${SELECTED[@]}"; do [ "$n" = "$w" ] && return 0; done; return 1; }
SELECTED=("$@")
sel() { [ ${#SELECTED[@]} -eq 0 ] && return 0; want "$1" "${SELECTED[@]}"; }

# ----------------------------------------------------------------------------------------------- pause
if sel pause; then
  [ -x "${LLMGW_PAUSE:-}" ] || die "no pause binary: run scripts/provision-node.sh"
  ctx=$(mktemp -d); cp "$LLMGW_PAUSE" "$ctx/pause"; cp images/pause/Containerfile "$ctx/"
  build_image pause "$PAUSE_NAME" "$(hash_inputs "$LLMGW_PAUSE" images/pause/Containerfile)" \
    bud "$ctx" "$ctx/Containerfile" "$PAUSE_NAME"
  rm -rf "$ctx"
fi

# -------------------------------------------------------------------------------------------- operator
if sel operator; then
  base_tree jdk17 openjdk-17-jdk-headless
  base_tree jre17 openjdk-17-jre-headless
  key=$(hash_inputs Dockerfile pom.xml .mvn mvnw src deploy "$ROOTFS/jdk17/.llmgw-tree" "$ROOTFS/jre17/.llmgw-tree")
  if ! { [ -f "$IMAGES/operator.oci.tar" ] && [ "$(cat "$IMAGES/operator.key" 2>/dev/null)" = "$key" ]; }; then
    tree_image "$ROOTFS/jdk17" localhost/llmgw/base-jdk17:bookworm
    tree_image "$ROOTFS/jre17" localhost/llmgw/base-jre17:bookworm
  fi
  [ -d "$HOME/.m2/repository" ] || die "no $HOME/.m2/repository: run ./mvnw package once (the image build is offline)"
  # The Dockerfile as users build it, on the local bases; Maven offline against the host's repository and
  # wrapper distribution, mounted into the build.
  build_image operator "$OPERATOR_NAME" "$key" bud "$REPO" "$REPO/Dockerfile" "$OPERATOR_NAME" \
    --build-arg BUILD_IMAGE=localhost/llmgw/base-jdk17:bookworm \
    --build-arg RUNTIME_IMAGE=localhost/llmgw/base-jre17:bookworm \
    --build-arg MAVEN_USER_HOME=/host-m2 \
    --build-arg "MAVEN_ARGS=-o -Dmaven.repo.local=/host-m2/repository" \
    -v "$HOME/.m2:/host-m2"
fi

# --------------------------------------------------------------------------- python-based: litellm, stub
if sel litellm || sel stub-openai; then
  base_tree python python3 python3-venv
fi
if sel litellm; then
  # The acceptance tier's pins (scripts/provision-litellm.sh), as wheels for Debian's python3.11.
  pins=("litellm[proxy]==$LITELLM_VERSION")
  # (pytest is the test runner's, not the proxy's)
  while IFS= read -r line; do pins+=("$line"); done < <(sed -n '/^EXTRA_PINS=(/,/^)/{s/#.*//;p}' scripts/provision-litellm.sh \
    | grep -o '"[^"]*"' | tr -d '"' | grep -Ev '^pytest==')
  # Wheels for the image's interpreter, exactly (markers such as python_full_version < "3.11.3" matter).
  pyver=$(chroot "$ROOTFS/python" python3 -c 'import platform; print(platform.python_version())')
  # pip evaluates python_full_version markers against the host's interpreter, not --python-version: redis
  # needs async-timeout below 3.11.3 (Debian has 3.11.2), so download it explicitly.
  marker_extras="async-timeout>=4.0.3"
  wh="$WHEELS/litellm-py$pyver-x1-$(printf '%s\n' "${pins[@]}" | sha256sum | cut -c1-12)"
  t0=$(date +%s)
  if [ -f "$wh/.complete" ]; then
    record "wheels" reused "$(( $(date +%s) - t0 ))" "$(du -sm "$wh" | awk '{print $1" MiB"}')"
  else
    rm -rf "$wh.tmp"; mkdir -p "$wh.tmp"
    python3 -m pip download -q --only-binary=:all: --python-version "$pyver" --platform manylinux2014_x86_64 \
      --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform linux_x86_64 \
      --implementation cp --abi cp311 --abi abi3 --abi none -d "$wh.tmp" "${pins[@]}" $marker_extras \
      || die "pip download of the LiteLLM pins failed"
    touch "$wh.tmp/.complete"; rm -rf "$wh"; mv "$wh.tmp" "$wh"
    record "wheels" downloaded "$(( $(date +%s) - t0 ))" "$(du -sm "$wh" | awk '{print $1" MiB"}')"
  fi
  key=$(hash_inputs images/litellm "$ROOTFS/python/.llmgw-tree" <(printf '%s\n' "${pins[@]}"))
  build_litellm() {
    local ctx; ctx=$(mktemp -d)
    cp -al "$wh" "$ctx/wheels" 2>/dev/null || cp -a "$wh" "$ctx/wheels"
    printf '%s\n' "${pins[@]}" >"$ctx/requirements.txt"
    cp images/litellm/Containerfile images/litellm/prod_entrypoint.sh "$ctx/"
    tree_image "$ROOTFS/python" localhost/llmgw/base-python:bookworm
    bud "$ctx" "$ctx/Containerfile" "$LITELLM_NAME" --build-arg "LITELLM_VERSION=$LITELLM_VERSION"
    local rc=$?; rm -rf "$ctx"; return $rc
  }
  build_image litellm "$LITELLM_NAME" "$key" build_litellm
fi
if sel stub-openai; then
  key=$(hash_inputs images/stub-openai acceptance/stub_openai.py "$ROOTFS/python/.llmgw-tree")
  build_stub() {
    local ctx; ctx=$(mktemp -d)
    cp images/stub-openai/Containerfile images/stub-openai/serve.py acceptance/stub_openai.py "$ctx/"
    "${BUILDAH[@]}" inspect localhost/llmgw/base-python:bookworm >/dev/null 2>&1 \
      || tree_image "$ROOTFS/python" localhost/llmgw/base-python:bookworm
    bud "$ctx" "$ctx/Containerfile" "$STUB_NAME"
    local rc=$?; rm -rf "$ctx"; return $rc
  }
  build_image stub-openai "$STUB_NAME" "$key" build_stub
fi

# ----------------------------------------------------------------------------------------------- redis
if sel redis; then
  base_tree redis redis-server
  key=$(hash_inputs images/redis "$ROOTFS/redis/.llmgw-tree")
  build_redis() {
    tree_image "$ROOTFS/redis" localhost/llmgw/base-redis:bookworm
    bud "$REPO/images/redis" "$REPO/images/redis/Containerfile" "$REDIS_NAME"
  }
  build_image redis "$REDIS_NAME" "$key" build_redis
fi

# ------------------------------------------------------------------------------------------ CloudNativePG
if sel cloudnative-pg; then
  # shellcheck disable=SC1091
  [ -f "$CACHE/cnpg.env" ] && . "$CACHE/cnpg.env"
  [ -x "${LLMGW_CNPG_MANAGER:-}" ] && [ "${LLMGW_CNPG_VERSION:-}" = "$CNPG_VERSION" ] \
    || die "no CloudNativePG $CNPG_VERSION manager: run scripts/provision-cnpg.sh"
  base_tree minbase
  key=$(hash_inputs images/cloudnative-pg "$LLMGW_CNPG_MANAGER" "$ROOTFS/minbase/.llmgw-tree")
  build_cnpg() {
    local ctx; ctx=$(mktemp -d)
    cp "$LLMGW_CNPG_MANAGER" "$ctx/manager"; cp images/cloudnative-pg/Containerfile "$ctx/"
    tree_image "$ROOTFS/minbase" localhost/llmgw/base-minbase:bookworm
    bud "$ctx" "$ctx/Containerfile" "$CNPG_NAME"
    local rc=$?; rm -rf "$ctx"; return $rc
  }
  build_image cloudnative-pg "$CNPG_NAME" "$key" build_cnpg
fi
if sel postgresql; then
  base_tree postgresql "postgresql-$PG_MAJOR" python3 python3-venv python3-psycopg2
  # barman-cloud's pinned closure as wheels for the tree's interpreter, downloaded once (cached by the pins).
  pyver=$(chroot "$ROOTFS/postgresql" python3 -c 'import platform; print(platform.python_version())')
  bwh="$WHEELS/barman-py$pyver-$(grep -v '^#' images/postgresql/barman-requirements.txt | sha256sum | cut -c1-12)"
  t0=$(date +%s)
  if [ -f "$bwh/.complete" ]; then
    record "barman wheels" reused "$(( $(date +%s) - t0 ))" "$(du -sm "$bwh" | awk '{print $1" MiB"}')"
  else
    rm -rf "$bwh.tmp"; mkdir -p "$bwh.tmp"
    # --no-deps: the file is the whole closure (psycopg2 excepted: Debian's, in the tree).
    python3 -m pip download -q --no-deps --only-binary=:all: --python-version "$pyver" --platform linux_x86_64 \
      --platform manylinux2014_x86_64 --implementation cp --abi cp311 --abi none -d "$bwh.tmp" \
      -r images/postgresql/barman-requirements.txt || die "pip download of barman-cloud failed"
    touch "$bwh.tmp/.complete"; rm -rf "$bwh"; mv "$bwh.tmp" "$bwh"
    record "barman wheels" downloaded "$(( $(date +%s) - t0 ))" "$(du -sm "$bwh" | awk '{print $1" MiB"}')"
  fi
  key=$(hash_inputs images/postgresql "$ROOTFS/postgresql/.llmgw-tree")
  build_postgresql() {
    local ctx; ctx=$(mktemp -d)
    cp -al "$bwh" "$ctx/wheels" 2>/dev/null || cp -a "$bwh" "$ctx/wheels"
    cp images/postgresql/Containerfile images/postgresql/barman-requirements.txt "$ctx/"
    tree_image "$ROOTFS/postgresql" localhost/llmgw/base-postgresql:bookworm
    bud "$ctx" "$ctx/Containerfile" "$POSTGRES_NAME" --build-arg "PG_MAJOR=$PG_MAJOR"
    local rc=$?; rm -rf "$ctx"; return $rc
  }
  build_image postgresql "$POSTGRES_NAME" "$key" build_postgresql
fi
if sel versitygw; then
  # shellcheck disable=SC1091
  [ -f "$CACHE/versitygw.env" ] && . "$CACHE/versitygw.env"
  [ -x "${LLMGW_VERSITYGW:-}" ] || die "no versitygw: run scripts/provision-versitygw.sh"
  [ "${LLMGW_VERSITYGW_VERSION#v}" = "${VERSITYGW_NAME##*:}" ] || die "versitygw ${LLMGW_VERSITYGW_VERSION} is not ${VERSITYGW_NAME##*:}"
  base_tree minbase
  key=$(hash_inputs images/versitygw "$LLMGW_VERSITYGW" "$ROOTFS/minbase/.llmgw-tree")
  build_versitygw() {
    local ctx; ctx=$(mktemp -d)
    cp "$LLMGW_VERSITYGW" "$ctx/versitygw"; cp images/versitygw/Containerfile "$ctx/"
    "${BUILDAH[@]}" inspect localhost/llmgw/base-minbase:bookworm >/dev/null 2>&1 \
      || tree_image "$ROOTFS/minbase" localhost/llmgw/base-minbase:bookworm
    bud "$ctx" "$ctx/Containerfile" "$VERSITYGW_NAME"
    local rc=$?; rm -rf "$ctx"; return $rc
  }
  build_image versitygw "$VERSITYGW_NAME" "$key" build_versitygw
fi

if sel barman-plugin; then
  # shellcheck disable=SC1091
  [ -f "$CACHE/barman-plugin.env" ] && . "$CACHE/barman-plugin.env"
  [ -x "${LLMGW_BARMAN_PLUGIN:-}" ] || die "no Barman Cloud plugin: run scripts/provision-barman-plugin.sh"
  plugin_tag="${LLMGW_BARMAN_PLUGIN_VERSION#v}"
  base_tree minbase
  key=$(hash_inputs images/barman-plugin "$LLMGW_BARMAN_PLUGIN" "$ROOTFS/minbase/.llmgw-tree")
  build_barman_plugin() {
    local ctx; ctx=$(mktemp -d)
    cp "$LLMGW_BARMAN_PLUGIN" "$ctx/manager"; cp images/barman-plugin/Containerfile "$ctx/"
    "${BUILDAH[@]}" inspect localhost/llmgw/base-minbase:bookworm >/dev/null 2>&1 \
      || tree_image "$ROOTFS/minbase" localhost/llmgw/base-minbase:bookworm
    bud "$ctx" "$ctx/Containerfile" "$BARMAN_PLUGIN_REPO:$plugin_tag"
    local rc=$?; rm -rf "$ctx"; return $rc
  }
  build_image barman-plugin "$BARMAN_PLUGIN_REPO:$plugin_tag" "$key" build_barman_plugin
  # The sidecar is built FROM the postgresql image (its barman-cloud): rebuilt when that archive changes.
  [ -f "$IMAGES/postgresql.oci.tar" ] || die "no postgresql image: build it first (scripts/build-node-images.sh postgresql)"
  key=$(hash_inputs images/barman-plugin-sidecar "$LLMGW_BARMAN_PLUGIN" "$IMAGES/postgresql.key")
  build_barman_sidecar() {
    local ctx; ctx=$(mktemp -d)
    cp "$LLMGW_BARMAN_PLUGIN" "$ctx/manager"; cp images/barman-plugin-sidecar/Containerfile "$ctx/"
    "${BUILDAH[@]}" inspect "$POSTGRES_NAME" >/dev/null 2>&1 \
      || "${BUILDAH[@]}" pull -q "oci-archive:$IMAGES/postgresql.oci.tar" >/dev/null
    bud "$ctx" "$ctx/Containerfile" "$BARMAN_SIDECAR_REPO:$plugin_tag" --build-arg "BASE_IMAGE=$POSTGRES_NAME"
    local rc=$?; rm -rf "$ctx"; return $rc
  }
  build_image barman-plugin-sidecar "$BARMAN_SIDECAR_REPO:$plugin_tag" "$key" build_barman_sidecar
fi

log "summary (archives in $IMAGES):"
printf '  %s\n' "${SUMMARY[@]}"
log "total: $(( $(date +%s) - T_START ))s"
