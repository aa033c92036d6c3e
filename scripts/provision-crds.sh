#!/usr/bin/env bash
# Provision the upstream CRDs the operator creates objects of (CloudNativePG and its Barman Cloud plugin, Gateway API, Prometheus Operator,
# Cilium) from the upstream projects' own Go modules, the way envtest users do: the versions are pinned in
# scripts/upstream-crds/go.mod, `go mod download` checks every module against scripts/upstream-crds/go.sum, and
# scripts/upstream-crds/crds.txt says which files to take. Each CRD lands in the cache as <crd-name>.yaml.
#
# Idempotent: a cache whose stamp matches go.sum and crds.txt is reused without touching the network.
#
# Environment (all optional):
#   LLMGW_CACHE            cache root (default ~/.cache/llmgw-operator); the CRDs go to $LLMGW_CACHE/crds
#   LLMGW_UPSTREAM_CRDS    use this folder instead (it must already hold the CRDs; nothing is downloaded)
#
# Output: prints every CRD with its module and version, and writes $LLMGW_CACHE/crds.env (export
# LLMGW_UPSTREAM_CRDS=...) for callers to source. Never writes into the repository.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PINS="$REPO/scripts/upstream-crds"
CACHE="${LLMGW_CACHE:-$HOME/.cache/llmgw-operator}"
OUT="$CACHE/crds"
ENV_FILE="$CACHE/crds.env"

log() { printf '[crds] %s\n' "$*"; }
die() { printf '[crds] ERROR: %s\n' "$*" >&2; exit 1; }

write_env() { # folder
  mkdir -p "$CACHE"
  printf '# Written by scripts/provision-crds.sh\nexport LLMGW_UPSTREAM_CRDS=%q\n' "$1" >"$ENV_FILE.tmp.$$"
  mv -f "$ENV_FILE.tmp.$$" "$ENV_FILE"
}

list_installed() { # folder
  local f
  for f in "$1"/*.yaml; do log "  $(basename "$f" .yaml)"; done
}

if [ -n "${LLMGW_UPSTREAM_CRDS:-}" ]; then
  compgen -G "$LLMGW_UPSTREAM_CRDS/*.yaml" >/dev/null || die "LLMGW_UPSTREAM_CRDS=$LLMGW_UPSTREAM_CRDS holds no *.yaml"
  log "using LLMGW_UPSTREAM_CRDS=$LLMGW_UPSTREAM_CRDS as it is:"
  list_installed "$LLMGW_UPSTREAM_CRDS"
  write_env "$LLMGW_UPSTREAM_CRDS"
  exit 0
fi

# The stamp names exactly what the folder was made from; a change of pin or selection makes a new folder.
stamp=$(cat "$PINS/go.sum" "$PINS/crds.txt" | sha256sum | cut -c1-16)
if [ -f "$OUT/.stamp" ] && [ "$(cat "$OUT/.stamp")" = "$stamp" ]; then
  log "reusing $OUT (pins unchanged):"
  list_installed "$OUT"
  write_env "$OUT"
  exit 0
fi

command -v go >/dev/null 2>&1 || die "Go is needed to download the upstream modules (or set LLMGW_UPSTREAM_CRDS to a folder of CRDs)"
# The pins' own module, read-only: a download that does not match go.sum fails instead of being recorded.
export GOWORK=off GOFLAGS=-mod=readonly

version_of() { # module
  awk -v m="$1" '$1 == m && $2 ~ /^v/ { print $2; exit }' "$PINS/go.mod"
}

module_dir() { # module -> its folder in the module cache, after checking it against go.sum
  local json dir
  json=$(cd "$PINS" && go mod download -json "$1") || die "go mod download $1 failed: ${json:-see above}"
  if grep -q '"Error"' <<<"$json"; then die "go mod download $1: $(grep '"Error"' <<<"$json")"; fi
  dir=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$json")
  [ -d "$dir" ] || die "go mod download $1 gave no folder"
  echo "$dir"
}

crd_name() { # file -> metadata.name of the CRD it holds
  awk '/^metadata:/ { m = 1; next } m && /^[^ #]/ { m = 0 } m && /^  name:/ { print $2; exit }' "$1"
}

tmp="$OUT.tmp.$$"
rm -rf "$tmp"; mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
while read -r module folder files; do
  case "$module" in ''|'#'*) continue ;; esac
  version=$(version_of "$module")
  [ -n "$version" ] || die "$module is in crds.txt but not required in go.mod"
  dir=$(module_dir "$module")
  for file in $files; do
    src="$dir/$folder/$file"
    [ -f "$src" ] || die "$module $version has no $folder/$file"
    name=$(crd_name "$src")
    [ -n "$name" ] || die "$module $version: $folder/$file names no CRD"
    cp "$src" "$tmp/$name.yaml"
    chmod 0644 "$tmp/$name.yaml"
    log "  $name ($module $version, $folder/$file)"
  done
done <"$PINS/crds.txt"
echo "$stamp" >"$tmp/.stamp"
rm -rf "$OUT"; mv "$tmp" "$OUT"
trap - EXIT
write_env "$OUT"
log "installed $(ls "$OUT"/*.yaml | wc -l) CRDs in $OUT (source $ENV_FILE)"
