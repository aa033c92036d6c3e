package io.llmgw.model;

import java.util.regex.Pattern;

/**
 * A parsed container image reference, {@code [registry[:port]/]path[:tag][@sha256:<64 hex>]}, following the
 * grammar of the distribution project (the one containerd and the kubelet apply): lowercase path components,
 * a registry recognised by a dot, a port or {@code localhost}, tags of at most 128 word characters, dots and
 * dashes. Only sha256 digests are accepted (the CRD allows no other). Parsing never throws on any input.
 */
public record ImageReference(String registry, String path, String tag, String digest) {
    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final Pattern PATH = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
    private static final Pattern REGISTRY = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]{1,5})?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final int MAX_NAME = 255;

    /** The outcome of {@link #parse}: a reference, or why the text is not one. */
    public record Parsed(ImageReference reference, String error) {
        public boolean valid() {
            return reference != null;
        }
    }

    public static Parsed parse(String text) {
        if (text == null || text.isEmpty()) {
            return invalid("the image reference is empty");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return invalid("the image reference contains whitespace, a control or a non-ASCII character at position " + i);
            }
        }
        String rest = text;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                return invalid("digest " + quote(digest) + " is not sha256: followed by 64 lowercase hex digits");
            }
        }
        String tag = null;
        int lastSlash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > lastSlash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                return invalid("tag " + quote(tag) + " is not 1 to 128 letters, digits, _ . - (not starting with . or -)");
            }
        }
        String registry = null;
        String path = rest;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || !first.equals(first.toLowerCase(java.util.Locale.ROOT))) {
                registry = first;
                path = rest.substring(slash + 1);
                if (!REGISTRY.matcher(registry).matches()) {
                    return invalid("registry " + quote(registry) + " is not a host name with an optional port");
                }
            }
        }
        if (path.isEmpty() || !PATH.matcher(path).matches()) {
            return invalid("repository " + quote(path) + " must be lowercase path components of letters and digits separated by"
                    + " '/', with single '.', '_', '__' or dashes between them");
        }
        if (rest.length() > MAX_NAME) {
            return invalid("the image name is longer than " + MAX_NAME + " characters");
        }
        return new Parsed(new ImageReference(registry, path, tag, digest), null);
    }

    /** Registry and path, without tag or digest. */
    public String name() {
        return registry != null ? registry + "/" + path : path;
    }

    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, path, newTag, digest);
    }

    @Override
    public String toString() {
        return name() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    private static Parsed invalid(String error) {
        return new Parsed(null, error);
    }

    /** Quotes a piece of user input for a message, shortened so a huge value cannot flood status or logs. */
    static String quote(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return "\"" + shown + "\"";
    }
}
