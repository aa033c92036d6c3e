package io.llmgw.model;

import java.util.LinkedHashMap;
import java.util.Map;

import io.llmgw.api.v1alpha1.LiteLLMGateway;

/** Names and labels of every object a gateway owns: one place, so dependents, status and tests agree. */
public record Names(String gateway, String namespace) {
    public static final String MANAGED_BY = "litellm-operator";
    public static final String GATEWAY_LABEL = "llmgw.io/gateway";
    public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
    public static final String MANAGED_BY_SELECTOR = "app.kubernetes.io/managed-by=" + MANAGED_BY;
    public static final String CONFIG_HASH_ANNOTATION = "llmgw.io/config-hash";

    public static Names of(LiteLLMGateway gw) {
        return new Names(gw.getMetadata().getName(), gw.getMetadata().getNamespace());
    }

    public String deployment() {
        return gateway;
    }

    public String service() {
        return gateway;
    }

    /** The ClusterIP Service of the metrics port, whatever type the proxy Service has; the scrape's job label. */
    public String metricsService() {
        return gateway + "-metrics";
    }

    public String serviceAccount() {
        return gateway;
    }

    public String configMap() {
        return gateway + "-config";
    }

    /** Generated master and salt keys. */
    public String keysSecret() {
        return gateway + "-keys";
    }

    public String migrationJob(String fingerprint) {
        return gateway + "-migrate-" + fingerprint;
    }

    public String cache() {
        return gateway + "-cache";
    }

    public String cacheSecret() {
        return gateway + "-cache-auth";
    }

    public String database() {
        return gateway + "-db";
    }

    /** Created by CloudNativePG for the application user; key "uri" holds the connection URL. */
    public String databaseAppSecret() {
        return database() + "-app";
    }

    public String databaseReadWriteService() {
        return database() + "-rw";
    }

    public String scheduledBackup() {
        return database() + "-backup";
    }

    /** The Barman Cloud plugin's ObjectStore of the database (backup method BarmanCloudPlugin). */
    public String objectStore() {
        return database() + "-store";
    }

    /** The on-demand Backup taken before the schema migrations of the image {@code imageHash} (8 hex) run. */
    public String preUpgradeBackup(String imageHash) {
        return database() + "-pre-upgrade-" + imageHash;
    }

    public String egressPolicy() {
        return gateway + "-egress";
    }

    /**
     * The HTTPRoute: {@code <namespace>.<gateway>}. Routes of gateways from several namespaces meet in a shared
     * Gateway's namespace, where the gateway name alone collides; a namespace has no dots, so the first dot
     * separates the two unambiguously. Kept within 63 characters (a hash replaces the tail) since Gateway
     * implementations derive label values and object names from it.
     */
    public String route() {
        String name = namespace + "." + gateway;
        if (name.length() <= 63) {
            return name;
        }
        String hash = Hashing.sha256OfParts(name).substring(0, 8);
        return name.substring(0, 54).replaceAll("[.-]+$", "") + "-" + hash;
    }

    /** The Ingress: the gateway's name (it lives in the gateway's namespace). */
    public String ingress() {
        return gateway;
    }

    public String referenceGrant() {
        return gateway + "-route";
    }

    /** The last configuration that became Ready (the spec it was rendered from), for a rollback. */
    public String lastGood() {
        return gateway + "-last-good";
    }

    public String dashboard() {
        return gateway + "-dashboard";
    }

    public String proxyUrl() {
        return "http://" + service() + "." + namespace + ".svc:" + Defaults.PROXY_PORT;
    }

    public String cacheHost() {
        return cache() + "." + namespace + ".svc";
    }

    /** Labels on every owned object. */
    public Map<String, String> labels(String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "litellm");
        labels.put("app.kubernetes.io/instance", gateway);
        labels.put(COMPONENT_LABEL, component);
        labels.put("app.kubernetes.io/managed-by", MANAGED_BY);
        labels.put(GATEWAY_LABEL, gateway);
        return labels;
    }

    /** The stable subset used in selectors (never changes for the life of the object). */
    public Map<String, String> selector(String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/instance", gateway);
        labels.put(COMPONENT_LABEL, component);
        return labels;
    }

    public static final String PROXY = "proxy";
    /** The LiteLLM container of the proxy pods. */
    public static final String PROXY_CONTAINER = "litellm";
    public static final String CACHE = "cache";
    public static final String DATABASE = "database";
    public static final String MIGRATION = "migration";
    public static final String NETWORK = "network";
    public static final String MONITORING = "monitoring";
    public static final String ROUTE = "route";
}
