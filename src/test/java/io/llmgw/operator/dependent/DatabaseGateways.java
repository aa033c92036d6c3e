package io.llmgw.operator.dependent;

import java.util.Map;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.BackupSpec;
import io.llmgw.api.v1alpha1.DatabaseSpec;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.ObservabilitySpec;
import io.llmgw.api.v1alpha1.SecretKeyRef;

/** Gateways with a managed CloudNativePG database, for the database dependents' tests. */
final class DatabaseGateways {
    private DatabaseGateways() {
    }

    /** Minimal gateway with database.type CloudNativePG and nothing else set. */
    static LiteLLMGateway cnpg() {
        LiteLLMGateway gateway = TestGateways.minimal();
        gateway.getSpec().database = new DatabaseSpec();
        gateway.getSpec().database.type = DatabaseSpec.CLOUDNATIVEPG;
        return gateway;
    }

    static LiteLLMGateway withBackup(LiteLLMGateway gateway) {
        BackupSpec backup = new BackupSpec();
        backup.destinationPath = "s3://litellm-backups/gw";
        backup.endpointURL = "http://rustfs.storage.svc.cluster.local:9000";
        backup.s3Credentials = new BackupSpec.S3Credentials();
        backup.s3Credentials.accessKeyId = new SecretKeyRef("rustfs-backup", "ACCESS_KEY_ID");
        backup.s3Credentials.secretAccessKey = new SecretKeyRef("rustfs-backup", "ACCESS_SECRET_KEY");
        gateway.getSpec().backup = backup;
        return gateway;
    }

    static LiteLLMGateway withPrometheus(LiteLLMGateway gateway) {
        gateway.getSpec().observability = new ObservabilitySpec();
        gateway.getSpec().observability.prometheus = new ObservabilitySpec.Prometheus();
        gateway.getSpec().observability.prometheus.enabled = true;
        return gateway;
    }

    /** The migrated production setup: 3 instances, pgvector, local-path storage, tuned parameters, backups. */
    static LiteLLMGateway production() {
        LiteLLMGateway gateway = withPrometheus(withBackup(cnpg()));
        DatabaseSpec.CloudNativePG cnpg = new DatabaseSpec.CloudNativePG();
        cnpg.instances = 3;
        cnpg.storage = new DatabaseSpec.Storage();
        cnpg.storage.size = "20Gi";
        cnpg.storage.storageClass = "local-path";
        cnpg.resources = new ResourceRequirementsBuilder()
                .withRequests(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("512Mi")))
                .withLimits(Map.of("cpu", new Quantity("1"), "memory", new Quantity("1Gi")))
                .build();
        cnpg.parameters = Map.of("max_connections", "100", "shared_buffers", "256MB");
        cnpg.pgvector = true;
        cnpg.priorityClassName = "database-critical";
        gateway.getSpec().database.cloudNativePG = cnpg;
        gateway.getSpec().backup.s3Credentials.region = new SecretKeyRef("rustfs-backup", "REGION");
        return gateway;
    }
}
