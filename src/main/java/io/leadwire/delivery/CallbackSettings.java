package io.leadwire.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadwire.intake.Cidr;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a buyer calls us back ({@code POST /api/v1/callbacks/{buyer}}): the {@code "callbacks"}
 * part of a buyer file's {@code "buyer"} block.
 *
 * <pre>{@code
 * "callbacks": {
 *   "signature": {"scheme": "standard_webhooks", "secrets": ["${secret:CB1}", "${secret:CB2}"]},
 *   "tolerance_seconds": 300,
 *   "allow_ips": ["10.0.0.0/8", "127.0.0.1"],
 *   "return_window": "P7D",
 *   "reroute_returns": true,
 *   "fields": {"id": "id", "type": "type", "lead_id": "lead_id", "status": "status",
 *              "reason": "reason", "amount": "amount"}
 * }
 * "signature": {"scheme": "header", "header": "X-Signature", "prefix": "sha256=", "encoding": "hex",
 *               "timestamp_header": "X-Timestamp", "secrets": ["${secret:CB1}"]}
 * }</pre>
 *
 * <p>{@code standard_webhooks} checks {@code webhook-id}, {@code webhook-timestamp} and
 * {@code webhook-signature}; the event id is the {@code webhook-id}. {@code header} checks an
 * HMAC-SHA256 of the raw body in one header ({@code encoding} hex or base64, after
 * {@code prefix}); with a {@code timestamp_header} the HMAC covers {@code timestamp.body} and the
 * timestamp must be within the tolerance. Several secrets let a buyer rotate: any one matches.
 * Secrets are only ever {@code ${secret:NAME}} placeholders, like the auth block's.
 *
 * <p>Field paths are dotted ({@code data.lead.id}) or JSON pointers ({@code /data/lead/id}). A
 * return is accepted only within {@code return_window} of the delivery's acceptance; without a
 * window, returns are kept for an operator instead of being credited.
 *
 * @param tolerance     how far a signed timestamp may be from our clock, either side
 * @param allowIps      networks callbacks may come from, as written; empty allows any address
 * @param returnWindow  how long after acceptance a return is credited, or null for none
 * @param rerouteReturns whether a credited return sends the lead back to routing (the next buyer)
 */
