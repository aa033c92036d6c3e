"""Every example gateway, rendered by the real operator, run by the real pinned LiteLLM proxy.

For each examples/*.yaml (discovered, not listed here) the module-scoped ``gw`` fixture:

1. renders the example with the operator's ``render`` command twice: as committed, and from a copy
   whose models/credentials with a *plain or absent* api_base point at the local stub (the only edit
   of the input; Secret-backed api_bases get the stub URL through the Secret fixture below);
2. takes config.yaml from the ConfigMap and the litellm container's env from the proxy Deployment,
   resolving ``secretKeyRef``s from SECRET_FIXTURES (fake values for every Secret the example
   references, generated ones included), exactly as the kubelet would;
3. applies the documented output substitutions (rendered.local_run): the cache host/port (an
   in-cluster DNS name) becomes a local redis-server started with the fixture's password; DATABASE_URL,
   DISABLE_SCHEMA_UPDATE and general_settings.database_url are dropped (no Postgres/Prisma engine
   here: DB-backed features are verified on the Kubernetes side); plain env values naming in-cluster
   places are pointed at local ones (ENV_OVERRIDES);
4. starts one proxy (with the Deployment's args, e.g. --num_workers) and keeps it for the module.

What each test proves is in its docstring. Models only loaded (not called) are in ONLY_LOADED.
"""

from __future__ import annotations

import copy
import json
import re
import secrets
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

import pytest
import requests
import yaml

import harness
import rendered as R
from harness import LiteLLMProxy, RedisServer
from otlp_sink import OtlpSink
from stub_mcp import StubMCP
from stub_openai import StubOpenAI
from test_metrics_port import scrape_until

EXAMPLES = {p.stem: p for p in R.examples()}
# Test-only gateways for sections no example uses (guardrails, MCP): run exactly like the examples.
EXTRA_GATEWAYS = {p.stem: p for p in sorted((Path(__file__).parent / "gateways").glob("*.yaml"))}
assert not set(EXAMPLES) & set(EXTRA_GATEWAYS), "a test gateway shadows an example"
GATEWAYS = {**EXAMPLES, **EXTRA_GATEWAYS}

# ---- Secret fixtures: what the Secrets hold in the test "cluster" -------------------------------
# One entry per example; each Secret key the proxy Deployment references must be here.
# Generated Secrets (<gw>-keys, <gw>-cache-auth, <gw>-db-app) get fake values too.


@dataclass
class Upstreams:
    """Local stand-ins an example's Secrets may point at."""
    stub: StubOpenAI

    @property
    def base(self) -> str:           # Azure / Anthropic / Cohere / Azure AI style api_base
        return self.stub.url

    def webhook(self, name: str) -> str:
        return f"{self.stub.url}/webhook/{name}"


def _master_key() -> str:
    return "sk-" + secrets.token_hex(24)                      # LiteLLM: master key starts with sk-


def _salt_key() -> str:
    return "salt-" + secrets.token_hex(24)


def _pg(user: str, host: str, db: str) -> str:
    return f"postgresql://{user}:{secrets.token_hex(8)}@{host}:5432/{db}?sslmode=require"


SECRET_FIXTURES: dict[str, Callable[[Upstreams], dict[str, dict[str, str]]]] = {
    "quickstart": lambda u: {
        "quickstart-keys": {"master-key": _master_key(), "salt-key": _salt_key()},
        "openai": {"api-key": "sk-fixture-openai-" + secrets.token_hex(6)},
    },
    "external-services": lambda u: {
        "external-services-keys": {"master-key": _master_key(), "salt-key": _salt_key()},
        "openai": {"api-key": "sk-fixture-openai-" + secrets.token_hex(6)},
        "llm-gateway-db": {"url": _pg("litellm", "postgres.databases.svc.cluster.local", "litellm")},
        "llm-gateway-redis": {"password": "redis-pw-" + secrets.token_hex(8)},
    },
    "production": lambda u: {
        "llm-gateway-keys": {"master-key": _master_key(), "salt-key": _salt_key()},
        "llm-gateway-db-app": {"uri": _pg("app", "llm-gateway-db-rw.ai-system.svc", "app")},
        "llm-gateway-cache-auth": {"password": "dragonfly-pw-" + secrets.token_hex(8)},
        "llm-providers": {"openai-api-key": "sk-fixture-openai-" + secrets.token_hex(6),
                          "anthropic-api-key": "sk-ant-fixture-" + secrets.token_hex(6)},
        "llm-gateway-oidc": {"client-secret": "oidc-" + secrets.token_hex(8)},
        "llm-gateway-alerts": {"slack-webhook-url": u.webhook("slack-llm-gateway")},
    },
    "guardrails-mcp": lambda u: {
        "guardrails-mcp-keys": {"master-key": _master_key(), "salt-key": _salt_key()},
        "openai": {"api-key": "sk-fixture-openai-" + secrets.token_hex(6)},
    },
    "migrated-gateway": lambda u: {
        "litellm-secrets": {
            "LITELLM_MASTER_KEY": _master_key(),
            "LITELLM_SALT_KEY": _salt_key(),
            "AZURE_API_KEY": "azure-east-" + secrets.token_hex(6),
            "AZURE_API_BASE": u.base,
            "AZURE_API_KEY_EAST2": "azure-east2-" + secrets.token_hex(6),
            "AZURE_API_BASE_EAST2": u.base,
            "AZURE_ANTHROPIC_API_KEY": "azure-anthropic-" + secrets.token_hex(6),
            "AZURE_ANTHROPIC_API_BASE": u.base,
            "AZURE_COHERE_RERANK_API_KEY": "cohere-rerank-" + secrets.token_hex(6),
            "AZURE_COHERE_RERANK_API_BASE": u.base,
            "AZURE_COHERE_EMBED_API_KEY": "cohere-embed-" + secrets.token_hex(6),
            "AZURE_COHERE_EMBED_API_BASE": u.base,
            "OIDC_CLIENT_SECRET": "oidc-" + secrets.token_hex(8),
        },
        "litellm-db-app": {"uri": _pg("app", "litellm-db-rw.ai-system.svc", "app")},
        "litellm-cache-auth": {"password": "dragonfly-pw-" + secrets.token_hex(8)},
    },
}

# ---- what the stub serves, per provider prefix and model mode ------------------------------
# (provider, mode) -> the proxy route the test calls and the stub "kind" the call must arrive as.
SERVED = {
    ("openai", "chat"): "chat", ("azure", "chat"): "chat", ("anthropic", "chat"): "messages",
    ("openai", "embedding"): "embeddings", ("azure", "embedding"): "embeddings",
    ("azure_ai", "embedding"): "embeddings",
    ("cohere", "rerank"): "rerank",
    ("azure", "image_generation"): "images",
    ("azure", "responses"): "responses",
}
# Modes that are only loaded and listed, never called: the stub cannot stand in for them.
ONLY_LOADED = {
    "realtime": "Realtime is a WebSocket protocol (/v1/realtime); the HTTP stub does not speak it",
    "audio_speech": "Azure speech (azure/speech/...) is the Cognitive Services TTS endpoint returning "
                    "audio; not stubbed",
    "audio_transcription": "multipart audio upload; not stubbed",
}
# LiteLLM routing prefixes inside an Azure model name that are not part of the deployment name.
AZURE_ROUTE_PREFIXES = ("gpt5_series/", "o_series/")

