package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.llmgw.api.v1alpha1.FreeForm;
import io.llmgw.api.v1alpha1.ImageSpec;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.it.support.Await;
import io.llmgw.it.support.FakeKubelet;
import io.llmgw.it.support.Gateways;
import io.llmgw.it.support.ItEnvironment;

/**
 * Two lines of defence. The API server refuses, at apply time, what the CRD schema and its CEL rules can see; the
 * operator refuses what only it can judge (image policy, secrets in free-form config), reports Stalled with a
 * Warning Event, and leaves the running Deployment untouched.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ValidationIT {
    static final String MODEL = "{name: a, model: openai/gpt-4o-mini, apiKey: {secretKeyRef: {name: openai, key: api-key}}}";
    static KubernetesClient client;
    static String ns;

    @BeforeAll
    static void namespace() {
        ItEnvironment env = ItEnvironment.get();
        client = env.client();
        ns = env.controlPlane().createNamespace("validation");
        Gateways.providerSecret(client, ns, "openai", "api-key", "sk-test");
    }

    static final String SALT = "models: [" + MODEL + "]\n  saltKeySecretRef: {name: old-gateway, key: LITELLM_SALT_KEY}\n  ";
    static final String IMPORT = "import: {host: old-db, database: litellm, user: litellm, passwordSecretRef: {name: old-db, key: password}}";
    static final String BACKUP = "\n  backup: {destinationPath: 's3://bucket/gw', serverName: gw-db-2,"
            + " s3Credentials: {accessKeyId: {name: s3, key: id}, secretAccessKey: {name: s3, key: secret}}}";

    /** spec.database with a bootstrap (the first lines need a models entry before them: see SALT). */
    static String bootstrap(String type, String body) {
        return "database:\n    type: " + type + "\n    cloudNativePG:\n      bootstrap: {" + body + "}";
    }

    /** A deployment of model group a with the given id. */
    static String group(String id) {
        return MODEL.replace("name: a,", "name: a, id: " + id + ",");
    }

    static Stream<Arguments> refusedByTheApiServer() {
        return Stream.of(
                Arguments.of("a name shared without ids (CEL)", "models: [" + MODEL + ", " + MODEL + "]",
                        "models sharing a name (a group of deployments) must each set an id"),
                Arguments.of("a group where one deployment has no id (CEL)", "models: [" + group("east") + ", " + MODEL + "]",
                        "models sharing a name (a group of deployments) must each set an id"),
                Arguments.of("one id on two deployments (CEL)", "models: [" + group("east") + ", " + group("east").replace("name: a", "name: b")
                        + "]", "model ids must be unique"),
                Arguments.of("fallback to an unknown model (CEL)",
                        "models: [" + MODEL + "]\n  routerSettings: {fallbacks: [{model: a, to: [ghost]}]}",
                        "every fallback must name existing models"),
                Arguments.of("plain apiKey value (CEL)", "models: [{name: a, model: openai/gpt-4o-mini, apiKey: {value: sk-plain}}]",
                        "apiKey must come from a Secret (secretKeyRef), never a plain value"),
                Arguments.of("backup without CloudNativePG (CEL)", "models: [" + MODEL + "]\n  backup: {destinationPath: 's3://bucket/gw',"
                        + " s3Credentials: {accessKeyId: {name: s3, key: id}, secretAccessKey: {name: s3, key: secret}}}",
                        "backup requires database.type CloudNativePG"),
                Arguments.of("cache type Redis without redis (CEL)", "models: [" + MODEL + "]\n  cache: {type: Redis}",
                        "cache.redis is required when cache.type is Redis"),
                Arguments.of("unknown cache type (enum pattern)", "models: [" + MODEL + "]\n  cache: {type: Memcached}",
                        "spec.cache.type: Invalid value: \"Memcached\""),
                Arguments.of("trusted CA from both a ConfigMap and a Secret (CEL)",
                        "models: [" + MODEL + "]\n  trustedCA: {configMap: ca, secret: ca}", "set exactly one of configMap and secret"),
                Arguments.of("file mount over the operator's config (CEL)",
                        "models: [" + MODEL + "]\n  files: [{name: p, mountPath: /etc/litellm/prompts, configMap: p}]",
                        "mountPath must not be /, /etc or /app"),
                Arguments.of("two file mounts on one path (CEL)", "models: [" + MODEL + "]\n  files: [{name: p, mountPath: /etc/p, configMap: p},"
                        + " {name: q, mountPath: /etc/p, configMap: q}]", "file mount paths must be unique"),
                Arguments.of("bootstrap with both import and recovery (CEL)", SALT + bootstrap("CloudNativePG", IMPORT + ", recovery: {source: Self}")
                        + BACKUP, "bootstrap: set exactly one of import and recovery"),
                Arguments.of("bootstrap without the old salt key (CEL)", "models: [" + MODEL + "]\n  " + bootstrap("CloudNativePG", IMPORT),
                        "database.cloudNativePG.bootstrap requires saltKeySecretRef"),
                Arguments.of("bootstrap on an External database (CEL)", SALT + bootstrap("External", IMPORT)
                        + "\n    external: {urlSecretRef: {name: pg, key: url}}", "database.cloudNativePG.bootstrap requires database.type CloudNativePG"),
                Arguments.of("recovery from Self without backup (CEL)", SALT + bootstrap("CloudNativePG", "recovery: {source: Self}"),
                        "bootstrap.recovery from source Self needs spec.backup"),
                Arguments.of("recovery from Self with its own store (CEL)", SALT + bootstrap("CloudNativePG",
                        "recovery: {source: Self, destinationPath: 's3://x/y'}") + BACKUP, "recovery from source Self reads spec.backup's object store"),
                Arguments.of("recovery from an ObjectStore without credentials (CEL)", SALT + bootstrap("CloudNativePG",
                        "recovery: {source: ObjectStore, destinationPath: 's3://x/y'}"), "recovery from source ObjectStore needs destinationPath and s3Credentials"),
                Arguments.of("recovery to a time that is not RFC 3339 (pattern)", SALT + bootstrap("CloudNativePG",
                        "recovery: {source: Self, targetTime: 'yesterday'}") + BACKUP, "spec.database.cloudNativePG.bootstrap.recovery.targetTime"),
                Arguments.of("import with an unknown sslMode (pattern)", SALT + bootstrap("CloudNativePG", IMPORT.replace("}}", "}, sslMode: verify}")),
                        "spec.database.cloudNativePG.bootstrap.import.sslMode"),
                Arguments.of("pgvectorImage without pgvector (CEL)", "models: [" + MODEL + "]\n  database: {type: CloudNativePG, cloudNativePG:"
                        + " {pgvectorImage: 'ghcr.io/cloudnative-pg/pgvector:0.8.1-18-trixie'}}", "pgvectorImage requires pgvector: true"),
                Arguments.of("missing models", "replicas: 1", "spec.models: Required value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    @Order(1)
    void refusedByTheApiServer(String what, String spec, String expected) {
        String yaml = "apiVersion: llmgw.io/v1alpha1\nkind: LiteLLMGateway\nmetadata:\n  name: refused\n  namespace: " + ns
                + "\nspec:\n  " + spec + "\n";
        // Sent as a generic object: exactly what a user's YAML says, no Java defaults added.
        GenericKubernetesResource gateway = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
        KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class, () -> client.resource(gateway).create());
        assertThat(e).as(what + ": the API server must refuse it").isNotNull();
        String message = e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage();
        System.out.println("refused (" + what + "): " + message);
        assertThat(e.getCode()).isEqualTo(422);
        assertThat(message).contains(expected);
        assertThat(Gateways.gateway(client, ns, "refused").get()).isNull();
    }

    static Stream<Arguments> namesRefusedByTheApiServer() {
        String cnpg = "\n  database: {type: CloudNativePG}";
        return Stream.of(
                Arguments.of("starts with a digit", "1gateway", "", "must start with a lowercase letter"),
                Arguments.of("contains a dot", "my.gateway", "", "(no dots)"),
                Arguments.of("58 characters", "g".repeat(58), "", "at most 57 characters"),
                Arguments.of("47 characters with a database", "g".repeat(47), cnpg, "at most 46 characters"));
    }

    /** Names that would derive invalid object names (Service, cache Service, migration Job) are refused at apply. */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    @Order(1)
    void namesRefusedByTheApiServer(String what, String name, String extraSpec, String expected) {
        String yaml = "apiVersion: llmgw.io/v1alpha1\nkind: LiteLLMGateway\nmetadata:\n  name: " + name + "\n  namespace: " + ns
                + "\nspec:\n  models: [" + MODEL + "]" + extraSpec + "\n";
        GenericKubernetesResource gateway = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
        KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class, () -> client.resource(gateway).create());
        assertThat(e).as(what + ": the API server must refuse it").isNotNull();
        String message = e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage();
        System.out.println("refused name (" + what + "): " + message);
        assertThat(e.getCode()).isEqualTo(422);
        assertThat(message).contains(expected);
    }

    @Test
    @Order(1)
    void aGroupOfDeploymentsWithDistinctIdsIsAccepted() {
        LiteLLMGateway created = Gateways.create(client, ns, "apiVersion: llmgw.io/v1alpha1\nkind: LiteLLMGateway\nmetadata: {name: grouped}\n"
                + "spec:\n  models: [" + group("east") + ", " + group("west").replace("}}}", "}}, weight: 3, order: 2, rpm: 60}")
                + ", {name: b, model: openai/gpt-4o, apiKey: {secretKeyRef: {name: openai, key: api-key}}}]\n"
                + "  routerSettings: {fallbacks: [{model: a, to: [b]}], routingStrategy: usage-based-routing-v2}\n");
        assertThat(created.getSpec().models).extracting(m -> m.id).containsExactly("east", "west", null);
        assertThat(created.getSpec().models.get(1).weight).isEqualTo(3);
        client.resource(created).delete();
    }

    @Test
    @Order(1)
    void theLongestNamesThatStillDeriveValidNamesAreAccepted() {
        for (String yaml : new String[] {
                "metadata: {name: " + "a".repeat(57) + "}\nspec:\n  models: [" + MODEL + "]\n",
                "metadata: {name: " + "b".repeat(46) + "}\nspec:\n  models: [" + MODEL + "]\n  database: {type: CloudNativePG}\n" }) {
            LiteLLMGateway created = Gateways.create(client, ns, "apiVersion: llmgw.io/v1alpha1\nkind: LiteLLMGateway\n" + yaml);
            assertThat(created.getMetadata().getUid()).isNotNull();
            client.resource(created).delete();
        }
    }

    @Test
    @Order(2)
    void theOperatorRefusesWhatTheSchemaCannotSeeAndKeepsTheRunningDeployment() {
        String name = "guarded";
        Gateways.create(client, ns, "apiVersion: llmgw.io/v1alpha1\nkind: LiteLLMGateway\nmetadata:\n  name: " + name
                + "\nspec:\n  models: [" + MODEL + "]\n");
        Await.until("Deployment " + name, Gateways.CONVERGE, () -> client.apps().deployments().inNamespace(ns).withName(name).get() != null);
        FakeKubelet.markDeploymentAvailable(client, ns, name);
        Gateways.awaitCondition(client, ns, name, "Ready", "True");
        Deployment running = client.apps().deployments().inNamespace(ns).withName(name).get();

        // A known-compromised LiteLLM release: valid for the schema, refused by the operator's image policy.
        refuse(name, running, "ImageRefused", g -> {
            g.getSpec().image = new ImageSpec();
            g.getSpec().image.tag = "1.82.7";
        });
        // A literal secret in a free-form section: it would land in the ConfigMap.
        refuse(name, running, "PlainSecretInConfig", g -> {
            g.getSpec().image = null;
            g.getSpec().models.get(0).litellmParams = FreeForm.of(java.util.Map.of("api_key", "sk-literal-in-config"));
        });

        // Back to the last good spec: Ready again, and the pods were never rolled.
        Gateways.gateway(client, ns, name).edit(g -> {
            g.getSpec().models.get(0).litellmParams = null;
            return g;
        });
        Gateways.awaitCondition(client, ns, name, "Ready", "True");
        assertThat(client.apps().deployments().inNamespace(ns).withName(name).get().getMetadata().getResourceVersion())
                .as("Deployment untouched through the refused specs").isEqualTo(running.getMetadata().getResourceVersion());
    }

    private static void refuse(String name, Deployment running, String reason, java.util.function.Consumer<LiteLLMGateway> change) {
        LiteLLMGateway edited = Gateways.gateway(client, ns, name).edit(g -> {
            change.accept(g);
            return g;
        });
        assertThat(edited.getMetadata().getGeneration()).as("the API server accepted the spec").isGreaterThan(1L);
        LiteLLMGateway stalled = Gateways.awaitCondition(client, ns, name, "Stalled", "True", reason);
        System.out.println("operator refused (" + reason + "): " + Gateways.describe(stalled));
        assertThat(Gateways.is(stalled, "Ready", "False", reason)).as("Ready=False " + reason).isTrue();
        assertThat(Gateways.is(stalled, "ConfigValid", "False", reason)).isTrue();
        assertThat(Gateways.is(stalled, "Reconciling", "False")).as("kstatus: Stalled, not InProgress").isTrue();
        assertThat(stalled.getStatus().conditions.stream().filter(c -> "Stalled".equals(c.getType())).findFirst().orElseThrow()
                .getMessage()).doesNotContain("sk-literal-in-config");

        List<Event> events = Await.until("a Warning Event " + reason, Gateways.CONVERGE,
                () -> client.v1().events().inNamespace(ns).withField("involvedObject.name", name).list().getItems(),
                list -> list.stream().anyMatch(e -> "Warning".equals(e.getType()) && reason.equals(e.getReason())));
        Event event = events.stream().filter(e -> reason.equals(e.getReason())).findFirst().orElseThrow();
        System.out.println("event: " + event.getType() + " " + event.getReason() + ": " + event.getMessage());
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("LiteLLMGateway");
        assertThat(event.getInvolvedObject().getUid()).isEqualTo(stalled.getMetadata().getUid());

        Deployment now = client.apps().deployments().inNamespace(ns).withName(name).get();
        assertThat(now.getMetadata().getResourceVersion()).as("running Deployment untouched").isEqualTo(running.getMetadata().getResourceVersion());
        assertThat(now.getSpec()).isEqualTo(running.getSpec());
    }
}
