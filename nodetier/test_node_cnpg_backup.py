"""A gateway's CloudNativePG backups reach a real S3-compatible object store on the real node: versitygw (built from
its Go module by scripts/provision-versitygw.sh, posix backend on an emptyDir)
as a Deployment and Service in the test namespace, and the gateway's `spec.backup` (method BarmanObjectStore:
CloudNativePG's in-tree barmanObjectStore, which execs barman-cloud-* from the operand image) pointing at it by
its cluster DNS name. Proves WAL archiving (the Cluster's ContinuousArchiving), the ScheduledBackup's immediate
Backup completing, the base backup and WAL files in the bucket (listed through the S3 API), and the gateway's
BackupHealthy verdict from the real Cluster status; then a second gateway restored from that store to a point in
time, and the verdict on a broken store (the store down: WalArchivingFailing and a Warning Event; back: Healthy).
Runs after test_node_cnpg.py (file order); run alone (`-k backup`) it installs the operator and CloudNativePG itself.
"""
from __future__ import annotations

import time

import pytest
import yaml

from conftest import apply, deployment_available, kjson, kubectl, wait_until
from object_store import BUCKET, PREFIX, S3_SERVICE, SECRET_KEY, backup_spec, endpoint, instant, run_s3
from object_store import assert_backup_in_bucket, completed_backup
from object_store import start as start_object_store
from test_node_cnpg import condition, ensure_cloudnative_pg, prepare_namespace, tear_down, volume_dirs
from test_node_cnpg import gateway as cnpg_gateway
from test_node_cnpg import psql as cnpg_psql

NS = "pgbackup"
GATEWAY = "bk"
CLUSTER = f"{GATEWAY}-db"
PV = "node-tier-bk-db-1"
RESTORED = "rs"   # the second gateway, restored from bk's backups
RESTORED_CLUSTER = f"{RESTORED}-db"
RESTORED_PV = "node-tier-rs-db-1"
def gateway() -> dict:
    gw = cnpg_gateway(NS, GATEWAY)
    # The ScheduledBackup the operator renders is `immediate`: its first Backup starts with the Cluster.
    gw["spec"]["backup"] = backup_spec(NS, "BarmanObjectStore")
    return gw


@pytest.fixture(scope="module")
def volumes():
    yield from volume_dirs(PV, RESTORED_PV)


def psql(name: str, cluster: str, sql: str) -> str:
    return cnpg_psql(NS, name, cluster, sql)


def restored_gateway(target_time: str) -> dict:
    """A second gateway whose Cluster is bootstrapped by recovery from bk's folder of the store (source ObjectStore,
    serverName bk-db) to a point in time. A restored database needs the old gateway's salt key."""
    gw = gateway()
    gw["metadata"]["name"] = RESTORED
    store = gw["spec"].pop("backup")
    gw["spec"]["saltKeySecretRef"] = {"name": "salt-key", "key": "salt-key"}
    gw["spec"]["database"]["cloudNativePG"]["bootstrap"] = {"recovery": {
        "source": "ObjectStore", "destinationPath": store["destinationPath"], "endpointURL": store["endpointURL"],
        "s3Credentials": store["s3Credentials"], "serverName": CLUSTER, "targetTime": target_time}}
    return gw


@pytest.fixture(scope="module")
def backed_up_gateway(timings, volumes):
    """The store, the credentials and the gateway; torn down (gateway first, policy Delete) at the end."""
    ensure_cloudnative_pg()
    t_total = time.monotonic()
    prepare_namespace(NS, volumes)
    timings["backup_store_up_and_bucket"] = start_object_store(NS)
    t0 = time.monotonic()
    apply(yaml.safe_dump(gateway()))
    yield t0
    tear_down(NS, [RESTORED, GATEWAY], [PV, RESTORED_PV])
    timings["backup_tests_total"] = time.monotonic() - t_total


