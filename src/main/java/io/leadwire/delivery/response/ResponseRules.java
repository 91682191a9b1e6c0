package io.leadwire.delivery.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadwire.delivery.ErrorClass;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;

/**
 * How one buyer's answers to delivered leads are read: which answers mean accepted, rejected or
 * duplicate, and where the buyer's lead id, the price and the rejection reason are found. Parsed
 * from the {@code response} block of the buyer's configuration; immutable and judged
 * concurrently by many delivery threads.
 *
 * <pre>{@code
 * "response": {
 *   "duplicate": {"status": [409], "match": [{"jsonPath": "$.status", "equals": "duplicate"}]},
 *   "rejected":  {"status": [200, 422], "match": [{"jsonPath": "$.status", "in": ["rejected", "declined"]}]},
 *   "accepted":  {"status": ["2xx"], "match": [{"jsonPath": "$.status", "equals": "accepted"}]},
 *   "extract": {"buyerLeadId": {"jsonPath": "$.lead_id"}, "price": {"jsonPath": "$.price"},
 *               "reason": {"jsonPath": "$.errors[0].message"}},
 *   "unmatched2xx": "accepted",
 *   "namespaces": {"s": "http://schemas.xmlsoap.org/soap/envelope/"}
 * }
 * }</pre>
 *
 * <p><b>Outcomes.</b> The rules are tried in the order duplicate, rejected, accepted; each is
 * optional, and a block with none of the three classifies answers as {@link #defaults()} does
 * (extraction may still be configured). A rule holds when the status is one of its {@code status} entries (codes such as
 * {@code 422} or classes such as {@code "2xx"}; {@code ["2xx"]} when left out), every matcher of
 * {@code match} holds and, if {@code any} is given, at least one of its matchers holds. So a rule
 * listing a non-2xx status (a rejection answered with 422) wins over the error that status would
 * otherwise be. When no rule holds:
 * <ul>
 *   <li>a 2xx answer gets the outcome {@code unmatched2xx} ({@code accepted} by default, or
 *       {@code rejected}, or {@code error} to hold the lead for an operator, never retried) and is
 *       marked as drift. The default is accepted because the buyer did take the request: resending
 *       it could sell the lead twice, and the drift note makes someone look;</li>
 *   <li>any other answer is an {@link Outcome#ERROR} of class {@link ErrorClass#ofStatus(int)}
 *       (1xx and 3xx, which no buyer should answer a lead with, are {@link ErrorClass#CLIENT_ERROR}
 *       and drift). It is drift too when a rule covered the status but its matchers failed.</li>
 * </ul>
 *
 * <p><b>Matchers</b> read one source and make one test, e.g.
 * {@code {"jsonPath": "$.status", "in": ["rejected", "declined"]}}. Sources: {@code jsonPath},
 * {@code xpath}, {@code header} (name, any case), {@code regex} (the first group of the first
 * match in the body, the whole match without a group), or the whole body when none is named.
 * Tests: {@code equals} a string, number or boolean; {@code in} a list of them; {@code matches} a
 * regular expression the whole value must match; {@code contains} a text; {@code exists}
 * {@code true}/{@code false}; with no test, {@code exists: true}. So {@code {"regex": "dup"}} finds
 * "dup" anywhere in the body and {@code {"contains": "duplicate"}} is a body search. Text tests
 * ignore case and surrounding blanks and numbers compare as numbers; regular expressions keep case
 * as written. A path that selects several values (an indefinite JSONPath, a node set, a repeated
 * header) passes when any value passes. JSON {@code null} and blank values count as missing.
 *
 * <p><b>Extraction.</b> {@code buyerLeadId}, {@code price} and {@code reason} are each read with
 * one source ({@code jsonPath}, {@code xpath}, {@code header} or {@code regex}), first value found.
 * Any of them not configured is looked up under the well-known JSON names listed in
 * {@link #defaults()}. A value not found is simply absent; but an accepted answer without the
 * configured buyer lead id or price is marked as drift. The price is a decimal: a currency sign or
 * code is dropped and both decimal marks are read ({@code "$12.50"}, {@code "12,50 €"},
 * {@code "1.234,50"}); a lone comma before exactly three digits ({@code "1,234"}) is refused as
 * ambiguous. A rejection always has a reason: the one extracted, else {@code "HTTP <status>"}.
 *
 * <p><b>XML and namespaces.</b> XML bodies are parsed namespace-aware with document type
 * declarations refused, so entities are never declared, let alone resolved (no file or network
 * access, no expansion bombs). An XPath names namespaced elements through the prefixes of the
 * optional {@code namespaces} block, e.g. {@code /s:Envelope/s:Body/b:Result/b:Status}, or
 * without configuration through {@code //*[local-name()='Status']}. Unprefixed names match only
 * elements in no namespace, as in XPath 1.0.
 *
 * <p><b>Limits.</b> Only the first {@value #JUDGED_BODY_CHARS} characters of a body are judged:
 * enough for any lead answer, and bounded work per answer; a longer body is searched by
 * {@code regex} and {@code contains} within that prefix and is not parsed as JSON or XML (drift).
 * A regular expression that backtracks too long on an answer fails that matcher with a note.
 * Judging never throws: a malformed body (HTML where JSON was expected, broken XML, nothing at
 * all) is drift, never an exception.
 */
