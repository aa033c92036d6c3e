package io.llmgw.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.llmgw.api.v1alpha1.ImageSpec;

class ImagePolicyTest {
    static final String DIGEST = "sha256:" + "a".repeat(64);

    static ImageSpec tag(String tag) {
        ImageSpec image = new ImageSpec();
        image.tag = tag;
        return image;
    }

    static ImageSpec image(String repository, String tag, String digest) {
        ImageSpec image = tag(tag);
        image.repository = repository;
        image.digest = digest;
        return image;
    }

    @ParameterizedTest
    @ValueSource(strings = { "1.82.7", "1.82.8", "v1.82.8-stable", "1.81.16", "main-v1.83.6", "1.83.0",
            "2026.03.24-v1.82.7", "main-v1.82.7", "v1.82.7.post1", "01.082.007", "0.1.82.7", "1.83.6-nightly" })
    void refusesCompromisedAndVulnerableVersions(String tag) {
        assertThat(ImagePolicy.check(tag(tag))).hasValueSatisfying(p -> assertThat(p.reason().wire()).isEqualTo("ImageRefused"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "1.81.15", "1.83.7", "1.84.0", "1.91.4", "main-stable", "1.99999999999.0", "99999999999999999999.0.0",
            "2026.03.24-v1.84.0", "1.83.70", "11.82.7" })
    void acceptsOthers(String tag) {
        assertThat(ImagePolicy.check(tag(tag))).isEmpty();
    }

    @Test
    void judgesTheVersionInTheRepositoryString() {
        assertThat(ImagePolicy.check(image("ghcr.io/berriai/litellm:1.82.7", null, null)))
                .hasValueSatisfying(p -> assertThat(p.reason().wire()).isEqualTo("ImageRefused"));
        assertThat(ImagePolicy.reference(image("ghcr.io/berriai/litellm:1.84.0", null, null))).isEqualTo("ghcr.io/berriai/litellm:1.84.0");
        assertThat(ImagePolicy.check(image("registry.local:5000/mirror/litellm:1.82.8", null, null))).isPresent();
        assertThat(ImagePolicy.check(image("ghcr.io/berriai/litellm:1.84.0", "1.84.0", null)))
                .as("a tag in both places is ambiguous").hasValueSatisfying(p -> assertThat(p.reason().wire()).isEqualTo("InvalidImage"));
    }

    @Test
    void aDigestDoesNotHideTheTagNorAKnownBadDigest() {
        assertThat(ImagePolicy.check(image(null, "1.82.7", DIGEST))).hasValueSatisfying(p -> assertThat(p.reason().wire()).isEqualTo("ImageRefused"));
        assertThat(ImagePolicy.check(image(null, null, DIGEST))).isEmpty();
        assertThat(ImagePolicy.check(image(null, null, DIGEST), Set.of(DIGEST)))
                .hasValueSatisfying(p -> assertThat(p.reason().wire()).isEqualTo("ImageRefused"));
        assertThat(ImagePolicy.check(image(null, "1.84.0", DIGEST), Set.of(DIGEST))).isPresent();
        assertThat(ImagePolicy.reference(image(null, null, DIGEST))).isEqualTo("ghcr.io/berriai/litellm@" + DIGEST);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'ghcr.io/berriai/litellm'|''|",
            "' ghcr.io/berriai/litellm'|1.84.0|",
            "ghcr.io/berriai/litellm|' 1.84.0'|",
            "ghcr.io/berriai/litellm|'1.84.0 '|",
            "ghcr.io/BerriAI/litellm|1.84.0|",
            "ghcr.io/berriai/litellm|-1.84.0|",
            "ghcr.io/berriai/litellm|.1.84.0|",
            "ghcr.io/berriai/litellm|1.84.0:x|",
            "ghcr.io/berriai//litellm|1.84.0|",
            "ghcr.io/berriai/litellm/|1.84.0|",
            "ghcr.io/berriai/litellm@sha256:abc|1.84.0|",
            "ghcr.io/berriai/litellm|1.84.0|sha256:ABC",
            "ghcr.io/berriai/litellm|1.84.0|md5:0123",
            "''|1.84.0|",
            "ghcr.io/berriai/litell\u00e9|1.84.0|",
            "ghcr.io/berriai/litellm:|1.84.0|",
            "-ghcr.io/berriai/litellm|1.84.0|",
            "ghcr.io:99999999/berriai/litellm|1.84.0|",
    })
    void refusesInvalidReferences(String repository, String tag, String digest) {
        assertThat(ImagePolicy.check(image(repository, tag, digest)))
                .hasValueSatisfying(p -> assertThat(p.reason().wire()).isEqualTo("InvalidImage"));
    }

    @Test
    void refusesAnOverlongTagWithoutEchoingAllOfIt() {
        var problem = ImagePolicy.check(tag("1" + "x".repeat(5000))).orElseThrow();
        assertThat(problem.reason().wire()).isEqualTo("InvalidImage");
        assertThat(problem.message()).hasSizeLessThan(300);
    }

    @ParameterizedTest
    @ValueSource(strings = { "litellm", "localhost/litellm:1", "localhost:5000/a/b/c:v1.84.0", "[::1]:5000/litellm:1.84.0",
            "docker.io/library/litellm:1.84.0", "a.b-c.d/x__y/z-w.v:T_1" })
    void parsesValidReferences(String text) {
        var parsed = ImageReference.parse(text);
        assertThat(parsed.valid()).as(parsed.error()).isTrue();
        assertThat(parsed.reference().toString()).isEqualTo(text);
    }

    @Test
    void referencePinsByDigestWhenGiven() {
        ImageSpec image = tag("1.91.4");
        image.digest = DIGEST;
        assertThat(ImagePolicy.reference(image)).isEqualTo("ghcr.io/berriai/litellm:1.91.4@" + DIGEST);
        assertThat(ImagePolicy.reference(null)).isEqualTo(Defaults.LITELLM_REPOSITORY + ":" + Defaults.LITELLM_TAG);
        assertThat(ImagePolicy.isMovingTag(tag("main-stable"))).isTrue();
        assertThat(ImagePolicy.isMovingTag(image)).isFalse();
        assertThat(ImagePolicy.check(null)).as("the default image passes the policy").isEmpty();
    }
}