# Plain env values that name places inside the cluster/pod, pointed at local ones for the run.
#  PROMETHEUS_MULTIPROC_DIR: an emptyDir mount path in the pod -> a private temp dir here.
#  OTEL_ENDPOINT: the in-cluster collector -> a local OTLP/gRPC receiver (OtlpSink).
# uvicorn's worker health check (5 s default) kills a spawning worker whose import takes longer, in a
# restart loop, on this shared 2-core machine; when the Deployment does not set it, the run adds
# TIMEOUT_WORKER_HEALTHCHECK for --num_workers > 1 (reported as a finding).
WORKER_HEALTHCHECK_SECONDS = "120"


def _spec(name: str, placeholders: Optional[dict[str, str]] = None) -> dict:
    text = GATEWAYS[name].read_text()
    for k, v in (placeholders or {}).items():
        text = text.replace("${" + k + "}", v)
    return yaml.safe_load(text)


def _provider(model: str) -> str:
    return model.split("/", 1)[0]


def _stub_base_for(stub: StubOpenAI) -> Callable[[str], str]:
    def base(model: str) -> str:
        return stub.base_url_v1 if _provider(model) == "openai" else stub.url
    return base


# ---- the per-example running gateway -------------------------------------------------------------
@dataclass
class Gateway:
    name: str
    spec: dict                      # the example as committed
    original: R.Rendered            # render of the example as committed
    rendered: R.Rendered            # render of the test copy (api_bases -> stub)
    changed_api_bases: list[str]
    secrets: dict[str, dict[str, str]]
    run: R.LocalRun
    config_path: Path
    stub: StubOpenAI
    otlp: Optional[OtlpSink]
    redis: Optional[RedisServer]
    proxy: LiteLLMProxy
    workdir: Path
    mcp: Optional[StubMCP] = None
    metrics_port: Optional[int] = None          # local stand-in for the rendered --prometheus_metrics_port
    startup_log: str = ""
    expected_errors: list[tuple[str, str]] = field(default_factory=list)   # (regex, why)
    notes: list[str] = field(default_factory=list)

    @property
    def master_key(self) -> str:
        return self.run.env["LITELLM_MASTER_KEY"]

    @property
    def config(self) -> dict:
        return self.run.config

    def secret_value(self, ref: dict) -> str:
        return self.secrets[ref["name"]][ref["key"]]

    def start_replica(self) -> LiteLLMProxy:
        metrics = harness.free_port() if self.metrics_port else None
        p = LiteLLMProxy(self.config_path, self.run.env, venv=self.proxy.venv,
                         extra_args=self.rendered.proxy_args(metrics), startup_timeout=300,
                         log_path=self.workdir / "replica.log")
        return p.start()

    def models(self) -> list[dict]:
        return self.spec["spec"]["models"]


@pytest.fixture(scope="module", params=sorted(EXAMPLES) + sorted(EXTRA_GATEWAYS), ids=lambda n: n)
def gw(request, litellm_venv, tmp_path_factory):
    name = request.param
    if name not in SECRET_FIXTURES:
        pytest.fail(f"{GATEWAYS[name]} has no Secret fixture: add SECRET_FIXTURES[{name!r}] with a "
                    "fake value for every Secret key its Deployment references", pytrace=False)
    workdir = tmp_path_factory.mktemp(f"gw-{name}")
    stub = StubOpenAI().start()
    started: list[Any] = [stub]
    try:
        mcp = None
        if "${STUB_MCP_URL}" in GATEWAYS[name].read_text():
            mcp = StubMCP().start()
            started.append(mcp)
        spec = _spec(name, {"STUB_MCP_URL": mcp.url} if mcp else None)
        test_copy, changed = R.point_models_at(spec, _stub_base_for(stub))
        original = R.render_gateway(spec, workdir / "as-committed")
        rendered = R.render_gateway(test_copy, workdir / "test-copy")
        fixture = SECRET_FIXTURES[name](Upstreams(stub))

        redis = None
        cache_pw_ref = None
        if "REDIS_PASSWORD" in {e["name"] for e in rendered.env_list}:
            cache_pw_ref = rendered.env_source("REDIS_PASSWORD")["valueFrom"]["secretKeyRef"]
        if (spec["spec"].get("cache") or {}).get("type", "None") != "None":
            pw = fixture[cache_pw_ref["name"]][cache_pw_ref["key"]] if cache_pw_ref else None
            redis = RedisServer(password=pw).start()
            started.append(redis)

        overrides: dict[str, str] = {}
        env_names = {e["name"] for e in rendered.env_list}
        if "PROMETHEUS_MULTIPROC_DIR" in env_names:
            d = workdir / "prometheus-emptydir"
            d.mkdir()
            overrides["PROMETHEUS_MULTIPROC_DIR"] = str(d)
        otlp = None
        if "OTEL_ENDPOINT" in env_names:
            otlp = OtlpSink().start()
            started.append(otlp)
            overrides["OTEL_ENDPOINT"] = otlp.endpoint
        run = R.local_run(rendered, fixture, redis=(redis.host, redis.port) if redis else None,
                          env_overrides=overrides)
        workers = int(rendered.arg("--num_workers") or 1)
        if workers > 1 and "TIMEOUT_WORKER_HEALTHCHECK" not in run.env:
            run.env["TIMEOUT_WORKER_HEALTHCHECK"] = WORKER_HEALTHCHECK_SECONDS
            run.substitutions.append(f"env TIMEOUT_WORKER_HEALTHCHECK={WORKER_HEALTHCHECK_SECONDS} added "
                                     f"(--num_workers {workers}; not set by the Deployment)")
        metrics_port = None
        if rendered.arg("--prometheus_metrics_port"):
            metrics_port = harness.free_port()
            run.substitutions.append(f"--prometheus_metrics_port {rendered.arg('--prometheus_metrics_port')} -> "
                                     f"{metrics_port} (a free local port)")
        config_path = run.dump(workdir / "config.yaml")
        (workdir / "env.json").write_text(json.dumps(run.env, indent=1))

        proxy = LiteLLMProxy(config_path, run.env, venv=litellm_venv, extra_args=rendered.proxy_args(metrics_port),
                             startup_timeout=300, log_path=workdir / "proxy.log")
        started.append(proxy)
        proxy.start()
        # Startup is over when readiness answers (the Deployment's readiness probe path).
        _wait_ok(proxy, rendered.probe("readinessProbe")["httpGet"]["path"])
        g = Gateway(name=name, spec=spec, original=original, rendered=rendered, changed_api_bases=changed,
                    secrets=fixture, run=run, config_path=config_path, stub=stub, otlp=otlp, redis=redis,
                    proxy=proxy, workdir=workdir, mcp=mcp, metrics_port=metrics_port)
        g.startup_log = proxy.log_text()
        for m in spec["spec"]["models"]:
            name_part = m["model"].split("/", 1)[1]
            if _provider(m["model"]) == "azure" and name_part.startswith(AZURE_ROUTE_PREFIXES) and not m.get("baseModel"):
                g.expected_errors.append((re.escape(f"Could not identify azure model '{name_part}'"),
                                          "azure model with a LiteLLM route prefix (gpt5_series/...) and no "
                                          "baseModel: LiteLLM cannot look up its limits (finding, see report)"))
        print(f"\n[{name}] proxy up in {proxy.startup_seconds:.1f}s ({' '.join(rendered.proxy_args(metrics_port)) or '1 worker'}); "
              f"api_base -> stub for: {', '.join(changed) or 'none (all Secret-backed)'}; "
              f"substitutions: {'; '.join(run.substitutions) or 'none'}")
        yield g
        failed = any(getattr(i, "rep_call", None) is not None and i.rep_call.failed
                     for i in request.session.items if name in i.nodeid)
        if failed:
            print(f"\n--- [{name}] litellm log tail ({proxy.log_path}) ---\n{proxy.log_tail(150)}")
    finally:
        for s in reversed(started):
            s.stop()


