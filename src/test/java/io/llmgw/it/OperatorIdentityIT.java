package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.llmgw.it.support.Await;
import io.llmgw.it.support.ItEnvironment;
import io.llmgw.it.support.OperatorRunner;
import io.llmgw.operator.LeaderElection;

/**
 * The integration tier's operator is the shipped one as far as the API server can tell: it authenticates as the
 * ServiceAccount of {@code deploy/operator}, is confined by that RBAC, and holds and renews the leader-election
 * lease with it (the rule the shipped Role lacked made it lose the lease ten seconds after every start).
 */
class OperatorIdentityIT {
    static ItEnvironment env;
    static OperatorRunner operator;

    @BeforeAll
    static void environment() {
        env = ItEnvironment.get();
        operator = env.operator();
    }

    @Test
    void theOperatorAuthenticatesAsItsServiceAccountNotAsAdmin() {
        try (KubernetesClient asOperator = new KubernetesClientBuilder().withConfig(operator.identity().config()).build()) {
            SelfSubjectReview review = asOperator.resource(new SelfSubjectReview()).create();
            assertThat(review.getStatus().getUserInfo().getUsername()).isEqualTo("system:serviceaccount:litellm-operator:litellm-operator");
            assertThat(review.getStatus().getUserInfo().getGroups()).doesNotContain("system:masters");
            // Least privilege, seen from the API server: no cluster-scoped writes, no reads of other kinds.
            assertThat(asOperator.authorization().v1().selfSubjectAccessReview()).isNotNull();
            assertThatForbidden(() -> asOperator.namespaces().list());
            assertThatForbidden(() -> asOperator.rbac().clusterRoles().list());
            assertThatForbidden(() -> asOperator.apps().statefulSets().inAnyNamespace().list());
        }
    }

    @Test
    void theOperatorHoldsAndRenewsItsLeaseForLongerThanTheRenewDeadline() {
        KubernetesClient client = env.client();
        String ns = operator.identity().namespace();
        Lease first = Await.until("the operator takes lease " + ns + "/" + LeaderElection.LEASE_NAME, Duration.ofSeconds(60),
                () -> client.leases().inNamespace(ns).withName(LeaderElection.LEASE_NAME).get(),
                l -> l != null && operator.leaderIdentity().equals(l.getSpec().getHolderIdentity()));
        int lostBefore = operator.leadershipsLost();
        long mark = operator.writes().mark();
        // Longer than the renew deadline (10 s): a leader that cannot renew has given up by then.
        Await.sleep(Duration.ofSeconds(15));
        Lease later = client.leases().inNamespace(ns).withName(LeaderElection.LEASE_NAME).get();
        assertThat(later.getSpec().getHolderIdentity()).isEqualTo(operator.leaderIdentity());
        assertThat(later.getSpec().getRenewTime()).as("renewed").isAfter(first.getSpec().getRenewTime());
        assertThat(operator.writes().leaderElectionSince(mark)).as("lease renewals by the operator's own identity").isNotEmpty();
        assertThat(operator.leadershipsLost()).as("leadership lost while running").isEqualTo(lostBefore);
        assertThat(operator.isRunning()).isTrue();
    }

    private static void assertThatForbidden(Runnable call) {
        try {
            call.run();
        } catch (KubernetesClientException e) {
            assertThat(e.getCode()).isEqualTo(403);
            return;
        }
        throw new AssertionError("expected 403 Forbidden for the operator's ServiceAccount");
    }
}
