package io.leadwire.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadwire.lead.CanonicalField;
import io.leadwire.mapping.FieldIssue;
import io.leadwire.mapping.FieldRule;
import io.leadwire.mapping.MappedFields;
import io.leadwire.mapping.Mapping;
import io.leadwire.mapping.MappingEngine;
import io.leadwire.mapping.MappingParseException;
import io.leadwire.mapping.MappingParser;
import io.leadwire.mapping.ValueSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A vendor's dialect: how its field names and values become the canonical lead. It is a mapping
 * document read by the buyer mapping engine ({@link MappingParser}), turned around: each rule's
 * {@code source} is the vendor's field name and its {@code target} the canonical name, so the
 * same transforms apply ({@code translate} for enumerations, {@code default}, {@code phone}, ...).
 * The document's {@code format} is not needed and is ignored.
 *
 * <p>Applied to a vendor's flat fields (nested objects as dotted names, e.g. {@code contact.phone}):
 * <ul>
 *   <li>each rule fills its canonical target;</li>
 *   <li>a vendor field no rule reads is kept: under its own name when that is a canonical name the
 *       dialect does not fill (the vendor already speaks canonical there), else as
 *       {@code extra.<name>} (the {@code extra} map);</li>
 *   <li>a rule marked {@code "required": true} without a default whose source field is missing or
 *       empty refuses the lead (400 {@code missing_field}, naming the vendor's field): the dialect
 *       says the vendor must send it;</li>
 *   <li>any other mapping error (a failed transform, a value of the wrong type) never loses the
 *       lead: the vendor's value is kept in the canonical field as sent, so the validators judge it,
 *       and the issue is written to the {@value #ISSUES_FIELD} field, which the quality stage shows
 *       as a {@code dialect.mapping} warning. Untranslated values are reported there too.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class VendorDialect {
    /** Prefix of the fields a dialect did not map (the lead's {@code extra} map). */
    public static final String EXTRA_PREFIX = "extra.";
    /** The field that lists a dialect's errors and warnings for one lead, {@code target: message; ...}. */
    public static final String ISSUES_FIELD = "dialect_issues";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MappingParser PARSER = new MappingParser(JSON);

    private final Mapping mapping;
    private final MappingEngine engine;
    private final Set<String> sourceFields;
    private final Set<String> targets;

    private VendorDialect(Mapping mapping, MappingEngine engine) {
        this.mapping = mapping;
        this.engine = engine;
        Set<String> sources = new HashSet<>();
        Set<String> out = new HashSet<>();
        for (FieldRule rule : mapping.rules()) {
            sources.addAll(rule.source().fields());
            out.add(rule.target().text());
        }
        this.sourceFields = Set.copyOf(sources);
        this.targets = Set.copyOf(out);
    }

    /**
     * Reads and checks a dialect document.
     *
     * @throws IllegalArgumentException naming every problem, each with its rule and target
     */
    public static VendorDialect parse(String document, MappingEngine engine) {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the dialect is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a dialect is a JSON object with \"fields\"");
        }
        ObjectNode doc = ((ObjectNode) root).deepCopy();
        // The body format matters only for buyer payloads; a dialect renders no body.
        doc.put("format", "json");
        try {
            Mapping mapping = PARSER.compile(doc);
            for (FieldRule rule : mapping.rules()) {
                if (rule.target().text().startsWith(EXTRA_PREFIX) || rule.target().text().equals(ISSUES_FIELD)) {
                    throw new IllegalArgumentException("the dialect may not write '" + rule.target().text()
                            + "': that name is Leadwire's own");
                }
            }
            return new VendorDialect(mapping, engine);
        } catch (MappingParseException e) {
            throw new IllegalArgumentException("the dialect has problems: " + String.join("; ", e.problems()), e);
        }
    }

    /** The dialect's name (its document's {@code name}). */
    public String name() {
        return mapping.name();
    }

    /**
     * Maps a vendor's fields onto canonical ones.
     *
     * @throws ProblemException 400 {@code missing_field} when a required source field is missing
     */
    Map<String, String> apply(Map<String, String> vendorFields) throws ProblemException {
        for (FieldRule rule : mapping.rules()) {
            if (rule.required() && rule.defaultValue() == null && rule.source().kind() != ValueSource.Kind.CONSTANT
                    && isBlank(rule.source().resolve(vendorFields))) {
                String field = rule.source().fields().get(0);
                throw new ProblemException(Problem.badRequest("missing_field", field,
                        "Field '" + field + "' is required (it becomes '" + rule.target().text()
                                + "' in your agreed field mapping) but the lead has none."));
            }
        }
        MappedFields mapped = engine.mapFields(vendorFields, mapping);
        Map<String, String> out = new LinkedHashMap<>(mapped.values());
        List<String> issues = new ArrayList<>();
        for (FieldIssue error : mapped.errors()) {
            issues.add(error.toString());
            // Keep what the vendor sent, so nothing is lost and the validators judge the real value.
            for (FieldRule rule : mapping.rules()) {
                if (rule.target().text().equals(error.field()) && rule.source().kind() == ValueSource.Kind.FIELD) {
                    String raw = vendorFields.get(rule.source().text());
                    if (!isBlank(raw)) {
                        out.putIfAbsent(error.field(), raw);
                    }
                }
            }
        }
        for (FieldIssue warning : mapped.warnings()) {
            issues.add(warning.toString());
        }
        for (Map.Entry<String, String> e : vendorFields.entrySet()) {
            String name = e.getKey();
            if (sourceFields.contains(name)) {
                continue;
            }
            if (CanonicalField.SCALARS.contains(name) && !targets.contains(name) && !out.containsKey(name)) {
                out.put(name, e.getValue());
            } else {
                out.putIfAbsent(EXTRA_PREFIX + name, e.getValue());
            }
        }
        if (!issues.isEmpty()) {
            out.put(ISSUES_FIELD, String.join("; ", issues));
        }
        return out;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
