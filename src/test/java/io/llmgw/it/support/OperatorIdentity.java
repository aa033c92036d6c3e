package io.llmgw.it.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The operator's own identity as {@code deploy/operator} ships it: its namespace, ServiceAccount, ClusterRole(Binding)
 * and leader-election Role(Binding) applied to the test API server, and a client config that authenticates with a
 * token minted for that ServiceAccount (TokenRequest API). The in-JVM operator runs with it, never as admin, so a
 * rule missing from the shipped RBAC fails the integration tests the way it fails in a cluster.
 */
public final class OperatorIdentity {
    private static final Logger LOG = Logger.getLogger(OperatorIdentity.class);
    /** The manifests that make up the identity; the Deployment and the CRDs are not part of it. */
    private static final List<String> MANIFESTS = List.of("namespace.yaml", "serviceaccount.yaml", "clusterrole.yaml",
            "clusterrolebinding.yaml", "leader-election-role.yaml");
    private static final long TOKEN_SECONDS = 24 * 3600;

    private final String namespace;
    private final String serviceAccount;
    private final Config config;

    private OperatorIdentity(String namespace, String serviceAccount, Config config) {
        this.namespace = namespace;
        this.serviceAccount = serviceAccount;
        this.config = config;
    }

    /** Applies the identity of {@code deploy/operator} with the admin client and mints a token for it. */
    public static OperatorIdentity install(ControlPlane controlPlane) {
        KubernetesClient admin = controlPlane.client();
        String namespace = null;
        String serviceAccount = null;
        for (String file : MANIFESTS) {
            for (HasMetadata object : admin.load(new ByteArrayInputStream(read(Project.file("deploy/operator").resolve(file)).getBytes(StandardCharsets.UTF_8))).items()) {
                admin.resource(object).forceConflicts().serverSideApply();
                if ("ServiceAccount".equals(object.getKind())) {
                    namespace = object.getMetadata().getNamespace();
                    serviceAccount = object.getMetadata().getName();
                }
            }
        }
        if (serviceAccount == null) {
            throw new IllegalStateException("deploy/operator declares no ServiceAccount");
        }
        String token = admin.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(TOKEN_SECONDS).endSpec().build())
                .getStatus().getToken();
        Config adminConfig = controlPlane.clientConfig();
        // Same server and CA; the token replaces the admin client certificate.
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(adminConfig.getMasterUrl())
                .withCaCertData(adminConfig.getCaCertData())
                .withCaCertFile(adminConfig.getCaCertFile())
                .withOauthToken(token)
                .withNamespace(namespace)
                .build();
        LOG.infof("operator identity: system:serviceaccount:%s:%s (RBAC of deploy/operator)", namespace, serviceAccount);
        return new OperatorIdentity(namespace, serviceAccount, config);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The namespace of the ServiceAccount, where its leader-election Role lets it hold the lease. */
    public String namespace() {
        return namespace;
    }

    public String username() {
        return "system:serviceaccount:" + namespace + ":" + serviceAccount;
    }

    /** A client config authenticated as the ServiceAccount (a fresh copy: callers may change it). */
    public Config config() {
        return new ConfigBuilder(config).build();
    }
}
