"""A gateway's CloudNativePG database on the real node: the CloudNativePG operator built from its Go module
(scripts/provision-cnpg.sh) and installed from the module's own config/default, a PostgreSQL operand image from
Debian's packages (images/postgresql), real PVCs on hostPath PersistentVolumes, and a query through the Cluster's
rw Service with the credentials CloudNativePG generated. Runs after test_node.py (file order) on the same node.

LiteLLM's schema migrations cannot run here (the proxy's Prisma engine is downloaded at run time from a host
this machine cannot reach), so this proves the data path up to PostgreSQL: the Cluster, the database condition,
the app Secret the migration Job and the proxy read DATABASE_URL from, and that URL working from a pod.
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest
import yaml

from conftest import (REPO, RESTRICTED_CONTAINER, apply, deployment_available, kjson, kubectl, restricted_namespace,
                      wait_until)

NS = "pgdemo"
GATEWAY = "pg"
CLUSTER = f"{GATEWAY}-db"
CNPG_NS = "cnpg-system"
CNPG_DEPLOYMENT = "cnpg-controller-manager"
STORAGE_CLASS = "node-local"
PV = "node-tier-pg-db-1"
# scripts/build-node-images.sh names these.
CNPG_VERSION = os.environ.get("LLMGW_CNPG_VERSION", "").lstrip("v")
CNPG_IMAGE = f"localhost/llmgw/cloudnative-pg:{CNPG_VERSION}"
POSTGRES_IMAGE = "localhost/llmgw/postgresql:15-bookworm"


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run scripts/node-tier.sh", pytrace=False)
    return value


def condition(obj: dict, type_: str) -> dict | None:
    return next((c for c in obj.get("status", {}).get("conditions", []) if c["type"] == type_), None)


def ensure_operator() -> None:
    """test_node.py leaves the operator installed (by the chart); run alone, install it as the README says."""
    for d in kjson("get", "deployment", "-A", "-l", "app.kubernetes.io/name=litellm-operator")["items"]:
        if deployment_available(d["metadata"]["namespace"], d["metadata"]["name"]):
            return
    kubectl("apply", "--server-side", "-k", str(REPO / "deploy" / "operator"))
    wait_until("operator available", lambda: deployment_available("litellm-operator", "litellm-operator"), 300, 2)


def ensure_cloudnative_pg() -> None:
    """The operator and CloudNativePG as test_cloudnative_pg_installs_from_its_module installs them (server-side apply
    of the same overlay: a no-op when they are there), for a file run alone."""
    ensure_operator()
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "kustomization.yaml").write_text(cnpg_kustomization(_env("LLMGW_CNPG_CONFIG"), d))
        kubectl("apply", "--server-side", "-k", d, timeout=180)
    wait_until("CloudNativePG manager available", lambda: deployment_available(CNPG_NS, CNPG_DEPLOYMENT), 300, 2)


def tear_down(namespace: str, gateways: list[str], pvs: list[str]) -> None:
    """Gateways first (policy Delete removes their Clusters), then the namespace and the PVs. The instance pods must be
    gone before the namespace is deleted: an instance pod has a grace period of 1800 s (CloudNativePG's stopDelay),
    and a namespace deleted while one terminates was seen to stay Terminating, its Secrets never removed, well past
    the pod's exit (the namespace controller waits out its estimate)."""
    for gw in gateways:
        kubectl("delete", "llmgw", "-n", namespace, gw, "--ignore-not-found", "--wait=true", timeout=180)
        wait_until(f"Cluster {gw}-db garbage-collected", lambda: kubectl("get", "cluster", "-n", namespace, f"{gw}-db",
                   check=False).returncode != 0, 180, 2)
    wait_until("instance pods gone", lambda: not kjson("get", "pods", "-n", namespace, "-l", "cnpg.io/cluster")["items"],
               180, 2)
    kubectl("delete", "namespace", namespace, "--wait=true", timeout=180)
    kubectl("delete", "pv", *pvs, "--ignore-not-found", "--wait=true", timeout=120)


def cnpg_kustomization(config: str, overlay_dir: str) -> str:
    """An overlay of the module's config/default (CRDs, RBAC, manager, webhooks): the local image, never pulled.
    OPERATOR_IMAGE_NAME is what every instance pod's bootstrap-controller init container runs. Kustomize takes
    a base directory only by a relative path."""
    image_patch = [
        {"op": "replace", "path": "/spec/template/spec/containers/0/imagePullPolicy", "value": "IfNotPresent"},
        {"op": "replace", "path": "/spec/template/spec/containers/0/env/0",
         "value": {"name": "OPERATOR_IMAGE_NAME", "value": CNPG_IMAGE}},
    ]
    return yaml.safe_dump({
        "apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
        "resources": [os.path.relpath(Path(config) / "default", overlay_dir)],
        "images": [{"name": "controller", "newName": CNPG_IMAGE.rsplit(":", 1)[0], "newTag": CNPG_VERSION}],
        "patches": [{"target": {"group": "apps", "kind": "Deployment", "name": CNPG_DEPLOYMENT},
                     "patch": json.dumps(image_patch)}],
    })


def storage(volumes: dict[str, Path]) -> str:
    """No provisioner on the node: a no-provisioner StorageClass and one hostPath PV per Cluster (name -> directory),
    owned by uid 26 (the PostgreSQL user of CloudNativePG's pods; hostPath volumes get no fsGroup ownership change)."""
    sc = {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": STORAGE_CLASS},
          "provisioner": "kubernetes.io/no-provisioner", "volumeBindingMode": "WaitForFirstConsumer",
          "reclaimPolicy": "Retain"}
    pvs = [{"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": name},
            "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
                     "persistentVolumeReclaimPolicy": "Retain", "storageClassName": STORAGE_CLASS,
                     "hostPath": {"path": str(path), "type": "Directory"}}} for name, path in volumes.items()]
    return yaml.safe_dump_all([sc, *pvs])