public final class ResponseRules {
    /** How many characters of a body are judged; callers need not read more off the wire. */
    public static final int JUDGED_BODY_CHARS = 65_536;
    /** The longest reason kept; a buyer's whole error page is not a reason. */
    public static final int REASON_CHARS = 500;
    private static final int ID_CHARS = 255;
    private static final int NOTE_CHARS = 1_000;
    private static final Set<String> KEYS = Set.of("duplicate", "rejected", "accepted", "extract", "unmatched2xx",
            "namespaces");
    private static final Set<Outcome> UNMATCHED = Set.of(Outcome.ACCEPTED, Outcome.REJECTED, Outcome.ERROR);
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final ResponseRules DEFAULTS = new ResponseRules(List.of(), new EnumMap<>(Field.class),
            Outcome.ACCEPTED, Map.of());

    /** What can be extracted, by the key it is written with. */
    private enum Field {
        BUYER_LEAD_ID("buyerLeadId"), PRICE("price"), REASON("reason");

        final String key;

        Field(String key) {
            this.key = key;
        }
    }

    private final List<Rule> rules;
    private final Map<Field, ValueSource> extract;
    private final Outcome unmatched2xx;
    private final Map<String, String> namespaces;
    private final NamespaceContext namespaceContext;
    private final ObjectNode canonical;

    private ResponseRules(List<Rule> rules, EnumMap<Field, ValueSource> extract, Outcome unmatched2xx,
            Map<String, String> namespaces) {
        this.rules = List.copyOf(rules);
        this.extract = Collections.unmodifiableMap(new EnumMap<>(extract));
        this.unmatched2xx = unmatched2xx;
        this.namespaces = Collections.unmodifiableMap(new LinkedHashMap<>(namespaces));
        this.namespaceContext = new Prefixes(this.namespaces);
        this.canonical = write(JsonNodeFactory.instance);
    }

    /**
     * The rules of a buyer that configured none. Answers are judged by status and by well-known
     * JSON shapes, which covers most buyers' APIs without configuration:
     * <ul>
     *   <li>2xx is {@link Outcome#ACCEPTED}, unless the body is a JSON object whose {@code status}
     *       is {@code "rejected"}, {@code "declined"} or {@code "error"} ({@link Outcome#REJECTED}),
     *       {@code "duplicate"} ({@link Outcome#DUPLICATE}), or whose {@code success} is
     *       {@code false} (rejected); {@code status} {@code "accepted"}, {@code "success"},
     *       {@code "ok"} and {@code success: true} are accepted. Words ignore case;</li>
     *   <li>drift on 2xx: a {@code status} or {@code success} with another value (e.g.
     *       {@code "queued"}), a web page (HTML), or a body that starts like JSON and does not
     *       parse. An empty or plain-text body ("OK") is not drift;</li>
     *   <li>409 is {@link Outcome#DUPLICATE}; another 4xx with {@code status} {@code "duplicate"} or
     *       {@code "rejected"}/{@code "declined"} is duplicate or rejected (the buyer answered the
     *       lead, it is not an error of ours); every other status is an {@link Outcome#ERROR} of
     *       class {@link ErrorClass#ofStatus(int)};</li>
     *   <li>the buyer's lead id is read from {@code lead_id}, {@code leadId} or {@code id}; the price
     *       from {@code price} or {@code payout}; the reason from {@code reason}, {@code message},
     *       {@code error} (text) or the first of {@code errors} (text, or its {@code message}), all
     *       at the top level of a JSON object.</li>
     * </ul>
     */
    public static ResponseRules defaults() {
        return DEFAULTS;
    }

