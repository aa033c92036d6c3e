package io.llmgw.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.kubernetes.api.model.Condition;

/** Observed state, following kstatus: observedGeneration plus Ready/Reconciling/Stalled and component conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LiteLLMGatewayStatus {
    public Long observedGeneration;
    public List<Condition> conditions = new ArrayList<>();
    @JsonPropertyDescription("In-cluster URL of the gateway.")
    public String url;
    @JsonPropertyDescription("External URL from the route, when there is one.")
    public String externalUrl;
    @JsonPropertyDescription("Number of model names in the rendered config; a group of deployments sharing a name counts once.")
    public Integer models;
    @JsonPropertyDescription("Database summary, e.g. cnpg 3/3, external, none.")
    public String database;
    @JsonPropertyDescription("Cache summary, e.g. dragonfly, redis, none.")
    public String cache;
    @JsonPropertyDescription("Hash of the rendered config and referenced Secrets, as on the pod template.")
    public String configHash;
    @JsonPropertyDescription("Image the LiteLLM Deployment runs.")
    public String image;
    public Integer replicas;
    public Integer readyReplicas;
    @JsonPropertyDescription("Name of the master/salt key Secret the operator generated for this gateway. Once set, the "
            + "operator never generates keys again by itself: if that Secret disappears it stops with KeysSecretMissing.")
    public String generatedKeysSecret;
    @JsonPropertyDescription("What CloudNativePG reports about the managed database's backups, when backups are configured; "
            + "the BackupHealthy condition gives the verdict.")
    public BackupStatus backup;

    /** The managed database's backups as CloudNativePG (or the Barman Cloud plugin's ObjectStore) reports them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class BackupStatus {
        @JsonPropertyDescription("Backup method: BarmanObjectStore or BarmanCloudPlugin.")
        public String method;
        @JsonPropertyDescription("Time of the last successful base backup (RFC 3339).")
        public String lastSuccessfulBackup;
        @JsonPropertyDescription("Earliest point in time the database can be restored to (RFC 3339).")
        public String firstRecoverabilityPoint;
        @JsonPropertyDescription("WAL archiving as the Cluster's ContinuousArchiving condition says: Working, Failing or Unknown.")
        public String walArchiving;

        @Override
        public boolean equals(Object o) {
            return o instanceof BackupStatus b && Objects.equals(method, b.method) && Objects.equals(lastSuccessfulBackup, b.lastSuccessfulBackup)
                    && Objects.equals(firstRecoverabilityPoint, b.firstRecoverabilityPoint) && Objects.equals(walArchiving, b.walArchiving);
        }

        @Override
        public int hashCode() {
            return Objects.hash(method, lastSuccessfulBackup, firstRecoverabilityPoint, walArchiving);
        }
    }

    /** Value equality: the reconciler writes status only when it differs from what the server has. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LiteLLMGatewayStatus s)) {
            return false;
        }
        return Objects.equals(observedGeneration, s.observedGeneration) && Objects.equals(conditions, s.conditions)
                && Objects.equals(url, s.url) && Objects.equals(externalUrl, s.externalUrl) && Objects.equals(models, s.models)
                && Objects.equals(database, s.database) && Objects.equals(cache, s.cache) && Objects.equals(configHash, s.configHash)
                && Objects.equals(image, s.image) && Objects.equals(replicas, s.replicas) && Objects.equals(readyReplicas, s.readyReplicas)
                && Objects.equals(generatedKeysSecret, s.generatedKeysSecret) && Objects.equals(backup, s.backup);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, conditions, url, externalUrl, models, database, cache, configHash, image, replicas,
                readyReplicas, generatedKeysSecret, backup);
    }
}