def volume_dirs(*names: str):
    """Empty directories for the hostPath PVs `names`, owned by uid 26 with mode 0700 (as initdb wants); removed
    after the module (a generator for a module fixture)."""
    dirs = {name: Path(_env("LLMGW_NODE_DIR")) / "volumes" / name for name in names}
    for d in dirs.values():
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
        os.chown(d, 26, 26)
        d.chmod(0o700)
    yield dirs
    for d in dirs.values():
        shutil.rmtree(d, ignore_errors=True)


def psql(namespace: str, name: str, cluster: str, sql: str) -> str:
    """A one-shot psql from the operand image, in a restricted namespace, connecting with the app Secret's URI of
    `cluster` (the value the gateway's DATABASE_URL and migration Job read): through the rw Service, by its DNS name."""
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": namespace},
           "spec": {"restartPolicy": "Never", "automountServiceAccountToken": False,
                    "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
                    "containers": [{
                        "name": "psql", "image": POSTGRES_IMAGE, "imagePullPolicy": "Never",
                        "command": ["psql", "-v", "ON_ERROR_STOP=1", "-At", "-d", "$(PGURI)", "-c", sql],
                        "env": [{"name": "PGURI", "valueFrom": {"secretKeyRef": {"name": f"{cluster}-app", "key": "uri"}}},
                                {"name": "PGCONNECT_TIMEOUT", "value": "10"}],
                        "securityContext": {**RESTRICTED_CONTAINER, "runAsUser": 26},
                        "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}, "limits": {"memory": "64Mi"}}}]}}
    apply(yaml.safe_dump(pod))
    phase = wait_until(f"psql pod {name} finished", lambda: (p := kjson("get", "pod", "-n", namespace, name)["status"]
                       .get("phase")) in ("Succeeded", "Failed") and p, 120, 1)
    out = kubectl("logs", "-n", namespace, name).stdout
    kubectl("delete", "pod", "-n", namespace, name, "--wait=false")
    assert phase == "Succeeded", out
    return out


def gateway(namespace: str = NS, name: str = GATEWAY) -> dict:
    """A one-model gateway with a one-instance CloudNativePG database on the node's storage class; the other files
    add their backup or bootstrap to it."""
    return {
        "apiVersion": "llmgw.io/v1alpha1", "kind": "LiteLLMGateway",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {
            "models": [{"name": "gpt-4o-mini", "model": "openai/gpt-4o-mini",
                        "apiKey": {"secretKeyRef": {"name": "openai", "key": "api-key"}}}],
            "database": {
                "type": "CloudNativePG",
                # Delete: the Cluster (and so its PVC) goes with the gateway at the end of the test.
                "deletionPolicy": "Delete",
                "cloudNativePG": {"instances": 1, "imageName": POSTGRES_IMAGE,
                                  "storage": {"size": "1Gi", "storageClass": STORAGE_CLASS}},
            },
        },
    }


def prepare_namespace(namespace: str, volumes: dict[str, Path]) -> None:
    """A restricted namespace, the hostPath PVs for its Clusters and the (unused) provider key the gateway names."""
    apply(restricted_namespace(namespace))
    apply(storage(volumes))
    kubectl("create", "secret", "generic", "openai", "-n", namespace, "--from-literal=api-key=sk-unused")


@pytest.fixture(scope="module")
def volume_dir():
    for dirs in volume_dirs(PV):
        yield dirs[PV]


def test_cloudnative_pg_installs_from_its_module(timings):
    """config/default of the pinned module: all its CRDs, RBAC, the manager and the webhooks (certificates made
    by the manager itself: cnpg-ca-secret, cnpg-webhook-cert, CA injected into the webhook configurations)."""
    ensure_operator()
    t0 = time.monotonic()
    ensure_cloudnative_pg()
    timings["cnpg_apply_to_available"] = time.monotonic() - t0
    dep = kjson("get", "deployment", "-n", CNPG_NS, CNPG_DEPLOYMENT)
    c = dep["spec"]["template"]["spec"]["containers"][0]
    assert c["image"] == CNPG_IMAGE and {"name": "OPERATOR_IMAGE_NAME", "value": CNPG_IMAGE} in c["env"], c
    kjson("get", "secret", "-n", CNPG_NS, "cnpg-webhook-cert")
    hook = kjson("get", "mutatingwebhookconfiguration", "cnpg-mutating-webhook-configuration")
    assert all(w["clientConfig"].get("caBundle") for w in hook["webhooks"]), "CA not injected"


def test_gateway_database_comes_up_on_cloudnative_pg(timings, volume_dir):
    prepare_namespace(NS, {PV: volume_dir})
    t0 = time.monotonic()
    apply(yaml.safe_dump(gateway()))

    cluster = wait_until("CloudNativePG Cluster Ready", lambda: (c := kjson("get", "cluster", "-n", NS, CLUSTER))
                         and (condition(c, "Ready") or {}).get("status") == "True" and c, 600, 3)
    timings["cnpg_cluster_apply_to_ready"] = time.monotonic() - t0
    assert cluster["spec"]["imageName"] == POSTGRES_IMAGE
    assert cluster["status"].get("readyInstances") == 1, cluster["status"]
    gw = wait_until("gateway DatabaseReady", lambda: (g := kjson("get", "llmgw", "-n", NS, GATEWAY))
                    and (condition(g, "DatabaseReady") or {}).get("status") == "True" and g, 120, 2)
    assert condition(gw, "DatabaseReady")["reason"] == "ClusterReady", gw["status"]
    timings["gateway_apply_to_database_ready"] = time.monotonic() - t0

    # The PVC is really bound to the hostPath volume, and PostgreSQL initialised its data directory there.
    pvc = kjson("get", "pvc", "-n", NS, f"{CLUSTER}-1")
    assert pvc["status"]["phase"] == "Bound" and pvc["spec"]["volumeName"] == PV, pvc["status"]
    assert (volume_dir / "pgdata" / "PG_VERSION").read_text().strip() == "15"
    # The instance pod: the operand image, and the manager copied in from the operator image.
    pod = kjson("get", "pod", "-n", NS, f"{CLUSTER}-1")
    assert pod["spec"]["containers"][0]["image"] == POSTGRES_IMAGE
    assert [(c["name"], c["image"]) for c in pod["spec"]["initContainers"]] == [("bootstrap-controller", CNPG_IMAGE)]
    stat = Path("/sys/fs/cgroup/memory/kubepods/memory.stat")
    if stat.exists():
        rss = next(int(l.split()[1]) for l in stat.read_text().splitlines() if l.startswith("total_rss "))
        timings["pods_rss_mib_with_cnpg"] = rss / 1048576


def test_app_credentials_reach_postgres_through_the_rw_service():
    uri = base64.b64decode(kjson("get", "secret", "-n", NS, f"{CLUSTER}-app")["data"]["uri"]).decode()
    assert f"@{CLUSTER}-rw." in uri and uri.endswith("/litellm"), "unexpected app URI host/database"
    out = psql(NS, "psql-write", CLUSTER, "CREATE TABLE node_tier(x int); INSERT INTO node_tier VALUES (41), (1); "
                   "SELECT current_user || ' ' || current_database() || ' ' || sum(x) FROM node_tier")
    assert out.strip().splitlines()[-1] == "litellm litellm 42", out
    # A second connection (another pod) sees the committed row: it is the server's data, not a session's.
    out = psql(NS, "psql-read", CLUSTER, "SELECT count(*) FROM node_tier; SHOW server_version_num")
    lines = out.strip().splitlines()
    assert lines[0] == "2" and lines[1].startswith("15"), out


def test_migration_job_gets_the_database_url_but_cannot_migrate_here():
    """The migration Job is rendered with DATABASE_URL from the app Secret; LiteLLM's Prisma engine cannot be
    downloaded on this machine, so the migrations never complete and the gateway reports that, not Ready."""
    jobs = wait_until("the migration Job", lambda: kjson("get", "jobs", "-n", NS, "-l", f"llmgw.io/gateway={GATEWAY}")["items"],
                      60, 1)
    assert len(jobs) == 1, [j["metadata"]["name"] for j in jobs]
    # The Job waits for the end of the Cluster's bootstrap (CloudNativePG's Ready), not only for the app Secret,
    # which exists before Postgres accepts connections: its first attempts would otherwise fail and use up retries.
    ready = condition(kjson("get", "cluster", "-n", NS, CLUSTER), "Ready")
    assert ready and ready["status"] == "True", ready
    assert jobs[0]["metadata"]["creationTimestamp"] >= ready["lastTransitionTime"], (jobs[0]["metadata"], ready)
    env = jobs[0]["spec"]["template"]["spec"]["containers"][0]["env"]
    url = next(e for e in env if e["name"] == "DATABASE_URL")
    ref = url["valueFrom"]["secretKeyRef"]
    assert (ref["name"], ref["key"]) == (f"{CLUSTER}-app", "uri"), url
    gw = kjson("get", "llmgw", "-n", NS, GATEWAY)
    migrations = condition(gw, "MigrationsComplete")
    assert migrations and migrations["status"] == "False", gw["status"]
    assert (condition(gw, "Ready") or {}).get("status") != "True"
    # The proxy Deployment is held back until the migrations complete.
    assert condition(gw, "DeploymentAvailable")["reason"] == "WaitingForBackends", gw["status"]


def test_deleting_the_gateway_with_delete_policy_removes_the_cluster():
    kubectl("delete", "llmgw", "-n", NS, GATEWAY, "--wait=true", timeout=180)
    wait_until("Cluster garbage-collected", lambda: kubectl("get", "cluster", "-n", NS, CLUSTER, check=False)
               .returncode != 0, 180, 2)
    wait_until("instance pod gone", lambda: kubectl("get", "pod", "-n", NS, f"{CLUSTER}-1", check=False)
               .returncode != 0, 180, 2)
    kubectl("delete", "namespace", NS, "--wait=true", timeout=180)
    kubectl("delete", "pv", PV, "--ignore-not-found", "--wait=true", timeout=120)
