package io.llmgw.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.llmgw.api.v1alpha1.ImageSpec;

class ImagePolicyTest {
    static ImageSpec tag(String tag) {
        ImageSpec image = new ImageSpec();
        image.tag = tag;
        return image;
    }

    @ParameterizedTest
    @ValueSource(strings = { "1.82.7", "1.82.8", "v1.82.8-stable", "1.81.16", "main-v1.83.6", "1.83.0" })
    void refusesCompromisedAndVulnerableVersions(String tag) {
        assertThat(ImagePolicy.check(tag(tag))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = { "1.81.15", "1.83.7", "1.84.0", "1.91.4", "main-stable" })
    void acceptsOthers(String tag) {
        assertThat(ImagePolicy.check(tag(tag))).isEmpty();
    }

    @Test
    void referencePinsByDigestWhenGiven() {
        ImageSpec image = tag("1.91.4");
        image.digest = "sha256:" + "a".repeat(64);
        assertThat(ImagePolicy.reference(image)).isEqualTo("ghcr.io/berriai/litellm:1.91.4@sha256:" + "a".repeat(64));
        assertThat(ImagePolicy.reference(null)).isEqualTo(Defaults.LITELLM_REPOSITORY + ":" + Defaults.LITELLM_TAG);
        assertThat(ImagePolicy.isMovingTag(tag("main-stable"))).isTrue();
        assertThat(ImagePolicy.isMovingTag(image)).isFalse();
        assertThat(ImagePolicy.check(null)).as("the default image passes the policy").isEmpty();
    }
}
