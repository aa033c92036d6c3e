"""Model groups (several spec.models entries sharing a name), rendered by the operator, run by the real LiteLLM.

Two stub upstreams (``east``, ``west``) stand for two regions of one provider. Each group's deployments send the
same upstream model name to both, so a stub's record says which deployment LiteLLM picked.

* ``shuffle`` gateway (default strategy simple-shuffle, one replica): weights split traffic, and a failing
  deployment is failed over inside its group and cooled down for ``cooldownTime``.
* ``limited`` gateway (usage-based-routing-v2, two replicas on the managed cache): per-deployment rpm limits hold
  across both replicas, because the operator wires router_settings.redis_* to the cache; past both limits LiteLLM
  answers 429.
"""

from __future__ import annotations

import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import rendered as R
from harness import LiteLLMProxy, RedisServer
from stub_openai import StubOpenAI

COOLDOWN_SECONDS = 4
ALLOWED_FAILS = 1
NUM_RETRIES = 3


def _keys(name: str) -> dict[str, dict[str, str]]:
    return {f"{name}-keys": {"master-key": "sk-" + secrets.token_hex(24), "salt-key": "salt-" + secrets.token_hex(24)},
            "upstream": {"east": "sk-east-" + secrets.token_hex(6), "west": "sk-west-" + secrets.token_hex(6)}}


def _deployment(name: str, region: str, stub: StubOpenAI, upstream: str, **fields: Any) -> dict:
    return {"name": name, "id": f"{name}-{region}", "model": f"openai/{upstream}",
            "apiKey": {"secretKeyRef": {"name": "upstream", "key": region}},
            "apiBase": {"value": stub.base_url_v1}, "tags": [region], **fields}


def _gateway(name: str, spec: dict) -> dict:
    return {"apiVersion": "llmgw.io/v1alpha1", "kind": "LiteLLMGateway",
            "metadata": {"name": name, "namespace": "ai-system"}, "spec": spec}


class Upstreams:
    def __init__(self) -> None:
        self.east = StubOpenAI().start()
        self.west = StubOpenAI().start()

    def chats(self, upstream: str) -> tuple[list, list]:
        return (self.east.requests_for(model=upstream, kind="chat"), self.west.requests_for(model=upstream, kind="chat"))

    def stop(self) -> None:
        self.east.stop()
        self.west.stop()


@pytest.fixture(scope="module")
def upstreams():
    u = Upstreams()
    yield u
    u.stop()


def _start(litellm_venv: Path, workdir: Path, gateway: dict, fixture: dict, redis: RedisServer | None = None,
           replicas: int = 1) -> tuple[R.Rendered, R.LocalRun, list[LiteLLMProxy]]:
    rendered = R.render_gateway(gateway, workdir)
    run = R.local_run(rendered, fixture, redis=(redis.host, redis.port) if redis else None)
    config = run.dump(workdir / "config.yaml")
    proxies = []
    for i in range(replicas):
        proxy = LiteLLMProxy(config, run.env, venv=litellm_venv, extra_args=rendered.proxy_args(), startup_timeout=300,
                             log_path=workdir / f"proxy-{i}.log")
        proxies.append(proxy)
        proxy.start()
    return rendered, run, proxies


@pytest.fixture(scope="module")
def shuffle(litellm_venv, tmp_path_factory, upstreams):
    u = upstreams
    gateway = _gateway("shuffle", {
        "models": [
            _deployment("split", "east", u.east, "split-up", weight=3),
            _deployment("split", "west", u.west, "split-up", weight=1),
            _deployment("failover", "east", u.east, "failover-up"),
            _deployment("failover", "west", u.west, "failover-up"),
        ],
        "routerSettings": {"numRetries": NUM_RETRIES, "allowedFails": ALLOWED_FAILS, "cooldownTime": COOLDOWN_SECONDS},
    })
    fixture = _keys("shuffle")
    rendered, run, proxies = _start(litellm_venv, tmp_path_factory.mktemp("gw-shuffle"), gateway, fixture)
    yield rendered, run, proxies[0]
    for p in proxies:
        p.stop()


def test_the_group_renders_one_entry_per_deployment(shuffle):
    _, run, _ = shuffle
    split = [m for m in run.config["model_list"] if m["model_name"] == "split"]
    assert [m["model_info"]["id"] for m in split] == ["split-east", "split-west"]
    assert [m["litellm_params"]["weight"] for m in split] == [3, 1]
    assert [m["litellm_params"]["tags"] for m in split] == [["east"], ["west"]]
    # Each deployment's key comes from its own Secret key, never from the ConfigMap.
    assert all(m["litellm_params"]["api_key"].startswith(R.ENV_PREFIX) for m in run.config["model_list"])


