package io.llmgw.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.CacheSpec;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.Names;
import io.llmgw.model.ProxyEnvironment;

class CacheSecretDependentTest {
    private final CacheSecretDependent dependent = new CacheSecretDependent();

    static LiteLLMGateway withDragonfly() {
        LiteLLMGateway gateway = TestGateways.minimal();
        gateway.getSpec().cache = new CacheSpec();
        gateway.getSpec().cache.type = CacheSpec.DRAGONFLY;
        return gateway;
    }

    @Test
    void generatesAnImmutablePasswordUnderTheKeyTheProxyReads() {
        Secret secret = dependent.desired(TestGateways.model(withDragonfly()));

        assertThat(secret.getMetadata().getName()).isEqualTo("gw-cache-auth");
        assertThat(secret.getMetadata().getNamespace()).isEqualTo("ai-system");
        assertThat(secret.getMetadata().getLabels()).containsEntry(Names.COMPONENT_LABEL, Names.CACHE)
                .containsEntry("app.kubernetes.io/managed-by", Names.MANAGED_BY);
        assertThat(secret.getImmutable()).isTrue();
        assertThat(secret.getData()).containsOnlyKeys(ProxyEnvironment.CACHE_PASSWORD_KEY);
        String password = new String(Base64.getDecoder().decode(secret.getData().get(ProxyEnvironment.CACHE_PASSWORD_KEY)));
        assertThat(password).hasSize(43).matches("[A-Za-z0-9_-]+");
        // Owner reference added by JOSDK (garbage collected), not set by hand.
        assertThat(secret.getMetadata().getOwnerReferences()).isEmpty();
    }

    @Test
    void eachPasswordIsFresh() {
        var model = TestGateways.model(withDragonfly());
        assertThat(dependent.desired(model).getData()).isNotEqualTo(dependent.desired(model).getData());
    }

    @Test
    void nameMatchesWhatTheProxyEnvironmentReferences() {
        var model = TestGateways.model(withDragonfly());
        var ref = ProxyEnvironment.cachePassword(model.spec(), model.names());
        Secret secret = dependent.desired(model);
        assertThat(ref.name).isEqualTo(secret.getMetadata().getName());
        assertThat(secret.getData()).containsKey(ref.key);
    }

    @Test
    void enabledOnlyForTheManagedCache() {
        assertThat(dependent.enabled(TestGateways.model(withDragonfly()))).isTrue();
        assertThat(dependent.enabled(TestGateways.model(TestGateways.minimal()))).isFalse();
        LiteLLMGateway redis = TestGateways.minimal();
        redis.getSpec().cache = new CacheSpec();
        redis.getSpec().cache.type = CacheSpec.REDIS;
        redis.getSpec().cache.redis = new CacheSpec.Redis();
        redis.getSpec().cache.redis.host = "redis.example";
        assertThat(dependent.enabled(TestGateways.model(redis))).isFalse();
    }

    @Test
    void isGarbageCollectedButNeverUpdated() {
        assertThat(dependent).isInstanceOf(io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected.class)
                .isInstanceOf(io.javaoperatorsdk.operator.processing.dependent.Creator.class)
                .isNotInstanceOf(io.javaoperatorsdk.operator.processing.dependent.Updater.class);
    }
}