def test_wal_archiving_to_the_object_store_works(backed_up_gateway, timings):
    """CloudNativePG checks the store (barman-cloud-check-wal-archive) and archives WAL (barman-cloud-wal-archive)
    with the endpoint, bucket and credentials the operator rendered: the Cluster says ContinuousArchiving True."""
    cluster = wait_until("Cluster ContinuousArchiving True", lambda: (c := kjson("get", "cluster", "-n", NS, CLUSTER))
                         and (condition(c, "ContinuousArchiving") or {}).get("status") == "True" and c, 600, 2)
    timings["backup_apply_to_continuous_archiving"] = time.monotonic() - backed_up_gateway
    # (archiving starts with the primary, a few seconds before CloudNativePG calls the Cluster Ready)
    cluster = wait_until("Cluster Ready", lambda: (c := kjson("get", "cluster", "-n", NS, CLUSTER))
                         and (condition(c, "Ready") or {}).get("status") == "True" and c, 300, 2)
    store = cluster["spec"]["backup"]["barmanObjectStore"]
    assert store["destinationPath"] == f"s3://{BUCKET}/{PREFIX}" and store["endpointURL"] == endpoint(NS), store
    assert (condition(cluster, "ContinuousArchiving") or {}).get("status") == "True", cluster["status"]["conditions"]


def test_the_immediate_scheduled_backup_completes(backed_up_gateway, timings):
    backup = completed_backup(NS, CLUSTER)
    timings["backup_apply_to_backup_completed"] = time.monotonic() - backed_up_gateway
    assert backup["metadata"]["labels"].get("cnpg.io/scheduled-backup") == f"{CLUSTER}-backup", backup["metadata"]
    status = backup["status"]
    assert status["method"] == "barmanObjectStore" and status.get("backupId"), status
    assert status["destinationPath"] == f"s3://{BUCKET}/{PREFIX}" and status["serverName"] == CLUSTER, status


def test_base_backup_and_wal_files_are_in_the_bucket(backed_up_gateway):
    assert_backup_in_bucket(NS, CLUSTER)


def test_gateway_reports_backup_healthy(backed_up_gateway, timings):
    gw = wait_until("gateway BackupHealthy True", lambda: (g := kjson("get", "llmgw", "-n", NS, GATEWAY))
                    and (condition(g, "BackupHealthy") or {}).get("status") == "True" and g, 180, 2)
    timings["backup_apply_to_gateway_backup_healthy"] = time.monotonic() - backed_up_gateway
    assert condition(gw, "BackupHealthy")["reason"] == "Healthy", gw["status"]
    summary = gw["status"]["backup"]
    # The time is CloudNativePG's own record of the Cluster's last successful backup.
    cluster = kjson("get", "cluster", "-n", NS, CLUSTER)["status"]
    assert summary.get("lastSuccessfulBackup") and cluster.get("lastSuccessfulBackup"), (summary, cluster)
    assert instant(summary["lastSuccessfulBackup"]) == instant(cluster["lastSuccessfulBackup"]), (summary, cluster)
    assert summary["method"] == "BarmanObjectStore" and summary["walArchiving"] == "Working", summary


def test_a_second_gateway_restores_to_a_point_in_time(backed_up_gateway, timings):
    """A row written to bk's database, the server's clock read as the target, a second row, then an on-demand Backup
    (its end switches and archives the WAL holding both rows). A second gateway recovers from that store to the
    target (barman-cloud-restore of the base backup taken before the target, barman-cloud-wal-restore of the WAL up
    to it): its own app credentials read the first row and not the second."""
    psql("psql-write", CLUSTER, "CREATE TABLE restore_probe(note text); INSERT INTO restore_probe VALUES ('before the target')")
    # The server's clock, after the first commit (each psql pod is its own session; the pods take seconds).
    target = psql("psql-target", CLUSTER, "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', "
                  "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')").strip().splitlines()[-1]
    psql("psql-write-after", CLUSTER, "INSERT INTO restore_probe VALUES ('after the target')")
    t0 = time.monotonic()
    apply(yaml.safe_dump({"apiVersion": "postgresql.cnpg.io/v1", "kind": "Backup",
                          "metadata": {"name": f"{CLUSTER}-after-rows", "namespace": NS},
                          "spec": {"cluster": {"name": CLUSTER}, "method": "barmanObjectStore"}}))

    def completed():
        status = kjson("get", "backups.postgresql.cnpg.io", "-n", NS, f"{CLUSTER}-after-rows").get("status", {})
        if status.get("phase") == "failed":
            pytest.fail(f"Backup failed: {status}")
        return status.get("phase") == "completed"
    wait_until("the on-demand Backup completed", completed, 300, 2)
    timings["backup_on_demand_completed"] = time.monotonic() - t0

    kubectl("create", "secret", "generic", "salt-key", "-n", NS, "--from-literal=salt-key=sk-node-tier-salt")
    t0 = time.monotonic()
    apply(yaml.safe_dump(restored_gateway(target)))
    cluster = wait_until(f"restored Cluster {RESTORED_CLUSTER} Ready", lambda: (c := kjson("get", "cluster", "-n", NS,
                         RESTORED_CLUSTER)) and (condition(c, "Ready") or {}).get("status") == "True" and c, 600, 3)
    timings["restore_apply_to_cluster_ready"] = time.monotonic() - t0
    origin = cluster["spec"]["externalClusters"][0]
    recovery = cluster["spec"]["bootstrap"]["recovery"]
    assert recovery["source"] == origin["name"] and recovery["recoveryTarget"] == {"targetTime": target}, recovery
    assert origin["barmanObjectStore"]["serverName"] == CLUSTER, origin
    out = psql("psql-read", RESTORED_CLUSTER, "SELECT note FROM restore_probe ORDER BY note")
    assert out.strip().splitlines() == ["before the target"], out


