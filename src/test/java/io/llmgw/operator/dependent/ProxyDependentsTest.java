package io.llmgw.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.llmgw.TestGateways;
import io.llmgw.model.GatewayModel;

class ProxyDependentsTest {

    @Test
    void deploymentRunsRestrictedWithConfigHashAndNoSchemaUpdates() {
        GatewayModel model = TestGateways.model(TestGateways.ONE_MODEL + "database: {type: CloudNativePG}\nworkers: 2\nreplicas: 2");
        Deployment d = new ProxyDeploymentDependent().desired(model);
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry("llmgw.io/config-hash", model.configHash());
        assertThat(c.getArgs()).containsExactly("--config", "/etc/litellm/config.yaml", "--port", "4000", "--num_workers", "2");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(d.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(c.getEnv()).extracting(EnvVar::getName).contains("DATABASE_URL", "DISABLE_SCHEMA_UPDATE", "LITELLM_MASTER_KEY", "LITELLM_SALT_KEY");
        assertThat(c.getEnv()).filteredOn(v -> v.getName().equals("DATABASE_URL")).singleElement()
                .satisfies(v -> assertThat(v.getValueFrom().getSecretKeyRef().getName()).isEqualTo("gw-db-app"));
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/readiness");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/liveliness");
        assertThat(d.getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).hasSize(1);
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
    }