def _wait_ok(proxy: LiteLLMProxy, path: str, timeout: float = 60) -> requests.Response:
    deadline = time.monotonic() + timeout
    while True:
        r = proxy.get(path)
        if r.status_code == 200 or time.monotonic() > deadline:
            return r
        time.sleep(0.5)


def _unique(tag: str) -> str:
    return f"{tag} {uuid.uuid4().hex[:12]}"


# ---- log parsing -----------------------------------------------------------------------------------
_PLAIN_START = re.compile(r"^(\d\d:\d\d:\d\d - |(INFO|WARNING|ERROR|DEBUG|CRITICAL):\s)")
_PLAIN_LEVEL = re.compile(r"^\d\d:\d\d:\d\d - [^:]+:(?P<level>[A-Z]+):|^(?P<uv>INFO|WARNING|ERROR|CRITICAL):\s")


@dataclass
class LogRecord:
    level: str
    text: str


def log_records(text: str) -> list[LogRecord]:
    """JSON log lines (json_logs) and plain LiteLLM/uvicorn lines with their continuation lines."""
    out: list[LogRecord] = []
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("{") and s.endswith("}"):
            try:
                obj = json.loads(s)
            except ValueError:
                obj = None
            if isinstance(obj, dict) and "level" in obj:
                body = str(obj.get("message", "")) + "\n" + str(obj.get("stacktrace", "") or "")
                out.append(LogRecord(str(obj["level"]).upper(), body))
                continue
        m = _PLAIN_LEVEL.match(line)
        if m:
            out.append(LogRecord(m.group("level") or m.group("uv"), line))
        elif _PLAIN_START.match(line) or not out:
            out.append(LogRecord("OTHER", line))
        else:
            out[-1].text += "\n" + line            # continuation (traceback lines, wrapped messages)
    for r in out:
        if r.level == "OTHER" and "Traceback (most recent call last)" in r.text:
            r.level = "ERROR"
    return out


def errors_in(text: str) -> list[LogRecord]:
    return [r for r in log_records(text) if r.level in ("ERROR", "CRITICAL")
            or (r.level not in ("DEBUG", "INFO", "WARNING") and "Traceback (most recent call last)" in r.text)]


