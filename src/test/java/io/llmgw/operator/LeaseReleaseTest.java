package io.llmgw.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;

/** A leader that shuts down gives its lease up, and only its own. */
class LeaseReleaseTest {
    static final ZonedDateTime NOW = ZonedDateTime.of(2026, 12, 2, 14, 0, 0, 0, ZoneOffset.UTC);

    static Lease heldBy(String holder) {
        return new LeaseBuilder().withNewMetadata().withName(LeaderElection.LEASE_NAME).withResourceVersion("42").endMetadata()
                .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(15).withLeaseTransitions(3)
                .withAcquireTime(NOW.minusMinutes(5)).withRenewTime(NOW.minusSeconds(1)).endSpec().build();
    }

    @Test
    void theHolderEmptiesItAndShortensItSoTheNextReplicaTakesOverAtOnce() {
        Lease released = LeaseRelease.released(heldBy("replica-a"), "replica-a", NOW).orElseThrow();
        assertThat(released.getSpec().getHolderIdentity()).isNull();
        assertThat(released.getSpec().getLeaseDurationSeconds()).isEqualTo(1);
        assertThat(released.getSpec().getRenewTime()).isEqualTo(NOW);
        assertThat(released.getSpec().getLeaseTransitions()).as("kept, as client-go's release does").isEqualTo(3);
        assertThat(released.getMetadata().getResourceVersion()).as("optimistic lock: a concurrent change wins").isEqualTo("42");
    }

    @Test
    void aLeaseAnotherReplicaHoldsOrNoLeaseAtAllIsLeftAlone() {
        assertThat(LeaseRelease.released(heldBy("replica-b"), "replica-a", NOW)).isEmpty();
        assertThat(LeaseRelease.released(heldBy(null), "replica-a", NOW)).isEmpty();
        assertThat(LeaseRelease.released(null, "replica-a", NOW)).isEmpty();
    }

    @Test
    void theIdentityIsThePodNameOrElseUnique() {
        assertThat(LeaderElection.identity("litellm-operator-7d9f-abcde")).isEqualTo("litellm-operator-7d9f-abcde");
        assertThat(LeaderElection.identity(null)).isNotBlank().isNotEqualTo(LeaderElection.identity(""));
    }
}
