"""The operator as users install it (deploy/operator, then the Helm chart), on a real node: real kubelet, real
pods of the locally built images, real Services and DNS. Tests run in file order and build on each other
(one cluster per run; the quickstart gateway is created once and changed step by step)."""
from __future__ import annotations

import base64
import json
import re
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from conftest import (HELM, REPO, RESTRICTED_CONTAINER, Client, apply, deployment_available, kjson, kubectl,
                      restricted_namespace, wait_until)

OPERATOR_NS = "litellm-operator"
NS = "demo"
UPSTREAM_NS = "upstream"
STUB_URL = f"http://stub-openai.{UPSTREAM_NS}.svc.cluster.local:8000/v1"
STUB_REQUESTS = f"http://stub-openai.{UPSTREAM_NS}.svc.cluster.local:8001/requests"
GW_URL = f"http://quickstart.{NS}.svc.cluster.local:4000"
UPSTREAM_KEY = "sk-upstream-node-1"


def simple_app(namespace: str, name: str, image: str, ports: list[int], args: list[str] | None = None,
               tls_secret: str | None = None) -> str:
    pod = {
        "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
        "automountServiceAccountToken": False,
        "containers": [{
            "name": name, "image": image, "imagePullPolicy": "Never",
            **({"args": args} if args else {}),
            "ports": [{"containerPort": p} for p in ports],
            "readinessProbe": {"tcpSocket": {"port": ports[0]}, "periodSeconds": 2},
            "securityContext": RESTRICTED_CONTAINER,
            "resources": {"requests": {"cpu": "20m", "memory": "32Mi"}, "limits": {"memory": "256Mi"}},
            **({"volumeMounts": [{"name": "tls", "mountPath": "/tls", "readOnly": True}]} if tls_secret else {}),
        }],
        **({"volumes": [{"name": "tls", "secret": {"secretName": tls_secret}}]} if tls_secret else {}),
    }
    dep = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": namespace},
           "spec": {"replicas": 1, "selector": {"matchLabels": {"app": name}},
                    "template": {"metadata": {"labels": {"app": name}}, "spec": pod}}}
    svc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": namespace},
           "spec": {"selector": {"app": name}, "ports": [{"name": f"p{p}", "port": p, "targetPort": p} for p in ports]}}
    return yaml.safe_dump_all([dep, svc])


def client_pod(namespace: str) -> str:
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "client", "namespace": namespace},
           "spec": {"securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
                    "automountServiceAccountToken": False, "terminationGracePeriodSeconds": 1,
                    "containers": [{"name": "client", "image": "localhost/llmgw/stub-openai:latest",
                                    "imagePullPolicy": "Never", "command": ["python3", "-c",
                                                                            "import time; time.sleep(7200)"],
                                    "securityContext": RESTRICTED_CONTAINER,
                                    "resources": {"requests": {"cpu": "10m", "memory": "32Mi"},
                                                  "limits": {"memory": "128Mi"}}}]}}
    return yaml.safe_dump(pod)


def quickstart(extra_spec: dict | None = None) -> dict:
    """examples/quickstart.yaml as written, plus an api_base pointing at the stub upstream in the cluster."""
    gw = yaml.safe_load((REPO / "examples" / "quickstart.yaml").read_text())
    gw["metadata"]["namespace"] = NS
    gw["spec"]["models"][0]["apiBase"] = {"value": STUB_URL}
    for k, v in (extra_spec or {}).items():
        gw["spec"][k] = v
    return gw


def gateway_ready(name: str, namespace: str = NS) -> dict | None:
    gw = kjson("get", "llmgw", "-n", namespace, name)
    st = gw.get("status", {})
    ready = [c for c in st.get("conditions", []) if c["type"] == "Ready"]
    if ready and ready[0]["status"] == "True" and st.get("observedGeneration") == gw["metadata"]["generation"]:
        return gw
    return None


def master_key(gateway: str = "quickstart") -> str:
    s = kjson("get", "secret", "-n", NS, f"{gateway}-keys")
    return base64.b64decode(s["data"]["master-key"]).decode()


def proxy_pods(gateway: str = "quickstart") -> list[dict]:
    pods = kjson("get", "pods", "-n", NS, "-l", f"llmgw.io/gateway={gateway},app.kubernetes.io/component=proxy")
    return [p for p in pods["items"] if not p["metadata"].get("deletionTimestamp")]


