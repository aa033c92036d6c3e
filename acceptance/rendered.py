"""Bridge from the operator's real output to a local LiteLLM proxy.

``render_gateway()`` runs ``java -jar target/quarkus-app/quarkus-run.jar render FILE`` (the jar is
built once per session when missing or older than ``src/``/``pom.xml``) and parses the
multi-document YAML into a :class:`Rendered`: the proxy Deployment (the one whose container is
named ``litellm``), the ConfigMap holding ``config.yaml``, the Services and the ServiceMonitor.

:meth:`Rendered.container_env` resolves the litellm container's env list the way the kubelet
does: a plain ``value`` as is, ``valueFrom.secretKeyRef`` from a dict of fake Secret values (the
test's fixture, ``{secret name: {key: value}}``). A missing Secret key is an error unless the
ref is ``optional: true``: the test must provide every Secret the example references.

The only edits of the *output* made for a local run live in :func:`local_run` and are each
asserted first (see that function): the cache host/port (an in-cluster DNS name cannot resolve
here) and the database (no Postgres/Prisma engine here). Everything else a local run needs is
done on a copy of the *gateway* before rendering (:func:`point_models_at`).
"""

from __future__ import annotations

import copy
import fcntl
import os
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

import yaml

REPO = Path(__file__).resolve().parent.parent
JAR = REPO / "target" / "quarkus-app" / "quarkus-run.jar"
ENV_PREFIX = "os.environ/"
PROXY_CONTAINER = "litellm"

__all__ = ["REPO", "JAR", "RenderError", "ensure_jar", "render_gateway", "Rendered", "LocalRun",
           "point_models_at", "local_run", "examples"]


class RenderError(RuntimeError):
    pass


# ---- the operator jar ------------------------------------------------------------
_JAR_LOCK = threading.Lock()
_JAR_CHECKED = False


def _newest_source_mtime() -> float:
    newest = (REPO / "pom.xml").stat().st_mtime
    for root, _dirs, files in os.walk(REPO / "src" / "main"):
        for f in files:
            newest = max(newest, os.stat(os.path.join(root, f)).st_mtime)
    return newest


def ensure_jar(timeout: float = 900.0) -> Path:
    """Build the operator jar (``./mvnw package -DskipTests``) when it is missing or older than
    src/main or pom.xml; at most once per process. ``LLMGW_MAVEN_OFFLINE=1`` adds ``-o``."""
    global _JAR_CHECKED
    with _JAR_LOCK:
        if _JAR_CHECKED and JAR.is_file():
            return JAR
        (REPO / "target").mkdir(exist_ok=True)
        # Serialise with a concurrent session in the same worktree.
        with open(REPO / "target" / ".acceptance-build.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not JAR.is_file() or JAR.stat().st_mtime < _newest_source_mtime():
                cmd = ["./mvnw", "-B", "-q", "-ntp"]
                if os.environ.get("LLMGW_MAVEN_OFFLINE") == "1":
                    cmd.append("-o")
                cmd += ["package", "-DskipTests"]
                out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout)
                if out.returncode != 0 or not JAR.is_file():
                    raise RenderError(f"{' '.join(cmd)} failed ({out.returncode}):\n"
                                      f"{out.stdout[-4000:]}\n{out.stderr[-4000:]}")
        _JAR_CHECKED = True
        return JAR


# ---- examples ----------------------------------------------------------------------
def examples() -> list[Path]:
    """Every examples/*.yaml (discovered, sorted)."""
    return sorted((REPO / "examples").glob("*.yaml"))