def test_weights_split_the_traffic_of_a_group(shuffle, upstreams):
    """weight 3:1 under simple-shuffle: 120 requests, east's share must be near 3/4. The bounds [75, 105] are
    3.2 standard deviations around 90 (binomial, p=0.75): a 1:1 split (mean 60) passes them with p < 0.5%."""
    _, run, proxy = shuffle
    key = run.env["LITELLM_MASTER_KEY"]
    n = 120
    with ThreadPoolExecutor(max_workers=6) as pool:
        codes = list(pool.map(lambda i: proxy.chat("split", f"split {i}", key=key).status_code, range(n)))
    assert codes == [200] * n, codes
    east, west = upstreams.chats("split-up")
    print(f"\nweights 3:1 over {n} requests: east {len(east)}, west {len(west)} ({len(east) / n:.0%} east)")
    assert len(east) + len(west) == n
    assert 75 <= len(east) <= 105, (len(east), len(west))
    assert all(r.api_key == run.env[_var(run, "east")] for r in east)
    assert all(r.api_key == run.env[_var(run, "west")] for r in west)


def _var(run: R.LocalRun, region: str) -> str:
    """The env variable the rendered config reads the region's key from."""
    model = next(m for m in run.config["model_list"] if m["model_info"]["id"] == f"split-{region}")
    return model["litellm_params"]["api_key"][len(R.ENV_PREFIX):]


def test_a_failing_deployment_fails_over_inside_its_group_and_is_cooled_down(shuffle, upstreams):
    """east answers 500 to every request. Until east is cooled down a request is retried (numRetries) on a
    deployment picked again from the whole group, east included (LiteLLM skips on retry only deployments that
    refused with a non-retryable status), so it fails only if every attempt went to east. Once east has failed
    more than allowedFails times it gets nothing for the rest of cooldownTime and every request succeeds on west;
    then east gets traffic again. Without a cooldown east would get about half of the requests."""
    _, run, proxy = shuffle
    key = run.env["LITELLM_MASTER_KEY"]
    upstreams.east.fail("failover-up", status=500)

    def send(what: str) -> tuple[int, int, int]:
        before = [len(c) for c in upstreams.chats("failover-up")]
        r = proxy.chat("failover", what, key=key)
        after = [len(c) for c in upstreams.chats("failover-up")]
        return r.status_code, after[0] - before[0], after[1] - before[1]

    def unlucky_request(code: int, to_east: int, to_west: int) -> int:
        """1 for a request that failed because every attempt went to east, 0 for one west answered."""
        if code == 200:
            return 0
        assert (code, to_east, to_west) == (500, NUM_RETRIES + 1, 0), "failed although west was tried"
        return 1

    try:
        # LiteLLM counts failures and sets the cooldown in a failure callback that runs after the retry on west
        # answered, so a request sent meanwhile may still reach east: send until east has been quiet for 1 s.
        deadline = time.monotonic() + 30
        sent, unlucky = 0, 0
        while True:
            failed = upstreams.chats("failover-up")[0]
            if len(failed) >= ALLOWED_FAILS + 1 and time.time() - failed[-1].time >= 1.0:
                break
            assert time.monotonic() < deadline, f"east failed {len(failed)} times and was never cooled down"
            code, to_east, to_west = send("until cooled down")
            sent += 1
            unlucky += unlucky_request(code, to_east, to_west)
        last = failed[-1].time
        assert time.time() < last + COOLDOWN_SECONDS - 2, "too slow to watch the cooldown"
        during = 0
        while time.time() < last + COOLDOWN_SECONDS - 0.5:
            assert send("during cooldown") == (200, 0, 1)
            during += 1
        east, west = upstreams.chats("failover-up")
        print(f"\nfailover: east failed {len(failed)} times in {sent} requests (allowedFails {ALLOWED_FAILS}; {unlucky} of"
              f" them had every attempt on east and answered 500), then got nothing for {COOLDOWN_SECONDS - 0.5:.1f}s after"
              f" its last failure while west answered {during} more")
        # allowedFails + 1 failures cool east down; the attempts of one request may still reach east before the
        # failure callback ran (and each request whose every attempt went to east adds its own).
        assert len(failed) <= ALLOWED_FAILS + 1 + NUM_RETRIES * (1 + unlucky), [r.time - last for r in failed]
        assert during >= 5
        assert len(east) == len(failed), [r.time - last for r in east]
        assert all(r.status == 500 for r in east)
        assert all(r.status == 200 for r in west)
        # After the cooldown east is tried again (it is cooled down, not removed).
        time.sleep(max(0.0, last + COOLDOWN_SECONDS + 0.3 - time.time()))
        deadline = time.monotonic() + 15
        while len(upstreams.chats("failover-up")[0]) == len(failed):
            unlucky_request(*send("after cooldown"))
            assert time.monotonic() < deadline, "east was never tried again after its cooldown"
        back = upstreams.chats("failover-up")[0][len(failed)].time - last
        print(f"east tried again {back:.1f}s after its last failure (cooldownTime {COOLDOWN_SECONDS}s)")
        assert back >= COOLDOWN_SECONDS
    finally:
        upstreams.east.clear_failures()


