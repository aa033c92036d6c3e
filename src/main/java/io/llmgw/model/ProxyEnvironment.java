package io.llmgw.model;

import io.llmgw.api.v1alpha1.CacheSpec;
import io.llmgw.api.v1alpha1.DatabaseSpec;
import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;
import io.llmgw.api.v1alpha1.ObservabilitySpec;
import io.llmgw.api.v1alpha1.SecretKeyRef;
import io.llmgw.api.v1alpha1.SsoSpec;

/** The environment variables LiteLLM reads by fixed name: keys, database, cache, SSO, telemetry, alerting. */
public final class ProxyEnvironment {
    public static final String MASTER_KEY = "LITELLM_MASTER_KEY";
    public static final String SALT_KEY = "LITELLM_SALT_KEY";
    public static final String DATABASE_URL = "DATABASE_URL";
    public static final String REDIS_PASSWORD = "REDIS_PASSWORD";
    public static final String MASTER_KEY_KEY = "master-key";
    public static final String SALT_KEY_KEY = "salt-key";
    public static final String CACHE_PASSWORD_KEY = "password";
    public static final String PROMETHEUS_DIR = "/tmp/prometheus";
    /** The public roots plus spec.trustedCA, written by the pod's ca-bundle init container. */
    public static final String CA_BUNDLE_DIR = "/etc/llmgw/ca-bundle";
    public static final String CA_BUNDLE_FILE = CA_BUNDLE_DIR + "/ca-bundle.pem";
    /** LiteLLM CLI variable for uvicorn's worker health-check timeout (seconds). */
    public static final String WORKER_HEALTHCHECK_TIMEOUT = "TIMEOUT_WORKER_HEALTHCHECK";
    /**
     * With more than one worker, uvicorn's supervisor kills a worker that does not answer its ping within
     * 5 seconds (its default). A spawning worker answers only once its imports are done, which for LiteLLM
     * takes longer than that on a busy or CPU-starved node, and then it is killed and respawned forever.
     * 60 s matches the liveness probe's window (4 x 15 s); the startup probe allows 300 s.
     */
    public static final String WORKER_HEALTHCHECK_SECONDS = "60";

    private ProxyEnvironment() {
    }

    public static SecretKeyRef masterKey(LiteLLMGatewaySpec spec, Names names) {
        return spec.masterKeySecretRef != null ? spec.masterKeySecretRef : new SecretKeyRef(names.keysSecret(), MASTER_KEY_KEY);
    }

    public static SecretKeyRef saltKey(LiteLLMGatewaySpec spec, Names names) {
        return spec.saltKeySecretRef != null ? spec.saltKeySecretRef : new SecretKeyRef(names.keysSecret(), SALT_KEY_KEY);
    }

    /** The database URL's Secret key, or null without a database. */
    public static SecretKeyRef databaseUrl(LiteLLMGatewaySpec spec, Names names) {
        DatabaseSpec db = spec.database;
        if (db == null || DatabaseSpec.NONE.equals(db.type)) {
            return null;
        }
        return DatabaseSpec.EXTERNAL.equals(db.type) ? db.external.urlSecretRef : new SecretKeyRef(names.databaseAppSecret(), "uri");
    }

    /** The cache password's Secret key, or null when the cache needs none. */
    public static SecretKeyRef cachePassword(LiteLLMGatewaySpec spec, Names names) {
        if (!spec.hasCache()) {
            return null;
        }
        return CacheSpec.DRAGONFLY.equals(spec.cacheType()) ? new SecretKeyRef(names.cacheSecret(), CACHE_PASSWORD_KEY)
                : spec.cache.redis.passwordSecretRef;
    }

