"""The node tier: the operator and the gateways on a real single-node cluster (scripts/node-tier.sh starts it).

Needs KUBECONFIG (the node's), LLMGW_KUBECTL and LLMGW_HELM. Every wait and every request loop is bounded in
count and time; traffic goes only to pods, Services and the node (through kubectl and a client pod).
"""
from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
KUBECTL = os.environ.get("LLMGW_KUBECTL", "kubectl")
HELM = os.environ.get("LLMGW_HELM", "helm")


def _need_env() -> None:
    if not os.environ.get("KUBECONFIG"):
        # Run through scripts/node-tier.sh; a provisioned run never gets here without a cluster.
        pytest.fail("KUBECONFIG is not set: run scripts/node-tier.sh", pytrace=False)


def kubectl(*args: str, input: str | None = None, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
    _need_env()
    p = subprocess.run([KUBECTL, *args], input=input, text=True, capture_output=True, timeout=timeout)
    if check and p.returncode != 0:
        raise AssertionError(f"kubectl {' '.join(args)} failed ({p.returncode}):\n{p.stdout}\n{p.stderr}")
    return p


def kjson(*args: str) -> dict:
    return json.loads(kubectl(*args, "-o", "json").stdout)


def apply(manifest: str) -> None:
    kubectl("apply", "-f", "-", input=manifest)


def wait_until(what: str, fn, timeout: float = 180, interval: float = 1.0):
    """fn() is called until it returns a truthy value (returned); AssertionError after timeout."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = fn()
            if last:
                return last
        except (AssertionError, subprocess.TimeoutExpired, json.JSONDecodeError) as e:
            last = e
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}; last: {last}")


# The in-cluster HTTP client: python3 in the client pod (stdlib only), one request per call or a bounded poll.
CLIENT_CODE = r'''
import json, sys, time, urllib.request, urllib.error, os
def req(method, url, headers=None, body=None, timeout=20):
    data = json.dumps(body).encode() if body is not None else None
    r = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}, **({"content-type": "application/json"} if data else {})))
    try:
        with urllib.request.urlopen(r, timeout=timeout) as resp:
            return resp.status, resp.read().decode(), dict(resp.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), dict(e.headers)
    except Exception as e:
        return 0, repr(e), {}
mode = sys.argv[1]
if mode == "one":
    spec = json.loads(sys.argv[2])
    s, b, h = req(spec["method"], spec["url"], spec.get("headers"), spec.get("body"), spec.get("timeout", 20))
    print(json.dumps({"status": s, "body": b, "headers": h}))
else:  # poll URL HEADERS MAX_SECONDS MAX_COUNT STOPFILE: one request every 0.25 s until STOPFILE or a bound
    url, headers, max_s, max_n, stop = sys.argv[2], json.loads(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
    deadline, n, fails = time.monotonic() + max_s, 0, []
    while time.monotonic() < deadline and n < max_n and not os.path.exists(stop):
        s, b, _ = req("GET", url, headers, None, 5)
        n += 1
        if s != 200:
            fails.append([round(time.time(), 2), s, b[:200]])
        time.sleep(0.25)
    print(json.dumps({"count": n, "failures": fails, "stopped": os.path.exists(stop)}))
'''


class Client:
    """A long-running pod with python3 (the stub image) that sends requests from inside the cluster."""

    def __init__(self, namespace: str, name: str = "client"):
        self.namespace, self.name = namespace, name

    def exec(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        return kubectl("exec", "-n", self.namespace, self.name, "--", *args, timeout=timeout)

    def request(self, method: str, url: str, headers: dict | None = None, body=None, timeout: float = 20) -> dict:
        spec = {"method": method, "url": url, "headers": headers or {}, "body": body, "timeout": timeout}
        out = self.exec("python3", "-c", CLIENT_CODE, "one", json.dumps(spec), timeout=timeout + 30).stdout
        return json.loads(out)

    def start_poll(self, url: str, headers: dict, max_seconds: int = 300, max_count: int = 1500) -> subprocess.Popen:
        self.exec("rm", "-f", "/tmp/stop-poll")
        return subprocess.Popen([KUBECTL, "exec", "-n", self.namespace, self.name, "--", "python3", "-c", CLIENT_CODE,
                                 "poll", url, json.dumps(headers), str(max_seconds), str(max_count), "/tmp/stop-poll"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def stop_poll(self, proc: subprocess.Popen, timeout: float = 60) -> dict:
        self.exec("touch", "/tmp/stop-poll")
        out, err = proc.communicate(timeout=timeout)
        assert proc.returncode == 0, f"poller failed: {err}"
        return json.loads(out)


RESTRICTED_CONTAINER = {
    "allowPrivilegeEscalation": False,
    "capabilities": {"drop": ["ALL"]},
    "runAsNonRoot": True,
    "runAsUser": 65532,
    "seccompProfile": {"type": "RuntimeDefault"},
}


def restricted_namespace(name: str) -> str:
    """A namespace that enforces the restricted Pod Security Standard, as the gateways' namespaces do."""
    return f"""apiVersion: v1
kind: Namespace
metadata:
  name: {name}
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: latest
"""


def deployment_available(namespace: str, name: str) -> bool:
    d = kjson("get", "deployment", "-n", namespace, name)
    st = d.get("status", {})
    want = d["spec"].get("replicas", 1)
    return (st.get("observedGeneration") == d["metadata"]["generation"] and st.get("updatedReplicas") == want
            and st.get("availableReplicas") == want and st.get("replicas") == want)


@pytest.fixture(scope="session")
def timings():
    t: dict[str, float] = {}
    yield t
    if t:
        print("\n[node tier] timings: " + ", ".join(f"{k}={v:.1f}s" for k, v in t.items()))
        out = os.environ.get("LLMGW_NODE_TIMINGS")
        if out:
            Path(out).write_text(json.dumps(t, indent=1))
