"""A gateway's backups through the Barman Cloud plugin (spec.backup.method BarmanCloudPlugin) on the real node: the
plugin (github.com/cloudnative-pg/plugin-barman-cloud, built from its Go module by
scripts/provision-barman-plugin.sh) installed from the module's own manifest.yaml next to CloudNativePG, its
mTLS certificates made here (no cert-manager on the node), versitygw as the S3 store in the test namespace, and
the gateway's ObjectStore and Cluster.spec.plugins as the operator renders them. Proves WAL archiving by the
plugin's sidecar (the Cluster's ContinuousArchiving), the immediate ScheduledBackup's Backup (method plugin)
completing, the base backup and WAL in the bucket, and the gateway's BackupHealthy read from the ObjectStore's
status.serverRecoveryWindow. Runs after the other CloudNativePG files (file order); run alone (`-k plugin`) it
installs the operator and CloudNativePG itself.
"""
from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
import tempfile
import time
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from conftest import (RESTRICTED_CONTAINER, apply, deployment_available, kjson, kubectl, restricted_namespace,
                      wait_until)
from test_node_cnpg import (CNPG_DEPLOYMENT, CNPG_NS, POSTGRES_IMAGE, STORAGE_CLASS, _env, cnpg_kustomization,
                            condition, ensure_operator, storage, volume_dirs)

NS = "pgplugin"
GATEWAY = "pl"
CLUSTER = f"{GATEWAY}-db"
OBJECT_STORE = f"{CLUSTER}-store"   # what the operator names the plugin's ObjectStore
PV = "node-tier-pl-db-1"
PLUGIN = "barman-cloud.cloudnative-pg.io"
# scripts/build-node-images.sh names these after the version scripts/provision-barman-plugin.sh builds.
PLUGIN_VERSION = os.environ.get("LLMGW_BARMAN_PLUGIN_VERSION", "").lstrip("v")
PLUGIN_IMAGE = f"localhost/llmgw/plugin-barman-cloud:{PLUGIN_VERSION}"
SIDECAR_IMAGE = f"localhost/llmgw/plugin-barman-cloud-sidecar:{PLUGIN_VERSION}"
# The plugin's objects in its manifest: Deployment and Service `barman-cloud` in cnpg-system, and the two Secrets
# its Service annotations name for the mTLS between CloudNativePG and the plugin.
PLUGIN_DEPLOYMENT = "barman-cloud"
SERVER_SECRET, CLIENT_SECRET = "barman-cloud-server-tls", "barman-cloud-client-tls"
VERSITYGW_IMAGE = "localhost/llmgw/versitygw:1.8.0"   # scripts/build-node-images.sh
S3_SERVICE, S3_PORT = "versitygw", 7070
S3_ENDPOINT = f"http://{S3_SERVICE}.{NS}.svc:{S3_PORT}"
BUCKET, PREFIX = "backups", "node-tier"   # destinationPath s3://backups/node-tier; barman adds <serverName>=<cluster>/
CREDENTIALS = "s3-credentials"
# Test-only credentials of the throwaway store (they exist only inside this run's namespace).
ACCESS_KEY, SECRET_KEY, REGION = "nodetier", "nodetier-secret-key", "us-east-1"

# An S3 client in a one-shot pod: boto3 from the operand image's barman-cloud venv (as test_node_cnpg_backup.py).
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


