"""`import` of a LiteLLM config.yaml with model groups, a database and a salt key, run by the real LiteLLM.

The old proxy's config has two groups (several deployments under one ``model_name``: a weighted one and a
failover one, each deployment with its own key variable), ``general_settings.database_url`` and a master key from
the environment, and router settings for retries and cooldown. ``import`` must carry all of it: the groups with
their ids and weights, the database as ``spec.database`` External from the same Secret key, the salt key as
``spec.saltKeySecretRef`` (key ``LITELLM_SALT_KEY``), the master key, the variable names as they were. The imported
gateway is then rendered by the operator and run by the real proxy: the weights split the traffic of the group, and
a failing deployment is failed over inside its group.

The database itself cannot be proven here (the proxy's Prisma engine cannot be downloaded): the test checks that
the rendered Deployment and migration Job read ``DATABASE_URL`` and ``LITELLM_SALT_KEY`` from the old proxy's
Secret keys, and the local run drops the database as documented in ``rendered.local_run``.
"""

from __future__ import annotations

import secrets
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

import rendered as R
from harness import LiteLLMProxy
from stub_openai import StubOpenAI

SECRET = "litellm-env"
NUM_RETRIES = 3


def _old_config(east: StubOpenAI, west: StubOpenAI) -> dict:
    def deployment(name: str, region: str, stub: StubOpenAI, upstream: str, **params) -> dict:
        return {"model_name": name,
                "litellm_params": {"model": f"openai/{upstream}", "api_base": stub.base_url_v1,
                                   "api_key": f"os.environ/AZURE_{region.upper()}_API_KEY", **params},
                "model_info": {"id": f"{name}-{region}"}}

    return {
        "model_list": [
            deployment("regional", "east", east, "regional-up", weight=3, tags=["east"]),
            deployment("regional", "west", west, "regional-up", weight=1, tags=["west"]),
            deployment("failover", "east", east, "failover-up"),
            deployment("failover", "west", west, "failover-up"),
        ],
        "router_settings": {"routing_strategy": "simple-shuffle", "num_retries": NUM_RETRIES, "allowed_fails": 1,
                            "cooldown_time": 30},
        "general_settings": {"master_key": "os.environ/LITELLM_MASTER_KEY", "database_url": "os.environ/DATABASE_URL"},
    }


def _old_environment() -> dict[str, str]:
    """What the old proxy's environment file held: the Secret the user creates from it."""
    return {"LITELLM_MASTER_KEY": "sk-" + secrets.token_hex(24), "LITELLM_SALT_KEY": "salt-" + secrets.token_hex(24),
            "DATABASE_URL": "postgresql://litellm:" + secrets.token_hex(8) + "@old-postgres.legacy.svc:5432/litellm",
            "AZURE_EAST_API_KEY": "sk-east-" + secrets.token_hex(6), "AZURE_WEST_API_KEY": "sk-west-" + secrets.token_hex(6)}


class Imported:
    def __init__(self, workdir: Path, config: dict) -> None:
        path = workdir / "config.yaml"
        path.write_text(yaml.safe_dump(config, sort_keys=False))
        out = subprocess.run(["java", "-jar", str(R.ensure_jar()), "import", "--name", "imported", "-n", "ai-system",
                              "--secret", SECRET, str(path)], capture_output=True, text=True, timeout=180, cwd=workdir)
        self.returncode = out.returncode
        self.report = out.stderr.splitlines()
        self.gateway = yaml.safe_load(out.stdout)


@pytest.fixture(scope="module")
def upstreams():
    east, west = StubOpenAI().start(), StubOpenAI().start()
    yield east, west
    east.stop()
    west.stop()


@pytest.fixture(scope="module")
def old_environment() -> dict[str, str]:
    return _old_environment()


@pytest.fixture(scope="module")
def imported(tmp_path_factory, upstreams) -> Imported:
    return Imported(tmp_path_factory.mktemp("import"), _old_config(*upstreams))


@pytest.fixture(scope="module")
def running(litellm_venv, tmp_path_factory, imported, old_environment):
    workdir = tmp_path_factory.mktemp("imported-gw")
    rendered = R.render_gateway(imported.gateway, workdir)
    run = R.local_run(rendered, {SECRET: old_environment})
    proxy = LiteLLMProxy(run.dump(workdir / "config.yaml"), run.env, venv=litellm_venv,
                         extra_args=rendered.proxy_args(), startup_timeout=300, log_path=workdir / "proxy.log")
    proxy.start()
    yield rendered, run, proxy
    proxy.stop()


