package io.leadwire.ui.buyers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.leadwire.delivery.BuyerDefinition;
import io.leadwire.delivery.InvalidBuyerException;
import io.leadwire.delivery.retry.Durations;
import io.leadwire.routing.CapLimits;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The selected buyer's delivery settings as the edit form holds them: text as typed, checked on
 * every change by the engine's own parser ({@link BuyerDefinition#parse}), so the form refuses
 * exactly what an import would refuse, and each problem lands next to the field it names.
 * Settings the form does not show (mapping version, delivery mode) are kept as stored.
 */
public final class BuyerForm {
    public static final String PRODUCTION = "buyer.endpoints.production";
    public static final String SANDBOX = "buyer.endpoints.sandbox";
    public static final String PRICE = "buyer.price";
    public static final String PRIORITY = "buyer.priority";
    public static final String WEIGHT = "buyer.weight";
    public static final String CONCURRENCY = "buyer.concurrency";
    public static final String CONNECT = "buyer.timeouts.connect";
    public static final String READ = "buyer.timeouts.read";
    public static final String CALL = "buyer.timeouts.call";
    public static final String ZONE = "buyer.zone";
    public static final String CAPS = "buyer.caps";
    public static final String SCHEDULE = "buyer.schedule";
    public static final String AUTH = "buyer.auth";
    public static final String FILTERS = "buyer.filters";
    public static final String RESPONSE = "buyer.response";
    public static final String RETRY = "buyer.retry";
    public static final String BREAKER = "buyer.breaker";
    private static final List<String> FIELDS = List.of(PRODUCTION, SANDBOX, PRICE, PRIORITY, WEIGHT, CONCURRENCY,
            CONNECT, READ, CALL, ZONE, CAPS, SCHEDULE, AUTH, FILTERS, RESPONSE, RETRY, BREAKER);
    /** The keys of the {@code buyer} block this form writes; every other key is kept as stored. */
    private static final List<String> FORM_KEYS = List.of("endpoints", "price", "priority", "weight", "concurrency",
            "exclusive", "consentRequired", "enabled", "timeouts", "zone", "caps", "schedule", "auth", "filters",
            "response", "retry", "breaker");
    private static final Pattern WHOLE = Pattern.compile("-?\\d{1,9}");

    private final ObjectMapper json;
    private final StringProperty production = new SimpleStringProperty(this, "production", "");
    private final StringProperty sandbox = new SimpleStringProperty(this, "sandbox", "");
    private final StringProperty price = new SimpleStringProperty(this, "price", "");
    private final StringProperty priority = new SimpleStringProperty(this, "priority", "");
    private final StringProperty weight = new SimpleStringProperty(this, "weight", "");
    private final StringProperty concurrency = new SimpleStringProperty(this, "concurrency", "");
    private final StringProperty connectTimeout = new SimpleStringProperty(this, "connectTimeout", "");
    private final StringProperty readTimeout = new SimpleStringProperty(this, "readTimeout", "");
    private final StringProperty callTimeout = new SimpleStringProperty(this, "callTimeout", "");
    private final StringProperty zone = new SimpleStringProperty(this, "zone", "");
    private final StringProperty capHour = new SimpleStringProperty(this, "capHour", "");
    private final StringProperty capDay = new SimpleStringProperty(this, "capDay", "");
    private final StringProperty capWeek = new SimpleStringProperty(this, "capWeek", "");
    private final StringProperty capMonth = new SimpleStringProperty(this, "capMonth", "");
    private final StringProperty schedule = new SimpleStringProperty(this, "schedule", "");
    private final StringProperty auth = new SimpleStringProperty(this, "auth", "");
    private final StringProperty filters = new SimpleStringProperty(this, "filters", "");
    private final StringProperty response = new SimpleStringProperty(this, "response", "");
    private final StringProperty retry = new SimpleStringProperty(this, "retry", "");
    private final StringProperty breaker = new SimpleStringProperty(this, "breaker", "");
    private final BooleanProperty exclusive = new SimpleBooleanProperty(this, "exclusive", true);
    private final BooleanProperty consentRequired = new SimpleBooleanProperty(this, "consentRequired", false);
    private final BooleanProperty enabled = new SimpleBooleanProperty(this, "enabled", true);

