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
import io.llmgw.operator.dependent.PreUpgradeBackupDependent;

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
                // Every dependent is applied with server-side apply: a PATCH, even when it creates the object; the
                // pre-upgrade Backup is the exception, created with a plain POST (create-only).
                needed.add(prefix + "create");
                if (!(dependent instanceof PreUpgradeBackupDependent)) {
                    needed.add(prefix + "patch");
                }
            }
            if (dependent instanceof Updater) {
                needed.add(prefix + "patch");
            }
            if (dependent instanceof Deleter) {
                needed.add(prefix + "delete");
            }
        }
        // The reconciler's own read-only informer: the proxy pods, for status.
        needed.addAll(List.of("/pods:list", "/pods:watch"));
        needed.addAll(List.of("/events:create",
                "llmgw.io/litellmgateways:watch", "llmgw.io/litellmgateways/status:patch", "llmgw.io/litellmgateways/finalizers:update"));
        assertThat(grants).containsAll(needed);
        assertThat(grants).as("pods are only read").doesNotContain("/pods:create", "/pods:patch", "/pods:delete");
        assertThat(grants).as("the operator never deletes a database").doesNotContain("postgresql.cnpg.io/clusters:delete");
        assertThat(grants).as("pre-upgrade Backups are create-only").doesNotContain("postgresql.cnpg.io/backups:patch",
                "postgresql.cnpg.io/backups:update", "postgresql.cnpg.io/backups:delete");
    }

    @Test
    void leaderElectionRoleLetsTheLeaderRenewItsLease() throws Exception {
        String yaml = Files.readString(Path.of("deploy/operator/leader-election-role.yaml"));
        io.fabric8.kubernetes.api.model.rbac.Role role = Serialization.unmarshal(yaml.split("(?m)^---$")[0],
                io.fabric8.kubernetes.api.model.rbac.Role.class);
        Set<String> grants = new HashSet<>();
        role.getRules().forEach(r -> r.getVerbs().forEach(v -> grants.add(r.getApiGroups().get(0) + "/" + r.getResources().get(0) + ":" + v)));
        // JOSDK checks get/create/update at start; fabric8's LeaderElector renews with a patch.
        assertThat(grants).containsExactlyInAnyOrder("coordination.k8s.io/leases:get", "coordination.k8s.io/leases:create",
                "coordination.k8s.io/leases:update", "coordination.k8s.io/leases:patch");
    }
}
