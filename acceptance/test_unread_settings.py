"""The operator's list of config keys LiteLLM accepts without reading them
(src/main/java/io/llmgw/model/UnreadSettings.java, the single source) checked against the pinned
LiteLLM: each listed key is really unread, the operator acts on each (refusal or warning, through
the real ``render``), and a proxy-wide ``tpm_limit``/``rpm_limit`` really does nothing."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

import harness
import rendered as R

UNREAD_JAVA = Path(__file__).resolve().parent.parent / "src/main/java/io/llmgw/model/UnreadSettings.java"
MASTER_KEY = "sk-test-unread-0123456789abcdef"


def unread_list() -> list[tuple[str, str, bool]]:
    """(section, key, refused) of every entry, read from the Java source (not copied here)."""
    src = UNREAD_JAVA.read_text()
    entries = re.findall(r'new Entry\((\w+), "(\w+)", (true|false),', src)
    sections = dict(re.findall(r'static final String (\w+) = "(\w+)";', src))
    assert entries, f"no Entry(...) found in {UNREAD_JAVA}: the pattern above no longer matches it"
    assert len(entries) == src.count("new Entry("), "an entry this pattern does not read"
    return [(sections[s], k, r == "true") for s, k, r in entries]


# Run in the LiteLLM venv: how load_config applies each litellm_settings key, and who reads it.
_READERS = r"""
import json, pathlib, re, sys
import litellm
keys = json.load(sys.stdin)
pkg = pathlib.Path(litellm.__file__).parent
src = "\n".join(p.read_text(errors="replace") for p in pkg.rglob("*.py"))
server = (pkg / "proxy" / "proxy_server.py").read_text()
by_name = set(re.findall(r'key == "(\w+)"', server))
generic = "setattr(litellm, key, value)" in server
out = {}
for k in keys:
    # not an assignment, and not a dotted module path (litellm.telemetry is also a subpackage)
    reads = [m.group(0) for m in re.finditer(r"litellm\." + k + r"\b(?!\s*=[^=])(?!\.)", src)]
    dynamic = re.findall(r"getattr\(\s*litellm\s*,\s*[\"']" + k + r"[\"']", src)
    out[k] = {"handled_by_name": k in by_name, "module_default": k in vars(litellm),
              "attribute_reads": len(reads), "getattr_reads": len(dynamic), "generic_setattr": generic}
print(json.dumps(out))
"""


def test_every_listed_key_is_unread_by_the_installed_litellm(litellm_venv):
    """For each litellm_settings key of the list: load_config does not handle it by name (so it
    goes through the generic ``setattr(litellm, key, value)``), litellm declares no default for it,
    and no code of the package reads ``litellm.<key>`` or ``getattr(litellm, "<key>")`` (for
    telemetry, ``litellm.telemetry.<module>`` is the telemetry subpackage, which the setattr only
    shadows on the module object: imports go through sys.modules)."""
    keys = [k for s, k, _ in unread_list() if s == "litellm_settings"]
    out = subprocess.run([str(litellm_venv / "bin" / "python"), "-c", _READERS], input=json.dumps(keys),
                         capture_output=True, text=True, timeout=180, env=harness.base_env(litellm_venv))
    assert out.returncode == 0, out.stderr[-2000:]
    found = json.loads(out.stdout.strip().splitlines()[-1])
    for k, f in found.items():
        print(f"\nlitellm_settings.{k}: {f}")
    assert all(f["generic_setattr"] for f in found.values())
    read = {k: f for k, f in found.items()
            if f["handled_by_name"] or f["module_default"] or f["attribute_reads"] or f["getattr_reads"]}
    assert not read, f"listed as unread but LiteLLM {harness.litellm_version()} reads them: {read}"


def _gateway(extra: dict) -> dict:
    return {"apiVersion": "llmgw.io/v1alpha1", "kind": "LiteLLMGateway",
            "metadata": {"name": "unread", "namespace": "ai"},
            "spec": {"models": [{"name": "m", "model": "openai/m",
                                 "apiKey": {"secretKeyRef": {"name": "k", "key": "k"}}}],
                     "litellmSettings": {"extra": extra}}}


def test_the_operator_refuses_or_warns_about_each_listed_key(tmp_path):
    """The real ``render``: a gateway setting a refused key (free-form) exits non-zero with reason
    ProxyWideLimitUnsupported naming the key; one setting every other listed key renders with one
    warning naming each."""
    entries = [(s, k, r) for s, k, r in unread_list() if s == "litellm_settings"]
    for _, key, _ in [e for e in entries if e[2]]:
        with pytest.raises(R.RenderError) as refused:
            R.render_gateway(_gateway({key: 1}), tmp_path / f"refused-{key}")
        assert "ProxyWideLimitUnsupported" in str(refused.value) and f"litellm_settings.{key} " in str(refused.value)
    warned = [k for _, k, r in entries if not r]
    out = R.render_gateway(_gateway({k: [] for k in warned}), tmp_path / "warned")
    for k in warned:
        assert f"warning: litellm_settings.{k} is not read by LiteLLM" in out.stderr, out.stderr
    print(f"\nrefused: {[k for _, k, r in entries if r]}; warned: {warned}")


CONFIG = harness.STUB_MODEL_LIST + """\
litellm_settings:
  tpm_limit: 1
  rpm_limit: 1
general_settings:
  master_key: os.environ/LITELLM_MASTER_KEY
"""


def test_a_proxy_wide_tpm_or_rpm_limit_is_not_enforced(stub, start_proxy):
    """The real proxy with ``litellm_settings.tpm_limit: 1`` and ``rpm_limit: 1`` starts without a
    word about them and then serves 4 requests (of more than 1 token each) within seconds, all
    reaching the upstream: the caps the operator now refuses would not have existed. (Master key,
    no database: key/team limits need the DB; a proxy-wide cap, were there one, would apply here.)"""
    proxy = start_proxy(CONFIG.format(api_base=stub.base_url_v1),
                        {"STUB_KEY": "sk-upstream", "LITELLM_MASTER_KEY": MASTER_KEY})
    codes, tokens = [], 0
    for i in range(4):
        r = proxy.chat("gpt-stub", f"more than one token, request {i}", key=MASTER_KEY)
        codes.append(r.status_code)
        if r.status_code == 200:
            tokens += r.json()["usage"]["total_tokens"]
    assert codes == [200] * 4, codes
    assert len(stub.requests_for(kind="chat")) == 4
    assert tokens > 1
    log = proxy.log_text()
    assert "tpm_limit" not in log and "rpm_limit" not in log, "LiteLLM said something about them after all"
    print(f"\n4 requests, {tokens} tokens within seconds past tpm_limit 1 / rpm_limit 1: all 200")