# ---- rendered objects --------------------------------------------------------------
@dataclass
class Rendered:
    gateway: dict                 # the LiteLLMGateway that was rendered
    objects: list[dict]
    stderr: str                   # render's warnings

    @property
    def name(self) -> str:
        return self.gateway["metadata"]["name"]

    @property
    def namespace(self) -> str:
        return self.deployment["metadata"]["namespace"]

    def find(self, kind: str, name: Optional[str] = None) -> list[dict]:
        return [o for o in self.objects if o.get("kind") == kind
                and (name is None or o["metadata"]["name"] == name)]

    def one(self, kind: str, name: Optional[str] = None) -> dict:
        found = self.find(kind, name)
        if len(found) != 1:
            raise RenderError(f"expected one {kind} {name or ''}, found {len(found)}")
        return found[0]

    @property
    def deployment(self) -> dict:
        """The proxy Deployment: the one with a container named ``litellm``."""
        found = [d for d in self.find("Deployment")
                 if any(c["name"] == PROXY_CONTAINER for c in d["spec"]["template"]["spec"]["containers"])]
        if len(found) != 1:
            raise RenderError(f"expected one Deployment with a '{PROXY_CONTAINER}' container, found {len(found)}")
        return found[0]

    @property
    def container(self) -> dict:
        return next(c for c in self.deployment["spec"]["template"]["spec"]["containers"]
                    if c["name"] == PROXY_CONTAINER)

    @property
    def config_path_in_pod(self) -> str:
        args = self.container.get("args") or []
        return args[args.index("--config") + 1]

    @property
    def config_map(self) -> dict:
        """The ConfigMap mounted where the container's ``--config`` points."""
        cfg = Path(self.config_path_in_pod)
        mount = next(m for m in self.container["volumeMounts"] if Path(m["mountPath"]) == cfg.parent)
        volume = next(v for v in self.deployment["spec"]["template"]["spec"]["volumes"]
                      if v["name"] == mount["name"])
        cm = self.one("ConfigMap", volume["configMap"]["name"])
        if cfg.name not in cm["data"]:
            raise RenderError(f"ConfigMap {cm['metadata']['name']} has no key {cfg.name}")
        return cm

    @property
    def config_text(self) -> str:
        return self.config_map["data"][Path(self.config_path_in_pod).name]

    @property
    def config(self) -> dict:
        """config.yaml, freshly parsed (callers may mutate the result)."""
        return yaml.safe_load(self.config_text)

    @property
    def env_list(self) -> list[dict]:
        return list(self.container.get("env") or [])

    def arg(self, flag: str) -> Optional[str]:
        args = self.container.get("args") or []
        return args[args.index(flag) + 1] if flag in args else None

    def proxy_args(self, metrics_port: Optional[int] = None) -> list[str]:
        """The container's args without ``--config``/``--port`` (the harness sets those), e.g.
        ``["--num_workers", "2"]``. A rendered ``--prometheus_metrics_port`` gets ``metrics_port``
        (a free local port: several proxies share 127.0.0.1), which is then required."""
        args = list(self.container.get("args") or [])
        out, i = [], 0
        while i < len(args):
            if args[i] in ("--config", "--port", "--host"):
                i += 2
                continue
            if args[i] == "--prometheus_metrics_port":
                if metrics_port is None:
                    raise RenderError("the container serves metrics on their own port: pass metrics_port")
                out += [args[i], str(metrics_port)]
                i += 2
                continue
            out.append(args[i])
            i += 1
        return out

    def secret_refs(self) -> list[tuple[str, str]]:
        """Every (Secret, key) the litellm container reads, in env order."""
        out = []
        for e in self.env_list:
            ref = (e.get("valueFrom") or {}).get("secretKeyRef")
            if ref:
                out.append((ref["name"], ref["key"]))
        return out

    def env_source(self, var: str) -> dict:
        """The env entry named ``var`` (KeyError when the Deployment does not set it)."""
        for e in self.env_list:
            if e["name"] == var:
                return e
        raise KeyError(var)

    def container_env(self, secrets: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
        """The litellm container environment as the kubelet would build it from ``secrets``."""
        if self.container.get("envFrom"):
            raise RenderError("envFrom is not resolved by this bridge yet")
        env: dict[str, str] = {}
        for e in self.env_list:
            if "value" in e:
                env[e["name"]] = str(e["value"])
                continue
            ref = (e.get("valueFrom") or {}).get("secretKeyRef")
            if ref is None:
                raise RenderError(f"env {e['name']}: unsupported source {e.get('valueFrom')}")
            try:
                env[e["name"]] = secrets[ref["name"]][ref["key"]]
            except KeyError:
                if ref.get("optional"):
                    continue
                raise RenderError(f"env {e['name']} needs Secret {ref['name']} key {ref['key']}: "
                                  f"not in the test fixture") from None
        return env

    def service_monitor_credentials(self) -> list[str]:
        """Every credential field a ServiceMonitor endpoint carries (authorization, bearer, basic
        auth, OAuth2, TLS keys): the operator renders none."""
        fields = ("authorization", "bearerTokenSecret", "bearerTokenFile", "basicAuth", "oauth2", "tlsConfig")
        return [f"{sm['metadata']['name']}: {f}" for sm in self.find("ServiceMonitor")
                for ep in sm["spec"]["endpoints"] for f in fields if ep.get(f)]

    def probe(self, kind: str) -> dict:
        """``livenessProbe`` / ``readinessProbe`` / ``startupProbe`` of the litellm container."""
        return self.container[kind]


def render_gateway(gateway: dict, workdir: Path, namespace: Optional[str] = None) -> Rendered:
    """Write ``gateway`` to ``workdir`` and run the operator's ``render`` on it."""
    jar = ensure_jar()
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"{gateway['metadata']['name']}.gateway.yaml"
    path.write_text(yaml.safe_dump(gateway, sort_keys=False))
    cmd = ["java", "-jar", str(jar), "render"]
    if namespace:
        cmd += ["-n", namespace]
    cmd.append(str(path))
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=180, cwd=workdir)
    if out.returncode != 0:
        raise RenderError(f"render {path} exited {out.returncode}:\n{out.stderr}")
    objects = [d for d in yaml.safe_load_all(out.stdout) if d]
    return Rendered(gateway=copy.deepcopy(gateway), objects=objects, stderr=out.stderr)


