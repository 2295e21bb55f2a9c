package dev.lodestar.spi.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Person ids. A person's id is derived from one of its identities, written {@code type:value}
 * (e.g. {@code user_id:u1}): {@code "p"} followed by the first 16 hex digits of the SHA-256 of that
 * text. An identity that was never merged with another is a person of its own with this id, so an
 * engine can compute it for any event (DuckDB: {@code 'p' || left(sha256(key), 16)}), and only
 * merged identities need a mapping.
 */
public final class PersonIds {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    });

    private PersonIds() {}

    /** The id of the person that an identity {@code type:value} forms on its own. */
    public static String of(String identityKey) {
        byte[] digest = SHA256.get().digest(identityKey.getBytes(StandardCharsets.UTF_8));
        return "p" + HexFormat.of().formatHex(digest, 0, 8);
    }

    /** The identity key of an event: its user id if it has one, else its anonymous id. */
    public static String eventKey(String userId, String anonymousId) {
        return userId != null ? "user_id:" + userId : "anonymous_id:" + anonymousId;
    }
}