public record CallbackSettings(Signature signature, Duration tolerance, List<String> allowIps, Duration returnWindow,
        boolean rerouteReturns, Fields fields) {

    /** The Standard Webhooks default: five minutes either side. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{secret:([A-Za-z0-9_.-]+)}");
    private static final Set<String> KEYS = Set.of("signature", "tolerance_seconds", "allow_ips", "return_window",
            "reroute_returns", "fields");
    private static final Set<String> SIGNATURE_KEYS = Set.of("scheme", "secrets", "header", "prefix", "encoding",
            "timestamp_header");

    /** The signature schemes a buyer may use. */
    public enum Scheme {
        STANDARD_WEBHOOKS, HEADER;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * How callbacks are signed.
     *
     * @param header          the signature header of the {@code header} scheme (null for standard webhooks)
     * @param prefix          text before the MAC in that header, e.g. {@code sha256=}
     * @param encoding        {@code hex} or {@code base64}
     * @param timestampHeader a signed timestamp header of the {@code header} scheme, or null
     * @param secrets         {@code ${secret:NAME}} placeholders, at least one
     */
    public record Signature(Scheme scheme, String header, String prefix, String encoding, String timestampHeader,
            List<String> secrets) {
        public Signature {
            Objects.requireNonNull(scheme, "scheme");
            secrets = List.copyOf(secrets);
        }

        /** The secret names, in order. */
        public List<String> secretNames() {
            List<String> out = new ArrayList<>();
            for (String s : secrets) {
                Matcher m = PLACEHOLDER.matcher(s);
                if (m.matches()) {
                    out.add(m.group(1));
                }
            }
            return out;
        }
    }

    /** Where the facts are in the buyer's JSON (dotted paths or JSON pointers). */
    public record Fields(String id, String type, String leadId, String status, String reason, String amount) {
        public static final Fields DEFAULT = new Fields("id", "type", "lead_id", "status", "reason", "amount");
    }

    public CallbackSettings {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(tolerance, "tolerance");
        allowIps = List.copyOf(allowIps);
        Objects.requireNonNull(fields, "fields");
    }

    /**
     * Reads a {@code "callbacks"} block; {@code null} or a missing node mean none (the buyer does
     * not call back).
     *
     * @param problems where each problem is added, naming its key
     * @return the settings, or null when absent or invalid
     */
    static CallbackSettings parse(JsonNode node, List<String> problems) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        String where = "buyer.callbacks";
        if (!node.isObject()) {
            problems.add(where + ": must be an object with a \"signature\"");
            return null;
        }
        int before = problems.size();
        unknownKeys(where, node, KEYS, problems);
        Signature signature = signature(node.get("signature"), problems);
        Duration tolerance = DEFAULT_TOLERANCE;
        JsonNode tol = node.get("tolerance_seconds");
        if (tol != null && !tol.isNull()) {
            if (!tol.isIntegralNumber() || tol.asLong() < 1 || tol.asLong() > 86_400) {
                problems.add(where + ".tolerance_seconds: a whole number of seconds from 1 to 86400, not " + tol);
            } else {
                tolerance = Duration.ofSeconds(tol.asLong());
            }
        }
        List<String> allow = new ArrayList<>();
        JsonNode ips = node.get("allow_ips");
        if (ips != null && !ips.isNull()) {
            if (!ips.isArray()) {
                problems.add(where + ".allow_ips: a list of addresses or networks, e.g. [\"203.0.113.0/24\"]");
            } else {
                for (JsonNode ip : ips) {
                    try {
                        Cidr.parse(ip.asText());
                        allow.add(ip.asText().strip());
                    } catch (IllegalArgumentException e) {
                        problems.add(where + ".allow_ips: " + e.getMessage());
                    }
                }
            }
        }
        Duration window = null;
        JsonNode w = node.get("return_window");
        if (w != null && !w.isNull()) {
            try {
                window = Duration.parse(w.asText().trim());
                if (window.isNegative() || window.isZero()) {
                    problems.add(where + ".return_window: must be longer than zero");
                }
            } catch (DateTimeParseException e) {
                problems.add(where + ".return_window: '" + w.asText() + "' is not an ISO-8601 duration such as P7D "
                        + "or PT72H");
            }
        }
        boolean reroute = false;
        JsonNode r = node.get("reroute_returns");
        if (r != null && !r.isNull()) {
            if (!r.isBoolean()) {
                problems.add(where + ".reroute_returns: true or false, not " + r);
            } else {
                reroute = r.asBoolean();
            }
        }
        Fields fields = fields(node.get("fields"), problems);
        if (problems.size() > before) {
            return null;
        }
        return new CallbackSettings(signature, tolerance, allow, window, reroute, fields);
    }

    private static Signature signature(JsonNode node, List<String> problems) {
        String where = "buyer.callbacks.signature";
        if (node == null || !node.isObject()) {
            problems.add(where + ": required, e.g. {\"scheme\": \"standard_webhooks\", \"secrets\": "
                    + "[\"${secret:BUYER_CALLBACK}\"]}");
            return null;
        }
        unknownKeys(where, node, SIGNATURE_KEYS, problems);
        String schemeText = node.path("scheme").asText("");
        Scheme scheme;
        try {
            scheme = Scheme.valueOf(schemeText.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(where + ".scheme: standard_webhooks or header, not '" + schemeText + "'");
            return null;
        }
        List<String> secrets = new ArrayList<>();
        JsonNode list = node.get("secrets");
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add(where + ".secrets: a list of one or more secret placeholders (several let the buyer "
                    + "rotate its secret)");
        } else {
            for (int i = 0; i < list.size(); i++) {
                String value = list.get(i).asText("");
                if (!PLACEHOLDER.matcher(value).matches()) {
                    // Never repeat the value: it may be a secret written in clear text.
                    problems.add(where + ".secrets[" + i + "]: must be a secret placeholder, not clear text: put the "
                            + "value in the secret store (leadwire buyer secret) and write its ${secret:NAME}");
                } else {
                    secrets.add(value);
                }
            }
        }
        if (scheme == Scheme.STANDARD_WEBHOOKS) {
            for (String key : List.of("header", "prefix", "encoding", "timestamp_header")) {
                if (node.has(key)) {
                    problems.add(where + "." + key + ": only for the header scheme; standard_webhooks uses the "
                            + "webhook-id, webhook-timestamp and webhook-signature headers");
                }
            }
            return new Signature(scheme, null, null, null, null, secrets);
        }
        String header = node.path("header").asText("X-Signature").trim();
        if (!header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            problems.add(where + ".header: an HTTP header name, not '" + header + "'");
        }
        String prefix = node.path("prefix").asText("");
        String encoding = node.path("encoding").asText("hex").trim().toLowerCase(Locale.ROOT);
        if (!encoding.equals("hex") && !encoding.equals("base64")) {
            problems.add(where + ".encoding: hex or base64, not '" + encoding + "'");
        }
        String ts = node.hasNonNull("timestamp_header") ? node.get("timestamp_header").asText().trim() : null;
        if (ts != null && !ts.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            problems.add(where + ".timestamp_header: an HTTP header name, not '" + ts + "'");
        }
        return new Signature(scheme, header, prefix, encoding, ts, secrets);
    }

    private static Fields fields(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return Fields.DEFAULT;
        }
        String where = "buyer.callbacks.fields";
        if (!node.isObject()) {
            problems.add(where + ": an object naming where id, type, lead_id, status, reason and amount are");
            return Fields.DEFAULT;
        }
        unknownKeys(where, node, Set.of("id", "type", "lead_id", "status", "reason", "amount"), problems);
        Fields d = Fields.DEFAULT;
        return new Fields(path(node, "id", d.id(), problems), path(node, "type", d.type(), problems),
                path(node, "lead_id", d.leadId(), problems), path(node, "status", d.status(), problems),
                path(node, "reason", d.reason(), problems), path(node, "amount", d.amount(), problems));
    }

    private static String path(JsonNode node, String key, String fallback, List<String> problems) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        String text = v.asText().trim();
        if (!v.isTextual() || text.isEmpty() || text.contains("..") || text.endsWith(".")) {
            problems.add("buyer.callbacks.fields." + key + ": a dotted path such as data.lead_id or a JSON pointer, "
                    + "not " + v);
            return fallback;
        }
        return text;
    }

    private static void unknownKeys(String where, JsonNode node, Set<String> known, List<String> problems) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!known.contains(key)) {
                problems.add(where + ": unknown key \"" + key + "\" (expected one of " + new TreeSet<>(known) + ")");
            }
        }
    }

    /** The block in the form {@link #parse} reads; secrets stay placeholders. */
    ObjectNode toJson(ObjectMapper json) {
        ObjectNode out = json.createObjectNode();
        ObjectNode sig = out.putObject("signature").put("scheme", signature.scheme().wireName());
        if (signature.scheme() == Scheme.HEADER) {
            sig.put("header", signature.header()).put("prefix", signature.prefix())
                    .put("encoding", signature.encoding());
            if (signature.timestampHeader() != null) {
                sig.put("timestamp_header", signature.timestampHeader());
            }
        }
        ArrayNode secrets = sig.putArray("secrets");
        signature.secrets().forEach(secrets::add);
        out.put("tolerance_seconds", tolerance.getSeconds());
        if (!allowIps.isEmpty()) {
            ArrayNode ips = out.putArray("allow_ips");
            allowIps.forEach(ips::add);
        }
        if (returnWindow != null) {
            out.put("return_window", iso(returnWindow));
        }
        out.put("reroute_returns", rerouteReturns);
        if (!fields.equals(Fields.DEFAULT)) {
            out.putObject("fields").put("id", fields.id()).put("type", fields.type()).put("lead_id", fields.leadId())
                    .put("status", fields.status()).put("reason", fields.reason()).put("amount", fields.amount());
        }
        return out;
    }

    /** ISO-8601 as people write it: whole days as {@code P7D} (Duration alone writes {@code PT168H}). */
    static String iso(Duration d) {
        return d.getSeconds() % 86_400 == 0 && d.getNano() == 0 ? "P" + d.toDays() + "D" : d.toString();
    }

    /** The secret names the callbacks need. */
    public Set<String> secretNames() {
        return new LinkedHashSet<>(signature.secretNames());
    }

    /** The parsed allowlist (empty: any address). */
    public List<Cidr> allowedNetworks() {
        return allowIps.stream().map(Cidr::parse).toList();
    }

    /**
     * One line for the console and logs, secrets masked, e.g. {@code Standard Webhooks (2 secrets
     * ••••), ±5m, from 10.0.0.0/8, returns within P7D, rerouted}.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder(signature.scheme() == Scheme.STANDARD_WEBHOOKS ? "Standard Webhooks"
                : "HMAC-SHA256 in " + signature.header() + " (" + signature.encoding() + ")");
        sb.append(" (").append(signature.secrets().size()).append(signature.secrets().size() == 1 ? " secret "
                : " secrets ").append("••••), ±").append(tolerance.getSeconds()).append("s");
        sb.append(allowIps.isEmpty() ? ", from any address" : ", from " + String.join(", ", allowIps));
        sb.append(returnWindow == null ? ", returns not credited" : ", returns within " + iso(returnWindow)
                + (rerouteReturns ? " (rerouted)" : ""));
        return sb.toString();
    }
}
