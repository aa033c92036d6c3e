package io.llmgw.model;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.api.v1alpha1.ImageSpec;

/**
 * Resolves the LiteLLM image to the one reference the pods run and judges that reference: refuses invalid ones,
 * versions known to be compromised (PyPI/images 1.82.7 and 1.82.8 shipped a credential stealer) or exploitable
 * (CVE-2026-42208, pre-auth SQL injection, 1.81.16 to 1.83.6). The version is read from the resolved tag,
 * wherever the user wrote it (image.tag or a tag inside image.repository), and every x.y.z in it is judged, so
 * date-prefixed or decorated tags ({@code 2026.03.24-v1.82.7}, {@code main-v1.82.7}) cannot hide one. A digest
 * decides what runs: its tag, when given, must pass the policy too, and known-bad digests are refused. An
 * untagged digest cannot be judged by version (the operator does not query registries): see docs/security.md.
 */
public final class ImagePolicy {
    /** A version: three dot-separated numbers, not part of longer numbers. */
    private static final Pattern VERSION = Pattern.compile("(?<![0-9])(\\d+)\\.(\\d+)\\.(\\d+)(?![0-9])");
    /** Digests of images known to contain the compromised releases; none has been published to the project yet. */
    static final Set<String> KNOWN_BAD_DIGESTS = Set.of();

    private ImagePolicy() {
    }

    /** The resolved reference, or why the spec does not give a valid one. Never throws. */
    public static ImageReference.Parsed resolve(ImageSpec image) {
        String repository = image != null && image.repository != null ? image.repository : Defaults.LITELLM_REPOSITORY;
        ImageReference.Parsed parsed = ImageReference.parse(repository);
        if (!parsed.valid()) {
            return new ImageReference.Parsed(null, "image.repository: " + parsed.error());
        }
        ImageReference ref = parsed.reference();
        String tag = image != null ? image.tag : null;
        String digest = image != null ? image.digest : null;
        if (ref.digest() != null) {
            return new ImageReference.Parsed(null, "image.repository carries a digest; give it in image.digest");
        }
        if (tag != null && ref.tag() != null) {
            return new ImageReference.Parsed(null, "image.repository carries the tag " + ref.tag() + " and image.tag says " + tag
                    + "; give the tag only in image.tag");
        }
        String resolvedTag = tag != null ? tag : ref.tag() != null ? ref.tag() : digest == null ? Defaults.LITELLM_TAG : null;
        String text = ref.name() + (resolvedTag != null ? ":" + resolvedTag : "") + (digest != null ? "@" + digest : "");
        ImageReference.Parsed resolved = ImageReference.parse(text);
        if (!resolved.valid()) {
            return new ImageReference.Parsed(null, "image: " + resolved.error());
        }
        return resolved;
    }

    /** The image reference the Deployment runs; only called for a spec that passed {@link #check}. */
    public static String reference(ImageSpec image) {
        ImageReference.Parsed parsed = resolve(image);
        return parsed.valid() ? parsed.reference().toString() : Defaults.LITELLM_REPOSITORY + ":" + Defaults.LITELLM_TAG;
    }

    /** The resolved tag (null for an untagged digest or an invalid reference). */
    public static String tag(ImageSpec image) {
        ImageReference.Parsed parsed = resolve(image);
        return parsed.valid() ? parsed.reference().tag() : null;
    }

    /** A refusal for an invalid reference or a known-bad image. */
    public static Optional<Problem> check(ImageSpec image) {
        return check(image, KNOWN_BAD_DIGESTS);
    }

    static Optional<Problem> check(ImageSpec image, Set<String> badDigests) {
        ImageReference.Parsed parsed = resolve(image);
        if (!parsed.valid()) {
            return Optional.of(new Problem(ConditionReason.INVALID_IMAGE, parsed.error()));
        }
        ImageReference ref = parsed.reference();
        if (ref.digest() != null && badDigests.contains(ref.digest())) {
            return Optional.of(Problem.of(ConditionReason.IMAGE_REFUSED, "image digest %s is a known-compromised LiteLLM image; use 1.83.7 or later", ref.digest()));
        }
        if (ref.tag() == null) {
            return Optional.empty();
        }
        for (List<BigInteger> v : versions(ref.tag())) {
            if (compromised(v)) {
                return Optional.of(Problem.of(ConditionReason.IMAGE_REFUSED,
                        "LiteLLM %s (tag %s) is a known-compromised release (credential stealer, March 2026); use 1.83.7 or later",
                        join(v), ImageReference.quote(ref.tag())));
            }
            if (vulnerable(v)) {
                return Optional.of(Problem.of(ConditionReason.IMAGE_REFUSED,
                        "LiteLLM %s (tag %s) is affected by CVE-2026-42208 (pre-auth SQL injection, exploited); use 1.83.7 or later",
                        join(v), ImageReference.quote(ref.tag())));
            }
        }
        return Optional.empty();
    }

    /** True when the image is not pinned: no digest and no version in the tag (main-stable, latest...). */
    public static boolean isMovingTag(ImageSpec image) {
        ImageReference.Parsed parsed = resolve(image);
        return parsed.valid() && parsed.reference().digest() == null && versions(parsed.reference().tag()).isEmpty();
    }

    /** Every x.y.z in a tag, as numbers of any size (a tag is user input: 1.99999999999.0 must not overflow). */
    static List<List<BigInteger>> versions(String tag) {
        List<List<BigInteger>> out = new ArrayList<>();
        if (tag == null) {
            return out;
        }
        Matcher m = VERSION.matcher(tag);
        // Overlapping: 0.1.82.7 holds 0.1.82 and 1.82.7, and both are judged.
        for (int from = 0; from < tag.length() && m.find(from); from = m.end(1) + 1) {
            out.add(List.of(new BigInteger(m.group(1)), new BigInteger(m.group(2)), new BigInteger(m.group(3))));
        }
        return out;
    }

    private static boolean compromised(List<BigInteger> v) {
        return compare(v, 1, 82, 7) == 0 || compare(v, 1, 82, 8) == 0;
    }

    private static boolean vulnerable(List<BigInteger> v) {
        return compare(v, 1, 81, 16) >= 0 && compare(v, 1, 83, 6) <= 0;
    }

    private static int compare(List<BigInteger> v, long major, long minor, long patch) {
        long[] other = { major, minor, patch };
        for (int i = 0; i < 3; i++) {
            int c = v.get(i).compareTo(BigInteger.valueOf(other[i]));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static String join(List<BigInteger> v) {
        return v.get(0) + "." + v.get(1) + "." + v.get(2);
    }
}
