#!/usr/bin/env bash
# Provision the LiteLLM acceptance-test toolchain, idempotently:
#   * a virtualenv OUTSIDE the repo with a pinned litellm[proxy] + test deps,
#   * Debian's redis-server (for the cache tests),
#   * ${LLMGW_CACHE}/litellm.env, to be sourced by test runners.
# Re-running is cheap: the venv is reused when its marker matches the pins.
#
# Usage: scripts/provision-litellm.sh        (env: LLMGW_CACHE, LLMGW_PYTHON, LLMGW_ENV_FILE)
set -euo pipefail

# ---- pins --------------------------------------------------------------------
# Never 1.82.7 / 1.82.8 (PyPI releases that shipped a credential stealer), never
# < 1.83.7 (CVE-2026-42208, pre-auth SQL injection in 1.81.16-1.83.6).
LITELLM_VERSION="1.108.7"
EXTRA_PINS=(
  "redis==8.1.0"
  "pytest==9.2.0"
  "pyyaml==6.0.4"
  "requests==2.34.2"
  "prometheus-client==0.26.0"   # litellm's "prometheus" callback imports it
  "prisma==0.15.0"              # in the official image; without it, auth errors become HTTP 500
  # In the official image too: the operator renders callbacks: [otel] when spec.observability.openTelemetry
  # is set, and without the SDK + OTLP exporters that callback fails the proxy's startup (ImportError).
  "opentelemetry-api==1.45.2"
  "opentelemetry-sdk==1.45.2"
  "opentelemetry-exporter-otlp==1.45.2"
)
MIN_SAFE_VERSION="1.83.7"
# -------------------------------------------------------------------------------

die() { echo "provision-litellm: ERROR: $*" >&2; exit 1; }
log() { echo "provision-litellm: $*"; }

case "$LITELLM_VERSION" in
  1.82.7|1.82.8)
    die "litellm $LITELLM_VERSION is a known-compromised PyPI release (credential stealer); refusing to install" ;;
esac
[[ "$LITELLM_VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] \
  || die "LITELLM_VERSION must be an exact release X.Y.Z, got '$LITELLM_VERSION'"
if [[ "$(printf '%s\n%s\n' "$MIN_SAFE_VERSION" "$LITELLM_VERSION" | sort -V | head -n1)" != "$MIN_SAFE_VERSION" ]]; then
  die "litellm $LITELLM_VERSION < $MIN_SAFE_VERSION is affected by CVE-2026-42208; refusing to install"
fi

CACHE="${LLMGW_CACHE:-$HOME/.cache/llmgw-operator}"
PYTHON="${LLMGW_PYTHON:-python3}"
WANT_MARKER="litellm[proxy]==$LITELLM_VERSION ${EXTRA_PINS[*]}"
# One venv per pin set: worktrees with different pins share the cache without rebuilding each other's venv.
PINS_HASH="$(printf '%s' "$WANT_MARKER" | sha256sum | cut -c1-8)"
VENV="$CACHE/litellm-venv-$LITELLM_VERSION-$PINS_HASH"
MARKER="$VENV/.llmgw-provisioned"
# LLMGW_ENV_FILE: write the env file there instead (a runner that must not read another worktree's venv
# from the shared file, e.g. scripts/acceptance.sh).
ENV_FILE="${LLMGW_ENV_FILE:-$CACHE/litellm.env}"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "$VENV/" in
  "$REPO_ROOT"/*) die "the venv ($VENV) must live outside the repository ($REPO_ROOT)" ;;
esac

mkdir -p "$CACHE"
# Serialise concurrent runs (two test sessions provisioning at once).
exec 9>"$CACHE/.provision.lock"
if command -v flock >/dev/null 2>&1; then
  flock -w 1800 9 || die "timed out waiting for $CACHE/.provision.lock"
fi

# ---- redis-server (Debian) ---------------------------------------------------
redis_installed() { dpkg-query -W -f='${Status}' redis-server 2>/dev/null | grep -q 'install ok installed'; }
if command -v redis-server >/dev/null 2>&1; then
  log "redis-server present: $(command -v redis-server)"
elif command -v dpkg-query >/dev/null 2>&1; then
  SUDO=""
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "redis-server missing and not root (no sudo): install it with apt-get"
    SUDO="sudo"
  fi
  if ! redis_installed; then
    t0=$(date +%s)
    log "redis-server missing: apt-get update + install"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-server
    log "redis-server installed in $(( $(date +%s) - t0 ))s"
  fi
  command -v redis-server >/dev/null 2>&1 || die "redis-server still not on PATH after install"
else
  die "redis-server not found and this is not a Debian system: install redis-server yourself"
fi
REDIS_SERVER="$(command -v redis-server)"

# ---- litellm venv ------------------------------------------------------------
venv_ok() {
  [[ -x "$VENV/bin/python" && -x "$VENV/bin/litellm" && -f "$MARKER" ]] || return 1
  [[ "$(cat "$MARKER")" == "$WANT_MARKER" ]] || return 1
  local got
  got="$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("litellm"))' 2>/dev/null)" || return 1
  [[ "$got" == "$LITELLM_VERSION" ]]
}

t0=$(date +%s)
if venv_ok; then
  log "reused $VENV (litellm $LITELLM_VERSION) in $(( $(date +%s) - t0 ))s"
else
  "$PYTHON" -c 'import sys; assert (3,10) <= sys.version_info[:2] < (3,16), sys.version' \
    || die "$PYTHON must be Python >=3.10,<3.16 for litellm $LITELLM_VERSION (set LLMGW_PYTHON)"
  log "creating $VENV with $("$PYTHON" --version 2>&1)"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
  "$VENV/bin/python" -m pip install -q "litellm[proxy]==$LITELLM_VERSION" "${EXTRA_PINS[@]}"
  got="$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("litellm"))')"
  [[ "$got" == "$LITELLM_VERSION" ]] || die "installed litellm is $got, expected $LITELLM_VERSION"
  case "$got" in 1.82.7|1.82.8) rm -rf "$VENV"; die "compromised litellm $got ended up installed; venv removed" ;; esac
  [[ -x "$VENV/bin/litellm" ]] || die "$VENV/bin/litellm missing after install"
  "$VENV/bin/python" -m pip freeze > "$VENV/.llmgw-freeze.txt"
  printf '%s' "$WANT_MARKER" > "$MARKER"
  log "installed litellm $LITELLM_VERSION into $VENV in $(( $(date +%s) - t0 ))s"
fi

# ---- env file ----------------------------------------------------------------
mkdir -p "$(dirname "$ENV_FILE")"
tmp="$(mktemp "$(dirname "$ENV_FILE")/.litellm.env.XXXXXX")"
{
  printf 'export LLMGW_LITELLM_VENV=%q\n' "$VENV"
  printf 'export LLMGW_LITELLM_VERSION=%q\n' "$LITELLM_VERSION"
  printf 'export LLMGW_REDIS_SERVER=%q\n' "$REDIS_SERVER"
} > "$tmp"
chmod 0644 "$tmp"
mv -f "$tmp" "$ENV_FILE"
log "wrote $ENV_FILE"