def chat(client: Client, key: str, content: str, url: str = GW_URL) -> dict:
    return client.request("POST", f"{url}/v1/chat/completions", {"authorization": f"Bearer {key}"},
                          {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": content}]}, timeout=60)


def stub_requests(client: Client) -> list[dict]:
    r = client.request("GET", STUB_REQUESTS)
    assert r["status"] == 200, r
    return json.loads(r["body"])


def operator_logs_forbidden() -> list[str]:
    bad = []
    for p in kjson("get", "pods", "-n", OPERATOR_NS, "-l", "app.kubernetes.io/name=litellm-operator")["items"]:
        if p["metadata"].get("deletionTimestamp"):
            continue
        logs = kubectl("logs", "-n", OPERATOR_NS, p["metadata"]["name"], check=False).stdout
        bad += [line for line in logs.splitlines() if re.search(r"forbidden|Forbidden|403", line)]
    return bad


# ----------------------------------------------------------------------------------------------- setup
@pytest.fixture(scope="module")
def client() -> Client:
    return Client(NS)


def test_operator_installs_from_deploy_operator(timings):
    """kubectl apply -k deploy/operator, as the README says: the image is the one built from the Dockerfile."""
    t0 = time.monotonic()
    kubectl("apply", "--server-side", "-k", str(REPO / "deploy" / "operator"))
    wait_until("operator Deployment available", lambda: deployment_available(OPERATOR_NS, "litellm-operator"), 300, 2)
    timings["operator_apply_to_available"] = time.monotonic() - t0
    pods = kjson("get", "pods", "-n", OPERATOR_NS)["items"]
    assert len(pods) == 2 and all(p["status"]["phase"] == "Running" for p in pods)
    # The leader holds the Lease; the other replica waits.
    wait_until("leader Lease", lambda: any(l["spec"].get("holderIdentity")
                                           for l in kjson("get", "lease", "-n", OPERATOR_NS)["items"]), 120)


def test_upstream_stub_and_client(timings):
    for ns in (NS, UPSTREAM_NS):
        apply(restricted_namespace(ns))
    apply(simple_app(UPSTREAM_NS, "stub-openai", "localhost/llmgw/stub-openai:latest", [8000, 8001]))
    apply(client_pod(NS))
    wait_until("stub upstream", lambda: deployment_available(UPSTREAM_NS, "stub-openai"), 180, 1)
    wait_until("client pod", lambda: kjson("get", "pod", "-n", NS, "client")["status"].get("phase") == "Running", 180)


def test_quickstart_becomes_ready_through_the_kubelet(timings):
    kubectl("create", "secret", "generic", "openai", "-n", NS, f"--from-literal=api-key={UPSTREAM_KEY}")
    t0 = time.monotonic()
    apply(yaml.safe_dump(quickstart()))
    gw = wait_until("quickstart Ready", lambda: gateway_ready("quickstart"), 420, 2)
    timings["quickstart_apply_to_ready"] = time.monotonic() - t0
    # Memory of every pod on the node (operator x2, stub, client, quickstart), from the kubepods cgroup (v1).
    stat = Path("/sys/fs/cgroup/memory/kubepods/memory.stat")
    if stat.exists():
        rss = next(int(l.split()[1]) for l in stat.read_text().splitlines() if l.startswith("total_rss "))
        timings["pods_rss_mib_with_quickstart"] = rss / 1048576
    pods = proxy_pods()
    assert len(pods) == 1 and all(c["ready"] for c in pods[0]["status"]["containerStatuses"])
    # Really the pod spec as rendered: uid 65532, read-only root filesystem, restricted namespace admitted it.
    c = pods[0]["spec"]["containers"][0]
    assert c["securityContext"]["readOnlyRootFilesystem"] is True
    assert gw["status"].get("url", "").startswith("http://quickstart.demo.svc")


def test_kubectl_get_llmgw_shows_it():
    out = kubectl("get", "llmgw", "-n", NS).stdout
    assert re.search(r"^quickstart\s+True\s+1\s", out, re.M), out


def test_in_cluster_requests_through_the_service_name(client):
    r = client.request("GET", f"{GW_URL}/health/readiness")
    assert r["status"] == 200 and json.loads(r["body"])["status"] == "healthy", r
    key = master_key()
    r = client.request("GET", f"{GW_URL}/v1/models", {"authorization": f"Bearer {key}"})
    assert r["status"] == 200, r
    assert [m["id"] for m in json.loads(r["body"])["data"]] == ["gpt-4o-mini"]
    r = client.request("GET", f"{GW_URL}/v1/models", {"authorization": "Bearer sk-wrong"})
    assert r["status"] in (400, 401), r
    r = chat(client, key, "hello from a pod")
    assert r["status"] == 200, r
    assert json.loads(r["body"])["choices"][0]["message"]["content"]
    seen = [q for q in stub_requests(client) if q["kind"] == "chat"]
    assert seen and seen[-1]["model"] == "gpt-4o-mini" and seen[-1]["api_key"] == UPSTREAM_KEY, seen


def test_restricted_namespace_admits_the_pods():
    ns = kjson("get", "namespace", NS)
    assert ns["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    # A pod that breaks the profile is refused in the same namespace, so the label is enforced.
    bad = kubectl("run", "-n", NS, "privileged", "--image=localhost/llmgw/stub-openai:latest",
                  "--image-pull-policy=Never", "--restart=Never", "--dry-run=server", "--command", "--", "true",
                  check=False)
    assert bad.returncode != 0 and "violates PodSecurity" in bad.stderr, bad.stderr
    for p in proxy_pods():
        assert p["status"]["phase"] == "Running"


def _rollout_without_failures(client: Client, change, what: str, timings) -> None:
    key = master_key()
    before = {p["metadata"]["name"] for p in proxy_pods()}
    poll = client.start_poll(f"{GW_URL}/v1/models", {"authorization": f"Bearer {key}"}, 360, 1500)
    try:
        time.sleep(3)
        t0 = time.monotonic()
        change()
        wait_until(f"{what}: new pod", lambda: (names := {p["metadata"]["name"] for p in proxy_pods()})
                   and not (names & before), 420, 2)
        wait_until(f"{what}: gateway Ready", lambda: gateway_ready("quickstart"), 300, 2)
        wait_until(f"{what}: rollout complete", lambda: deployment_available(NS, "quickstart"), 300, 2)
        timings[f"rollout_{what}"] = time.monotonic() - t0
        time.sleep(3)
    finally:
        result = client.stop_poll(poll)
    assert result["count"] > 20, result
    assert result["failures"] == [], f"{what}: {len(result['failures'])} of {result['count']} requests failed: " \
                                     f"{result['failures'][:5]}"


def test_spec_change_rolls_the_pods_without_failed_requests(client, timings):
    def change():
        kubectl("patch", "llmgw", "-n", NS, "quickstart", "--type", "merge",
                "-p", json.dumps({"spec": {"env": [{"name": "NODE_TIER_MARK", "value": "1"}]}}))
    _rollout_without_failures(client, change, "spec", timings)
    env = proxy_pods()[0]["spec"]["containers"][0]["env"]
    assert {"name": "NODE_TIER_MARK", "value": "1"} in env


def test_referenced_secret_change_rolls_the_pods(client, timings):
    new_key = "sk-upstream-node-2"

    def change():
        kubectl("patch", "secret", "-n", NS, "openai", "--type", "merge",
                "-p", json.dumps({"stringData": {"api-key": new_key}}))
    _rollout_without_failures(client, change, "secret", timings)
    r = chat(client, master_key(), "after the key rotation")
    assert r["status"] == 200, r
    assert stub_requests(client)[-1]["api_key"] == new_key


def test_deleted_pod_is_replaced():
    old = proxy_pods()[0]["metadata"]["name"]
    kubectl("delete", "pod", "-n", NS, old, "--wait=false")
    wait_until("a new Ready proxy pod", lambda: [p for p in proxy_pods() if p["metadata"]["name"] != old and all(
        c["ready"] for c in p["status"].get("containerStatuses", [{"ready": False}]))], 300, 2)
    wait_until("gateway Ready again", lambda: gateway_ready("quickstart"), 300, 2)


def test_manual_scale_is_reverted():
    kubectl("scale", "deployment", "-n", NS, "quickstart", "--replicas=3")
    wait_until("replicas back to 1", lambda: kjson("get", "deployment", "-n", NS, "quickstart")["spec"]["replicas"] == 1,
               120, 1)
    wait_until("one proxy pod", lambda: len(proxy_pods()) == 1, 180, 2)


def test_redis_cache_answers_a_repeated_request(client):
    apply(simple_app(NS, "redis", "localhost/llmgw/redis:bookworm", [6379]))
    wait_until("redis", lambda: deployment_available(NS, "redis"), 180, 1)
    gw = quickstart({"cache": {"type": "Redis", "redis": {"host": f"redis.{NS}.svc.cluster.local", "port": 6379}}})
    gw["metadata"]["name"] = "cached"
    apply(yaml.safe_dump(gw))
    wait_until("cached gateway Ready", lambda: gateway_ready("cached"), 420, 2)
    url = f"http://cached.{NS}.svc.cluster.local:4000"
    key = master_key("cached")
    before = len([q for q in stub_requests(client) if q["kind"] == "chat"])
    first = chat(client, key, "the same question twice", url)
    second = chat(client, key, "the same question twice", url)
    assert first["status"] == 200 and second["status"] == 200, (first, second)
    after = [q for q in stub_requests(client) if q["kind"] == "chat"]
    assert len(after) == before + 1, "the second request reached the upstream: not answered from the cache"
    assert json.loads(first["body"])["choices"] == json.loads(second["body"])["choices"]
    keys = int(kubectl("exec", "-n", NS, "deploy/redis", "--", "redis-cli", "DBSIZE").stdout.strip())
    assert keys >= 1
    kubectl("delete", "llmgw", "-n", NS, "cached", "--wait=true", timeout=180)


FAULTS_NS = "faults"
SMALL = {"requests": {"cpu": "10m", "memory": "64Mi"}, "limits": {"memory": "1Gi"}}
# Each gateway has one fault the kubelet or the Deployment controller reports, and the reason its status must give.
FAULTS = {
    "oom": ({"resources": {"requests": {"cpu": "10m", "memory": "32Mi"}, "limits": {"memory": "40Mi"}}}, "OOMKilled"),
    "crash": ({"resources": SMALL, "litellmSettings": {"callbacks": ["no_such_callback"]}}, "CrashLoopBackOff"),
    "missing-key": ({"resources": SMALL, "env": [{"name": "EXTRA", "valueFrom": {
        "configMapKeyRef": {"name": "extra", "key": "absent"}}}]}, "CreateContainerConfigError"),
    "bad-image": ({"resources": SMALL, "image": {"repository": "localhost/llmgw/does-not-exist"}}, "ImagePullBackOff"),
}


def conditions(name: str, namespace: str) -> dict:
    gw = kjson("get", "llmgw", "-n", namespace, name)
    if gw.get("status", {}).get("observedGeneration") != gw["metadata"]["generation"]:
        return {}
    return {c["type"]: c for c in gw["status"].get("conditions", [])}


def test_pod_faults_are_named_in_status_then_stalled_at_the_deadline(timings):
    """Four gateways, each with a real fault (a tiny memory limit, a callback LiteLLM refuses at start, a missing
    ConfigMap key, an image that cannot be pulled): each reports PodsHealthy=False with the fault's reason and a
    Warning Event, then Stalled=True with that reason once the Deployment's progress deadline (60 s) passed."""
    apply(restricted_namespace(FAULTS_NS))
    kubectl("create", "secret", "generic", "openai", "-n", FAULTS_NS, f"--from-literal=api-key={UPSTREAM_KEY}")
    kubectl("create", "configmap", "extra", "-n", FAULTS_NS, "--from-literal=present=1")
    t0 = time.monotonic()
    for name, (spec, _) in FAULTS.items():
        gw = quickstart({**spec, "rollout": {"progressDeadlineSeconds": 60}})
        gw["metadata"].update(name=name, namespace=FAULTS_NS)
        apply(yaml.safe_dump(gw))
    pending = dict(FAULTS)
    seen = {}
    deadline = time.monotonic() + 300
    while pending and time.monotonic() < deadline:
        for name, (_, reason) in list(pending.items()):
            pods = conditions(name, FAULTS_NS).get("PodsHealthy", {})
            if pods.get("status") == "False" and pods.get("reason") == reason:
                seen[name] = pods["message"]
                timings[f"fault_{name}_reported_s"] = time.monotonic() - t0
                del pending[name]
        time.sleep(2)
    assert not pending, {n: conditions(n, FAULTS_NS).get("PodsHealthy") for n in pending}
    assert "exit code 137 (OOMKilled)" in seen["oom"], seen["oom"]
    assert "exit code" in seen["crash"] and "restarted" in seen["crash"], seen["crash"]
    assert "couldn't find key absent in ConfigMap faults/extra" in seen["missing-key"], seen["missing-key"]
    assert "localhost/llmgw/does-not-exist" in seen["bad-image"], seen["bad-image"]
    assert not any(UPSTREAM_KEY in m for m in seen.values())

    def stalled_all():
        return all(conditions(n, FAULTS_NS).get("Stalled", {}).get("reason") == r
                   and conditions(n, FAULTS_NS)["Stalled"]["status"] == "True" for n, (_, r) in FAULTS.items())
    wait_until("every faulty gateway Stalled with its reason after the 60 s deadline", stalled_all, 240, 3)
    timings["faults_all_stalled_s"] = time.monotonic() - t0
    events = kjson("get", "events", "-n", FAULTS_NS)["items"]
    for name, (_, reason) in FAULTS.items():
        assert any(e["involvedObject"]["name"] == name and e["type"] == "Warning" and e["reason"] == reason
                   for e in events), (name, reason)
    kubectl("delete", "namespace", FAULTS_NS, "--wait=false")


def test_a_crashing_config_is_rolled_back_while_the_old_pod_keeps_serving(client, timings):
    """quickstart gets a callback LiteLLM refuses at start and a 30 s progress deadline: the new pod crash-loops, the
    operator rolls back to the last good configuration at the deadline (Stalled, RolledBack), and a client polling
    through the Service sees no failed request the whole time. Restoring the spec makes it Ready again."""
    key = master_key()
    good_hash = kjson("get", "llmgw", "-n", NS, "quickstart")["status"]["configHash"]
    poll = client.start_poll(f"{GW_URL}/v1/models", {"authorization": f"Bearer {key}"}, 420, 3000)
    try:
        time.sleep(3)
        t0 = time.monotonic()
        kubectl("patch", "llmgw", "-n", NS, "quickstart", "--type", "merge", "-p", json.dumps(
            {"spec": {"litellmSettings": {"callbacks": ["no_such_callback"]}, "rollout": {"progressDeadlineSeconds": 30}}}))

        def rolled_back():
            c = conditions("quickstart", NS)
            return c if c.get("RolledBack", {}).get("status") == "True" and c["Stalled"]["reason"] == "RolledBack" else None
        c = wait_until("quickstart rolled back", rolled_back, 300, 2)
        timings["rollback_after_bad_config_s"] = time.monotonic() - t0
        assert c["RolledBack"]["reason"] == "CrashLoopBackOff", c["RolledBack"]
        assert "serving the configuration of generation" in c["RolledBack"]["message"], c["RolledBack"]
        template = kjson("get", "deployment", "-n", NS, "quickstart")["spec"]["template"]["metadata"]["annotations"]
        assert template["llmgw.io/config-hash"] == good_hash
        assert "no_such_callback" not in kjson("get", "configmap", "-n", NS, "quickstart-config")["data"]["config.yaml"]
        wait_until("the crashing pod is gone", lambda: len(proxy_pods()) == 1 and all(
            s["ready"] for s in proxy_pods()[0]["status"].get("containerStatuses", [{"ready": False}])), 180, 2)
        time.sleep(3)
    finally:
        result = client.stop_poll(poll)
    assert result["count"] > 20, result
    assert result["failures"] == [], f"{len(result['failures'])} of {result['count']} requests failed: {result['failures'][:5]}"
    events = kjson("get", "events", "-n", NS)["items"]
    assert any(e["involvedObject"]["name"] == "quickstart" and e["type"] == "Warning" and e["reason"] == "RolledBack"
               for e in events)

    kubectl("patch", "llmgw", "-n", NS, "quickstart", "--type", "json", "-p", json.dumps(
        [{"op": "remove", "path": "/spec/litellmSettings"}, {"op": "remove", "path": "/spec/rollout"}]))
    wait_until("quickstart Ready again", lambda: gateway_ready("quickstart"), 300, 2)
    assert "RolledBack" not in conditions("quickstart", NS)


TLS_HOST = f"stub-openai-tls.{UPSTREAM_NS}.svc.cluster.local"
PROMPT = """---
temperature: 0.2
---
System: You triage tickets for team NODE-TIER-7781. Answer in one word.

User: {{question}}
"""


def make_test_ca(tmp_path_factory) -> Path:
    """A throwaway CA and a server certificate for the TLS stub, made with openssl."""
    d = tmp_path_factory.mktemp("ca")

    def run(*args):
        subprocess.run(["openssl", *args], cwd=d, check=True, capture_output=True)
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
        "-subj", "/CN=llmgw node-tier CA", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "tls.key", "-out", "tls.csr", "-subj", "/CN=stub-openai-tls")
    (d / "ext.cnf").write_text(f"subjectAltName=DNS:{TLS_HOST}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
    run("x509", "-req", "-in", "tls.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "tls.crt",
        "-days", "2", "-extfile", "ext.cnf")
    return d


def test_prompt_file_and_trusted_ca_reach_a_tls_upstream(client, timings, tmp_path_factory):
    """A gateway whose only upstream speaks TLS with a certificate from a private CA (spec.trustedCA, a ConfigMap)
    and whose prompt comes from a .prompt file mounted from a ConfigMap (spec.files): the request names the
    prompt, the upstream receives the file's system message, over TLS the proxy verified."""
    ca = make_test_ca(tmp_path_factory)
    kubectl("create", "secret", "tls", "stub-tls", "-n", UPSTREAM_NS, f"--cert={ca / 'tls.crt'}", f"--key={ca / 'tls.key'}")
    apply(simple_app(UPSTREAM_NS, "stub-openai-tls", "localhost/llmgw/stub-openai:latest", [8443, 8001],
                     tls_secret="stub-tls"))
    kubectl("create", "configmap", "corp-ca", "-n", NS, f"--from-file=ca.crt={ca / 'ca.crt'}")
    (ca / "triage.prompt").write_text(PROMPT)
    kubectl("create", "configmap", "prompts", "-n", NS, f"--from-file=triage.prompt={ca / 'triage.prompt'}")
    wait_until("TLS stub", lambda: deployment_available(UPSTREAM_NS, "stub-openai-tls"), 180, 1)
    # The public roots do not know the private CA: without spec.trustedCA the proxy could not reach this upstream.
    def untrusted():
        # Retried: the Service routes to the pod a moment after the Deployment reports it available.
        r = kubectl("exec", "-n", NS, "client", "--", "python3", "-c",
                    f"import urllib.request; urllib.request.urlopen('https://{TLS_HOST}:8443/v1/models', timeout=10)",
                    check=False)
        assert r.returncode != 0 and "CERTIFICATE_VERIFY_FAILED" in r.stderr, r.stderr[-300:]
        return r
    wait_until("the TLS stub refused by the public roots", untrusted, 60, 2)

    gw = quickstart({"trustedCA": {"configMap": "corp-ca"},
                     "files": [{"name": "prompts", "mountPath": "/etc/prompts", "configMap": "prompts"}],
                     "prompts": [{"prompt_id": "triage", "litellm_params": {
                         "prompt_id": "triage", "prompt_integration": "dotprompt",
                         "prompt_file": "/etc/prompts/triage.prompt"}}]})
    gw["metadata"]["name"] = "files"
    gw["spec"]["models"][0]["apiBase"] = {"value": f"https://{TLS_HOST}:8443/v1"}
    t0 = time.monotonic()
    apply(yaml.safe_dump(gw))
    wait_until("files gateway Ready", lambda: gateway_ready("files"), 420, 2)
    timings["files_gateway_apply_to_ready"] = time.monotonic() - t0
    pod = proxy_pods("files")[0]
    assert [c["name"] for c in pod["spec"]["initContainers"]] == ["ca-bundle"]
    assert pod["status"]["initContainerStatuses"][0]["state"]["terminated"]["exitCode"] == 0

    url = f"http://files.{NS}.svc.cluster.local:4000"
    r = client.request("POST", f"{url}/v1/chat/completions", {"authorization": f"Bearer {master_key('files')}"},
                       {"model": "gpt-4o-mini", "prompt_id": "triage", "prompt_variables": {"question": "Disk full?"},
                        "messages": [{"role": "user", "content": "Disk full?"}]}, timeout=60)
    assert r["status"] == 200, r
    got = client.request("GET", f"http://stub-openai-tls.{UPSTREAM_NS}.svc.cluster.local:8001/requests")
    chats = [q for q in json.loads(got["body"]) if q["kind"] == "chat"]
    assert chats, got
    assert any("NODE-TIER-7781" in str(m.get("content")) for m in chats[-1]["messages"]), chats[-1]["messages"]
    kubectl("delete", "llmgw", "-n", NS, "files", "--wait=false")


def test_operator_killed_mid_rollout_new_leader_converges(timings):
    lease = kjson("get", "lease", "-n", OPERATOR_NS)["items"][0]
    leader = lease["spec"]["holderIdentity"]
    leader_pod = next(p["metadata"]["name"] for p in kjson("get", "pods", "-n", OPERATOR_NS)["items"]
                      if p["metadata"]["name"] in leader)
    kubectl("patch", "llmgw", "-n", NS, "quickstart", "--type", "merge",
            "-p", json.dumps({"spec": {"env": [{"name": "NODE_TIER_MARK", "value": "2"}]}}))
    t0 = time.monotonic()
    kubectl("delete", "pod", "-n", OPERATOR_NS, leader_pod, "--grace-period=0", "--force", check=False)
    wait_until("a new leader", lambda: (h := kjson("get", "lease", "-n", OPERATOR_NS)["items"][0]["spec"]
                                        .get("holderIdentity")) and leader_pod not in h, 180, 2)
    wait_until("quickstart Ready with the change", lambda: gateway_ready("quickstart")
               and {"name": "NODE_TIER_MARK", "value": "2"} in proxy_pods()[0]["spec"]["containers"][0]["env"]
               and deployment_available(NS, "quickstart"), 420, 2)
    timings["leader_failover_to_converged"] = time.monotonic() - t0
    assert operator_logs_forbidden() == []


def test_deleting_the_gateway_removes_what_it_owns_and_keeps_the_keys():
    kubectl("delete", "llmgw", "-n", NS, "quickstart", "--wait=true", timeout=180)
    for kind in ("deployment", "service", "configmap", "serviceaccount"):
        name = "quickstart-config" if kind == "configmap" else "quickstart"
        wait_until(f"{kind} {name} garbage-collected", lambda: kubectl("get", kind, "-n", NS, name, check=False)
                   .returncode != 0, 120, 1)
    wait_until("proxy pods gone", lambda: proxy_pods() == [], 180, 2)
    # docs/architecture.md: the generated keys Secret follows database.deletionPolicy, Retain by default.
    keys = kjson("get", "secret", "-n", NS, "quickstart-keys")
    assert not keys["metadata"].get("ownerReferences")
    assert operator_logs_forbidden() == []


def test_helm_chart_installs_the_same_operator(client, timings):
    """Swap the kustomize install for the chart (same image): a new gateway becomes Ready and serves."""
    kubectl("delete", "-n", OPERATOR_NS, "deployment", "litellm-operator", "--wait=true", timeout=180)
    kubectl("delete", "clusterrolebinding,clusterrole", "-l", "app.kubernetes.io/name=litellm-operator",
            check=False)
    for kind, name in (("clusterrolebinding", "litellm-operator"), ("clusterrole", "litellm-operator")):
        kubectl("delete", kind, name, "--ignore-not-found")
    import subprocess
    t0 = time.monotonic()
    p = subprocess.run([HELM, "upgrade", "--install", "llmgw", str(REPO / "helm" / "litellm-operator"),
                        "--namespace", "llmgw-system", "--create-namespace", "--skip-crds", "--wait",
                        "--timeout", "300s"], capture_output=True, text=True, timeout=360)
    assert p.returncode == 0, p.stdout + p.stderr
    timings["helm_install_to_available"] = time.monotonic() - t0
    gw = quickstart()
    gw["metadata"]["name"] = "viahelm"
    apply(yaml.safe_dump(gw))
    wait_until("viahelm Ready", lambda: gateway_ready("viahelm"), 420, 2)
    r = client.request("GET", f"http://viahelm.{NS}.svc.cluster.local:4000/health/readiness")
    assert r["status"] == 200, r
    kubectl("delete", "llmgw", "-n", NS, "viahelm", "--wait=true", timeout=180)
