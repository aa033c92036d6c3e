"""An existing LiteLLM database moves into a gateway's CloudNativePG Cluster on the real node: a plain PostgreSQL
server (a pod of the operand image running initdb and postgres itself, no CloudNativePG) holds an old gateway's
database under its own names (database litellm_prod, user litellm_old); a gateway with
`database.cloudNativePG.bootstrap.import` (and the old salt key, which the bootstrap requires) gets a Cluster that
CloudNativePG bootstraps by `initdb.import` (type microservice: pg_dump from the old server, pg_restore into the
gateway's `litellm` database). Proves the copied rows are readable and writable with the new app credentials, owned
by the new `litellm` user (so LiteLLM's migrations, which run as that user, can alter them), and that the migration
Job starts only after the import. The node's CNI enforces no NetworkPolicy: the old side's policy is not tested here.
Runs after test_node_cnpg.py (file order); run alone (`-k import`) it installs the operator and CloudNativePG itself.
"""
from __future__ import annotations

import time

import pytest
import yaml

from conftest import RESTRICTED_CONTAINER, apply, kjson, kubectl, wait_until
from test_node_cnpg import POSTGRES_IMAGE, condition, ensure_cloudnative_pg, prepare_namespace, psql, tear_down, volume_dirs
from test_node_cnpg import gateway as cnpg_gateway

NS = "pgimport"
GATEWAY = "im"
CLUSTER = f"{GATEWAY}-db"
PV = "node-tier-im-db-1"
OLD = "old-postgres"
OLD_DATABASE, OLD_USER = "litellm_prod", "litellm_old"
# Test-only password of the throwaway old server (it exists only inside this run's namespace).
OLD_PASSWORD = "old-db-password-node-tier"

# The old server: initdb on an emptyDir, the old gateway's role, database and a LiteLLM-shaped table with two keys,
# written through a local socket before the server listens; then postgres in the foreground, password auth only.
OLD_SERVER = r'''set -eu
export PGDATA=/var/lib/postgresql/old/data
initdb -D "$PGDATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null
echo "host all all 0.0.0.0/0 scram-sha-256" >> "$PGDATA/pg_hba.conf"
pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
psql -v ON_ERROR_STOP=1 -U postgres -d postgres -v pw="$OLD_PASSWORD" <<'SQL'
CREATE ROLE litellm_old LOGIN PASSWORD :'pw';
CREATE DATABASE litellm_prod OWNER litellm_old;
\connect litellm_prod litellm_old
CREATE TABLE "LiteLLM_VerificationToken" (token text PRIMARY KEY, key_alias text, spend double precision NOT NULL DEFAULT 0);
INSERT INTO "LiteLLM_VerificationToken" VALUES ('hashed-1', 'team-a', 12.5), ('hashed-2', 'team-b', 0.25);
SQL
pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
exec postgres -D "$PGDATA" -c listen_addresses='*'
'''


def old_server() -> str:
    labels = {"app.kubernetes.io/name": OLD}
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": OLD, "namespace": NS, "labels": labels},
           "spec": {"automountServiceAccountToken": False,
                    "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
                    "containers": [{
                        "name": "postgres", "image": POSTGRES_IMAGE, "imagePullPolicy": "Never",
                        "command": ["sh", "-c", OLD_SERVER],
                        "env": [{"name": "OLD_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "old-db", "key": "password"}}}],
                        "ports": [{"name": "postgres", "containerPort": 5432}],
                        "readinessProbe": {"exec": {"command": ["pg_isready", "-h", "127.0.0.1", "-q"]}, "periodSeconds": 1},
                        "volumeMounts": [{"name": "data", "mountPath": "/var/lib/postgresql/old"}],
                        "securityContext": {**RESTRICTED_CONTAINER, "runAsUser": 26},
                        "resources": {"requests": {"cpu": "10m", "memory": "64Mi"}, "limits": {"memory": "256Mi"}}}],
                    "volumes": [{"name": "data", "emptyDir": {"sizeLimit": "256Mi"}}]}}
    service = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": OLD, "namespace": NS},
               "spec": {"selector": labels, "ports": [{"name": "postgres", "port": 5432, "targetPort": 5432}]}}
    return yaml.safe_dump_all([pod, service])