def tls_secret(name: str, common_name: str, usage, dns_names: list[str]) -> dict:
    """A kubernetes.io/tls Secret as cert-manager's selfSigned Issuer in the plugin's manifest makes it: a self-signed
    certificate (not a CA) for one usage, and ca.crt the certificate itself. CloudNativePG trusts the server
    Secret's tls.crt and presents the client Secret's pair; the plugin trusts the client's tls.crt (--client-cert)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
               .not_valid_after(now + dt.timedelta(days=90))
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, key_encipherment=True, content_commitment=False,
                                            data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                            crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
               .add_extension(x509.ExtendedKeyUsage([usage]), critical=False))
    if dns_names:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in dns_names]), critical=False)
    cert = builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)
    pem_key = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return {"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
            "metadata": {"name": name, "namespace": CNPG_NS},
            "data": {"tls.crt": b64(cert), "tls.key": b64(pem_key), "ca.crt": b64(cert)}}


def plugin_manifest(path: str) -> list[dict]:
    """The module's manifest.yaml (CRD, RBAC, Deployment, Service, the SIDECAR_IMAGE Secret) without its cert-manager
    objects (Issuer, Certificates: the test makes their Secrets), with the local images, never pulled."""
    docs = [d for d in yaml.safe_load_all(Path(path).read_text()) if d]
    kept = [d for d in docs if not d["apiVersion"].startswith("cert-manager.io/")]
    assert len(docs) - len(kept) == 3, [d["kind"] for d in docs]   # Issuer + server and client Certificates
    deployment = next(d for d in kept if d["kind"] == "Deployment" and d["metadata"]["name"] == PLUGIN_DEPLOYMENT)
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    container["image"], container["imagePullPolicy"] = PLUGIN_IMAGE, "IfNotPresent"
    sidecar_ref = next(e["valueFrom"]["secretKeyRef"] for e in container["env"] if e["name"] == "SIDECAR_IMAGE")
    secret = next(d for d in kept if d["kind"] == "Secret" and d["metadata"]["name"] == sidecar_ref["name"])
    secret["data"][sidecar_ref["key"]] = base64.b64encode(SIDECAR_IMAGE.encode()).decode()
    return kept


def versitygw() -> str:
    """The object store: versitygw's posix backend on an emptyDir, root credentials from the Secret."""
    secret_env = [{"name": env, "valueFrom": {"secretKeyRef": {"name": CREDENTIALS, "key": key}}}
                  for env, key in (("ROOT_ACCESS_KEY_ID", "access-key-id"), ("ROOT_SECRET_ACCESS_KEY", "secret-access-key"))]
    labels = {"app.kubernetes.io/name": S3_SERVICE}
    deployment = {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": S3_SERVICE, "namespace": NS},
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
    service = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": S3_SERVICE, "namespace": NS},
               "spec": {"selector": labels, "ports": [{"name": "s3", "port": S3_PORT, "targetPort": S3_PORT}]}}
    return yaml.safe_dump_all([deployment, service])


def run_s3(name: str, *args: str):
    """boto3 in a one-shot restricted pod (operand image): create the bucket or list keys under a prefix."""
    env = [{"name": "S3_ENDPOINT", "value": S3_ENDPOINT}, {"name": "BUCKET", "value": BUCKET}]
    env += [{"name": e, "valueFrom": {"secretKeyRef": {"name": CREDENTIALS, "key": k}}}
            for e, k in (("AWS_ACCESS_KEY_ID", "access-key-id"), ("AWS_SECRET_ACCESS_KEY", "secret-access-key"),
                         ("AWS_DEFAULT_REGION", "region"))]
    apply(yaml.safe_dump({
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": NS},
        "spec": {"restartPolicy": "Never", "automountServiceAccountToken": False,
                 "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
                 "containers": [{"name": "s3", "image": POSTGRES_IMAGE, "imagePullPolicy": "Never",
                                 "command": ["/opt/barman/bin/python3", "-c", S3_CLIENT, *args], "env": env,
                                 "securityContext": {**RESTRICTED_CONTAINER, "runAsUser": 26},
                                 "resources": {"requests": {"cpu": "10m", "memory": "32Mi"},
                                               "limits": {"memory": "128Mi"}}}]}}))
    phase = wait_until(f"S3 client pod {name} finished", lambda: (p := kjson("get", "pod", "-n", NS, name)["status"]
                       .get("phase")) in ("Succeeded", "Failed") and p, 120, 1)
    out = kubectl("logs", "-n", NS, name).stdout
    kubectl("delete", "pod", "-n", NS, name, "--wait=false")
    assert phase == "Succeeded", out
    return json.loads(out.strip().splitlines()[-1])


