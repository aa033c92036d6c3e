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
import os
import time
from pathlib import Path

import pytest
import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from conftest import apply, deployment_available, kjson, kubectl, wait_until
from object_store import BUCKET, PREFIX, backup_spec, endpoint, instant
from object_store import assert_backup_in_bucket, completed_backup
from object_store import start as start_object_store
from test_node_cnpg import CNPG_NS, _env, condition, ensure_cloudnative_pg, prepare_namespace, tear_down, volume_dirs
from test_node_cnpg import gateway as cnpg_gateway

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


def gateway() -> dict:
    gw = cnpg_gateway(NS, GATEWAY)
    # The ScheduledBackup the operator renders is `immediate`: its first Backup starts with the Cluster.
    gw["spec"]["backup"] = backup_spec(NS, "BarmanCloudPlugin")
    return gw


@pytest.fixture(scope="module")
def volumes():
    yield from volume_dirs(PV)


@pytest.fixture(scope="module")
def plugin_installed(timings):
    """CloudNativePG (as the other files install it: a no-op when there), then the plugin next to it."""
    ensure_cloudnative_pg()
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
    prepare_namespace(NS, volumes)
    timings["plugin_store_up_and_bucket"] = start_object_store(NS)
    t0 = time.monotonic()
    apply(yaml.safe_dump(gateway()))
    yield t0
    tear_down(NS, [GATEWAY], [PV])
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
    assert store["destinationPath"] == f"s3://{BUCKET}/{PREFIX}" and store["endpointURL"] == endpoint(NS), store
    pod = kjson("get", "pod", "-n", NS, f"{CLUSTER}-1")
    sidecar = next(c for c in pod["spec"]["initContainers"] if c["name"] == "plugin-barman-cloud")
    assert sidecar["image"] == SIDECAR_IMAGE and sidecar["args"][0] == "instance" and sidecar.get("restartPolicy") == "Always", sidecar


def test_the_immediate_scheduled_backup_completes_through_the_plugin(plugin_gateway, timings):
    backup = completed_backup(NS, CLUSTER)
    timings["plugin_apply_to_backup_completed"] = time.monotonic() - plugin_gateway
    assert backup["metadata"]["labels"].get("cnpg.io/scheduled-backup") == f"{CLUSTER}-backup", backup["metadata"]
    assert backup["spec"]["method"] == "plugin" and backup["spec"]["pluginConfiguration"]["name"] == PLUGIN, backup["spec"]
    status = backup["status"]
    assert status["method"] == "plugin" and status.get("backupId"), status


def test_base_backup_and_wal_files_are_in_the_bucket(plugin_gateway):
    assert_backup_in_bucket(NS, CLUSTER)


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
