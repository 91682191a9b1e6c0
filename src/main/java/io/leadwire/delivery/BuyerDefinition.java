package io.leadwire.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadwire.delivery.auth.AuthConfig;
import io.leadwire.delivery.response.ResponseRules;
import io.leadwire.delivery.retry.BreakerPolicy;
import io.leadwire.delivery.retry.Durations;
import io.leadwire.delivery.retry.RetryPolicy;
import io.leadwire.routing.BuyerFilters;
import io.leadwire.routing.BuyerSchedule;
import io.leadwire.routing.CapLimits;
import java.math.BigDecimal;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A buyer's delivery settings: the {@code "buyer"} block of a buyer file. The rest of the file is
 * the buyer's mapping document, so one file serves {@code buyer import}, {@code buyer export} and
 * {@code mapping preview --buyer}.
 *
 * <pre>{@code
 * "buyer": {
 *   "endpoints": {"production": "https://api.buyer.example/leads", "sandbox": "https://sandbox.buyer.example/leads"},
 *   "auth": {"type": "bearer", "token": "${secret:ABC_TOKEN}"},
 *   "timeouts": {"connect": "5s", "read": "10s", "call": "15s"}, "concurrency": 32,
 *   "price": "18.50", "priority": 1, "weight": 1, "exclusive": true, "consentRequired": false,
 *   "zone": "America/New_York", "filters": [...], "schedule": {...}, "caps": {"day": 500},
 *   "mode": "sync", "response": {...}, "retry": {...}, "breaker": {...}, "enabled": true,
 *   "callbacks": {...}
 * }
 * }</pre>
 *
 * <p>Every part is checked when the file is read; a problem names its key. Secrets appear only
 * as {@code ${secret:NAME}} placeholders, stored separately and sealed.
 */
