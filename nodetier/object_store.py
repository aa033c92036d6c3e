"""The S3-compatible store the backup tests write to: versitygw (built from its Go module by
scripts/provision-versitygw.sh, posix backend on an emptyDir, so the store lives as long as its pod) as a Deployment
and Service in a test namespace, its credentials Secret, the bucket, and a boto3 client in one-shot pods. Used by
test_node_cnpg_backup.py (in-tree barmanObjectStore) and test_node_cnpg_plugin.py (Barman Cloud plugin), each in
its own namespace.
"""
from __future__ import annotations

import json
import re
import time
from datetime import datetime

import pytest
import yaml

from conftest import RESTRICTED_CONTAINER, apply, deployment_available, kjson, kubectl, wait_until
from test_node_cnpg import POSTGRES_IMAGE   # its barman-cloud venv has boto3

VERSITYGW_IMAGE = "localhost/llmgw/versitygw:1.8.0"   # scripts/build-node-images.sh
S3_SERVICE = "versitygw"
S3_PORT = 7070
BUCKET = "backups"
PREFIX = "node-tier"   # destinationPath s3://backups/node-tier; barman adds <serverName>=<cluster>/
CREDENTIALS = "s3-credentials"
# Test-only credentials of the throwaway store (they exist only inside the test's namespace).
ACCESS_KEY, SECRET_KEY, REGION = "nodetier", "nodetier-secret-key", "us-east-1"

# Creates the bucket or lists its keys under a prefix, as JSON.
S3_CLIENT = r'''
import boto3, json, os, sys
s3 = boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT"])
bucket = os.environ["BUCKET"]
if sys.argv[1] == "create":
    s3.create_bucket(Bucket=bucket)
    s3.head_bucket(Bucket=bucket)
    print(json.dumps({"created": bucket}))
else:
    keys = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=sys.argv[2])
            for o in page.get("Contents", [])]
    print(json.dumps(keys))
'''


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def endpoint(ns: str) -> str:
    return f"http://{S3_SERVICE}.{ns}.svc:{S3_PORT}"


def backup_spec(ns: str, method: str) -> dict:
    """A gateway's spec.backup pointing at the store of namespace ns."""
    ref = lambda key: {"name": CREDENTIALS, "key": key}  # noqa: E731
    return {"method": method, "destinationPath": f"s3://{BUCKET}/{PREFIX}", "endpointURL": endpoint(ns),
            "s3Credentials": {"accessKeyId": ref("access-key-id"), "secretAccessKey": ref("secret-access-key"),
                              "region": ref("region")}}


def versitygw(ns: str) -> str:
    """The store's Deployment and Service, root credentials from the Secret."""
    secret_env = [{"name": env, "valueFrom": {"secretKeyRef": {"name": CREDENTIALS, "key": key}}}
                  for env, key in (("ROOT_ACCESS_KEY_ID", "access-key-id"), ("ROOT_SECRET_ACCESS_KEY", "secret-access-key"))]
    labels = {"app.kubernetes.io/name": S3_SERVICE}
    deployment = {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": S3_SERVICE, "namespace": ns},
        "spec": {"replicas": 1, "selector": {"matchLabels": labels}, "template": {
            "metadata": {"labels": labels},
            "spec": {"automountServiceAccountToken": False,
                     "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
                     "containers": [{
                         "name": "versitygw", "image": VERSITYGW_IMAGE, "imagePullPolicy": "Never",
                         "args": ["--port", f":{S3_PORT}", "--region", REGION, "posix", "/data"],
                         "env": secret_env,
                         "ports": [{"name": "s3", "containerPort": S3_PORT}],
                         "readinessProbe": {"tcpSocket": {"port": S3_PORT}, "periodSeconds": 1},
                         "volumeMounts": [{"name": "data", "mountPath": "/data"}],
                         "securityContext": {**RESTRICTED_CONTAINER, "runAsUser": 65532},
                         "resources": {"requests": {"cpu": "10m", "memory": "32Mi"}, "limits": {"memory": "256Mi"}}}],
                     "volumes": [{"name": "data", "emptyDir": {"sizeLimit": "512Mi"}}]}}}}
    service = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": S3_SERVICE, "namespace": ns},
               "spec": {"selector": labels, "ports": [{"name": "s3", "port": S3_PORT, "targetPort": S3_PORT}]}}
    return yaml.safe_dump_all([deployment, service])


