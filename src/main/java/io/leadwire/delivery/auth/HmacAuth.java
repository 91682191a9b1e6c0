package io.leadwire.delivery.auth;

import io.leadwire.delivery.ErrorClass;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.Buffer;

/**
 * HMAC-SHA256 signature of each request, for buyers that verify the body was not altered and is
 * fresh. The layout of the signed bytes is documented on {@link AuthConfig}.
 */
final class HmacAuth implements BuyerAuth {
    private static final String ALGORITHM = "HmacSHA256";
    static final String DEFAULT_SIGNATURE_HEADER = "X-Signature";
    static final String DEFAULT_TIMESTAMP_HEADER = "X-Timestamp";
    static final String DEFAULT_ENCODING = "hex";
    static final String DEFAULT_SIGNED = "timestamp.body";
    private static final Set<String> ENCODINGS = Set.of("hex", "base64");
    private static final Set<String> SIGNED = Set.of("timestamp.body", "body", "method.path.timestamp.body");

    private final SecretKeySpec key;
    private final String signatureHeader;
    private final String timestampHeader;
    private final String prefix;
    private final boolean base64;
    private final List<String> parts;
    private final Clock clock;

    private HmacAuth(SecretKeySpec key, SchemeFields f, Clock clock) {
        this.key = key;
        this.signatureHeader = f.getOr("signatureHeader", DEFAULT_SIGNATURE_HEADER);
        this.timestampHeader = f.getOr("timestampHeader", DEFAULT_TIMESTAMP_HEADER);
        this.prefix = f.getOr("prefix", "");
        this.base64 = "base64".equals(f.get("encoding"));
        this.parts = List.of(signed(f).split("\\."));
        this.clock = clock;
    }

    private static String signed(SchemeFields f) {
        return f.getOr("signed", DEFAULT_SIGNED);
    }

    static void validate(SchemeFields f) {
        f.require("secret");
        f.secret("secret");
        f.headerName("signatureHeader");
        f.headerName("timestampHeader");
        f.plain("prefix");
        f.oneOf("encoding", ENCODINGS, "\"hex\" or \"base64\"");
        f.oneOf("signed", SIGNED, "\"timestamp.body\", \"body\" or \"method.path.timestamp.body\"");
        if (!signed(f).contains("timestamp") && f.has("timestampHeader")) {
            throw f.refuse("timestampHeader", "is only sent when \"signed\" includes the timestamp");
        }
        if (f.getOr("signatureHeader", DEFAULT_SIGNATURE_HEADER)
                .equalsIgnoreCase(f.getOr("timestampHeader", DEFAULT_TIMESTAMP_HEADER))) {
            throw f.refuse("timestampHeader", "must differ from \"signatureHeader\"");
        }
    }

    static String describe(SchemeFields f) {
        return "HMAC-SHA256 signature of " + signed(f) + " in " + f.getOr("signatureHeader", DEFAULT_SIGNATURE_HEADER)
                + " (" + f.getOr("encoding", DEFAULT_ENCODING) + ", secret " + BuyerAuth.MASK + ")";
    }

    static BuyerAuth create(SchemeFields f, UnaryOperator<String> secrets, Clock clock) throws AuthException {
        return new HmacAuth(new SecretKeySpec(f.resolve("secret", secrets).getBytes(StandardCharsets.UTF_8),
                ALGORITHM), f, clock);
    }

    @Override
    public Request authorize(Request request) throws AuthException {
        RequestBody body = request.body();
        byte[] bytes = body == null ? new byte[0] : bodyBytes(body);
        long timestamp = clock.instant().getEpochSecond();
        Buffer signed = new Buffer();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                signed.writeUtf8(".");
            }
            switch (parts.get(i)) {
                case "method" -> signed.writeUtf8(request.method());
                case "path" -> signed.writeUtf8(target(request.url()));
                case "timestamp" -> signed.writeUtf8(Long.toString(timestamp));
                default -> signed.write(bytes);
            }
        }
        byte[] mac = mac(signed.readByteArray());
        Request.Builder out = request.newBuilder().header(signatureHeader,
                prefix + (base64 ? Base64.getEncoder().encodeToString(mac) : HexFormat.of().formatHex(mac)));
        if (parts.contains("timestamp")) {
            out.header(timestampHeader, Long.toString(timestamp));
        }
        if (body != null) {
            // Send exactly the bytes that were signed, even if the original body would render differently twice.
            out.method(request.method(), RequestBody.create(bytes, body.contentType()));
        }
        return out.build();
    }

    private static byte[] bodyBytes(RequestBody body) throws AuthException {
        try (Buffer buffer = new Buffer()) {
            body.writeTo(buffer);
            return buffer.readByteArray();
        } catch (IOException e) {
            throw new AuthException(ErrorClass.INVALID_PAYLOAD, "the request body could not be read for signing: "
                    + e.getMessage(), e);
        }
    }

    /** The origin-form request target: what the buyer sees as path and query. */
    private static String target(HttpUrl url) {
        String query = url.encodedQuery();
        return query == null ? url.encodedPath() : url.encodedPath() + "?" + query;
    }

    private byte[] mac(byte[] data) {
        try {
            // Mac is not thread-safe; a fresh one per request costs less than contention on a shared one.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    @Override
    public Set<String> sensitiveHeaders() {
        return Set.of(signatureHeader);
    }
}