def warnings_in(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for r in log_records(text):
        if r.level == "WARNING":
            msg = re.sub(r"^\d\d:\d\d:\d\d - [^:]+:WARNING: \S+ - ", "", r.text.strip().splitlines()[0])
            seen.setdefault(msg[:300])
    return list(seen)


# =====================================================================================================
# 1. The bridge: the proxy runs what the operator renders, with only the documented substitutions.
# =====================================================================================================
def test_bridge_changes_only_the_documented_values(gw: Gateway):
    """The run's config.yaml/env are the operator's output: the test copy renders the same objects
    as the committed example except api_base values; every Secret key the Deployment references is
    in the fixture; every os.environ/NAME in config.yaml is defined in the container env."""
    orig, test = gw.original.config, gw.rendered.config
    stripped = copy.deepcopy(test)
    for m_orig, m_test in zip(orig["model_list"], stripped["model_list"]):
        if "api_base" not in m_orig["litellm_params"]:
            m_test["litellm_params"].pop("api_base", None)
    for c_orig, c_test in zip(orig.get("credential_list") or [], stripped.get("credential_list") or []):
        if "api_base" not in c_orig["credential_values"]:
            c_test["credential_values"].pop("api_base", None)
    assert stripped == orig, "the test copy renders a config that differs beyond api_base"
    assert gw.rendered.env_list == gw.original.env_list, "the test copy changed the container env"
    assert gw.rendered.container.get("args") == gw.original.container.get("args")

    refs = gw.rendered.secret_refs()
    missing = [f"{s}/{k}" for s, k in refs if k not in gw.secrets.get(s, {})]
    assert not missing, f"Secret keys without a fixture value: {missing}"

    raw = gw.rendered.config_text
    names = set(re.findall(r"os\.environ/([A-Za-z_][A-Za-z0-9_]*)", raw))
    env_names = {e["name"] for e in gw.rendered.env_list}
    assert names <= env_names, f"config.yaml refers to variables the Deployment does not set: {names - env_names}"
    # The run's config differs from the rendered one only by the substitutions local_run documents.
    print(f"\n[{gw.name}] Secrets resolved: {sorted({s for s, _ in refs})}; "
          f"substitutions: {gw.run.substitutions}")


def test_validate_config(gw: Gateway):
    """``litellm --config F --validate_config`` accepts the rendered config (the pinned version has it).

    Known LiteLLM 1.108.7 defect: with ``mcp_servers`` set, --validate_config never exits (load_config
    starts fetching the servers' tools; asyncio.run() then hangs cancelling that task). Such a config is
    validated without mcp_servers here; the running proxy loads the full config (and the MCP test uses it)."""
    path = gw.config_path
    if gw.config.get("mcp_servers"):
        trimmed = {k: v for k, v in gw.config.items() if k != "mcp_servers"}
        path = gw.workdir / "config-without-mcp_servers.yaml"
        path.write_text(yaml.safe_dump(trimmed, sort_keys=False))
        gw.notes.append("--validate_config hangs with mcp_servers (LiteLLM 1.108.7): validated without them")
    res = harness.validate_config(path, gw.run.env, venv=gw.proxy.venv)
    if not res.supported:
        pytest.skip("this litellm has no --validate_config")
    verdict = [ln.strip() for ln in res.output.splitlines() if "LiteLLM: config" in ln]
    print(f"\n[{gw.name}] --validate_config rc={res.returncode}: {verdict[-1] if verdict else res.output[-300:]}")
    assert res.returncode == 0, res.output[-3000:]


# Run in the LiteLLM venv, once per session: importing litellm and reading the proxy's sources takes 15-40 s on
# 2 cores, so one process answers for every example (a JSON config a line in, a verdict a line out).
_KEY_CHECK = r"""
import json, pathlib, re, sys
import litellm
from litellm.constants import ROUTER_SETTINGS_MANAGED_OUTSIDE_CONFIG
proxy_dir = pathlib.Path(litellm.__file__).parent / "proxy"
proxy_src = "\n".join(p.read_text(errors="replace") for p in proxy_dir.rglob("*.py"))
server_src = (proxy_dir / "proxy_server.py").read_text()
by_name = set(re.findall(r'key == "(\w+)"', server_src))        # litellm_settings keys handled by name
router_ok = set(litellm.Router.get_valid_args()) - set(ROUTER_SETTINGS_MANAGED_OUTSIDE_CONFIG)
read = lambda k: f'"{k}"' in proxy_src or f"'{k}'" in proxy_src
for line in sys.stdin:
    cfg = json.loads(line)
    print("UNREAD " + json.dumps({
        "litellm_settings": [k for k in cfg.get("litellm_settings") or {} if not hasattr(litellm, k) and k not in by_name],
        "router_settings": [k for k in cfg.get("router_settings") or {} if k not in router_ok],
        "general_settings": [k for k in cfg.get("general_settings") or {} if not read(k)],
    }), flush=True)
"""


@pytest.fixture(scope="session")
def unread_keys(litellm_venv, tmp_path_factory):
    """unread_keys(config) -> {section: [keys LiteLLM does not read]}, from one long-lived checker process."""
    import subprocess
    stderr_path = tmp_path_factory.mktemp("key-check") / "stderr.log"
    stderr = stderr_path.open("w")        # a file, not a pipe: litellm's warnings must never fill a pipe and block it
    proc = subprocess.Popen([str(litellm_venv / "bin" / "python"), "-c", _KEY_CHECK], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=stderr, text=True, env=harness.base_env(litellm_venv))

    def check(config: dict) -> dict:
        proc.stdin.write(json.dumps(config) + "\n")
        proc.stdin.flush()
        for line in proc.stdout:          # litellm may print its own lines first
            if line.startswith("UNREAD "):
                return json.loads(line[len("UNREAD "):])
        raise AssertionError(f"the key checker exited ({proc.wait()}): {stderr_path.read_text()[-2000:]}")

    try:
        yield check
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        stderr.close()


def test_every_rendered_setting_is_read_by_litellm(gw: Gateway, unread_keys):
    """Each key of litellm_settings / router_settings / general_settings is one LiteLLM 1.108.7 reads:
    litellm_settings keys must be litellm attributes or handled by name by the proxy (others are set
    as unused attributes, silently); router_settings keys must be Router arguments (others are dropped
    with a warning, also checked in the log); general_settings keys must appear in the proxy's source.
    No exception: the keys known to be unread (src/main/java/io/llmgw/model/UnreadSettings.java) are
    refused or warned about by the operator and no example renders one (test_unread_settings.py)."""
    unread = unread_keys(gw.rendered.config)
    found = [(section, k) for section, keys in unread.items() for k in keys]
    dropped = re.findall(r"Key '(\w+)' is not a valid argument for Router.__init__\(\)", gw.startup_log)
    assert not dropped, f"router_settings keys dropped by the proxy: {dropped}"
    assert not found, f"rendered keys LiteLLM does not read: {found}"
    assert "is not read by LiteLLM" not in gw.original.stderr, gw.original.stderr


# =====================================================================================================
# 2. Startup: every model loaded and listed; probes answer; the startup log is clean.
# =====================================================================================================
def test_lists_every_model(gw: Gateway):
    """/v1/models (master key) lists every model of the example, and /v1/model/info has every
    deployment id the operator rendered (LiteLLM silently skips invalid deployments). Without a key: 401."""
    want_names = [m["name"] for m in gw.models()]
    r = gw.proxy.get("/v1/models", key=gw.master_key)
    assert r.status_code == 200, r.text
    listed = [m["id"] for m in r.json()["data"]]
    assert sorted(listed) == sorted(want_names)

    r = gw.proxy.get("/v1/model/info", key=gw.master_key)
    assert r.status_code == 200, r.text
    loaded = {d["model_info"]["id"]: d["model_name"] for d in r.json()["data"]}
    rendered_ids = {str(m["model_info"]["id"]): m["model_name"] for m in gw.config["model_list"]}
    assert loaded == rendered_ids

    only_loaded = [(m["name"], m.get("mode")) for m in gw.models() if m.get("mode") in ONLY_LOADED]
    if only_loaded:
        print(f"\n[{gw.name}] only loaded and listed (not called): "
              + "; ".join(f"{n} ({mode}: {ONLY_LOADED[mode]})" for n, mode in only_loaded))

    r = gw.proxy.get("/v1/models")
    assert r.status_code == 401, r.text
    gw.expected_errors.append((r"Malformed API Key|No api key passed in|Authentication Error",
                               "the test's own unauthenticated request"))


def test_probes_answer_as_the_deployment_expects(gw: Gateway):
    """The Deployment's startup/liveness/readiness httpGet probes succeed (2xx) on the running proxy.
    Readiness reports no database: DATABASE_URL is dropped for the local run (no Postgres/Prisma
    here); the database side of readiness is verified on Kubernetes."""
    for kind in ("startupProbe", "livenessProbe", "readinessProbe"):
        probe = gw.rendered.probe(kind)
        assert probe["httpGet"]["port"] in (4000, "http")
        r = gw.proxy.get(probe["httpGet"]["path"], timeout=probe.get("timeoutSeconds", 1))
        assert 200 <= r.status_code < 400, f"{kind} {probe['httpGet']['path']}: {r.status_code} {r.text}"
    ready = gw.proxy.get(gw.rendered.probe("readinessProbe")["httpGet"]["path"]).json()
    assert ready["status"] == "healthy", ready
    assert ready["db"] == "Not connected", ready     # no DB in the local run, whatever the example says
    live = gw.proxy.get(gw.rendered.probe("livenessProbe")["httpGet"]["path"])
    assert "alive" in live.text.lower()


def test_startup_log_has_no_errors(gw: Gateway):
    """From start to ready the proxy logs no ERROR and no traceback: every section of the rendered
    config (router, cache, callbacks, alerting, SSO/JWT, ...) was accepted. Warnings are printed."""
    errs = errors_in(gw.startup_log)
    warns = warnings_in(gw.startup_log)
    print(f"\n[{gw.name}] startup warnings ({len(warns)}):" + "".join(f"\n  - {w}" for w in warns))
    assert not errs, "errors in the startup log:\n" + "\n---\n".join(e.text[:2000] for e in errs)


# =====================================================================================================
# 3. Requests reach the upstream with the right model, api-version and credential.
# =====================================================================================================
def _expected_upstream(gw: Gateway, m: dict) -> dict:
    """From the example spec: upstream model name, api-version and the Secret value of the api key."""
    creds = {c["name"]: c for c in gw.spec["spec"].get("credentials") or []}
    cred = creds.get(m.get("credential")) or {}
    key_src = m.get("apiKey") or cred.get("apiKey")
    ver_src = m.get("apiVersion") or cred.get("apiVersion")
    provider, name = m["model"].split("/", 1)
    if provider == "azure":
        for p in AZURE_ROUTE_PREFIXES:
            name = name.removeprefix(p)
    key = None
    if key_src:
        key = gw.secret_value(key_src["secretKeyRef"]) if key_src.get("secretKeyRef") else key_src.get("value")
    version = None
    if ver_src:
        version = gw.secret_value(ver_src["secretKeyRef"]) if ver_src.get("secretKeyRef") else ver_src.get("value")
    return {"model": name, "api_version": version, "api_key": key, "provider": provider}


def _call(gw: Gateway, m: dict, text: str) -> requests.Response:
    mode = m.get("mode") or "chat"
    p = gw.proxy
    if mode == "chat":
        return p.chat(m["name"], text, key=gw.master_key)
    if mode == "embedding":
        return p.post("/v1/embeddings", {"model": m["name"], "input": text}, key=gw.master_key)
    if mode == "rerank":
        return p.post("/v1/rerank", {"model": m["name"], "query": text, "documents": ["alpha", "beta"]},
                      key=gw.master_key)
    if mode == "image_generation":
        return p.post("/v1/images/generations", {"model": m["name"], "prompt": text}, key=gw.master_key)
    if mode == "responses":
        return p.post("/v1/responses", {"model": m["name"], "input": text}, key=gw.master_key)
    raise AssertionError(f"no call for mode {mode}")


def test_requests_reach_the_upstream_with_the_right_model_version_and_credential(gw: Gateway):
    """Every model the stub can serve (chat, embeddings, rerank, images, responses over openai/, azure/,
    anthropic/, cohere/, azure_ai/) is called through the proxy with the master key. The stub sees:
    the upstream model (Azure: the deployment in the path), the api-version the spec gives (Azure),
    and as credential the fixture value of exactly the Secret key the spec names (api-key / x-api-key /
    Bearer); the master key never leaves the proxy."""
    rows, problems = [], []
    for m in gw.models():
        mode = m.get("mode") or "chat"
        kind = SERVED.get((_provider(m["model"]), mode))
        if kind is None:
            assert mode in ONLY_LOADED, f"{m['name']}: mode {mode} of {m['model']} is neither served nor only-loaded"
            rows.append(f"{m['name']:24} only loaded ({mode})")
            continue
        want = _expected_upstream(gw, m)
        gw.stub.clear()
        text = _unique(f"hello {m['name']}")
        r = _call(gw, m, text)
        got = [q for q in gw.stub.requests if q.kind not in ("models", "webhook")]
        if r.status_code != 200:
            problems.append(f"{m['name']}: HTTP {r.status_code} {r.text[:300]}")
            continue
        if len(got) != 1 or got[0].kind != kind:
            problems.append(f"{m['name']}: stub saw {[(q.kind, q.path) for q in got]}, wanted one {kind}")
            continue
        q = got[0]
        checks = {"model": (q.model, want["model"]), "credential": (q.api_key, want["api_key"])}
        if want["provider"] == "azure":
            checks["api-version"] = (q.api_version, want["api_version"])
        for what, (seen, expected) in checks.items():
            if seen != expected:
                problems.append(f"{m['name']}: upstream {what} {seen!r} != {expected!r}")
        if gw.master_key in json.dumps(q.headers) or gw.master_key in q.raw_body.decode(errors="replace"):
            problems.append(f"{m['name']}: the master key reached the upstream")
        if mode == "chat" and kind == "chat":
            assert r.json()["choices"][0]["message"]["content"].startswith("stub reply #")
        rows.append(f"{m['name']:24} {mode:16} -> {q.method} {q.path}"
                    + (f"?api-version={q.api_version}" if q.api_version else "")
                    + f" model={q.model} key=<{_which_secret(gw, q.api_key)}>")
    print(f"\n[{gw.name}] upstream calls:\n  " + "\n  ".join(rows))
    assert not problems, "\n".join(problems)


def _which_secret(gw: Gateway, value: Optional[str]) -> str:
    for s, keys in gw.secrets.items():
        for k, v in keys.items():
            if v == value:
                return f"{s}/{k}"
    return "not a fixture value"


# =====================================================================================================
# 4. Cache: a repeated request is served from Redis.
# =====================================================================================================
def _cache_spec(gw: Gateway) -> dict:
    cache = gw.spec["spec"].get("cache") or {}
    if cache.get("type", "None") == "None":
        pytest.skip("the example has no cache")
    return cache


def _first_chat_model(gw: Gateway) -> dict:
    return next(m for m in gw.models()
                if (m.get("mode") or "chat") == "chat" and SERVED.get((_provider(m["model"]), "chat")))


def test_repeated_request_is_served_from_redis(gw: Gateway):
    """With the cache on, the same chat request twice reaches the stub once, and Redis (the stand-in
    for the Service the operator points at, with the password from the fixture Secret) holds the
    response under the key the proxy reports (x-litellm-cache-key, with the spec's namespace prefix).
    mode default_off (opt-in) is honoured: without ``cache: {use-cache: true}`` a repeat is not cached.
    A second proxy process on the same Redis (a second replica) answers from Redis too: LiteLLM keeps
    an in-process layer in front of Redis, so only another process proves the Redis hit."""
    cache = _cache_spec(gw)
    m = _first_chat_model(gw)
    upstream = _expected_upstream(gw, m)["model"]
    extra: dict[str, Any] = {}
    text = _unique("cache me")
    if cache.get("mode") == "default_off":
        gw.stub.clear()
        for _ in range(2):
            assert gw.proxy.chat(m["name"], text, key=gw.master_key).status_code == 200
        assert len(gw.stub.requests_for(model=upstream, kind=_kind(m))) == 2, "default_off cached without opt-in"
        extra = {"cache": {"use-cache": True}}
        text = _unique("cache me (opted in)")
    gw.stub.clear()
    r1 = gw.proxy.chat(m["name"], text, key=gw.master_key, **extra)
    r2 = gw.proxy.chat(m["name"], text, key=gw.master_key, **extra)
    assert r1.status_code == r2.status_code == 200, (r1.text, r2.text)
    assert len(gw.stub.requests_for(model=upstream, kind=_kind(m))) == 1
    assert r2.json()["id"] == r1.json()["id"]
    key = r2.headers.get("x-litellm-cache-key")
    assert key, dict(r2.headers)
    redis_key = key            # the proxy reports the full Redis key, namespace prefix included
    if cache.get("namespace"):
        assert key.startswith(cache["namespace"] + ":"), key
    client = gw.redis.client()
    try:
        assert client.exists(redis_key) == 1, (redis_key, gw.redis.keys()[:20])
        ttl = client.ttl(redis_key)
    finally:
        client.close()
    if cache.get("ttl"):
        assert 0 < ttl <= int(cache["ttl"]), ttl

    replica = gw.start_replica()
    try:
        r3 = replica.chat(m["name"], text, key=gw.master_key, **extra)
        assert r3.status_code == 200, r3.text
        assert r3.json()["id"] == r1.json()["id"]
        assert len(gw.stub.requests_for(model=upstream, kind=_kind(m))) == 1, "the replica reached upstream"
    finally:
        replica.stop()
        replica_errors = errors_in(replica.log_text())
    assert not replica_errors, "\n---\n".join(e.text[:1500] for e in replica_errors)
    print(f"\n[{gw.name}] cache hit from Redis key {redis_key} (ttl {ttl}s) on a second process "
          f"(started in {replica.startup_seconds:.1f}s)")


def _kind(m: dict) -> str:
    return SERVED[(_provider(m["model"]), m.get("mode") or "chat")]


# =====================================================================================================
# 5. Metrics, traces, SSO/JWT.
# =====================================================================================================
def test_metrics_scraped_as_the_service_monitor_says_without_a_credential(gw: Gateway):
    """The ServiceMonitor carries no credential and scrapes the metrics Service's port, which leads
    (Service targetPort -> container port) to the ``--prometheus_metrics_port`` LiteLLM serves its
    metrics process on, and which the NetworkPolicy opens to Prometheus alone. On the real proxy that
    port answers 200 with the request metrics and no key, while /metrics on the API port still
    answers 401 without the master key (and 200 with it)."""
    if not gw.rendered.find("ServiceMonitor"):
        pytest.skip("the example has no ServiceMonitor")
    assert not gw.rendered.service_monitor_credentials(), gw.rendered.service_monitor_credentials()
    sm = gw.rendered.one("ServiceMonitor")
    ep = sm["spec"]["endpoints"][0]
    svc = next(s for s in gw.rendered.find("Service")
               if sm["spec"]["selector"]["matchLabels"].items() <= s["metadata"]["labels"].items())
    assert svc["spec"].get("type", "ClusterIP") == "ClusterIP"
    port = next(p for p in svc["spec"]["ports"] if p["name"] == ep["port"])
    container_port = next(p for p in gw.rendered.container["ports"] if p["name"] == port["targetPort"])
    assert str(container_port["containerPort"]) == gw.rendered.arg("--prometheus_metrics_port")
    for np in gw.rendered.find("NetworkPolicy"):
        opening = [r for r in np["spec"].get("ingress") or []
                   if any(p.get("port") == container_port["containerPort"] for p in r.get("ports") or [])]
        assert len(opening) == 1, opening
        prometheus_ns = (gw.spec["spec"].get("networkPolicy") or {}).get("prometheusNamespace", "monitoring")
        assert [p["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"] for p in opening[0]["from"]] \
            == [prometheus_ns], opening[0]
    assert gw.metrics_port, "the gateway fixture did not start the metrics process"

    m = _first_chat_model(gw)
    assert gw.proxy.chat(m["name"], _unique("metrics"), key=gw.master_key).status_code == 200
    assert ep.get("path", "/metrics") == "/metrics"
    names = scrape_until(gw.metrics_port, "litellm_proxy_total_requests_metric")
    assert "litellm_deployment_success_responses_total" in names, sorted(names)[:50]

    assert gw.proxy.get("/metrics").status_code == 401
    assert gw.proxy.get("/metrics", key=gw.master_key).status_code == 200
    gw.expected_errors.append((r"Malformed API Key|No api key passed in|Authentication Error",
                               "the test's own unauthenticated /metrics request on the API port"))
    print(f"\n[{gw.name}] metrics port (local {gw.metrics_port}): 200 without credentials, "
          f"{len(names)} litellm_* series names; API port /metrics: 401 without a key")


def test_otel_traces_reach_the_collector(gw: Gateway):
    """With observability.openTelemetry, the proxy exports spans over OTLP/gRPC to the endpoint the
    Deployment names (here a local receiver), with service.name = OTEL_SERVICE_NAME."""
    if gw.otlp is None:
        pytest.skip("the example has no openTelemetry")
    m = _first_chat_model(gw)
    assert gw.proxy.chat(m["name"], _unique("trace me"), key=gw.master_key).status_code == 200
    want = gw.run.env["OTEL_SERVICE_NAME"]
    spans = gw.otlp.wait_for_spans(lambda s: s.service_name == want, timeout=45)
    assert spans, f"no span with service.name={want}; got {[(s.name, s.service_name) for s in gw.otlp.spans][:10]}"
    print(f"\n[{gw.name}] {len(spans)} spans from service {want}, e.g. {sorted({s.name for s in spans})[:5]}")


def test_sso_and_jwt_settings_are_read(gw: Gateway):
    """SSO: the GENERIC_* variables are in the container env and startup logged no error (test above).
    JWT (sso.jwt.enabled): the proxy routes a JWT bearer to JWT auth, which LiteLLM 1.108.7 answers
    with 403 'enterprise only' without a LiteLLM license; the master key keeps working."""
    sso = gw.spec["spec"].get("sso")
    if not sso:
        pytest.skip("the example has no sso")
    env = gw.run.env
    assert env["GENERIC_CLIENT_ID"] == sso["clientId"]
    assert env["GENERIC_CLIENT_SECRET"] == gw.secret_value(sso["clientSecretRef"])
    assert env["GENERIC_AUTHORIZATION_ENDPOINT"].startswith(sso["issuerUrl"])
    if (sso.get("jwt") or {}).get("enabled"):
        assert gw.config["general_settings"]["enable_jwt_auth"] is True
        fake_jwt = ".".join(_b64(x) for x in ('{"alg":"RS256","typ":"JWT"}', '{"sub":"u1"}', "sig"))
        r = gw.proxy.get("/v1/models", key=fake_jwt)
        gw.expected_errors.append((r"JWT Auth is an enterprise only feature", "the test's own JWT request"))
        print(f"\n[{gw.name}] JWT bearer -> {r.status_code} {r.text[:200]}")
        assert r.status_code == 403 and "enterprise" in r.text, r.text
        gw.notes.append("enable_jwt_auth needs a LiteLLM Enterprise license: JWTs get 403 without one")
    assert gw.proxy.get("/v1/models", key=gw.master_key).status_code == 200


def _b64(s: str) -> str:
    import base64
    return base64.urlsafe_b64encode(s.encode()).decode().rstrip("=")


def test_guardrails_are_enforced(gw: Gateway):
    """spec.guardrails (passed through): a default_on litellm_content_filter with a BLOCK keyword stops a
    request naming it before it reaches upstream; a request without it passes."""
    guardrails = gw.spec["spec"].get("guardrails") or []
    if not guardrails:
        pytest.skip("the gateway has no guardrails")
    m = _first_chat_model(gw)
    up = _expected_upstream(gw, m)["model"]
    checked = []
    for g in guardrails:
        lp = g["litellm_params"]
        if lp.get("guardrail") != "litellm_content_filter" or not lp.get("default_on"):
            continue
        for w in [w for w in lp.get("blocked_words") or [] if w.get("action") == "BLOCK"]:
            gw.stub.clear()
            r = gw.proxy.chat(m["name"], _unique(f"tell me about {w['keyword']}"), key=gw.master_key)
            gw.expected_errors.append((re.escape(w["keyword"]) + r"|[Cc]ontent blocked|guardrail",
                                       "the test's own request naming a blocked keyword"))
            assert 400 <= r.status_code < 500, f"{r.status_code} {r.text[:300]}"
            assert not gw.stub.requests_for(model=up, kind=_kind(m)), "a blocked request reached upstream"
            checked.append(f"{g['guardrail_name']}: '{w['keyword']}' -> {r.status_code} {r.text[:120]}")
    assert checked, "no default_on litellm_content_filter BLOCK keyword to check"
    gw.stub.clear()
    assert gw.proxy.chat(m["name"], _unique("a harmless question"), key=gw.master_key).status_code == 200
    assert len(gw.stub.requests_for(model=up, kind=_kind(m))) == 1
    r = gw.proxy.get("/guardrails/list", key=gw.master_key)
    assert r.status_code == 200, r.text
    listed = {g.get("guardrail_name") for g in r.json().get("guardrails", [])}
    assert {g["guardrail_name"] for g in guardrails} <= listed, listed
    print(f"\n[{gw.name}] guardrails: " + "; ".join(checked))


def test_mcp_servers_are_reachable(gw: Gateway):
    """spec.mcpServers (passed through): the proxy lists the MCP server's tools and calls one through
    its REST bridge with the master key; the call reaches the MCP server."""
    servers = gw.spec["spec"].get("mcpServers") or {}
    if not servers:
        pytest.skip("the gateway has no mcpServers")
    assert gw.mcp is not None, "only the local MCP stub can be reached here"
    r = gw.proxy.get("/mcp-rest/tools/list", key=gw.master_key, timeout=60)
    assert r.status_code == 200, r.text[:500]
    tools = r.json().get("tools") or []
    names = [t.get("name") for t in tools]
    echo = next((t for t in tools if (t.get("name") or "").endswith("echo")), None)
    assert echo, f"no echo tool listed: {names} ({r.text[:300]})"
    info = echo.get("mcp_info") or {}
    server_id = info.get("server_id") or echo.get("server_id")
    assert server_id, json.dumps(echo)[:500]
    assert info.get("server_name", "stub_tools") in servers, info
    text = _unique("via mcp")
    r = gw.proxy.post("/mcp-rest/tools/call", {"server_id": server_id, "name": echo["name"],
                                               "arguments": {"text": text}},
                      key=gw.master_key, timeout=60)
    assert r.status_code == 200, r.text[:500]
    assert f"stub-mcp echo: {text}" in r.text, r.text[:500]
    assert {"tool": "echo", "text": text} in gw.mcp.calls
    print(f"\n[{gw.name}] MCP: {len(tools)} tool(s) listed ({names}) from server {server_id}; "
          f"{echo['name']} called -> {r.text[:120]}")


# =====================================================================================================
# 6. Router settings: fallbacks and retries. (These inject upstream failures.)
# =====================================================================================================
def _injected(gw: Gateway) -> None:
    gw.expected_errors.append((r"stub injected failure", "upstream failure injected by the test"))


def test_fallback_answers_when_the_primary_fails(gw: Gateway):
    """For each configured fallback: the stub fails the primary with 500 (always); the proxy retries it
    (1 + num_retries upstream attempts) and the configured fallback model answers."""
    fallbacks = (gw.spec["spec"].get("routerSettings") or {}).get("fallbacks") or []
    if not fallbacks:
        pytest.skip("the example configures no fallbacks")
    by_name = {m["name"]: m for m in gw.models()}
    num_retries = (gw.spec["spec"].get("routerSettings") or {}).get("numRetries", 2)
    _injected(gw)
    for fb in fallbacks:
        primary, target = by_name[fb["model"]], by_name[fb["to"][0]]
        p_up, t_up = _expected_upstream(gw, primary), _expected_upstream(gw, target)
        gw.stub.clear()
        gw.stub.fail(p_up["model"], 500)
        try:
            r = gw.proxy.chat(primary["name"], _unique("fallback"), key=gw.master_key)
        finally:
            gw.stub.clear_failures(p_up["model"])
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["model"] == target["name"] or t_up["model"] in body["model"], body["model"]
        assert f"from {t_up['model']}" in body["choices"][0]["message"]["content"]
        prim = gw.stub.requests_for(model=p_up["model"], kind=_kind(primary))
        tgt = gw.stub.requests_for(model=t_up["model"], kind=_kind(target))
        assert len(prim) == 1 + num_retries, f"primary attempts {len(prim)}, want 1 + numRetries {num_retries}"
        assert len(tgt) == 1 and tgt[0].api_key == t_up["api_key"]
        print(f"\n[{gw.name}] {primary['name']} failed {len(prim)}x (500) -> fallback {target['name']} answered "
              f"(x-litellm-attempted-fallbacks={r.headers.get('x-litellm-attempted-fallbacks')})")


def _attempts(gw: Gateway, m: dict, status: int, *, times: Optional[int] = None,
              message: Optional[str] = None, headers: Optional[dict] = None) -> tuple[int, requests.Response, float]:
    up = _expected_upstream(gw, m)["model"]
    gw.stub.clear()
    gw.stub.fail(up, status, times=times, message=message, headers=headers)
    t0 = time.monotonic()
    try:
        r = gw.proxy.chat(m["name"], _unique(f"retry {status}"), key=gw.master_key)
    finally:
        gw.stub.clear_failures(up)
    return len(gw.stub.requests_for(model=up, kind=_kind(m))), r, time.monotonic() - t0


def test_retry_policy_is_honoured(gw: Gateway):
    """Upstream attempts for a failing model, against routerSettings.

    LiteLLM 1.108.7 semantics (router.async_function_with_retries + router_utils/get_retry_from_policy):
    retry_policy maps the *LiteLLM exception class* to a retry count; a class with no entry falls back
    to RetryPolicy.DefaultRetries, then to router num_retries (default openai.DEFAULT_MAX_RETRIES = 2).
    The exception class depends on the provider's exception mapping: an Azure 429 is RateLimitError,
    an Azure 500 is InternalServerError only when the error text says "Internal server error",
    otherwise it is the generic APIError, which no retry_policy field covers. Attempts = 1 + retries."""
    rs = gw.spec["spec"].get("routerSettings") or {}
    policy, num_retries = rs.get("retryPolicy"), rs.get("numRetries")
    if not policy and num_retries is None:
        pytest.skip("the example sets neither retryPolicy nor numRetries")
    _injected(gw)
    m = _first_chat_model(gw)
    provider = _provider(m["model"])
    default = num_retries if num_retries is not None else 2
    results = []
    if policy:
        if policy.get("rateLimitErrorRetries") is not None:
            n, r, dt = _attempts(gw, m, 429, headers={"Retry-After": "0"})
            assert r.status_code == 429, r.text
            results.append(f"429 -> {n} attempts in {dt:.1f}s (1 + RateLimitErrorRetries {policy['rateLimitErrorRetries']})")
            assert n == 1 + policy["rateLimitErrorRetries"], results[-1]
        if policy.get("internalServerErrorRetries") is not None:
            # LiteLLM's Azure mapping looks for this text (the stub adds its own marker for the log check)
            n, r, dt = _attempts(gw, m, 500, message="Internal server error (stub injected failure)")
            assert r.status_code == 500, r.text
            results.append(f"500 'Internal server error' -> {n} attempts in {dt:.1f}s "
                           f"(1 + InternalServerErrorRetries {policy['internalServerErrorRetries']})")
            assert n == 1 + policy["internalServerErrorRetries"], results[-1]
            if provider == "azure":
                n, r, dt = _attempts(gw, m, 500)
                assert r.status_code == 500, r.text
                assert "APIError" in r.text, r.text[:300]
                results.append(f"500 other text -> {n} attempts in {dt:.1f}s: Azure APIError, not covered by "
                               f"retry_policy -> router num_retries ({default})")
                assert n == 1 + default, results[-1]
    else:
        # numRetries only: a 500 retried num_retries times, and a success on the last try is returned.
        n, r, dt = _attempts(gw, m, 500, times=num_retries)
        assert r.status_code == 200, r.text
        assert n == 1 + num_retries
        assert f"from {_expected_upstream(gw, m)['model']}" in r.json()["choices"][0]["message"]["content"]
        results.append(f"500 x{num_retries} then 200 -> {n} attempts in {dt:.1f}s, answered by {m['name']} "
                       f"(1 + numRetries {num_retries}; no fallback needed)")
    print(f"\n[{gw.name}] retries on {m['name']} ({provider}):\n  " + "\n  ".join(results))


# =====================================================================================================
# 7. Alerting, then the whole log.
# =====================================================================================================
def test_alerting_reaches_the_webhook(gw: Gateway):
    """observability.alerting: an LLM failure that reaches the client (primary and fallbacks failing)
    makes the proxy post an llm_exceptions alert to the webhook URL from the Secret (the stub)."""
    alerting = (gw.spec["spec"].get("observability") or {}).get("alerting")
    if not alerting:
        pytest.skip("the example has no alerting")
    _injected(gw)
    url = gw.secret_value(alerting["webhookUrlSecretRef"])
    path = url.split(gw.stub.url, 1)[1]
    m = _first_chat_model(gw)
    gw.stub.clear()
    gw.stub.fail("*", 500)
    try:
        r = gw.proxy.chat(m["name"], _unique("alert"), key=gw.master_key)
    finally:
        gw.stub.clear_failures("*")
    assert r.status_code >= 500, r.text
    deadline = time.monotonic() + 30
    hooks = []
    while time.monotonic() < deadline and not hooks:
        hooks = [q for q in gw.stub.requests if q.kind == "webhook" and q.path == path]
        time.sleep(0.5)
    assert hooks, "no alert reached the webhook within 30 s"
    text = json.dumps(hooks[0].body)
    assert "LLM API call failed" in text or "stub injected failure" in text, text[:500]
    print(f"\n[{gw.name}] alert posted to the webhook Secret URL: {text[:200]}")


def test_no_unexpected_alerts(gw: Gateway):
    """Every alert the proxy posted to the webhook during the run is explained: llm_exceptions for the
    tests' injected upstream failures, and (a LiteLLM 1.108.7 behaviour worth knowing) llm_exceptions
    for the tests' own *unauthenticated* requests: any client without a key can trigger a High alert."""
    hooks = [q for q in gw.stub.history if q.kind == "webhook"]
    if not hooks and not (gw.spec["spec"].get("observability") or {}).get("alerting"):
        pytest.skip("the example has no alerting")
    causes = {"stub injected failure": "injected upstream failure",
              "No api key passed in": "unauthenticated request (client error alerted as llm_exceptions)",
              "Malformed API Key": "unauthenticated request (client error alerted as llm_exceptions)"}
    seen, unexpected = {}, []
    for h in hooks:
        text = json.dumps(h.body)
        why = next((why for marker, why in causes.items() if marker in text), None)
        if why is None or "llm_exceptions" not in text:
            unexpected.append(text[:400])
        else:
            seen[why] = seen.get(why, 0) + 1
    print(f"\n[{gw.name}] alerts posted: {seen}")
    if any("unauthenticated" in w for w in seen):
        gw.notes.append("LiteLLM posts an llm_exceptions (High) alert for every request without a valid key")
    assert not unexpected, unexpected


def test_log_has_no_unexplained_errors(gw: Gateway):
    """Over the whole run, every ERROR/traceback in the proxy log is one the tests caused on purpose
    (listed with the reason); any other error fails. Warnings are printed for the report."""
    text = gw.proxy.log_text()
    unexplained, explained = [], {}
    for e in errors_in(text):
        why = next((why for rx, why in gw.expected_errors if re.search(rx, e.text)), None)
        if why is None:
            unexplained.append(e)
        else:
            explained[why] = explained.get(why, 0) + 1
    warns = warnings_in(text)
    print(f"\n[{gw.name}] log: {sum(explained.values())} expected error records "
          f"{explained}; warnings ({len(warns)}):" + "".join(f"\n  - {w}" for w in warns)
          + "".join(f"\n  note: {n}" for n in gw.notes))
    assert not unexplained, "unexplained errors:\n" + "\n---\n".join(e.text[:2000] for e in unexplained)
