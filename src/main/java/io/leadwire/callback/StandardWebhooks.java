package io.leadwire.callback;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signing and checking in the Standard Webhooks scheme: the headers {@code webhook-id},
 * {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature}, whose value is one or
 * more space-separated {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}. Several signatures
 * let a sender rotate its secret; a message passes when any of them matches any of our secrets.
 * Secrets are written {@code whsec_<base64 key>}; a secret without the prefix is taken as raw
 * UTF-8 bytes, as some senders configure it.
 *
 * <p>Used both ways: buyers' callbacks are checked with it, and our outbound event webhooks are
 * signed with it. Comparisons are constant-time.
 */
public final class StandardWebhooks {
    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    /** The default timestamp tolerance either side of our clock. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String PREFIX = "whsec_";
    private static final String VERSION = "v1";

    private final List<byte[]> keys;

    private StandardWebhooks(List<byte[]> keys) {
        this.keys = keys;
    }

    /**
     * A signer/checker for one or more secrets (the first signs; all are accepted when checking).
     *
     * @throws IllegalArgumentException when there is no secret or one is not valid base64 after {@code whsec_}
     */
    public static StandardWebhooks of(List<String> secrets) {
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one signing secret is needed");
        }
        List<byte[]> keys = new ArrayList<>();
        for (String s : secrets) {
            keys.add(key(s));
        }
        return new StandardWebhooks(List.copyOf(keys));
    }

    public static StandardWebhooks of(String secret) {
        return of(List.of(secret));
    }

    static byte[] key(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.isBlank()) {
            throw new IllegalArgumentException("a signing secret must not be blank");
        }
        if (secret.startsWith(PREFIX)) {
            try {
                return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a whsec_ secret must be base64 after the prefix", e);
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** A new random secret in the {@code whsec_} form (24 random bytes). */
    public static String newSecret(java.util.Random random) {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return PREFIX + Base64.getEncoder().encodeToString(b);
    }

    /** The {@code webhook-signature} value for a message, signed with the first secret. */
    public String sign(String id, long timestampSeconds, byte[] body) {
        return VERSION + "," + Base64.getEncoder().encodeToString(mac(keys.get(0), id, timestampSeconds, body));
    }

    /** What a check found. {@code ok()} only for {@link Verdict#VALID}. */
    public enum Verdict {
        VALID("signature valid"),
        MISSING_HEADERS("webhook-id, webhook-timestamp and webhook-signature headers are required"),
        BAD_TIMESTAMP("webhook-timestamp must be Unix seconds"),
        TIMESTAMP_TOO_OLD("webhook-timestamp is older than the allowed tolerance"),
        TIMESTAMP_IN_FUTURE("webhook-timestamp is further in the future than the allowed tolerance"),
        NO_MATCH("no signature in webhook-signature matches (tampered body, wrong secret or wrong id/timestamp)");

        private final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }

        /** A sentence for the 401 answer and the log. */
        public String reason() {
            return reason;
        }

        public boolean ok() {
            return this == VALID;
        }
    }

    /**
     * Checks a received message: headers present, timestamp within {@code tolerance} of {@code now},
     * and one of the listed {@code v1} signatures matching one of our secrets.
     */
    public Verdict verify(String id, String timestamp, String signatureHeader, byte[] body, Instant now,
                          Duration tolerance) {
        if (isBlank(id) || isBlank(timestamp) || isBlank(signatureHeader)) {
            return Verdict.MISSING_HEADERS;
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Verdict.BAD_TIMESTAMP;
        }
        long skew = ts - now.getEpochSecond();
        if (skew < -tolerance.getSeconds()) {
            return Verdict.TIMESTAMP_TOO_OLD;
        }
        if (skew > tolerance.getSeconds()) {
            return Verdict.TIMESTAMP_IN_FUTURE;
        }
        List<byte[]> expected = new ArrayList<>(keys.size());
        for (byte[] k : keys) {
            expected.add(mac(k, id, ts, body));
        }
        boolean match = false;
        for (String part : signatureHeader.trim().split(" +")) {
            int comma = part.indexOf(',');
            if (comma < 0 || !VERSION.equals(part.substring(0, comma))) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(part.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            for (byte[] e : expected) {
                // Every candidate is compared (no early exit) so timing says nothing about which matched.
                match |= MessageDigest.isEqual(e, given);
            }
        }
        return match ? Verdict.VALID : Verdict.NO_MATCH;
    }

    private static byte[] mac(byte[] key, String id, long ts, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