    /**
     * Reads a {@code response} block. Every expression is compiled here, so a bad JSONPath, XPath
     * or regular expression is refused when the buyer is imported, not when its first answer
     * comes back.
     *
     * @param node the block; {@code null}, missing or JSON null means {@link #defaults()}
     * @throws IllegalArgumentException naming the key at fault, e.g. {@code accepted.match[0].jsonPath}
     */
    public static ResponseRules parse(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return DEFAULTS;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("\"response\" must be an object with duplicate, rejected, accepted, "
                    + "extract, unmatched2xx and namespaces");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown key \"" + key
                        + "\" (expected duplicate, rejected, accepted, extract, unmatched2xx, namespaces)");
            }
        }
        Map<String, String> namespaces = namespaces(node.get("namespaces"));
        NamespaceContext context = new Prefixes(namespaces);
        List<Rule> rules = new ArrayList<>();
        for (Outcome outcome : List.of(Outcome.DUPLICATE, Outcome.REJECTED, Outcome.ACCEPTED)) {
            JsonNode block = node.get(outcome.wireName());
            if (block != null && !block.isNull()) {
                rules.add(Rule.parse(outcome, block, context));
            }
        }
        Outcome unmatched = Outcome.ACCEPTED;
        JsonNode word = node.get("unmatched2xx");
        if (word != null && !word.isNull()) {
            Outcome named = word.isTextual() ? outcomeOrNull(word.asText()) : null;
            if (named == null || !UNMATCHED.contains(named)) {
                throw new IllegalArgumentException("unmatched2xx: '" + word.asText(word.toString())
                        + "' is not accepted, rejected or error");
            }
            unmatched = named;
        }
        return new ResponseRules(rules, extractors(node.get("extract"), context), unmatched, namespaces);
    }

    private static Outcome outcomeOrNull(String word) {
        try {
            return Outcome.ofWireName(word);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Map<String, String> namespaces(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("namespaces must be an object of prefix to namespace URI");
        }
        Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String prefix = entry.getKey();
            if (!PREFIX.matcher(prefix).matches() || prefix.toLowerCase(Locale.ROOT).startsWith("xml")) {
                throw new IllegalArgumentException("namespaces: '" + prefix + "' is not a usable prefix");
            }
            if (!entry.getValue().isTextual() || entry.getValue().asText().isBlank()) {
                throw new IllegalArgumentException("namespaces." + prefix + " must be a namespace URI");
            }
            out.put(prefix, entry.getValue().asText().strip());
        }
        return out;
    }

    private static EnumMap<Field, ValueSource> extractors(JsonNode node, NamespaceContext namespaces) {
        EnumMap<Field, ValueSource> out = new EnumMap<>(Field.class);
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("extract must be an object with buyerLeadId, price and reason");
        }
        Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            Field field = null;
            for (Field candidate : Field.values()) {
                if (candidate.key.equals(entry.getKey())) {
                    field = candidate;
                }
            }
            if (field == null) {
                throw new IllegalArgumentException("extract: unknown key \"" + entry.getKey()
                        + "\" (expected buyerLeadId, price, reason)");
            }
            String where = "extract." + field.key;
            JsonNode spec = entry.getValue();
            if (!spec.isObject() || spec.size() != 1) {
                throw new IllegalArgumentException(where + " must be an object with one of jsonPath, xpath, header, "
                        + "regex");
            }
            String key = spec.fieldNames().next();
            if (!Matcher.SOURCES.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key \"" + key
                        + "\" (expected jsonPath, xpath, header, regex)");
            }
            if (!spec.get(key).isTextual()) {
                throw new IllegalArgumentException(where + "." + key + " must be a string");
            }
            out.put(field, ValueSource.parse(where + "." + key, key, spec.get(key).asText(), namespaces));
        }
        return out;
    }

    /**
     * Reads one answer. Safe to call from many threads at once; never throws.
     *
     * @param status      the HTTP status
     * @param headers     the response headers (names in any case); may be {@code null}
     * @param contentType the {@code Content-Type}, used in drift notes; may be {@code null}
     * @param body        the body as text (only the first {@value #JUDGED_BODY_CHARS} characters
     *                    are judged); may be {@code null}
     */
    public ResponseVerdict judge(int status, Map<String, List<String>> headers, String contentType, String body) {
        Answer answer = new Answer(status, headers, contentType, body, namespaceContext);
        try {
            return decide(answer);
        } catch (RuntimeException | StackOverflowError e) {
            // A delivery thread must get an outcome whatever a buyer sends; a surprise here is recorded
            // as drift, and a 2xx is still not resent.
            Outcome outcome = answer.is2xx() ? unmatched2xx : Outcome.ERROR;
            return verdict(answer, outcome, null, null, null,
                    List.of("the answer could not be judged (" + e.getClass().getSimpleName() + ")"));
        }
    }

    private ResponseVerdict decide(Answer answer) {
        List<String> notes = new ArrayList<>();
        Outcome outcome = null;
        if (rules.isEmpty()) {
            outcome = WellKnownShapes.classify(answer, notes);
        } else {
            List<String> misses = new ArrayList<>();
            for (Rule rule : rules) {
                if (rule.covers(answer.status)) {
                    String why = rule.mismatch(answer);
                    if (why == null) {
                        outcome = rule.outcome;
                        break;
                    }
                    misses.add(rule.outcome.wireName() + ": " + why);
                }
            }
            if (outcome == null) {
                outcome = answer.is2xx() ? unmatched2xx : Outcome.ERROR;
                if (answer.is2xx() || !misses.isEmpty()) {
                    notes.add("HTTP " + answer.status + " matched no rule"
                            + (misses.isEmpty() ? "" : " (" + String.join("; ", misses) + ")"));
                }
            }
        }
        if (!answer.is2xx() && ErrorClass.ofStatus(answer.status) == null && outcome == Outcome.ERROR) {
            notes.add("HTTP " + answer.status + " is not an answer to a lead (expected 2xx or an error status)");
        }
        List<String> extractNotes = outcome == Outcome.ACCEPTED ? notes : null;
        String id = extract(Field.BUYER_LEAD_ID, answer, extractNotes);
        if (id != null && id.length() > ID_CHARS) {
            if (extractNotes != null) {
                extractNotes.add("buyerLeadId is longer than " + ID_CHARS + " characters");
            }
            id = null;
        }
        String priceText = extract(Field.PRICE, answer, extractNotes);
        BigDecimal price = null;
        if (priceText != null) {
            try {
                price = Prices.parse(priceText);
            } catch (NumberFormatException e) {
                if (extractNotes != null) {
                    extractNotes.add(e.getMessage());
                }
            }
        }
        String reason = extract(Field.REASON, answer, null);
        return verdict(answer, outcome, id, price, reason, notes);
    }

    private ResponseVerdict verdict(Answer answer, Outcome outcome, String id, BigDecimal price, String reason,
            List<String> notes) {
        ErrorClass errorClass = null;
        if (outcome == Outcome.ERROR) {
            // A 2xx held as an error was taken by the buyer: it is for an operator, never for a resend.
            ErrorClass byStatus = answer.is2xx() ? null : ErrorClass.ofStatus(answer.status);
            errorClass = byStatus == null ? ErrorClass.CLIENT_ERROR : byStatus;
        }
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        if (why != null && why.length() > REASON_CHARS) {
            why = why.substring(0, REASON_CHARS - 1) + "…";
        }
        if (outcome == Outcome.REJECTED && why == null) {
            why = "HTTP " + answer.status;
        }
        String note = null;
        if (!notes.isEmpty()) {
            note = String.join("; ", notes);
            if (answer.truncated()) {
                note += " [body of " + answer.fullLength + " characters judged on its first " + JUDGED_BODY_CHARS + "]";
            }
            if (note.length() > NOTE_CHARS) {
                note = note.substring(0, NOTE_CHARS - 1) + "…";
            }
        }
        return new ResponseVerdict(outcome, errorClass, id, price, why, note != null, note);
    }

    /** The first value of a field, or {@code null}; notes why a configured one is missing when asked to. */
    private String extract(Field field, Answer answer, List<String> notes) {
        ValueSource source = extract.get(field);
        if (source == null) {
            JsonNode json = answer.json();
            if (json == null) {
                return null;
            }
            switch (field) {
                case BUYER_LEAD_ID:
                    return WellKnownShapes.buyerLeadId(json);
                case PRICE:
                    return WellKnownShapes.price(json);
                default:
                    return WellKnownShapes.reason(json);
            }
        }
        ValueSource.Found found = source.find(answer);
        if (!found.values().isEmpty()) {
            return found.values().get(0);
        }
        if (notes != null) {
            String why = found.problem() != null ? found.problem() : source.missing();
            if (notes.stream().noneMatch(n -> n.contains(why))) {
                notes.add(field.key + ": " + why);
            }
        }
        return null;
    }

    /** The block as written in a buyer's configuration; {@code parse(toJson(m))} equals this. */
    public JsonNode toJson(ObjectMapper mapper) {
        return write(mapper.getNodeFactory());
    }

    private ObjectNode write(JsonNodeFactory nodes) {
        ObjectNode out = nodes.objectNode();
        rules.forEach(rule -> out.set(rule.outcome.wireName(), rule.write(nodes)));
        if (!extract.isEmpty()) {
            ObjectNode block = out.putObject("extract");
            extract.forEach((field, source) -> block.putObject(field.key).put(source.key(), source.expression()));
        }
        if (unmatched2xx != Outcome.ACCEPTED) {
            out.put("unmatched2xx", unmatched2xx.wireName());
        }
        if (!namespaces.isEmpty()) {
            ObjectNode block = out.putObject("namespaces");
            namespaces.forEach(block::put);
        }
        return out;
    }

    /** One line for the console, e.g. {@code accepted if 2xx and $.status = 'accepted'; unmatched 2xx: accepted}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (rules.isEmpty()) {
            parts.add("built-in: 2xx accepted unless a JSON status/success says otherwise, 409 duplicate, "
                    + "other statuses errors");
        } else {
            rules.forEach(rule -> parts.add(rule.describe()));
            parts.add("unmatched 2xx: " + unmatched2xx.wireName());
        }
        if (!extract.isEmpty()) {
            parts.add("extract " + extract.entrySet().stream()
                    .map(e -> e.getKey().key + " from " + e.getValue().label())
                    .collect(Collectors.joining(", ")));
        }
        return String.join("; ", parts);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ResponseRules that && canonical.equals(that.canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    @Override
    public String toString() {
        return "ResponseRules" + canonical;
    }

    /** The configured prefixes for XPath; {@code xml} is always bound, as XPath requires. */
    private static final class Prefixes implements NamespaceContext {
        private final Map<String, String> uris;

        Prefixes(Map<String, String> uris) {
            this.uris = uris;
        }

        @Override
        public String getNamespaceURI(String prefix) {
            if (XMLConstants.XML_NS_PREFIX.equals(prefix)) {
                return XMLConstants.XML_NS_URI;
            }
            // null, not the empty URI, for an unknown prefix: the JDK's XPath then refuses the
            // expression when it is compiled at import instead of silently matching nothing
            return uris.get(prefix);
        }

        @Override
        public String getPrefix(String uri) {
            return uris.entrySet().stream().filter(e -> e.getValue().equals(uri)).map(Map.Entry::getKey).findFirst()
                    .orElse(null);
        }

        @Override
        public Iterator<String> getPrefixes(String uri) {
            return uris.entrySet().stream().filter(e -> e.getValue().equals(uri)).map(Map.Entry::getKey).iterator();
        }
    }
}