# ---- test substitutions on the gateway (input) -------------------------------------
def point_models_at(gateway: dict, api_base_for: Callable[[str], str]) -> tuple[dict, list[str]]:
    """A copy of ``gateway`` whose models and credentials with a *plain* or *absent* api_base get
    ``api_base_for(provider model)``. Secret-backed api_bases are left alone: the test's Secret
    fixture points them at the stub. Returns (copy, names of the entries changed)."""
    gw = copy.deepcopy(gateway)
    spec = gw["spec"]
    creds = {c["name"]: c for c in spec.get("credentials") or []}
    changed = []
    for m in spec["models"]:
        if m.get("credential"):
            cred = creds[m["credential"]]
            target, label = cred, f"credential {cred['name']}"
            if m.get("apiBase"):
                target, label = m, f"model {m['name']}"
        else:
            target, label = m, f"model {m['name']}"
        base = target.get("apiBase")
        if base and base.get("secretKeyRef"):
            continue
        if label in changed:
            continue
        target["apiBase"] = {"value": api_base_for(m["model"])}
        changed.append(label)
    return gw, changed


# ---- test substitutions on the output ---------------------------------------------
@dataclass
class LocalRun:
    """What the local proxy gets: the rendered config/env with the documented substitutions."""
    config: dict
    env: dict[str, str]
    substitutions: list[str] = field(default_factory=list)
    cache_endpoint: Optional[tuple[str, int]] = None     # as rendered, before substitution
    dropped_env: dict[str, str] = field(default_factory=dict)

    def dump(self, path: Path) -> Path:
        path.write_text(yaml.safe_dump(self.config, sort_keys=False))
        return path