def archiving(status: str):
    """bk-db's ContinuousArchiving condition once it has `status` (CloudNativePG's instance manager sets it after each
    barman-cloud-wal-archive), else None."""
    c = condition(kjson("get", "cluster", "-n", NS, CLUSTER), "ContinuousArchiving") or {}
    return c if c.get("status") == status else None


def switch_wal() -> None:
    """Closes the current WAL segment so the archiver runs now (pg_switch_wal needs a superuser: the instance pod's
    local postgres, as `kubectl cnpg psql` does)."""
    kubectl("exec", "-n", NS, f"{CLUSTER}-1", "-c", "postgres", "--", "psql", "-At", "-c",
            "CREATE TABLE IF NOT EXISTS wal_probe(at timestamptz); INSERT INTO wal_probe VALUES (now()); SELECT pg_switch_wal()")


def test_backup_health_shows_a_broken_object_store(backed_up_gateway, timings):
    """The store goes away (versitygw scaled to 0: its Service has no endpoint): the next WAL archive fails, CloudNativePG
    says ContinuousArchiving False, and the gateway turns BackupHealthy False (WalArchivingFailing) with a Warning
    Event. The store comes back (an empty one: the bucket created again) and the verdict returns to Healthy."""
    kubectl("scale", "deployment", "-n", NS, S3_SERVICE, "--replicas=0")
    wait_until("versitygw pods gone", lambda: not kjson("get", "pods", "-n", NS, "-l",
               f"app.kubernetes.io/name={S3_SERVICE}")["items"], 120, 1)
    t0 = time.monotonic()
    switch_wal()
    failing = wait_until("Cluster ContinuousArchiving False", lambda: archiving("False"), 300, 2)
    assert failing["reason"] == "ContinuousArchivingFailing", failing
    gw = wait_until("gateway BackupHealthy False", lambda: (g := kjson("get", "llmgw", "-n", NS, GATEWAY))
                    and (condition(g, "BackupHealthy") or {}).get("status") == "False" and g, 120, 2)
    timings["backup_store_down_to_gateway_unhealthy"] = time.monotonic() - t0
    verdict = condition(gw, "BackupHealthy")
    assert verdict["reason"] == "WalArchivingFailing", verdict
    assert f"WAL archiving of {CLUSTER} fails (ContinuousArchivingFailing" in verdict["message"], verdict
    assert gw["status"]["backup"]["walArchiving"] == "Failing", gw["status"]["backup"]
    events = kjson("get", "events", "-n", NS, "--field-selector",
                   f"involvedObject.kind=LiteLLMGateway,involvedObject.name={GATEWAY},type=Warning")["items"]
    assert any(e["reason"] == "WalArchivingFailing" for e in events), [(e["reason"], e["message"]) for e in events]
    assert not any(SECRET_KEY in e["message"] for e in events)

    kubectl("scale", "deployment", "-n", NS, S3_SERVICE, "--replicas=1")
    wait_until("versitygw available", lambda: deployment_available(NS, S3_SERVICE), 120, 1)
    assert run_s3(NS, "s3-create-again", "create") == {"created": BUCKET}
    t0 = time.monotonic()
    switch_wal()
    wait_until("Cluster ContinuousArchiving True again", lambda: archiving("True"), 300, 2)
    gw = wait_until("gateway BackupHealthy True again", lambda: (g := kjson("get", "llmgw", "-n", NS, GATEWAY))
                    and (condition(g, "BackupHealthy") or {}).get("status") == "True" and g, 120, 2)
    timings["backup_store_back_to_gateway_healthy"] = time.monotonic() - t0
    assert condition(gw, "BackupHealthy")["reason"] == "Healthy" and gw["status"]["backup"]["walArchiving"] == "Working", gw["status"]
