"""Smoke test of the acceptance harness: a hand-written minimal LiteLLM config, a real proxy,
a real redis-server, and the OpenAI stub as the only upstream."""

from __future__ import annotations

import harness

MASTER_KEY = "sk-test-smoke-0123456789abcdef"
UPSTREAM_KEY = "sk-upstream-smoke-key"

CONFIG_TEMPLATE = harness.STUB_MODEL_LIST + """\

litellm_settings:
  cache: true
  cache_params:
    type: redis
    host: os.environ/REDIS_HOST
    port: os.environ/REDIS_PORT
    ttl: 600

general_settings:
  master_key: os.environ/LITELLM_MASTER_KEY
"""


def test_smoke(stub, redis_server, start_proxy, tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG_TEMPLATE.format(api_base=stub.base_url_v1))
    env = {"STUB_KEY": UPSTREAM_KEY, "LITELLM_MASTER_KEY": MASTER_KEY, **redis_server.env()}

    # Finding, not a requirement: does this litellm have --validate_config?
    res = harness.validate_config(config, env)
    verdict = [ln for ln in res.output.splitlines() if "LiteLLM: config" in ln] or [res.output[-300:]]
    print(f"\nlitellm {harness.litellm_version()}: --validate_config supported={res.supported} "
          f"rc={res.returncode}: {verdict[-1].strip()}")
    if res.supported:
        assert res.returncode == 0, res.output

    proxy = start_proxy(config, env)
    print(f"proxy up on {proxy.base_url} in {proxy.startup_seconds:.1f}s")
    assert proxy.owns_port()

    # /v1/models lists the configured model (master key)
    r = proxy.get("/v1/models", key=MASTER_KEY)
    assert r.status_code == 200, r.text
    assert [m["id"] for m in r.json()["data"]] == ["gpt-stub"]

    # a chat completion reaches the stub with the upstream model name and key
    r1 = proxy.chat("gpt-stub", "hello smoke", key=MASTER_KEY)
    assert r1.status_code == 200, r1.text
    chats = stub.requests_for(kind="chat")
    assert len(chats) == 1
    up = chats[0]
    assert up.path == "/v1/chat/completions"
    assert up.body["model"] == "gpt-stub"
    assert up.body["messages"] == [{"role": "user", "content": "hello smoke"}]
    assert up.headers["authorization"] == f"Bearer {UPSTREAM_KEY}"
    assert up.api_key == UPSTREAM_KEY
    assert MASTER_KEY not in str(up.headers)          # the proxy key never leaks upstream
    body1 = r1.json()
    assert body1["choices"][0]["message"]["content"] == f"stub reply #{up.seq} from gpt-stub"
    assert body1["usage"]["total_tokens"] > 0

    # the identical request is a cache hit: the stub sees nothing new
    r2 = proxy.chat("gpt-stub", "hello smoke", key=MASTER_KEY)
    assert r2.status_code == 200, r2.text
    assert len(stub.requests_for(kind="chat")) == 1
    assert r2.json()["id"] == body1["id"]
    assert r2.json()["choices"][0]["message"]["content"] == body1["choices"][0]["message"]["content"]
    cache_key = r2.headers.get("x-litellm-cache-key")
    assert cache_key, dict(r2.headers)
    client = redis_server.client()
    try:
        assert client.exists(cache_key) == 1, redis_server.keys()
    finally:
        client.close()

    # LiteLLM fronts the Redis response cache with a per-process in-memory layer, so a hit
    # on the same process proves little. A second proxy process (a second replica) on the
    # same Redis must be served from Redis without reaching upstream.
    replica = start_proxy(config, env)
    r3 = replica.chat("gpt-stub", "hello smoke", key=MASTER_KEY)
    assert r3.status_code == 200, r3.text
    assert r3.headers.get("x-litellm-cache-key") == cache_key
    assert r3.json()["id"] == body1["id"]
    assert len(stub.requests_for(kind="chat")) == 1

    # readiness without a DB
    r = proxy.get("/health/readiness")
    assert r.status_code == 200, r.text
    print(f"/health/readiness -> {r.status_code} {r.text}")
    assert r.json()["status"] == "healthy"
