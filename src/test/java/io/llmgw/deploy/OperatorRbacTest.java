package io.llmgw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GroupVersionKindPlural;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.llmgw.operator.LiteLLMGatewayReconciler;

/**
 * deploy/operator's ClusterRole grants exactly what the operator's dependents need (derived here from the
 * workflow, as the build does), plus events and CRD lookups, with no wildcards and no delete on databases.
 */
class OperatorRbacTest {
    static ClusterRole clusterRole() throws IOException {
        return Serialization.unmarshal(Files.readString(Path.of("deploy/operator/clusterrole.yaml")), ClusterRole.class);
    }

    static Set<String> granted(ClusterRole role) {
        Set<String> grants = new HashSet<>();
        for (PolicyRule rule : role.getRules()) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        grants.add(group + "/" + resource + ":" + verb);
                    }
                }
            }
        }
        return grants;
    }

    @Test
    void clusterRoleCoversEveryDependentAndNothingWild() throws Exception {
        ClusterRole role = clusterRole();
        Set<String> grants = granted(role);
        assertThat(grants).noneMatch(g -> g.contains("*"));
        Set<String> needed = new HashSet<>();
        for (Dependent d : LiteLLMGatewayReconciler.class.getAnnotation(Workflow.class).dependents()) {
            KubernetesDependentResource<?, ?> dependent = (KubernetesDependentResource<?, ?>) d.type().getDeclaredConstructor().newInstance();
            String group;
            String plural;
            if (dependent instanceof GenericKubernetesDependentResource<?> generic) {
                group = generic.getGroupVersionKind().getGroup();
                plural = GroupVersionKindPlural.getDefaultPluralFor(generic.getGroupVersionKind().getKind());
            } else {
                @SuppressWarnings("unchecked")
                Class<? extends HasMetadata> type = (Class<? extends HasMetadata>) dependent.resourceType();
                group = HasMetadata.getGroup(type);
                plural = HasMetadata.getPlural(type);
            }
            String prefix = group + "/" + plural + ":";
            for (String verb : List.of("get", "list", "watch")) {
                needed.add(prefix + verb);
            }
            if (dependent instanceof Creator) {
                needed.add(prefix + "create");
                // JOSDK creates with server-side apply, which is a PATCH: a create-only dependent needs patch too
                // (found on the real node: the keys Secret was forbidden; the integration tier runs as admin).
                needed.add(prefix + "patch");
            }
            if (dependent instanceof Updater) {
                needed.add(prefix + "patch");
            }
            if (dependent instanceof Deleter) {
                needed.add(prefix + "delete");
            }
        }
        needed.addAll(List.of("/events:create",
                "llmgw.io/litellmgateways:watch", "llmgw.io/litellmgateways/status:patch", "llmgw.io/litellmgateways/finalizers:update"));
        assertThat(grants).containsAll(needed);
        assertThat(grants).as("the operator never deletes a database").doesNotContain("postgresql.cnpg.io/clusters:delete");
    }

    /**
     * Found on the real node (the integration tier's operator runs with admin credentials): JOSDK checks get,
     * create and update on the Lease at start-up, but fabric8 7.x renews it with PATCH, so without patch the
     * leader loses the Lease after its first renewal and exits ("cannot patch resource leases").
     */
    @Test
    void leaderElectionRoleGrantsExactlyWhatTheLeaseNeeds() throws IOException {
        List<HasMetadata> docs = Serialization.unmarshal(Files.readString(Path.of("deploy/operator/leader-election-role.yaml")));
        Role role = docs.stream().filter(Role.class::isInstance).map(Role.class::cast).findFirst().orElseThrow();
        assertThat(role.getRules()).hasSize(1);
        PolicyRule rule = role.getRules().get(0);
        assertThat(rule.getApiGroups()).containsExactly("coordination.k8s.io");
        assertThat(rule.getResources()).containsExactly("leases");
        assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "create", "update", "patch");
    }
}
