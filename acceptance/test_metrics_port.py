"""The metrics credential question (issue 11): what LiteLLM 1.108.7 offers for scraping without the master key.

The operator scrapes ``--prometheus_metrics_port`` (a separate process LiteLLM starts, serving the
samples of PROMETHEUS_MULTIPROC_DIR with no auth) and keeps /metrics on the API port behind the
master key. These tests pin the behaviour that choice rests on, on the real proxy."""

from __future__ import annotations

import time

import requests

import harness

MASTER_KEY = "sk-test-metrics-0123456789abcdef"

CONFIG = harness.STUB_MODEL_LIST + """\
litellm_settings:
  callbacks: [prometheus]
general_settings:
  master_key: os.environ/LITELLM_MASTER_KEY
"""


def scrape_until(port: int, prefix: str, timeout: float = 20.0) -> set[str]:
    """The litellm_* series names on the metrics port once one starts with ``prefix``: the request
    metrics are written by a logging callback after the response, not before it."""
    deadline = time.monotonic() + timeout
    while True:
        r = requests.get(f"http://{harness.LOOPBACK}:{port}/metrics", timeout=10)
        assert r.status_code == 200, r.text[:300]
        names = {ln.split("{")[0].split(" ")[0] for ln in r.text.splitlines() if ln.startswith("litellm_")}
        if any(n.startswith(prefix) for n in names) or time.monotonic() > deadline:
            assert any(n.startswith(prefix) for n in names), sorted(names)[:40]
            return names
        time.sleep(0.5)


def test_metrics_port_serves_without_credentials_and_the_api_port_keeps_auth(stub, start_proxy, tmp_path):
    """With ``--prometheus_metrics_port`` and a PROMETHEUS_MULTIPROC_DIR (as the Deployment sets
    them): the metrics port answers 200 with the request metrics and no credential at all; the API
    port's /metrics still answers 401 without a key (the master key is not needed by the scrape and
    not weakened elsewhere); a made-up bearer is refused there (no DB: only the master key exists)."""
    metrics_port = harness.free_port()
    multiproc = tmp_path / "prometheus"
    multiproc.mkdir()
    proxy = start_proxy(CONFIG.format(api_base=stub.base_url_v1),
                        {"STUB_KEY": "sk-upstream", "LITELLM_MASTER_KEY": MASTER_KEY,
                         "PROMETHEUS_MULTIPROC_DIR": str(multiproc)},
                        extra_args=["--prometheus_metrics_port", str(metrics_port)])
    assert proxy.chat("gpt-stub", "hello metrics", key=MASTER_KEY).status_code == 200

    names = scrape_until(metrics_port, "litellm_proxy_total_requests_metric")

    assert proxy.get("/metrics").status_code == 401
    assert proxy.get("/metrics", key="sk-not-a-key-0123456789").status_code == 401
    assert proxy.get("/metrics", key=MASTER_KEY).status_code == 200
    print(f"\nmetrics port {metrics_port}: 200 without credentials, {len(names)} litellm_* names; "
          f"API port /metrics: 401 without a key or with a made-up one, 200 with the master key")