    private final Map<String, ReadOnlyStringWrapper> errors = new LinkedHashMap<>();
    private final ReadOnlyStringWrapper otherProblems = new ReadOnlyStringWrapper(this, "otherProblems", "");
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(this, "valid", false);
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty", false);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded", false);

    private ObjectNode stored;
    private ObjectNode baseline;
    private BuyerDefinition definition;
    private boolean loading;

    public BuyerForm(ObjectMapper json) {
        this.json = json;
        for (String field : FIELDS) {
            errors.put(field, new ReadOnlyStringWrapper(this, field, ""));
        }
        for (Observable p : List.of(production, sandbox, price, priority, weight, concurrency, connectTimeout,
                readTimeout, callTimeout, zone, capHour, capDay, capWeek, capMonth, schedule, auth, filters, response,
                retry, breaker, exclusive, consentRequired, enabled)) {
            p.addListener(o -> {
                if (!loading) {
                    check();
                }
            });
        }
    }

    /** Fills the form from a stored definition; it is then clean (nothing to save). */
    public void load(BuyerDefinition def) {
        loading = true;
        try {
            stored = def.toJson(json);
            production.set(def.productionUrl());
            sandbox.set(def.sandboxUrl() == null ? "" : def.sandboxUrl());
            price.set(def.price().toPlainString());
            priority.set(Integer.toString(def.priority()));
            weight.set(Integer.toString(def.weight()));
            concurrency.set(Integer.toString(def.concurrency()));
            connectTimeout.set(Durations.format(def.connectTimeout()));
            readTimeout.set(Durations.format(def.readTimeout()));
            callTimeout.set(Durations.format(def.callTimeout()));
            zone.set(def.zone().getId());
            capHour.set(cap(def.caps(), CapLimits.HOUR));
            capDay.set(cap(def.caps(), CapLimits.DAY));
            capWeek.set(cap(def.caps(), CapLimits.WEEK));
            capMonth.set(cap(def.caps(), CapLimits.MONTH));
            schedule.set(pretty(stored.get("schedule")));
            auth.set(pretty(stored.get("auth")));
            filters.set(pretty(stored.get("filters")));
            response.set(pretty(stored.get("response")));
            retry.set(pretty(stored.get("retry")));
            breaker.set(pretty(stored.get("breaker")));
            exclusive.set(def.exclusive());
            consentRequired.set(def.consentRequired());
            enabled.set(def.enabled());
        } finally {
            loading = false;
        }
        loaded.set(true);
        baseline = null;
        check();
        baseline = compose(new LinkedHashMap<>());
        dirty.set(false);
    }

    /** Empties the form: no buyer selected. */
    public void clear() {
        stored = null;
        baseline = null;
        definition = null;
        loaded.set(false);
        valid.set(false);
        dirty.set(false);
        errors.values().forEach(e -> e.set(""));
        otherProblems.set("");
    }

    /** What is in the form now counts as saved. */
    void markSaved() {
        baseline = compose(new LinkedHashMap<>());
        dirty.set(false);
    }

    /** The buyer was switched on or off elsewhere: take that over without touching other edits. */
    void takeEnabled(boolean on) {
        if (stored == null) {
            return;
        }
        stored.put("enabled", on);
        if (baseline != null) {
            baseline.put("enabled", on);
        }
        enabled.set(on);
        check();
    }

    /** The settings as typed, when they are all valid; else null. */
    public BuyerDefinition definition() {
        return definition;
    }

    private void check() {
        if (stored == null) {
            return;
        }
        Map<String, String> found = new LinkedHashMap<>();
        List<String> other = new ArrayList<>();
        ObjectNode block = compose(found);
        BuyerDefinition parsed = null;
        try {
            parsed = BuyerDefinition.parse(block, null);
        } catch (InvalidBuyerException e) {
            for (String problem : e.problems()) {
                route(problem, found, other);
            }
        }
        if (!found.isEmpty() || !other.isEmpty()) {
            parsed = null;
        }
        definition = parsed;
        for (Map.Entry<String, ReadOnlyStringWrapper> e : errors.entrySet()) {
            e.getValue().set(found.getOrDefault(e.getKey(), ""));
        }
        otherProblems.set(String.join("\n", other));
        valid.set(parsed != null);
        dirty.set(baseline != null && !baseline.equals(block));
    }

    /** Puts a parser problem ({@code buyer.price: 'x' is not a number}) next to the field it names. */
    private static void route(String problem, Map<String, String> found, List<String> other) {
        int colon = problem.indexOf(": ");
        String key = colon < 0 ? "" : problem.substring(0, colon);
        String message = colon < 0 ? problem : problem.substring(colon + 2);
        String field = FIELDS.stream().filter(f -> key.equals(f) || key.startsWith(f + "."))
                .max(Comparator.comparingInt(String::length)).orElse(null);
        if (field == null) {
            other.add(sentence(problem));
        } else {
            found.merge(field, sentence(message), (a, b) -> a + "\n" + b);
        }
    }

    /** The {@code buyer} block the form stands for; JSON that does not parse goes into {@code syntax}. */
    private ObjectNode compose(Map<String, String> syntax) {
        ObjectNode block = stored.deepCopy();
        FORM_KEYS.forEach(block::remove);
        ObjectNode endpoints = block.putObject("endpoints").put("production", production.get().trim());
        if (!sandbox.get().isBlank()) {
            endpoints.put("sandbox", sandbox.get().trim());
        }
        block.put("price", price.get().trim());
        block.set("priority", whole(priority.get()));
        block.set("weight", whole(weight.get()));
        block.set("concurrency", whole(concurrency.get()));
        block.put("exclusive", exclusive.get());
        block.put("consentRequired", consentRequired.get());
        block.put("enabled", enabled.get());
        block.putObject("timeouts").put("connect", connectTimeout.get().trim()).put("read", readTimeout.get().trim())
                .put("call", callTimeout.get().trim());
        block.put("zone", zone.get().trim());
        ObjectNode caps = block.putObject("caps");
        capInto(caps, CapLimits.HOUR, capHour.get());
        capInto(caps, CapLimits.DAY, capDay.get());
        capInto(caps, CapLimits.WEEK, capWeek.get());
        capInto(caps, CapLimits.MONTH, capMonth.get());
        jsonInto(block, "schedule", SCHEDULE, schedule.get(), syntax);
        jsonInto(block, "auth", AUTH, auth.get(), syntax);
        jsonInto(block, "filters", FILTERS, filters.get(), syntax);
        jsonInto(block, "response", RESPONSE, response.get(), syntax);
        jsonInto(block, "retry", RETRY, retry.get(), syntax);
        jsonInto(block, "breaker", BREAKER, breaker.get(), syntax);
        return block;
    }

    private void jsonInto(ObjectNode block, String key, String field, String text, Map<String, String> syntax) {
        if (text == null || text.isBlank()) {
            return;
        }
        try {
            block.set(key, json.readTree(text));
        } catch (JsonProcessingException e) {
            syntax.put(field, "Not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")
                    + ". Leave it empty for the defaults.");
        }
    }

    private static void capInto(ObjectNode caps, String period, String text) {
        if (text != null && !text.isBlank()) {
            caps.set(period, whole(text));
        }
    }

    /** A number as JSON when it is one, else the text, so the parser names it in its message. */
    private static JsonNode whole(String text) {
        String t = text == null ? "" : text.trim();
        return WHOLE.matcher(t).matches() ? IntNode.valueOf(Integer.parseInt(t)) : TextNode.valueOf(t);
    }

    private static String cap(CapLimits caps, String period) {
        return caps.limit(period).isPresent() ? Integer.toString(caps.limit(period).getAsInt()) : "";
    }

    private String pretty(JsonNode node) {
        if (node == null) {
            return "";
        }
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return node.toString();
        }
    }

    /** Capitalised, unless it starts with a key ({@code caps.day: ...}), which keeps its spelling. */
    private static String sentence(String s) {
        int space = s.indexOf(' ');
        boolean startsWithKey = space > 0 && s.charAt(space - 1) == ':';
        return s.isEmpty() || startsWithKey ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The problem of one field ({@link #PRICE}, {@link #AUTH}, ...), empty when it is fine. */
    public ReadOnlyStringProperty errorFor(String field) {
        ReadOnlyStringWrapper error = errors.get(field);
        if (error == null) {
            throw new IllegalArgumentException("no form field " + field);
        }
        return error.getReadOnlyProperty();
    }

    /** Problems that belong to no single field. */
    public ReadOnlyStringProperty otherProblemsProperty() {
        return otherProblems.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty validProperty() {
        return valid.getReadOnlyProperty();
    }

    public boolean isValid() {
        return valid.get();
    }

    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    public boolean isDirty() {
        return dirty.get();
    }

    /** Whether a buyer is in the form. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public StringProperty productionProperty() {
        return production;
    }

    public StringProperty sandboxProperty() {
        return sandbox;
    }

    public StringProperty priceProperty() {
        return price;
    }

    public StringProperty priorityProperty() {
        return priority;
    }

    public StringProperty weightProperty() {
        return weight;
    }

    public StringProperty concurrencyProperty() {
        return concurrency;
    }

    public StringProperty connectTimeoutProperty() {
        return connectTimeout;
    }

    public StringProperty readTimeoutProperty() {
        return readTimeout;
    }

    public StringProperty callTimeoutProperty() {
        return callTimeout;
    }

    public StringProperty zoneProperty() {
        return zone;
    }

    public StringProperty capHourProperty() {
        return capHour;
    }

    public StringProperty capDayProperty() {
        return capDay;
    }

    public StringProperty capWeekProperty() {
        return capWeek;
    }

    public StringProperty capMonthProperty() {
        return capMonth;
    }

    public StringProperty scheduleProperty() {
        return schedule;
    }

    public StringProperty authProperty() {
        return auth;
    }

    public StringProperty filtersProperty() {
        return filters;
    }

    public StringProperty responseProperty() {
        return response;
    }

    public StringProperty retryProperty() {
        return retry;
    }

    public StringProperty breakerProperty() {
        return breaker;
    }

    public BooleanProperty exclusiveProperty() {
        return exclusive;
    }

    public BooleanProperty consentRequiredProperty() {
        return consentRequired;
    }

    public BooleanProperty enabledProperty() {
        return enabled;
    }
}
