package io.llmgw.operator.condition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.llmgw.operator.resource.CnpgCluster;
import io.llmgw.operator.state.ObservedState;

/**
 * The migration Job waits for the end of the Cluster's bootstrap. CloudNativePG creates the app Secret (the old
 * gate) with the Cluster, before its initdb, import or recovery Job ran; it sets Ready=True only in the phase
 * "Cluster in healthy state", after the bootstrap, so the gate is Ready (for a new Job).
 */
class MigrationGateTest {

    static CnpgCluster cluster(String phase, Map<String, Object>... conditions) {
        CnpgCluster cluster = new CnpgCluster();
        cluster.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("gw-db").withNamespace("ns").build());
        if (phase != null) {
            cluster.setAdditionalProperty("status", Map.of("phase", phase, "conditions", List.of(conditions)));
        }
        return cluster;
    }

    static Map<String, Object> condition(String type, String status) {
        return Map.of("type", type, "status", status);
    }

    static ObservedState observed(CnpgCluster cluster, Job migration) {
        return new ObservedState(Optional.empty(), Optional.empty(), Optional.ofNullable(cluster), Optional.ofNullable(migration),
                Optional.empty());
    }

    @SuppressWarnings("unchecked")
    @Test
    void noNewJobWhileCloudNativePgBootstraps() {
        CnpgCluster importing = cluster("Setting up primary", condition("Ready", "False"), condition("Initialized", "False"));
        assertThat(DatabaseExists.bootstrapped(observed(importing, null))).isFalse();
        assertThat(DatabaseExists.bootstrapped(observed(cluster(null), null))).as("no status yet").isFalse();
        assertThat(observed(importing, null).clusterBootstrapping()).isTrue();
        assertThat(observed(cluster(null), null).clusterBootstrapping()).isTrue();

        CnpgCluster healthy = cluster("Cluster in healthy state", condition("Ready", "True"), condition("Initialized", "True"));
        assertThat(DatabaseExists.bootstrapped(observed(healthy, null))).isTrue();
        assertThat(observed(healthy, null).clusterBootstrapping()).isFalse();
    }

    @SuppressWarnings("unchecked")
    @Test
    void anExistingJobStaysThroughALaterFailover() {
        CnpgCluster failingOver = cluster("Failing over", condition("Ready", "False"), condition("Initialized", "True"));
        Job done = new JobBuilder().withNewMetadata().withName("gw-migrate-abc").withNamespace("ns").endMetadata().build();
        assertThat(DatabaseExists.bootstrapped(observed(failingOver, done))).isTrue();
        assertThat(DatabaseExists.bootstrapped(observed(failingOver, null))).as("a new image waits for the database").isFalse();
        assertThat(observed(failingOver, null).clusterBootstrapping()).as("Initialized=True: not a bootstrap").isFalse();
        // Older CloudNativePG without the Initialized condition: the phase tells.
        assertThat(observed(cluster("Failing over", condition("Ready", "False")), null).clusterBootstrapping()).isFalse();
    }
}
