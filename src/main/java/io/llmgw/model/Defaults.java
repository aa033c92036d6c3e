package io.llmgw.model;

/**
 * Images and settings the operator uses when the spec leaves them out. Pinned, never moving tags for LiteLLM:
 * the March 2026 PyPI compromise and CVE-2026-42208 showed what a moving tag can pull in.
 */
public final class Defaults {
    public static final String LITELLM_REPOSITORY = "ghcr.io/berriai/litellm";
    /** Kept equal to the LiteLLM version the acceptance tier proves the rendered config on. */
    public static final String LITELLM_TAG = "1.108.7";
    public static final String DRAGONFLY_IMAGE = "docker.dragonflydb.io/dragonflydb/dragonfly:v1.34.2";
    /**
     * CloudNativePG 1.30.0's own default operand, by exact version. The "system" variant, because the backups use
     * CloudNativePG's in-core Barman Cloud support, whose binaries only the system images carry ("standard" images
     * need the Barman Cloud plugin instead); it also has pgvector.
     */
    public static final String POSTGRES_IMAGE = "ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie";
    public static final String PRESIDIO_ANALYZER_IMAGE = "mcr.microsoft.com/presidio-analyzer:2.2.360";
    public static final String PRESIDIO_ANONYMIZER_IMAGE = "mcr.microsoft.com/presidio-anonymizer:2.2.360";

    public static final int DRAGONFLY_THREADS = 2;
    public static final String DRAGONFLY_MEMORY_LIMIT = "1Gi";

    public static final int PROXY_PORT = 4000;
    /** LiteLLM's separate metrics process (--prometheus_metrics_port): no auth, reachable by Prometheus only. */
    public static final int METRICS_PORT = 4001;
    public static final int REDIS_PORT = 6379;
    public static final int POSTGRES_PORT = 5432;
    public static final int PRESIDIO_ANALYZER_PORT = 5002;
    public static final int PRESIDIO_ANONYMIZER_PORT = 5001;
    /** Postgres default max_connections, used for the connection budget when parameters leave it out. */
    public static final int POSTGRES_MAX_CONNECTIONS = 100;
    /** LiteLLM's own default for database_connection_pool_limit. */
    public static final int DB_POOL_LIMIT = 10;
    public static final String PROMETHEUS_NAMESPACE = "monitoring";
    /** Non-root uid/gid the pods run as (LiteLLM's non-root images and Dragonfly both work with it). */
    public static final long RUN_AS_USER = 65532;

    private Defaults() {
    }
}
