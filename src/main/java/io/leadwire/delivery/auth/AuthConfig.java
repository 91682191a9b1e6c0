package io.leadwire.delivery.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import okhttp3.OkHttpClient;

/**
 * The {@code auth} block of a buyer's delivery config: which scheme proves who we are and with
 * which credentials. Like the mapping's request block it never holds a secret, only
 * {@code ${secret:NAME}} placeholders resolved when {@link #create creating} the runtime
 * {@link BuyerAuth}, so the config can be stored, exported and shown as is.
 *
 * <p>Every value is a JSON string. Keys not listed are refused, so a typo fails on save instead
 * of silently sending unauthenticated leads. The schemes:
 *
 * <pre>{@code
 * {"type": "none"}
 * {"type": "api_key", "in": "header", "name": "X-API-Key", "value": "${secret:ABC_KEY}"}
 *     "in": "header" (default) or "query"
 * {"type": "basic", "username": "acme", "password": "${secret:ABC_PASS}"}
 *     the username may be a placeholder too
 * {"type": "bearer", "token": "${secret:ABC_TOKEN}"}
 * {"type": "oauth2", "tokenUrl": "https://auth.buyer.example/oauth/token", "clientId": "leadwire",
 *  "clientSecret": "${secret:ABC_CLIENT_SECRET}", "scope": "leads:write", "audience": "https://api.buyer.example",
 *  "clientAuth": "basic"}
 *     OAuth 2.0 client credentials; scope and audience optional; "clientAuth": "basic" (default,
 *     HTTP Basic with the form-encoded id and secret, RFC 6749 section 2.3.1) or "body"
 *     (client_id and client_secret in the form); the clientId may be a placeholder; plain http
 *     is accepted for a loopback tokenUrl only
 * {"type": "hmac", "secret": "${secret:ABC_HMAC}", "signatureHeader": "X-Signature",
 *  "timestampHeader": "X-Timestamp", "prefix": "sha256=", "encoding": "hex", "signed": "timestamp.body"}
 *     see below
 * {"type": "mtls", "keystore": "/etc/leadwire/abc-client.p12", "keystorePassword": "${secret:ABC_P12}",
 *  "truststore": "/etc/leadwire/abc-ca.p12", "truststorePassword": "${secret:ABC_CA_P12}"}
 *     PKCS#12 files at absolute paths; the truststore (optional) replaces the system CAs for
 *     this buyer, for buyers behind a private CA; its password is optional
 * }</pre>
 *
 * <p><b>HMAC-SHA256 signing.</b> The key is the UTF-8 bytes of the secret. The signed bytes are
 * the parts named by {@code "signed"} joined with a single {@code "."}:
 * {@code "timestamp.body"} (default), {@code "body"} or {@code "method.path.timestamp.body"},
 * where {@code method} is the upper-case HTTP method, {@code path} the request target as sent
 * (encoded path, plus {@code ?} and the encoded query when there is one), {@code timestamp} the
 * decimal Unix seconds of the injected clock and {@code body} the exact body bytes (none for a
 * request without body). The signature header ({@code "signatureHeader"}, default
 * {@code X-Signature}) carries {@code prefix} (default empty) followed by the MAC in
 * {@code "encoding"}: {@code "hex"} (default, lower case) or {@code "base64"} (standard, padded).
 * The timestamp header ({@code "timestampHeader"}, default {@code X-Timestamp}) is sent only when
 * the timestamp is signed, and may be named only then.
 */
public final class AuthConfig {

    /** No authentication, what a delivery config without {@code auth} block means. */
    public static final AuthConfig NONE = new AuthConfig(Scheme.NONE, Map.of("type", "none"));

    private final Scheme scheme;
    private final Map<String, String> values;

    private AuthConfig(Scheme scheme, Map<String, String> values) {
        this.scheme = scheme;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Reads and checks an {@code auth} block.
     *
     * @param node the block; {@code null}, JSON null or a missing node mean {@link #NONE}
     * @throws IllegalArgumentException naming the key at fault (an unknown or missing key, a
     *                                  secret in clear text, a bad value); a refused secret is
     *                                  never repeated in the message
     */
    public static AuthConfig parse(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return NONE;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("\"auth\" must be an object with a \"type\"");
        }
        Map<String, String> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isTextual()) {
                throw new IllegalArgumentException("\"" + field.getKey() + "\" must be a JSON string");
            }
            values.put(field.getKey(), field.getValue().asText());
        }
        String type = values.get("type");
        if (type == null) {
            throw new IllegalArgumentException("\"type\" is required: one of " + Scheme.listed());
        }
        Scheme scheme = Scheme.of(type);
        if (scheme == null) {
            throw new IllegalArgumentException("\"type\" must be one of " + Scheme.listed() + ", not '" + type + "'");
        }
        for (String key : values.keySet()) {
            if (!key.equals("type") && !scheme.keys().contains(key)) {
                throw new IllegalArgumentException("unknown key \"" + key + "\" for auth type \"" + type
                        + "\" (expected " + (scheme.keys().isEmpty() ? "only type" : "type, "
                                + String.join(", ", scheme.keys())) + ")");
            }
        }
        scheme.validate(new SchemeFields(type, values));
        return new AuthConfig(scheme, values);
    }

    /** The block as it was parsed: the same keys in the same order, placeholders unresolved. */
    public JsonNode toJson(ObjectMapper json) {
        ObjectNode out = json.createObjectNode();
        values.forEach(out::put);
        return out;
    }

    /** The scheme's {@code "type"}, e.g. {@code "oauth2"}. */
    public String type() {
        return scheme.wireName();
    }

    /** The names of the secrets this config needs from the secret store, in order of first use. */
    public Set<String> secretNames() {
        Set<String> names = new LinkedHashSet<>();
        for (String value : values.values()) {
            Matcher m = SchemeFields.PLACEHOLDER.matcher(value);
            if (m.matches()) {
                names.add(m.group(1));
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /**
     * One line for the console, secrets shown as {@value BuyerAuth#MASK}, e.g. {@code OAuth 2.0
     * client credentials at https://auth.buyer.example/token (client id leadwire, secret ••••)}.
     */
    public String describe() {
        return scheme.describe(fields());
    }

    /**
     * The runtime authentication for one buyer. Secrets are resolved now, and a client
     * certificate is loaded now, so a broken config fails before the first lead is sent; create
     * a new one when the secrets or files change.
     *
     * @param secrets secret name → clear value, {@code null} when the store has none
     * @param base    the engine's HTTP client; the OAuth token endpoint is called through a
     *                derivative of it (same pool and timeouts, redirects not followed)
     * @param clock   the time used for token expiry and HMAC timestamps
     * @throws AuthException {@link io.leadwire.delivery.ErrorClass#CONFIGURATION} naming a
     *                       secret that has no value or a keystore that cannot be used
     */
    public BuyerAuth create(UnaryOperator<String> secrets, OkHttpClient base, Clock clock) throws AuthException {
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(clock, "clock");
        return scheme.create(fields(), secrets, base, clock);
    }

    private SchemeFields fields() {
        return new SchemeFields(scheme.wireName(), values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthConfig other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** The {@link #describe() masked description}: configs end up in logs. */
    @Override
    public String toString() {
        return describe();
    }
}