def local_run(rendered: Rendered, secrets: Mapping[str, Mapping[str, str]], *,
              redis: Optional[tuple[str, int]] = None,
              env_overrides: Optional[Mapping[str, str]] = None) -> LocalRun:
    """The rendered config + container env, with exactly these substitutions:

    * cache: ``cache_params.host/port`` and ``router_settings.redis_host/redis_port`` (which must
      be what the operator derived: ``<cache Service>.<ns>.svc`` and its port for a managed cache,
      the spec's host/port for an external Redis) become ``redis`` (the local redis-server);
    * database: ``DATABASE_URL`` and ``DISABLE_SCHEMA_UPDATE`` leave the env and ``database_url``
      leaves general_settings (no Postgres/Prisma engine here; DB features are verified on the
      Kubernetes side). The env's DATABASE_URL must come from the Secret the operator wires.
    * ``env_overrides``: values of plain env entries that name in-cluster paths/endpoints (the
      caller documents each, e.g. an emptyDir mount path or an unreachable collector).
    """
    config = rendered.config
    env = rendered.container_env(secrets)
    run = LocalRun(config=config, env=env)

    spec = rendered.gateway["spec"]
    cache = spec.get("cache") or {}
    ls = config.get("litellm_settings") or {}
    rs = config.get("router_settings") or {}
    if cache and cache.get("type", "None") != "None":
        params = ls["cache_params"]
        host, port = params["host"], int(params["port"])
        if cache["type"] == "Dragonfly":
            svc = next(s for s in rendered.find("Service")
                       if s["metadata"]["labels"].get("app.kubernetes.io/component") == "cache")
            want = (f"{svc['metadata']['name']}.{svc['metadata']['namespace']}.svc",
                    int(svc["spec"]["ports"][0]["port"]))
        else:
            want = (cache["redis"]["host"], int(cache["redis"].get("port", 6379)))
        if (host, port) != want:
            raise RenderError(f"cache_params host/port {(host, port)} != {want} (what the spec implies)")
        if (rs.get("redis_host"), int(rs.get("redis_port", 0))) != want:
            raise RenderError(f"router_settings redis_host/port {(rs.get('redis_host'), rs.get('redis_port'))} != {want}")
        run.cache_endpoint = want
        if redis is None:
            raise RenderError("the config has a cache: pass the local redis (host, port)")
        params["host"], params["port"] = redis[0], redis[1]
        rs["redis_host"], rs["redis_port"] = redis[0], redis[1]
        run.substitutions.append(f"cache {want[0]}:{want[1]} -> {redis[0]}:{redis[1]} "
                                 "(cache_params + router_settings)")

    gs = config.get("general_settings") or {}
    if "database_url" in gs or "DATABASE_URL" in env:
        if gs.get("database_url") != ENV_PREFIX + "DATABASE_URL":
            raise RenderError(f"general_settings.database_url is {gs.get('database_url')!r}")
        db = spec.get("database") or {}
        ref = rendered.env_source("DATABASE_URL")["valueFrom"]["secretKeyRef"]
        want_ref = ((db["external"]["urlSecretRef"]["name"], db["external"]["urlSecretRef"]["key"])
                    if db.get("type") == "External" else (f"{rendered.name}-db-app", "uri"))
        if (ref["name"], ref["key"]) != want_ref:
            raise RenderError(f"DATABASE_URL from {ref}, expected {want_ref}")
        del gs["database_url"]
        for var in ("DATABASE_URL", "DISABLE_SCHEMA_UPDATE"):
            if var in env:
                run.dropped_env[var] = env.pop(var)
        run.substitutions.append("database: DATABASE_URL/DISABLE_SCHEMA_UPDATE and database_url dropped")

    for var, value in (env_overrides or {}).items():
        entry = rendered.env_source(var)
        if "value" not in entry:
            raise RenderError(f"env override {var}: only plain values may be overridden")
        run.substitutions.append(f"env {var}: {entry['value']} -> {value}")
        env[var] = value
    return run