def run_s3(ns: str, name: str, *args: str):
    """boto3 in a one-shot restricted pod (the operand image): `create` the bucket or `list <prefix>`."""
    env = [{"name": "S3_ENDPOINT", "value": endpoint(ns)}, {"name": "BUCKET", "value": BUCKET}]
    env += [{"name": e, "valueFrom": {"secretKeyRef": {"name": CREDENTIALS, "key": k}}}
            for e, k in (("AWS_ACCESS_KEY_ID", "access-key-id"), ("AWS_SECRET_ACCESS_KEY", "secret-access-key"),
                         ("AWS_DEFAULT_REGION", "region"))]
    apply(yaml.safe_dump({
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": ns},
        "spec": {"restartPolicy": "Never", "automountServiceAccountToken": False,
                 "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
                 "containers": [{"name": "s3", "image": POSTGRES_IMAGE, "imagePullPolicy": "Never",
                                 "command": ["/opt/barman/bin/python3", "-c", S3_CLIENT, *args], "env": env,
                                 "securityContext": {**RESTRICTED_CONTAINER, "runAsUser": 26},
                                 "resources": {"requests": {"cpu": "10m", "memory": "32Mi"},
                                               "limits": {"memory": "128Mi"}}}]}}))
    phase = wait_until(f"S3 client pod {name} finished", lambda: (p := kjson("get", "pod", "-n", ns, name)["status"]
                       .get("phase")) in ("Succeeded", "Failed") and p, 120, 1)
    out = kubectl("logs", "-n", ns, name).stdout
    kubectl("delete", "pod", "-n", ns, name, "--wait=false")
    assert phase == "Succeeded", out
    return json.loads(out.strip().splitlines()[-1])


def start(ns: str) -> float:
    """The credentials Secret, the store available and the bucket created; returns the seconds it took."""
    kubectl("create", "secret", "generic", CREDENTIALS, "-n", ns, f"--from-literal=access-key-id={ACCESS_KEY}",
            f"--from-literal=secret-access-key={SECRET_KEY}", f"--from-literal=region={REGION}")
    t0 = time.monotonic()
    apply(versitygw(ns))
    wait_until("versitygw available", lambda: deployment_available(ns, S3_SERVICE), 120, 1)
    assert run_s3(ns, "s3-create", "create") == {"created": BUCKET}
    return time.monotonic() - t0


def completed_backup(ns: str, cluster: str) -> dict:
    """Waits for a completed CloudNativePG Backup of the Cluster (fails at once on a failed one)."""
    def completed():
        backups = [b for b in kjson("get", "backups.postgresql.cnpg.io", "-n", ns)["items"]
                   if b["spec"]["cluster"]["name"] == cluster]
        failed = [b["status"] for b in backups if b.get("status", {}).get("phase") == "failed"]
        if failed:  # (not an AssertionError: wait_until would keep polling)
            pytest.fail(f"Backup failed: {failed}")
        return next((b for b in backups if b.get("status", {}).get("phase") == "completed"), None)
    return wait_until(f"a completed Backup of {cluster}", completed, 600, 2)


def assert_backup_in_bucket(ns: str, cluster: str) -> None:
    """The completed Backup's base (backup.info, data.tar.gz) and gzip-compressed WAL segments, listed through the S3
    API under barman's <prefix>/<serverName>/ layout."""
    backup_id = completed_backup(ns, cluster)["status"]["backupId"]
    keys = run_s3(ns, "s3-list", "list", f"{PREFIX}/{cluster}/")
    base = [k for k in keys if k.startswith(f"{PREFIX}/{cluster}/base/{backup_id}/")]
    assert f"{PREFIX}/{cluster}/base/{backup_id}/backup.info" in base, keys
    assert f"{PREFIX}/{cluster}/base/{backup_id}/data.tar.gz" in base, keys
    assert any(re.fullmatch(rf"{PREFIX}/{cluster}/wals/[0-9A-F]{{16}}/[0-9A-F]{{24}}\.gz", k) for k in keys), keys
