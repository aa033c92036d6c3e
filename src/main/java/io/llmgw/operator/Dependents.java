package io.llmgw.operator;

/** Names of the workflow's dependents (also the names of their informers). */
public final class Dependents {
    public static final String KEYS = "keys-secret";
    public static final String SERVICE_ACCOUNT = "service-account";
    public static final String CONFIG = "config";
    public static final String MIGRATION = "migration-job";
    public static final String PROXY = "proxy-deployment";
    public static final String SERVICE = "proxy-service";
    public static final String CACHE_SECRET = "cache-secret";
    public static final String CACHE = "cache-deployment";
    public static final String CACHE_SERVICE = "cache-service";
    public static final String DATABASE = "database";
    public static final String BACKUP = "scheduled-backup";
    public static final String OBJECT_STORE = "object-store";
    public static final String PRE_UPGRADE_BACKUP = "pre-upgrade-backup";
    public static final String DATABASE_MONITOR = "database-pod-monitor";
    public static final String NETWORK_POLICY = "network-policy";
    public static final String CILIUM_POLICY = "cilium-policy";
    public static final String ROUTE = "http-route";
    public static final String REFERENCE_GRANT = "reference-grant";
    public static final String INGRESS = "ingress";
    public static final String METRICS_SERVICE = "metrics-service";
    public static final String SERVICE_MONITOR = "service-monitor";
    public static final String DASHBOARD = "dashboard";
    public static final String PROMETHEUS_RULE = "prometheus-rule";
    public static final String PDB = "pod-disruption-budget";
    public static final String HPA = "autoscaler";

    private Dependents() {
    }
}
