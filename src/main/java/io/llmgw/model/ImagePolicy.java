package io.llmgw.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.llmgw.api.v1alpha1.ImageSpec;

/**
 * Resolves the LiteLLM image and refuses versions known to be compromised (PyPI/images 1.82.7 and 1.82.8
 * shipped a credential stealer) or exploitable (CVE-2026-42208, pre-auth SQL injection, 1.81.16 to 1.83.6).
 */
public final class ImagePolicy {
    private static final Pattern VERSION = Pattern.compile("(?:^|[^0-9])(\\d+)\\.(\\d+)\\.(\\d+)");

    private ImagePolicy() {
    }

    /** The image reference the Deployment runs: repository plus digest when pinned, else repository:tag. */
    public static String reference(ImageSpec image) {
        String repository = image != null && image.repository != null ? image.repository : Defaults.LITELLM_REPOSITORY;
        String tag = tag(image);
        if (image != null && image.digest != null) {
            return repository + (image.tag != null ? ":" + image.tag : "") + "@" + image.digest;
        }
        return repository + ":" + tag;
    }

    public static String tag(ImageSpec image) {
        return image != null && image.tag != null ? image.tag : Defaults.LITELLM_TAG;
    }

    /** A refusal for a known-bad version, if the tag names one. */
    public static Optional<Problem> check(ImageSpec image) {
        String tag = tag(image);
        Matcher m = VERSION.matcher(tag);
        if (!m.find()) {
            return Optional.empty();
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        int patch = Integer.parseInt(m.group(3));
        if (major == 1 && minor == 82 && (patch == 7 || patch == 8)) {
            return Optional.of(Problem.of("ImageRefused",
                    "LiteLLM %s is a known-compromised release (credential stealer, March 2026); use 1.83.7 or later", tag));
        }
        long v = major * 1_000_000L + minor * 1_000L + patch;
        if (v >= 1_081_016L && v <= 1_083_006L) {
            return Optional.of(Problem.of("ImageRefused",
                    "LiteLLM %s is affected by CVE-2026-42208 (pre-auth SQL injection, exploited); use 1.83.7 or later", tag));
        }
        return Optional.empty();
    }

    /** True when the tag moves (main-stable, latest...): the operator warns, the image is not pinned. */
    public static boolean isMovingTag(ImageSpec image) {
        return (image == null || image.digest == null) && !VERSION.matcher(tag(image)).find();
    }
}