def gateway() -> dict:
    ref = lambda key: {"name": CREDENTIALS, "key": key}  # noqa: E731
    return {
        "apiVersion": "llmgw.io/v1alpha1", "kind": "LiteLLMGateway",
        "metadata": {"name": GATEWAY, "namespace": NS},
        "spec": {
            "models": [{"name": "gpt-4o-mini", "model": "openai/gpt-4o-mini",
                        "apiKey": {"secretKeyRef": {"name": "openai", "key": "api-key"}}}],
            "database": {
                "type": "CloudNativePG", "deletionPolicy": "Delete",
                "cloudNativePG": {"instances": 1, "imageName": POSTGRES_IMAGE,
                                  "storage": {"size": "1Gi", "storageClass": STORAGE_CLASS}},
            },
            # The ScheduledBackup the operator renders is `immediate`: its first Backup starts with the Cluster.
            "backup": {"method": "BarmanCloudPlugin", "destinationPath": f"s3://{BUCKET}/{PREFIX}",
                       "endpointURL": S3_ENDPOINT,
                       "s3Credentials": {"accessKeyId": ref("access-key-id"),
                                         "secretAccessKey": ref("secret-access-key"), "region": ref("region")}},
        },
    }


@pytest.fixture(scope="module")
def volumes():
    yield from volume_dirs(PV)


@pytest.fixture(scope="module")
def plugin_installed(timings):
    """CloudNativePG (as the other files install it: a no-op when there), then the plugin next to it."""
    ensure_operator()
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "kustomization.yaml").write_text(cnpg_kustomization(_env("LLMGW_CNPG_CONFIG"), d))
        kubectl("apply", "--server-side", "-k", d, timeout=180)
    wait_until("CloudNativePG manager available", lambda: deployment_available(CNPG_NS, CNPG_DEPLOYMENT), 300, 2)
    t0 = time.monotonic()
    # The Secrets first: the plugin's pod mounts both, and CloudNativePG reads both when it sees the Service.
    apply(yaml.safe_dump_all([tls_secret(SERVER_SECRET, "barman-cloud", ExtendedKeyUsageOID.SERVER_AUTH, ["barman-cloud"]),
                              tls_secret(CLIENT_SECRET, "barman-cloud-client", ExtendedKeyUsageOID.CLIENT_AUTH, [])]))
    kubectl("apply", "--server-side", "-f", "-", input=yaml.safe_dump_all(plugin_manifest(_env("LLMGW_BARMAN_PLUGIN_MANIFEST"))),
            timeout=180)
    wait_until("Barman Cloud plugin available", lambda: deployment_available(CNPG_NS, PLUGIN_DEPLOYMENT), 300, 2)
    timings["plugin_apply_to_available"] = time.monotonic() - t0
    yield