public record BuyerDefinition(String productionUrl, String sandboxUrl, Integer mappingVersion, AuthConfig auth,
        Duration connectTimeout, Duration readTimeout, Duration callTimeout, int concurrency, BigDecimal price,
        int priority, int weight, boolean exclusive, boolean consentRequired, ZoneId zone, BuyerFilters filters,
        BuyerSchedule schedule, CapLimits caps, DeliveryMode mode, AsyncSettings async, ResponseRules response,
        RetryPolicy retry, BreakerPolicy breaker, boolean enabled, CallbackSettings callbacks) {

    /** Whether the outcome comes with the buyer's answer or later. */
    public enum DeliveryMode {
        SYNC, ASYNC;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * How an asynchronous buyer's final word is obtained: its callback (or a status URL polled
     * every {@code pollEvery}), and what happens when none came within {@code reconcileAfter}.
     *
     * @param statusUrl  GET URL with {@code {buyer_lead_id}} / {@code {idempotency_key}}, or null for callbacks only
     * @param onTimeout  accepted, rejected or failed
     */
    public record AsyncSettings(String statusUrl, Duration pollEvery, Duration reconcileAfter, String onTimeout) {
        static final AsyncSettings DEFAULT = new AsyncSettings(null, Duration.ofSeconds(30), Duration.ofHours(1),
                "failed");
    }

    static final Duration DEFAULT_CONNECT = Duration.ofSeconds(5);
    static final Duration DEFAULT_READ = Duration.ofSeconds(10);
    static final Duration DEFAULT_CALL = Duration.ofSeconds(15);
    static final int DEFAULT_CONCURRENCY = 32;
    static final int DEFAULT_PRIORITY = 100;
    private static final Set<String> KEYS = Set.of("endpoints", "mappingVersion", "auth", "timeouts", "concurrency",
            "price", "priority", "weight", "exclusive", "consentRequired", "zone", "filters", "schedule", "caps",
            "mode", "async", "response", "retry", "breaker", "enabled", "description", "callbacks");

    public BuyerDefinition {
        Objects.requireNonNull(productionUrl, "productionUrl");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(mode, "mode");
    }

    /**
     * Reads a {@code "buyer"} block.
     *
     * @param requestUrl the mapping's {@code request.url}, used as the production endpoint when the
     *                   block names none (or null)
     * @return the definition, or the list of problems (each naming its key) in an exception
     * @throws InvalidBuyerException listing every problem
     */
    public static BuyerDefinition parse(JsonNode node, String requestUrl) {
        List<String> problems = new ArrayList<>();
        if (node == null || !node.isObject()) {
            throw new InvalidBuyerException(List.of("buyer: a buyer file needs a \"buyer\" object with its endpoints, "
                    + "price and policies"));
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!KEYS.contains(key)) {
                problems.add("buyer: unknown key \"" + key + "\" (expected one of " + new java.util.TreeSet<>(KEYS)
                        + ")");
            }
        }
        JsonNode endpoints = node.path("endpoints");
        String production = endpoints.path("production").isTextual() ? endpoints.get("production").asText().trim()
                : requestUrl;
        String sandbox = endpoints.path("sandbox").isTextual() ? endpoints.get("sandbox").asText().trim() : null;
        if (!endpoints.isMissingNode() && !endpoints.isObject()) {
            problems.add("buyer.endpoints: must be an object with \"production\" and optionally \"sandbox\" URLs");
        }
        if (production == null) {
            problems.add("buyer.endpoints.production: required (or a \"request\" block with a url in the mapping)");
        } else {
            checkUrl("buyer.endpoints.production", production, problems);
        }
        if (sandbox != null) {
            checkUrl("buyer.endpoints.sandbox", sandbox, problems);
        }
        Integer mappingVersion = null;
        JsonNode mv = node.get("mappingVersion");
        if (mv != null && !mv.isNull() && !"latest".equals(mv.asText())) {
            if (!mv.canConvertToInt() || mv.asInt() < 1) {
                problems.add("buyer.mappingVersion: \"latest\" or a published version number (1, 2, ...)");
            } else {
                mappingVersion = mv.asInt();
            }
        }
        AuthConfig auth = part("buyer.auth", node.get("auth"), AuthConfig::parse, problems);
        JsonNode timeouts = node.path("timeouts");
        Duration connect = duration("buyer.timeouts.connect", timeouts.get("connect"), DEFAULT_CONNECT, problems);
        Duration read = duration("buyer.timeouts.read", timeouts.get("read"), DEFAULT_READ, problems);
        Duration call = duration("buyer.timeouts.call", timeouts.get("call"), DEFAULT_CALL, problems);
        int concurrency = integer("buyer.concurrency", node.get("concurrency"), DEFAULT_CONCURRENCY, 1, 1024, problems);
        BigDecimal price = BigDecimal.ZERO;
        JsonNode p = node.get("price");
        if (p != null && !p.isNull()) {
            try {
                price = new BigDecimal(p.asText().trim());
                if (price.signum() < 0) {
                    problems.add("buyer.price: must not be negative");
                }
            } catch (NumberFormatException e) {
                problems.add("buyer.price: '" + p.asText() + "' is not a number (e.g. \"18.50\")");
            }
        }
        int priority = integer("buyer.priority", node.get("priority"), DEFAULT_PRIORITY, 0, 1_000_000, problems);
        int weight = integer("buyer.weight", node.get("weight"), 1, 1, 1000, problems);
        boolean exclusive = bool("buyer.exclusive", node.get("exclusive"), true, problems);
        boolean consent = bool("buyer.consentRequired", node.get("consentRequired"), false, problems);
        boolean enabled = bool("buyer.enabled", node.get("enabled"), true, problems);
        ZoneId zone = java.time.ZoneOffset.UTC;
        if (node.path("zone").isTextual()) {
            try {
                zone = ZoneId.of(node.get("zone").asText().trim());
            } catch (DateTimeException e) {
                problems.add("buyer.zone: '" + node.get("zone").asText() + "' is not a time zone (e.g. America/New_York)");
            }
        }
        BuyerFilters filters = part("buyer.filters", node.get("filters"), BuyerFilters::parse, problems);
        BuyerSchedule schedule = part("buyer.schedule", node.get("schedule"), BuyerSchedule::parse, problems);
        CapLimits caps = part("buyer.caps", node.get("caps"), CapLimits::parse, problems);
        DeliveryMode mode = DeliveryMode.SYNC;
        if (node.path("mode").isTextual()) {
            try {
                mode = DeliveryMode.valueOf(node.get("mode").asText().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add("buyer.mode: '" + node.get("mode").asText() + "' is not sync or async");
            }
        }
        AsyncSettings async = asyncSettings(node.get("async"), problems);
        ResponseRules response = part("buyer.response", node.get("response"), ResponseRules::parse, problems);
        RetryPolicy retry = part("buyer.retry", node.get("retry"), RetryPolicy::parse, problems);
        BreakerPolicy breaker = part("buyer.breaker", node.get("breaker"), BreakerPolicy::parse, problems);
        CallbackSettings callbacks = CallbackSettings.parse(node.get("callbacks"), problems);
        if (call != null && connect != null && call.compareTo(connect) < 0) {
            problems.add("buyer.timeouts.call: the whole call (" + Durations.format(call)
                    + ") cannot be shorter than connecting (" + Durations.format(connect) + ")");
        }
        if (!problems.isEmpty()) {
            throw new InvalidBuyerException(problems);
        }
        return new BuyerDefinition(production, sandbox, mappingVersion, auth, connect, read, call, concurrency, price,
                priority, weight, exclusive, consent, zone, filters, schedule, caps, mode, async, response, retry,
                breaker, enabled, callbacks);
    }

    /** The block as JSON, in the form {@link #parse} reads (secrets stay placeholders). */
    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode out = json.createObjectNode();
        ObjectNode endpoints = out.putObject("endpoints").put("production", productionUrl);
        if (sandboxUrl != null) {
            endpoints.put("sandbox", sandboxUrl);
        }
        if (mappingVersion == null) {
            out.put("mappingVersion", "latest");
        } else {
            out.put("mappingVersion", mappingVersion.intValue());
        }
        out.set("auth", auth.toJson(json));
        out.putObject("timeouts").put("connect", Durations.format(connectTimeout))
                .put("read", Durations.format(readTimeout)).put("call", Durations.format(callTimeout));
        out.put("concurrency", concurrency);
        out.put("price", price.toPlainString());
        out.put("priority", priority);
        out.put("weight", weight);
        out.put("exclusive", exclusive);
        out.put("consentRequired", consentRequired);
        out.put("zone", zone.getId());
        out.set("filters", filters.toJson(json));
        out.set("schedule", schedule.toJson(json));
        out.set("caps", caps.toJson(json));
        out.put("mode", mode.wireName());
        if (mode == DeliveryMode.ASYNC) {
            ObjectNode a = out.putObject("async");
            if (async.statusUrl() != null) {
                a.put("statusUrl", async.statusUrl());
            }
            a.put("pollEvery", Durations.format(async.pollEvery()))
                    .put("reconcileAfter", Durations.format(async.reconcileAfter())).put("onTimeout", async.onTimeout());
        }
        out.set("response", response.toJson(json));
        out.set("retry", retry.toJson(json));
        out.set("breaker", breaker.toJson(json));
        out.put("enabled", enabled);
        if (callbacks != null) {
            out.set("callbacks", callbacks.toJson(json));
        }
        return out;
    }

    /** The secret names the definition uses (auth, callback signatures); the mapping's request block may name more. */
    public Set<String> secretNames() {
        Set<String> names = new LinkedHashSet<>(auth.secretNames());
        if (callbacks != null) {
            names.addAll(callbacks.secretNames());
        }
        return names;
    }

    /** Whether the buyer calls back ({@code "callbacks"} is set). */
    public boolean callsBack() {
        return callbacks != null;
    }

    /** The same buyer switched on or off. */
    public BuyerDefinition withEnabled(boolean on) {
        return new BuyerDefinition(productionUrl, sandboxUrl, mappingVersion, auth, connectTimeout, readTimeout,
                callTimeout, concurrency, price, priority, weight, exclusive, consentRequired, zone, filters, schedule,
                caps, mode, async, response, retry, breaker, on, callbacks);
    }

    private static AsyncSettings asyncSettings(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return AsyncSettings.DEFAULT;
        }
        if (!node.isObject()) {
            problems.add("buyer.async: must be an object (statusUrl, pollEvery, reconcileAfter, onTimeout)");
            return AsyncSettings.DEFAULT;
        }
        String statusUrl = node.path("statusUrl").isTextual() ? node.get("statusUrl").asText().trim() : null;
        if (statusUrl != null) {
            checkUrl("buyer.async.statusUrl", statusUrl.replace("{buyer_lead_id}", "x")
                    .replace("{idempotency_key}", "x"), problems);
        }
        Duration poll = duration("buyer.async.pollEvery", node.get("pollEvery"), AsyncSettings.DEFAULT.pollEvery(),
                problems);
        Duration reconcile = duration("buyer.async.reconcileAfter", node.get("reconcileAfter"),
                AsyncSettings.DEFAULT.reconcileAfter(), problems);
        String onTimeout = node.path("onTimeout").asText("failed");
        if (!Set.of("accepted", "rejected", "failed").contains(onTimeout)) {
            problems.add("buyer.async.onTimeout: '" + onTimeout + "' is not accepted, rejected or failed");
        }
        return new AsyncSettings(statusUrl, poll, reconcile, onTimeout);
    }

    private static <T> T part(String where, JsonNode node, Function<JsonNode, T> parser, List<String> problems) {
        try {
            return parser.apply(node);
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
            return null;
        }
    }

    private static void checkUrl(String where, String url, List<String> problems) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                problems.add(where + ": '" + url + "' is not an absolute http(s) URL");
            }
        } catch (java.net.URISyntaxException e) {
            problems.add(where + ": '" + url + "' is not a URL (" + e.getReason() + ")");
        }
    }

    private static Duration duration(String where, JsonNode node, Duration fallback, List<String> problems) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        try {
            Duration d = Durations.parse(node.asText());
            if (d.isNegative() || d.isZero()) {
                problems.add(where + ": must be longer than zero");
                return fallback;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
            return fallback;
        }
    }

    private static int integer(String where, JsonNode node, int fallback, int min, int max, List<String> problems) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < min || node.asInt() > max) {
            problems.add(where + ": a whole number from " + min + " to " + max + ", not " + node);
            return fallback;
        }
        return node.asInt();
    }

    private static boolean bool(String where, JsonNode node, boolean fallback, List<String> problems) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            problems.add(where + ": true or false, not " + node);
            return fallback;
        }
        return node.asBoolean();
    }
}