def test_import_carries_groups_database_and_keys_without_loss(imported):
    assert imported.returncode == 0, "\n".join(imported.report)
    assert not [line for line in imported.report if line.startswith(("lost:", "invalid:", "refused"))], imported.report
    assert f"mapped: general_settings.database_url: -> spec.database External, URL from Secret {SECRET} key DATABASE_URL" \
        in "\n".join(imported.report), imported.report
    spec = imported.gateway["spec"]
    assert spec["database"]["type"] == "External"
    assert spec["database"]["external"] == {"urlSecretRef": {"name": SECRET, "key": "DATABASE_URL"}}
    assert spec["database"]["deletionPolicy"] == "Retain"
    assert spec["saltKeySecretRef"] == {"name": SECRET, "key": "LITELLM_SALT_KEY"}
    assert spec["masterKeySecretRef"] == {"name": SECRET, "key": "LITELLM_MASTER_KEY"}
    groups = [(m["name"], m.get("id"), m.get("weight"), m["apiKey"]["secretKeyRef"]["key"]) for m in spec["models"]]
    assert groups == [("regional", "regional-east", 3, "AZURE_EAST_API_KEY"),
                      ("regional", "regional-west", 1, "AZURE_WEST_API_KEY"),
                      ("failover", "failover-east", None, "AZURE_EAST_API_KEY"),
                      ("failover", "failover-west", None, "AZURE_WEST_API_KEY")]


def test_the_rendered_pods_read_the_old_database_and_salt_key(running, old_environment):
    rendered, _, _ = running
    for var, key in (("DATABASE_URL", "DATABASE_URL"), ("LITELLM_SALT_KEY", "LITELLM_SALT_KEY"),
                     ("LITELLM_MASTER_KEY", "LITELLM_MASTER_KEY")):
        ref = rendered.env_source(var)["valueFrom"]["secretKeyRef"]
        assert (ref["name"], ref["key"], ref.get("optional", False)) == (SECRET, key, False), var
    # The schema migration Job runs against the same database before the pods roll.
    job = rendered.one("Job")
    job_env = {e["name"]: e for e in job["spec"]["template"]["spec"]["containers"][0]["env"]}
    ref = job_env["DATABASE_URL"]["valueFrom"]["secretKeyRef"]
    assert (ref["name"], ref["key"]) == (SECRET, "DATABASE_URL")
    # No value of the old environment is copied into any rendered object.
    text = yaml.safe_dump_all(rendered.objects)
    assert not [k for k, v in old_environment.items() if v in text]


def test_the_imported_group_splits_traffic_by_weight(running, upstreams, old_environment):
    """weight 3:1: of 120 requests east must get 75-105 (3.2 standard deviations around 90; 1:1 fails it)."""
    _, run, proxy = running
    east, west = upstreams
    key = run.env["LITELLM_MASTER_KEY"]
    n = 120
    with ThreadPoolExecutor(max_workers=6) as pool:
        codes = list(pool.map(lambda i: proxy.chat("regional", f"r {i}", key=key).status_code, range(n)))
    assert codes == [200] * n, codes
    to_east = east.requests_for(model="regional-up", kind="chat")
    to_west = west.requests_for(model="regional-up", kind="chat")
    print(f"\nimported weights 3:1 over {n} requests: east {len(to_east)}, west {len(to_west)}")
    assert len(to_east) + len(to_west) == n
    assert 75 <= len(to_east) <= 105, (len(to_east), len(to_west))
    # Each deployment still uses its own key, read from the variable the old proxy used.
    assert {r.api_key for r in to_east} == {old_environment["AZURE_EAST_API_KEY"]}
    assert {r.api_key for r in to_west} == {old_environment["AZURE_WEST_API_KEY"]}


def test_the_imported_group_fails_over_to_its_healthy_deployment(running, upstreams):
    """east answers 500: a request is retried inside the group (num_retries 3), and once east failed more than
    allowed_fails times it is cooled down (30 s) and every request goes to west. A request can fail only when
    every one of its attempts went to east before the cooldown started."""
    _, run, proxy = running
    east, west = upstreams
    key = run.env["LITELLM_MASTER_KEY"]
    east.fail("failover-up", status=500)
    try:
        codes = []
        for i in range(20):
            before = len(east.requests_for(model="failover-up", kind="chat"))
            code = proxy.chat("failover", f"f {i}", key=key).status_code
            if code != 200:
                assert len(east.requests_for(model="failover-up", kind="chat")) - before == NUM_RETRIES + 1
            codes.append(code)
        failed_on_east = len(east.requests_for(model="failover-up", kind="chat"))
        served_by_west = len(west.requests_for(model="failover-up", kind="chat"))
        print(f"\nfailover: {codes.count(200)} of 20 answered, east failed {failed_on_east} times, west served"
              f" {served_by_west}")
        assert codes[-10:] == [200] * 10, codes
        assert served_by_west == codes.count(200)
        # Cooled down: the last ten requests never reached east.
        assert all(r.time < west.requests_for(model="failover-up", kind="chat")[-10].time
                   for r in east.requests_for(model="failover-up", kind="chat"))
    finally:
        east.clear_failures()
