#!/usr/bin/env bash
# LiteLLM acceptance tier: provisions the pinned proxy toolchain (idempotent, cached outside the repository),
# then runs acceptance/ with it: every example rendered by the operator, run by the real LiteLLM proxy.
# Exit code = pytest's; pytest's summary line is the last thing printed. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

envfile="$(mktemp "${TMPDIR:-/tmp}/llmgw-litellm-env.XXXXXX")"
trap 'rm -f "$envfile"' EXIT
# A private env file: the shared one may name another worktree's venv (other pins).
LLMGW_ENV_FILE="$envfile" scripts/provision-litellm.sh
# shellcheck disable=SC1090
. "$envfile"
export LLMGW_LITELLM_VENV LLMGW_LITELLM_VERSION LLMGW_REDIS_SERVER

set +e
"$LLMGW_LITELLM_VENV/bin/python" -m pytest acceptance -q "$@"
rc=$?
set -e
exit "$rc"
