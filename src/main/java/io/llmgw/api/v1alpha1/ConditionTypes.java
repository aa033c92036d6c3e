package io.llmgw.api.v1alpha1;

/** Condition types of a LiteLLMGateway: the kstatus trio plus one per component. */
public final class ConditionTypes {
    public static final String READY = "Ready";
    public static final String RECONCILING = "Reconciling";
    public static final String STALLED = "Stalled";
    public static final String CONFIG_VALID = "ConfigValid";
    public static final String DATABASE_READY = "DatabaseReady";
    /** The managed database's backups and WAL archiving work (reported only; not part of Ready). */
    public static final String BACKUP_HEALTHY = "BackupHealthy";
    public static final String CACHE_READY = "CacheReady";
    public static final String MIGRATIONS_COMPLETE = "MigrationsComplete";
    public static final String DEPLOYMENT_AVAILABLE = "DeploymentAvailable";
    /** The proxy pods run without a fault the kubelet or scheduler reports (crash loop, OOM kill, image pull...). */
    public static final String PODS_HEALTHY = "PodsHealthy";
    /** The spec's generation failed to roll out and the last good configuration runs instead. */
    public static final String ROLLED_BACK = "RolledBack";
    public static final String ROUTE_ACCEPTED = "RouteAccepted";
    public static final String MONITORING_CONFIGURED = "MonitoringConfigured";
    public static final String NETWORK_POLICY_APPLIED = "NetworkPolicyApplied";

    private ConditionTypes() {
    }
}