def gateway() -> dict:
    gw = cnpg_gateway(NS, GATEWAY)
    gw["spec"]["saltKeySecretRef"] = {"name": "old-keys", "key": "LITELLM_SALT_KEY"}
    gw["spec"]["database"]["cloudNativePG"]["bootstrap"] = {"import": {
        "host": f"{OLD}.{NS}.svc", "database": OLD_DATABASE, "user": OLD_USER,
        "passwordSecretRef": {"name": "old-db", "key": "password"},
        "sslMode": "disable"}}   # the throwaway server has no certificate
    return gw


@pytest.fixture(scope="module")
def volumes():
    yield from volume_dirs(PV)


@pytest.fixture(scope="module")
def imported_gateway(timings, volumes):
    """The old server and the gateway importing from it; torn down (gateway first, policy Delete) at the end."""
    ensure_cloudnative_pg()
    t_total = time.monotonic()
    prepare_namespace(NS, volumes)
    kubectl("create", "secret", "generic", "old-db", "-n", NS, f"--from-literal=password={OLD_PASSWORD}")
    kubectl("create", "secret", "generic", "old-keys", "-n", NS, "--from-literal=LITELLM_SALT_KEY=sk-old-salt-key")
    t0 = time.monotonic()
    apply(old_server())
    wait_until("old server ready", lambda: (condition(kjson("get", "pod", "-n", NS, OLD), "Ready") or {})
               .get("status") == "True", 120, 1)
    timings["import_old_server_ready"] = time.monotonic() - t0
    t0 = time.monotonic()
    apply(yaml.safe_dump(gateway()))
    yield t0
    tear_down(NS, [GATEWAY], [PV])
    timings["import_tests_total"] = time.monotonic() - t_total


def test_the_cluster_is_bootstrapped_by_importing_the_old_database(imported_gateway, timings):
    cluster = wait_until(f"Cluster {CLUSTER} Ready", lambda: (c := kjson("get", "cluster", "-n", NS, CLUSTER))
                         and (condition(c, "Ready") or {}).get("status") == "True" and c, 600, 3)
    timings["import_apply_to_cluster_ready"] = time.monotonic() - imported_gateway
    initdb = cluster["spec"]["bootstrap"]["initdb"]
    assert initdb["import"]["type"] == "microservice" and initdb["import"]["databases"] == [OLD_DATABASE], initdb
    origin = next(e for e in cluster["spec"]["externalClusters"] if e["name"] == initdb["import"]["source"]["externalCluster"])
    assert origin["connectionParameters"]["host"] == f"{OLD}.{NS}.svc", origin
    # Only a reference to the password reaches the Cluster: CloudNativePG reads the Secret itself.
    assert origin["password"] == {"name": "old-db", "key": "password"}, origin
    assert OLD_PASSWORD not in yaml.safe_dump(cluster)
    # (CloudNativePG's im-db-1-import Job ran pg_dump and pg_restore; it removes the Job once the PVC is ready, so the
    # proof of the copy is the data, below.)


def test_the_copied_rows_belong_to_the_new_litellm_user(imported_gateway):
    out = psql(NS, "psql-read", CLUSTER, 'SELECT key_alias || \'=\' || spend FROM "LiteLLM_VerificationToken" ORDER BY token; '
               "SELECT current_user || ' ' || current_database(); "
               "SELECT tableowner FROM pg_tables WHERE tablename = 'LiteLLM_VerificationToken'")
    assert out.strip().splitlines() == ["team-a=12.5", "team-b=0.25", "litellm litellm", "litellm"], out
    # The owner may change the schema, as LiteLLM's migrations do, and write.
    out = psql(NS, "psql-migrate", CLUSTER, 'ALTER TABLE "LiteLLM_VerificationToken" ADD COLUMN blocked boolean; '
               'UPDATE "LiteLLM_VerificationToken" SET spend = spend + 1 WHERE token = \'hashed-2\' RETURNING spend')
    assert out.strip().splitlines() == ["ALTER TABLE", "1.25", "UPDATE 1"], out


def test_the_migration_job_starts_after_the_import(imported_gateway):
    jobs = wait_until("the migration Job", lambda: kjson("get", "jobs", "-n", NS, "-l", f"llmgw.io/gateway={GATEWAY}")["items"],
                      120, 1)
    ready = condition(kjson("get", "cluster", "-n", NS, CLUSTER), "Ready")
    assert ready and ready["status"] == "True", ready
    assert jobs[0]["metadata"]["creationTimestamp"] >= ready["lastTransitionTime"], (jobs[0]["metadata"], ready)
    gw = kjson("get", "llmgw", "-n", NS, GATEWAY)
    assert condition(gw, "DatabaseReady")["status"] == "True", gw["status"]