@pytest.fixture(scope="module")
def plugin_gateway(timings, volumes, plugin_installed):
    """The store, the credentials and the gateway; torn down (gateway first, policy Delete) at the end."""
    t_total = time.monotonic()
    apply(restricted_namespace(NS))
    apply(storage(volumes))
    kubectl("create", "secret", "generic", "openai", "-n", NS, "--from-literal=api-key=sk-unused")
    kubectl("create", "secret", "generic", CREDENTIALS, "-n", NS, f"--from-literal=access-key-id={ACCESS_KEY}",
            f"--from-literal=secret-access-key={SECRET_KEY}", f"--from-literal=region={REGION}")
    t0 = time.monotonic()
    apply(versitygw())
    wait_until("versitygw available", lambda: deployment_available(NS, S3_SERVICE), 120, 1)
    assert run_s3("s3-create", "create") == {"created": BUCKET}
    timings["plugin_store_up_and_bucket"] = time.monotonic() - t0
    t0 = time.monotonic()
    apply(yaml.safe_dump(gateway()))
    yield t0
    kubectl("delete", "llmgw", "-n", NS, GATEWAY, "--ignore-not-found", "--wait=true", timeout=180)
    wait_until(f"Cluster {CLUSTER} garbage-collected", lambda: kubectl("get", "cluster", "-n", NS, CLUSTER,
               check=False).returncode != 0, 180, 2)
    # The instance pod must be gone before the namespace is deleted (as test_node_cnpg_backup.py: a namespace
    # deleted while an instance pod terminates was seen to stay Terminating past the test's bound).
    wait_until("instance pods gone", lambda: not kjson("get", "pods", "-n", NS, "-l", "cnpg.io/cluster")["items"], 180, 2)
    kubectl("delete", "namespace", NS, "--wait=true", timeout=180)
    kubectl("delete", "pv", PV, "--ignore-not-found", "--wait=true", timeout=120)
    timings["plugin_tests_total"] = time.monotonic() - t_total


def test_the_plugin_installs_from_its_module_and_cloudnative_pg_registers_it(plugin_installed):
    """manifest.yaml of the module (ObjectStore CRD, RBAC, Deployment, Service) with the local images; CloudNativePG
    finds the plugin by the Service's cnpg.io/pluginName label and its TLS annotations, and takes the Service
    under its plugin finalizer."""
    dep = kjson("get", "deployment", "-n", CNPG_NS, PLUGIN_DEPLOYMENT)
    c = dep["spec"]["template"]["spec"]["containers"][0]
    assert c["image"] == PLUGIN_IMAGE and c["args"][0] == "operator", c
    svc = kjson("get", "service", "-n", CNPG_NS, PLUGIN_DEPLOYMENT)
    assert svc["metadata"]["labels"]["cnpg.io/pluginName"] == PLUGIN, svc["metadata"]
    assert svc["metadata"]["annotations"]["cnpg.io/pluginServerSecret"] == SERVER_SECRET, svc["metadata"]
    wait_until("CloudNativePG's finalizer on the plugin Service", lambda: "cnpg.io/cleanupPlugin" in
               kjson("get", "service", "-n", CNPG_NS, PLUGIN_DEPLOYMENT)["metadata"].get("finalizers", []), 60, 1)
    kjson("get", "crd", "objectstores.barmancloud.cnpg.io")


def test_wal_archiving_through_the_plugin_works(plugin_gateway, timings):
    """The operator's ObjectStore and Cluster.spec.plugins entry; the plugin injects its sidecar into the instance
    pod, and the sidecar archives WAL (barman-cloud-check-wal-archive, barman-cloud-wal-archive) to the store:
    the Cluster says ContinuousArchiving True."""
    wait_until("Cluster ContinuousArchiving True", lambda: (c := kjson("get", "cluster", "-n", NS, CLUSTER))
               and (condition(c, "ContinuousArchiving") or {}).get("status") == "True" and c, 600, 2)
    timings["plugin_apply_to_continuous_archiving"] = time.monotonic() - plugin_gateway
    cluster = wait_until("Cluster Ready", lambda: (c := kjson("get", "cluster", "-n", NS, CLUSTER))
                         and (condition(c, "Ready") or {}).get("status") == "True" and c, 300, 2)
    assert "backup" not in cluster["spec"], cluster["spec"]   # no in-tree barmanObjectStore
    assert cluster["spec"]["plugins"] == [{"name": PLUGIN, "enabled": True, "isWALArchiver": True,
                                          "parameters": {"barmanObjectName": OBJECT_STORE}}], cluster["spec"]["plugins"]
    store = kjson("get", "objectstores.barmancloud.cnpg.io", "-n", NS, OBJECT_STORE)["spec"]["configuration"]
    assert store["destinationPath"] == f"s3://{BUCKET}/{PREFIX}" and store["endpointURL"] == S3_ENDPOINT, store
    pod = kjson("get", "pod", "-n", NS, f"{CLUSTER}-1")
    sidecar = next(c for c in pod["spec"]["initContainers"] if c["name"] == "plugin-barman-cloud")
    assert sidecar["image"] == SIDECAR_IMAGE and sidecar["args"][0] == "instance" and sidecar.get("restartPolicy") == "Always", sidecar