    @Test
    void severalWorkersGetAWorkerHealthcheckTimeoutLongerThanTheirStartup() {
        Container two = new ProxyDeploymentDependent().desired(TestGateways.model(TestGateways.ONE_MODEL + "workers: 2"))
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(two.getEnv()).filteredOn(v -> v.getName().equals("TIMEOUT_WORKER_HEALTHCHECK")).singleElement()
                .satisfies(v -> assertThat(v.getValue()).isEqualTo("60"));
        Container one = new ProxyDeploymentDependent().desired(TestGateways.model(TestGateways.ONE_MODEL))
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(one.getEnv()).extracting(EnvVar::getName).doesNotContain("TIMEOUT_WORKER_HEALTHCHECK");
        GatewayModel own = TestGateways.model(TestGateways.ONE_MODEL + "workers: 2\nenv: [{name: TIMEOUT_WORKER_HEALTHCHECK, value: \"120\"}]");
        Container c = new ProxyDeploymentDependent().desired(own).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getEnv()).filteredOn(v -> v.getName().equals("TIMEOUT_WORKER_HEALTHCHECK")).singleElement()
                .satisfies(v -> assertThat(v.getValue()).isEqualTo("120"));
    }

    @Test
    void terminatingPodKeepsServingWhileItsEndpointIsRemoved() {
        Container c = new ProxyDeploymentDependent().desired(TestGateways.model(TestGateways.ONE_MODEL))
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getLifecycle().getPreStop().getSleep().getSeconds()).isEqualTo(10L);
        assertThat(new ProxyDeploymentDependent().desired(TestGateways.model(TestGateways.ONE_MODEL))
                .getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isGreaterThan(10L + 30L);
    }

    @Test
    void trustedCaIsAddedToThePublicRootsByAnInitContainerAndNamedToEveryHttpStack() {
        GatewayModel model = TestGateways.model(TestGateways.ONE_MODEL + "trustedCA: {configMap: corp-ca, key: bundle.pem}");
        PodSpec pod = new ProxyDeploymentDependent().desired(model).getSpec().getTemplate().getSpec();
        Container init = pod.getInitContainers().get(0);
        assertThat(init.getName()).isEqualTo("ca-bundle");
        assertThat(init.getImage()).as("no extra image to pull or trust").isEqualTo(pod.getContainers().get(0).getImage());
        assertThat(init.getCommand().get(2)).contains("certifi.where()", "/etc/llmgw/trusted-ca/ca.crt", "/etc/llmgw/ca-bundle/ca-bundle.pem");
        assertThat(init.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("trusted-ca")).singleElement().satisfies(v -> {
            assertThat(v.getConfigMap().getName()).isEqualTo("corp-ca");
            assertThat(v.getConfigMap().getItems()).singleElement().satisfies(i -> {
                assertThat(i.getKey()).isEqualTo("bundle.pem");
                assertThat(i.getPath()).isEqualTo("ca.crt");
            });
        });
        Container proxy = pod.getContainers().get(0);
        assertThat(proxy.getEnv()).filteredOn(v -> v.getName().equals("SSL_CERT_FILE") || v.getName().equals("REQUESTS_CA_BUNDLE"))
                .extracting(EnvVar::getValue).containsExactly("/etc/llmgw/ca-bundle/ca-bundle.pem", "/etc/llmgw/ca-bundle/ca-bundle.pem");
        assertThat(proxy.getVolumeMounts()).filteredOn(m -> m.getName().equals("ca-bundle")).singleElement()
                .satisfies(m -> assertThat(m.getReadOnly()).isTrue());

        PodSpec plain = new ProxyDeploymentDependent().desired(TestGateways.model(TestGateways.ONE_MODEL)).getSpec().getTemplate().getSpec();
        assertThat(plain.getInitContainers()).isEmpty();
        assertThat(plain.getContainers().get(0).getEnv()).extracting(EnvVar::getName).doesNotContain("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE");
    }

    @Test
    void filesAreMountedReadOnlyWhereTheSpecSays() {
        GatewayModel model = TestGateways.model(TestGateways.ONE_MODEL + """
                files:
                  - {name: prompts, mountPath: /etc/prompts, configMap: prompt-files}
                  - {name: hooks, mountPath: /opt/hooks, secret: guardrail-hooks}
                """);
        PodSpec pod = new ProxyDeploymentDependent().desired(model).getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().startsWith("files-")).satisfiesExactly(
                v -> assertThat(v.getConfigMap().getName()).isEqualTo("prompt-files"),
                v -> assertThat(v.getSecret().getSecretName()).isEqualTo("guardrail-hooks"));
        assertThat(pod.getContainers().get(0).getVolumeMounts()).filteredOn(m -> m.getName().startsWith("files-"))
                .extracting(m -> m.getName() + "@" + m.getMountPath() + ":" + m.getReadOnly())
                .containsExactly("files-prompts@/etc/prompts:true", "files-hooks@/opt/hooks:true");
    }

    @Test
    void autoscaledDeploymentLeavesReplicasToTheAutoscaler() {
        GatewayModel model = TestGateways.model(TestGateways.ONE_MODEL + "availability: {autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 4}}");
        assertThat(new ProxyDeploymentDependent().desired(model).getSpec().getReplicas()).isNull();
    }

    @Test
    void migrationJobGetsOnlyTheDatabaseUrlAndANameThatFollowsTheImage() {
        GatewayModel model = TestGateways.model(TestGateways.ONE_MODEL + "database: {type: CloudNativePG}");
        MigrationJobDependent dependent = new MigrationJobDependent();
        Job job = dependent.desired(model);
        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getArgs()).containsExactly("--skip_server_startup");
        assertThat(c.getEnv()).extracting(EnvVar::getName).contains("DATABASE_URL")
                .doesNotContain("LITELLM_MASTER_KEY", "LLMGW_OPENAI__API_KEY");
        assertThat(job.getMetadata().getName()).startsWith("gw-migrate-").isEqualTo(MigrationJobDependent.jobName(model));
        assertThat(MigrationJobDependent.jobName(model)).as("hashed once per model, then remembered")
                .isSameAs(MigrationJobDependent.jobName(model));
        GatewayModel sameSpec = TestGateways.model(TestGateways.ONE_MODEL + "database: {type: CloudNativePG}");
        assertThat(MigrationJobDependent.jobName(sameSpec)).as("another model of the same spec: hashed again, same name")
                .isEqualTo(job.getMetadata().getName()).isNotSameAs(MigrationJobDependent.jobName(model));

        GatewayModel upgraded = TestGateways.model(TestGateways.ONE_MODEL + "database: {type: CloudNativePG}\nimage: {tag: 1.92.0}");
        assertThat(MigrationJobDependent.jobName(upgraded)).isNotEqualTo(job.getMetadata().getName());
        GatewayModel moreModels = TestGateways.model(TestGateways.ONE_MODEL + "  - {name: other, model: openai/x}\ndatabase: {type: CloudNativePG}");
        assertThat(MigrationJobDependent.jobName(moreModels)).as("config changes do not re-run migrations")
                .isEqualTo(job.getMetadata().getName());
        assertThat(dependent.enabled(TestGateways.model(TestGateways.ONE_MODEL))).isFalse();
    }

    @Test
    void generatedKeysAreImmutableAndOwnedOnlyWhenDataIsNotRetained() {
        var retained = new KeysSecretDependent().desired(TestGateways.model(TestGateways.ONE_MODEL));
        assertThat(retained.getImmutable()).isTrue();
        assertThat(retained.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(retained.getData()).containsKeys("master-key", "salt-key");
        String master = new String(java.util.Base64.getDecoder().decode(retained.getData().get("master-key")));
        assertThat(master).startsWith("sk-").hasSizeGreaterThan(40);

        var owned = new KeysSecretDependent().desired(TestGateways.model(TestGateways.ONE_MODEL + "database: {type: None, deletionPolicy: Delete}"));
        assertThat(owned.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getKind()).isEqualTo("LiteLLMGateway"));
        assertThat(new KeysSecretDependent().enabled(TestGateways.model(TestGateways.ONE_MODEL
                + "masterKeySecretRef: {name: a, key: b}\nsaltKeySecretRef: {name: a, key: c}"))).isFalse();
    }
}
