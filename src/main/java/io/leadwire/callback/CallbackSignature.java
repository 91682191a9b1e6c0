package io.leadwire.callback;

import io.leadwire.delivery.CallbackSettings;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks one buyer's callback signatures, in the scheme its settings name, with its secrets in
 * clear (resolved once when the buyer's settings are loaded). Every comparison is constant-time.
 */
public final class CallbackSignature {
    private final CallbackSettings.Signature settings;
    private final Duration tolerance;
    private final StandardWebhooks standard;
    private final List<byte[]> keys;

    /** What a check found: {@code ok}, or a stable reason code and a sentence for the 401. */
    public record Check(boolean ok, String reason, String detail) {
        static final Check VALID = new Check(true, "valid", "signature valid");

        static Check refused(String reason, String detail) {
            return new Check(false, reason, detail);
        }
    }

    /** The headers a check reads. */
    public interface Headers {
        /** The first value of a header, or null. */
        String get(String name);
    }

    /**
     * @param secrets secret name → clear value
     * @throws IllegalArgumentException naming a secret that has no value (never the value itself)
     */
    public CallbackSignature(CallbackSettings settings, UnaryOperator<String> secrets) {
        this.settings = settings.signature();
        this.tolerance = settings.tolerance();
        List<String> clear = new ArrayList<>();
        for (String name : this.settings.secretNames()) {
            String value = secrets.apply(name);
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("the callback secret " + name + " is not stored (leadwire buyer "
                        + "secret)");
            }
            clear.add(value);
        }
        if (this.settings.scheme() == CallbackSettings.Scheme.STANDARD_WEBHOOKS) {
            this.standard = StandardWebhooks.of(clear);
            this.keys = List.of();
        } else {
            this.standard = null;
            this.keys = clear.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        }
    }

    public CallbackSettings.Scheme scheme() {
        return settings.scheme();
    }

    /**
     * The event id the transport carries ({@code webhook-id} for Standard Webhooks), or null
     * when the event id is in the body.
     */
    public String transportEventId(Headers headers) {
        return standard == null ? null : headers.get(StandardWebhooks.ID_HEADER);
    }

    /** Checks a request's signature (and signed timestamp) against the raw body at {@code now}. */
    public Check verify(Headers headers, byte[] body, Instant now) {
        return standard != null ? verifyStandard(headers, body, now) : verifyHeader(headers, body, now);
    }

    private Check verifyStandard(Headers headers, byte[] body, Instant now) {
        String ts = headers.get(StandardWebhooks.TIMESTAMP_HEADER);
        StandardWebhooks.Verdict v = standard.verify(headers.get(StandardWebhooks.ID_HEADER), ts,
                headers.get(StandardWebhooks.SIGNATURE_HEADER), body, now, tolerance);
        return switch (v) {
            case VALID -> Check.VALID;
            case MISSING_HEADERS -> Check.refused("missing_signature", v.reason() + ".");
            case BAD_TIMESTAMP -> Check.refused("bad_timestamp", v.reason() + ".");
            case TIMESTAMP_TOO_OLD, TIMESTAMP_IN_FUTURE -> Check.refused("timestamp_out_of_tolerance",
                    skew(StandardWebhooks.TIMESTAMP_HEADER, Long.parseLong(ts.trim()), now));
            case NO_MATCH -> Check.refused("signature_mismatch", v.reason() + ".");
        };
    }

    private Check verifyHeader(Headers headers, byte[] body, Instant now) {
        String given = headers.get(settings.header());
        String tsHeader = settings.timestampHeader();
        String ts = tsHeader == null ? null : headers.get(tsHeader);
        if (given == null || given.isBlank() || (tsHeader != null && (ts == null || ts.isBlank()))) {
            return Check.refused("missing_signature", (tsHeader == null ? settings.header() + " is required"
                    : settings.header() + " and " + tsHeader + " are required") + ": " + describe() + ".");
        }
        byte[] signed = body;
        if (tsHeader != null) {
            long seconds;
            try {
                seconds = Long.parseLong(ts.trim());
            } catch (NumberFormatException e) {
                return Check.refused("bad_timestamp", tsHeader + " must be Unix seconds.");
            }
            if (Math.abs(seconds - now.getEpochSecond()) > tolerance.getSeconds()) {
                return Check.refused("timestamp_out_of_tolerance", skew(tsHeader, seconds, now));
            }
            byte[] prefix = (ts.trim() + ".").getBytes(StandardCharsets.UTF_8);
            signed = new byte[prefix.length + body.length];
            System.arraycopy(prefix, 0, signed, 0, prefix.length);
            System.arraycopy(body, 0, signed, prefix.length, body.length);
        }
        String value = given.trim();
        if (!value.startsWith(settings.prefix())) {
            return Check.refused("signature_mismatch", settings.header() + " must start with '" + settings.prefix()
                    + "': " + describe() + ".");
        }
        byte[] mac;
        try {
            String encoded = value.substring(settings.prefix().length());
            mac = "base64".equals(settings.encoding()) ? Base64.getDecoder().decode(encoded)
                    : HexFormat.of().parseHex(encoded.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Check.refused("signature_mismatch", settings.header() + " is not " + settings.encoding()
                    + ": " + describe() + ".");
        }
        boolean match = false;
        for (byte[] key : keys) {
            // Every secret is compared (no early exit), so timing says nothing about which matched.
            match |= MessageDigest.isEqual(hmac(key, signed), mac);
        }
        return match ? Check.VALID : Check.refused("signature_mismatch", "the signature in " + settings.header()
                + " does not match the body (tampered body or wrong secret): " + describe() + ".");
    }

    private String describe() {
        return "HMAC-SHA256 of " + (settings.timestampHeader() == null ? "the raw body" : "'timestamp.body'") + " as "
                + settings.encoding() + (settings.prefix().isEmpty() ? "" : " after '" + settings.prefix() + "'");
    }

    private String skew(String header, long seconds, Instant now) {
        long skew = seconds - now.getEpochSecond();
        return header + " is " + Math.abs(skew) + " s " + (skew < 0 ? "behind" : "ahead of") + " our clock, outside "
                + "the allowed ±" + human(tolerance) + " tolerance; sign with the current time.";
    }

    private static String human(Duration d) {
        long s = d.getSeconds();
        return s % 60 == 0 ? (s / 60) + " min" : s + " s";
    }

    /** The HMAC-SHA256 a sender of the {@code header} scheme puts in its header (for tests and tools). */
    public static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }
}