def test_the_immediate_scheduled_backup_completes_through_the_plugin(plugin_gateway, timings):
    def completed():
        backups = [b for b in kjson("get", "backups.postgresql.cnpg.io", "-n", NS)["items"]
                   if b["spec"]["cluster"]["name"] == CLUSTER]
        failed = [b["status"] for b in backups if b.get("status", {}).get("phase") == "failed"]
        if failed:  # (not an AssertionError: wait_until would keep polling)
            pytest.fail(f"Backup failed: {failed}")
        return next((b for b in backups if b.get("status", {}).get("phase") == "completed"), None)
    backup = wait_until("a completed Backup of the Cluster", completed, 600, 2)
    timings["plugin_apply_to_backup_completed"] = time.monotonic() - plugin_gateway
    assert backup["metadata"]["labels"].get("cnpg.io/scheduled-backup") == f"{CLUSTER}-backup", backup["metadata"]
    assert backup["spec"]["method"] == "plugin" and backup["spec"]["pluginConfiguration"]["name"] == PLUGIN, backup["spec"]
    status = backup["status"]
    assert status["method"] == "plugin" and status.get("backupId"), status


def test_base_backup_and_wal_files_are_in_the_bucket(plugin_gateway):
    backup_id = next(b["status"]["backupId"] for b in kjson("get", "backups.postgresql.cnpg.io", "-n", NS)["items"]
                     if b.get("status", {}).get("phase") == "completed")
    keys = run_s3("s3-list", "list", f"{PREFIX}/{CLUSTER}/")
    base = [k for k in keys if k.startswith(f"{PREFIX}/{CLUSTER}/base/{backup_id}/")]
    assert f"{PREFIX}/{CLUSTER}/base/{backup_id}/backup.info" in base, keys
    assert f"{PREFIX}/{CLUSTER}/base/{backup_id}/data.tar.gz" in base, keys
    # WAL segments, gzip-compressed as rendered (the ObjectStore's wal.compression).
    assert any(re.fullmatch(rf"{PREFIX}/{CLUSTER}/wals/[0-9A-F]{{16}}/[0-9A-F]{{24}}\.gz", k) for k in keys), keys


def test_gateway_reports_backup_healthy_from_the_object_store(plugin_gateway, timings):
    gw = wait_until("gateway BackupHealthy True", lambda: (g := kjson("get", "llmgw", "-n", NS, GATEWAY))
                    and (condition(g, "BackupHealthy") or {}).get("status") == "True" and g, 180, 2)
    timings["plugin_apply_to_gateway_backup_healthy"] = time.monotonic() - plugin_gateway
    assert condition(gw, "BackupHealthy")["reason"] == "Healthy", gw["status"]
    assert "deprecated" not in condition(gw, "BackupHealthy")["message"], gw["status"]
    summary = gw["status"]["backup"]
    assert summary["method"] == "BarmanCloudPlugin" and summary["walArchiving"] == "Working", summary
    # With the plugin the time is the ObjectStore's record for this Cluster (CloudNativePG leaves its own empty).
    window = kjson("get", "objectstores.barmancloud.cnpg.io", "-n", NS, OBJECT_STORE)["status"]["serverRecoveryWindow"][CLUSTER]
    assert summary.get("lastSuccessfulBackup") and window.get("lastSuccessfulBackupTime"), (summary, window)
    assert instant(summary["lastSuccessfulBackup"]) == instant(window["lastSuccessfulBackupTime"]), (summary, window)
