package io.llmgw.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The one SHA-256 of the project: names, ids and change hashes derived from text, as lower-case hex. */
public final class Hashing {
    private Hashing() {
    }

    /** The first {@code bytes} bytes of SHA-256 of the UTF-8 text, as 2 x bytes hex characters. */
    public static String sha256Hex(String text, int bytes) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)), 0, bytes);
    }

    /** SHA-256 of the parts, each followed by a NUL byte so that ("ab", "c") and ("a", "bc") differ; full length. */
    public static String sha256OfParts(String... parts) {
        MessageDigest digest = sha256();
        for (String part : parts) {
            digest.update(part.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
