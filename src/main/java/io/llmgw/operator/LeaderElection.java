package io.llmgw.operator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;

/**
 * Leader election on a Lease, so two operator replicas are safe: only the leader reconciles, the other takes over
 * when the lease expires. In the cluster the lease lives in the operator's namespace (POD_NAMESPACE from the
 * downward API); outside it, in {@code default}.
 */
@ApplicationScoped
public class LeaderElection {
    public static final String LEASE_NAME = "litellm-operator-leader";

    @Produces
    @Singleton
    LeaderElectionConfiguration leaderElection(
            @ConfigProperty(name = "llmgw.leader-election.lease-namespace", defaultValue = "default") String namespace) {
        return new LeaderElectionConfiguration(LEASE_NAME, namespace);
    }
}