RPM_EAST, RPM_WEST = 2, 4


def test_rpm_limits_hold_across_replicas_through_the_managed_cache(litellm_venv, tmp_path_factory, upstreams):
    """usage-based-routing-v2, rpm east 2 and west 4, two replicas on the managed cache (Dragonfly, here a local
    redis-server). Replica 0 gets RPM_EAST + RPM_WEST requests: LiteLLM 1.108.7 routes a deployment at most
    rpm - 1 requests a minute (it skips a deployment once usage + 1 >= rpm), the rest go to the other deployment,
    and once both are full it answers 429 (no queueing). Replica 1, which has served nothing itself, then answers
    429 as well: it reads the usage from Redis, where the operator's router_settings.redis_* point the router;
    without them each replica would allow the full limits on its own. LiteLLM pushes its usage counters to
    Redis every second (DEFAULT_REDIS_SYNC_INTERVAL), hence the pause."""
    u = upstreams
    gateway = _gateway("limited", {
        "replicas": 2,
        "models": [
            _deployment("limited", "east", u.east, "limited-up", rpm=RPM_EAST),
            _deployment("limited", "west", u.west, "limited-up", rpm=RPM_WEST),
        ],
        "routerSettings": {"routingStrategy": "usage-based-routing-v2", "numRetries": 2},
        # The namespace prefixes the router's keys too (several gateways may share one Redis).
        "cache": {"type": "Dragonfly", "namespace": "limited-gw"},
    })
    fixture = _keys("limited")
    fixture["limited-cache-auth"] = {"password": "dragonfly-pw-" + secrets.token_hex(8)}
    with RedisServer(password=fixture["limited-cache-auth"]["password"]) as redis:
        rendered, run, proxies = _start(litellm_venv, tmp_path_factory.mktemp("gw-limited"), gateway, fixture, redis,
                                        replicas=2)
        try:
            rs = run.config["router_settings"]
            assert rs["routing_strategy"] == "usage-based-routing-v2"
            assert rs["redis_password"] == R.ENV_PREFIX + "REDIS_PASSWORD"
            # Two replicas with a shared cache: none of the per-pod warnings.
            assert "warning:" not in rendered.stderr, rendered.stderr
            key = run.env["LITELLM_MASTER_KEY"]
            # rpm windows are UTC minutes: do not start in the last seconds of one.
            if time.gmtime().tm_sec > 50:
                time.sleep(61 - time.gmtime().tm_sec)
            started = time.gmtime().tm_min
            first = proxies[0]
            codes = [first.chat("limited", f"limited {i}", key=key).status_code for i in range(RPM_EAST + RPM_WEST)]
            east, west = u.chats("limited-up")
            time.sleep(1.5)
            other = [proxies[1].chat("limited", f"other replica {i}", key=key) for i in range(2)]
            assert time.gmtime().tm_min == started, "the test crossed a minute boundary; rerun"
            print(f"\nrpm east {RPM_EAST}, west {RPM_WEST}: replica 0 answered {codes} (east {len(east)}, west {len(west)});"
                  f" replica 1 then answered {[r.status_code for r in other]}")
            served = (RPM_EAST - 1) + (RPM_WEST - 1)
            assert codes == [200] * served + [429] * (RPM_EAST + RPM_WEST - served)
            assert (len(east), len(west)) == (RPM_EAST - 1, RPM_WEST - 1)
            assert [r.status_code for r in other] == [429, 429], [r.text for r in other]
            # What replica 1 read: replica 0's counters, in the shared Redis, under the gateway's namespace.
            client = redis.client()
            try:
                counters = {k.split(":")[1]: int(float(client.get(k))) for k in client.keys("limited-gw:limited-*:rpm:*")}
            finally:
                client.close()
            assert counters == {"limited-east": RPM_EAST - 1, "limited-west": RPM_WEST - 1}, counters
            assert (len(u.east.requests_for(model="limited-up")), len(u.west.requests_for(model="limited-up"))) \
                == (RPM_EAST - 1, RPM_WEST - 1)
        finally:
            for p in proxies:
                p.stop()