    /** Adds every fixed-name variable to the plan. */
    public static void wire(LiteLLMGatewaySpec spec, Names names, String externalUrl, EnvPlan env) {
        env.secret(MASTER_KEY, masterKey(spec, names));
        env.secret(SALT_KEY, saltKey(spec, names));
        SecretKeyRef db = databaseUrl(spec, names);
        if (db != null) {
            env.secret(DATABASE_URL, db);
            // Migrations run once in a Job before the pods roll; serving pods never race on prisma migrate.
            env.plain("DISABLE_SCHEMA_UPDATE", "true");
        }
        SecretKeyRef cachePassword = cachePassword(spec, names);
        if (cachePassword != null) {
            env.secret(REDIS_PASSWORD, cachePassword);
        }
        if (spec.trustedCA != null) {
            // LiteLLM's own HTTP clients (httpx, aiohttp) read SSL_CERT_FILE; requests-based SDKs REQUESTS_CA_BUNDLE.
            env.plain("SSL_CERT_FILE", CA_BUNDLE_FILE);
            env.plain("REQUESTS_CA_BUNDLE", CA_BUNDLE_FILE);
        }
        env.plain("LITELLM_MODE", "PRODUCTION");
        // Use the bundled cost map: no fetch from the internet at start-up (egress is locked down).
        env.plain("LITELLM_LOCAL_MODEL_COST_MAP", "True");
        // No phone-home unless asked for: the variable is LiteLLM's veto over every telemetry setting, including
        // one saved later in the admin UI (litellm_settings.telemetry is not read).
        if (spec.litellmSettings == null || !Boolean.TRUE.equals(spec.litellmSettings.telemetry)) {
            env.plain("LITELLM_TELEMETRY_DISABLED", "true");
        }
        if (spec.litellmSettings != null && Boolean.TRUE.equals(spec.litellmSettings.jsonLogs)) {
            env.plain("JSON_LOGS", "True");
        }
        ObservabilitySpec o = spec.observability;
        // The metrics process (--prometheus_metrics_port) reads the samples every worker writes to this directory.
        if (o != null && o.prometheus != null && o.prometheus.enabled) {
            env.plain("PROMETHEUS_MULTIPROC_DIR", PROMETHEUS_DIR);
        }
        boolean userSetsHealthcheck = spec.env != null && spec.env.stream().anyMatch(v -> WORKER_HEALTHCHECK_TIMEOUT.equals(v.getName()));
        if (spec.workers != null && spec.workers > 1 && !userSetsHealthcheck) {
            env.plain(WORKER_HEALTHCHECK_TIMEOUT, WORKER_HEALTHCHECK_SECONDS);
        }
        if (o != null && o.openTelemetry != null) {
            env.plain("OTEL_EXPORTER", "grpc".equals(o.openTelemetry.protocol) ? "otlp_grpc" : "otlp_http");
            env.plain("OTEL_ENDPOINT", o.openTelemetry.endpoint);
            env.plain("OTEL_SERVICE_NAME", names.gateway());
            if (o.openTelemetry.headersSecretRef != null) {
                env.secret("OTEL_HEADERS", o.openTelemetry.headersSecretRef);
            }
        }
        if (o != null && o.langfuse != null) {
            env.plain("LANGFUSE_HOST", o.langfuse.host);
            env.secret("LANGFUSE_PUBLIC_KEY", o.langfuse.publicKeyRef);
            env.secret("LANGFUSE_SECRET_KEY", o.langfuse.secretKeyRef);
        }
        if (o != null && o.alerting != null) {
            env.secret("SLACK_WEBHOOK_URL", o.alerting.webhookUrlSecretRef);
        }
        SsoSpec sso = spec.sso;
        if (sso != null) {
            String oidc = sso.issuerUrl + "/protocol/openid-connect";
            env.plain("GENERIC_CLIENT_ID", sso.clientId);
            env.secret("GENERIC_CLIENT_SECRET", sso.clientSecretRef);
            env.plain("GENERIC_AUTHORIZATION_ENDPOINT", oidc + "/auth");
            env.plain("GENERIC_TOKEN_ENDPOINT", oidc + "/token");
            env.plain("GENERIC_USERINFO_ENDPOINT", oidc + "/userinfo");
            env.plain("GENERIC_SCOPE", sso.scope != null ? sso.scope : "openid email profile");
            if (externalUrl != null) {
                env.plain("PROXY_BASE_URL", externalUrl);
            }
            if (sso.jwt != null && sso.jwt.enabled) {
                env.plain("JWT_PUBLIC_KEY_URL", oidc + "/certs");
            }
        }
        if (spec.presidio != null && spec.presidio.enabled) {
            env.plain("PRESIDIO_ANALYZER_API_BASE", "http://localhost:" + Defaults.PRESIDIO_ANALYZER_PORT);
            env.plain("PRESIDIO_ANONYMIZER_API_BASE", "http://localhost:" + Defaults.PRESIDIO_ANONYMIZER_PORT);
        }
    }
}
