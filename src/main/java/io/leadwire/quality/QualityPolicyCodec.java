package io.leadwire.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadwire.store.InvalidSettingsException;
import io.leadwire.store.SettingsCodec;
import io.leadwire.store.SettingsProblem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quality settings document: a {@link QualityPolicy} with its {@link ScoringPolicy} as JSON.
 *
 * <pre>
 * { "schema": 1,
 *   "scoring": { "base": 50, "thresholds": { "hot": 85, "standard": 60 },
 *                "rules": { "invalid_email": { "points": -25, "enabled": true }, ... },
 *                "high_capital_threshold": "10000", "tier1_countries": ["AT", ...],
 *                "business_hours": { "zone": "Z", "opens": "09:00", "closes": "18:00", "days": ["MONDAY", ...] } },
 *   "validation": { "required_fields": [], "optional_fields": [...], "phone_fields": [...],
 *                   "name_fields": [...], "numeric_fields": [...], "allowed_values": { "trading_experience": [...] },
 *                   "consent_required": false, "trustedform_fields": [...], "jornaya_fields": [...],
 *                   "default_country": null, "reject_codes": [] } }
 * </pre>
 *
 * Keys a document lacks take the defaults (so documents of older versions still read); keys it has
 * must hold the right type. Every problem is reported at once, named by its path.
 */
public final class QualityPolicyCodec implements SettingsCodec<QualityPolicy> {
    /** The document layout written; readers accept it and every older one. */
    public static final int SCHEMA = 1;

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public String name() {
        return QualitySettings.NAME;
    }

    @Override
    public QualityPolicy defaults() {
        return QualityPolicy.defaults();
    }

    @Override
    public String write(QualityPolicy policy) {
        QualityPolicyForm f = QualityPolicyForm.of(policy);
        ObjectNode root = json.createObjectNode().put("schema", SCHEMA);
        ObjectNode scoring = root.putObject("scoring");
        scoring.put("base", f.base());
        scoring.putObject("thresholds").put("hot", f.hotThreshold()).put("standard", f.standardThreshold());
        ObjectNode rules = scoring.putObject("rules");
        for (ScoringRule r : ScoringRule.values()) {
            rules.putObject(r.id()).put("points", f.points(r)).put("enabled", f.enabled(r));
        }
        scoring.put("high_capital_threshold", f.highCapitalThreshold());
        strings(scoring.putArray("tier1_countries"), f.tier1Countries());
        ObjectNode hours = scoring.putObject("business_hours").put("zone", f.businessZone())
                .put("opens", f.businessOpens()).put("closes", f.businessCloses());
        strings(hours.putArray("days"), f.businessDays());
        ObjectNode validation = root.putObject("validation");
        strings(validation.putArray("required_fields"), f.requiredFields());
        strings(validation.putArray("optional_fields"), f.optionalFields());
        strings(validation.putArray("phone_fields"), f.phoneFields());
        strings(validation.putArray("name_fields"), f.nameFields());
        strings(validation.putArray("numeric_fields"), f.numericFields());
        ObjectNode allowed = validation.putObject("allowed_values");
        f.allowedValues().forEach((k, v) -> strings(allowed.putArray(k), v));
        validation.put("consent_required", f.consentRequired());
        strings(validation.putArray("trustedform_fields"), f.trustedFormFields());
        strings(validation.putArray("jornaya_fields"), f.jornayaFields());
        if (f.defaultCountry().isEmpty()) {
            validation.putNull("default_country");
        } else {
            validation.put("default_country", f.defaultCountry());
        }
        strings(validation.putArray("reject_codes"), f.rejectCodes());
        try {
            return json.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the quality settings", e);
        }
    }

    @Override
    public QualityPolicy read(String document) {
        JsonNode root;
        try {
            root = json.readTree(document);
        } catch (JsonProcessingException e) {
            throw new InvalidSettingsException(name(), List.of(new SettingsProblem("",
                    "The document is not JSON: " + e.getOriginalMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidSettingsException(name(), List.of(new SettingsProblem("",
                    "The document must be a JSON object.")));
        }
        List<SettingsProblem> problems = new ArrayList<>();
        Reader r = new Reader(problems);
        int schema = r.integer(root, "schema", SCHEMA);
        if (schema > SCHEMA) {
            problems.add(new SettingsProblem("schema", "The document was written by a newer Leadwire (layout "
                    + schema + "; this one reads up to " + SCHEMA + "). Update this engine."));
        }
        QualityPolicyForm f = QualityPolicyForm.of(QualityPolicy.defaults());
        JsonNode scoring = r.object(root, "scoring");
        f.base(r.integer(scoring, QualityPolicyForm.BASE, f.base()));
        JsonNode thresholds = r.object(scoring, "scoring.thresholds");
        f.hotThreshold(r.integer(thresholds, QualityPolicyForm.HOT, f.hotThreshold()));
        f.standardThreshold(r.integer(thresholds, QualityPolicyForm.STANDARD, f.standardThreshold()));
        JsonNode rules = r.object(scoring, "scoring.rules");
        for (Iterator<String> it = rules.fieldNames(); it.hasNext(); ) {
            String id = it.next();
            if (ScoringRule.byId(id).isEmpty()) {
                problems.add(new SettingsProblem("scoring.rules." + id, "'" + id + "' is not a scoring rule."));
            }
        }
        for (ScoringRule rule : ScoringRule.values()) {
            JsonNode node = r.object(rules, "scoring.rules." + rule.id());
            f.points(rule, r.integer(node, QualityPolicyForm.pointsField(rule), f.points(rule)));
            f.enabled(rule, r.bool(node, QualityPolicyForm.enabledField(rule), f.enabled(rule)));
        }
        f.highCapitalThreshold(r.text(scoring, QualityPolicyForm.HIGH_CAPITAL_THRESHOLD, f.highCapitalThreshold()));
        f.tier1Countries(r.list(scoring, QualityPolicyForm.TIER1_COUNTRIES, f.tier1Countries()));
        JsonNode hours = r.object(scoring, "scoring.business_hours");
        f.businessHours(r.text(hours, QualityPolicyForm.BUSINESS_ZONE, f.businessZone()),
                r.text(hours, QualityPolicyForm.BUSINESS_OPENS, f.businessOpens()),
                r.text(hours, QualityPolicyForm.BUSINESS_CLOSES, f.businessCloses()),
                r.list(hours, QualityPolicyForm.BUSINESS_DAYS, f.businessDays()));
        JsonNode validation = r.object(root, "validation");
        f.requiredFields(r.list(validation, QualityPolicyForm.REQUIRED_FIELDS, f.requiredFields()));
        f.optionalFields(r.list(validation, QualityPolicyForm.OPTIONAL_FIELDS, f.optionalFields()));
        f.phoneFields(r.list(validation, QualityPolicyForm.PHONE_FIELDS, f.phoneFields()));
        f.nameFields(r.list(validation, QualityPolicyForm.NAME_FIELDS, f.nameFields()));
        f.numericFields(r.list(validation, QualityPolicyForm.NUMERIC_FIELDS, f.numericFields()));
        if (validation.has("allowed_values")) {
            JsonNode allowed = r.object(validation, QualityPolicyForm.ALLOWED_VALUES);
            Map<String, List<String>> av = new LinkedHashMap<>();
            for (Iterator<String> it = allowed.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                av.put(field, r.listOf(allowed.get(field), QualityPolicyForm.allowedValuesField(field), List.of()));
            }
            f.allowedValues(av);
        }
        f.consentRequired(r.bool(validation, QualityPolicyForm.CONSENT_REQUIRED, f.consentRequired()));
        f.trustedFormFields(r.list(validation, QualityPolicyForm.TRUSTEDFORM_FIELDS, f.trustedFormFields()));
        f.jornayaFields(r.list(validation, QualityPolicyForm.JORNAYA_FIELDS, f.jornayaFields()));
        JsonNode dc = validation.get("default_country");
        f.defaultCountry(dc == null || dc.isNull() ? "" : r.text(validation, QualityPolicyForm.DEFAULT_COUNTRY, ""));
        f.rejectCodes(r.list(validation, QualityPolicyForm.REJECT_CODES, f.rejectCodes()));
        problems.addAll(f.problems());
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(name(), problems);
        }
        return f.toPolicy();
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    /** Reads typed values at document paths, noting a problem (and keeping the default) on a wrong type. */
    private static final class Reader {
        private final List<SettingsProblem> problems;

        Reader(List<SettingsProblem> problems) {
            this.problems = problems;
        }

        private static String key(String path) {
            return path.substring(path.lastIndexOf('.') + 1);
        }

        JsonNode object(JsonNode parent, String path) {
            JsonNode n = parent.get(key(path));
            if (n == null || n.isNull()) {
                return ObjectMapperHolder.EMPTY;
            }
            if (!n.isObject()) {
                problems.add(new SettingsProblem(path, "Must be an object."));
                return ObjectMapperHolder.EMPTY;
            }
            return n;
        }

        int integer(JsonNode parent, String path, int fallback) {
            JsonNode n = parent.get(key(path));
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!n.canConvertToInt() || !n.isIntegralNumber()) {
                problems.add(new SettingsProblem(path, "Must be a whole number, not " + n + "."));
                return fallback;
            }
            return n.intValue();
        }

        boolean bool(JsonNode parent, String path, boolean fallback) {
            JsonNode n = parent.get(key(path));
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!n.isBoolean()) {
                problems.add(new SettingsProblem(path, "Must be true or false, not " + n + "."));
                return fallback;
            }
            return n.booleanValue();
        }

        String text(JsonNode parent, String path, String fallback) {
            JsonNode n = parent.get(key(path));
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!n.isTextual() && !n.isNumber()) {
                problems.add(new SettingsProblem(path, "Must be text, not " + n + "."));
                return fallback;
            }
            return n.asText();
        }

        List<String> list(JsonNode parent, String path, List<String> fallback) {
            return listOf(parent.get(key(path)), path, fallback);
        }

        List<String> listOf(JsonNode n, String path, List<String> fallback) {
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!n.isArray()) {
                problems.add(new SettingsProblem(path, "Must be a list of text, not " + n + "."));
                return fallback;
            }
            List<String> out = new ArrayList<>();
            for (JsonNode e : n) {
                if (!e.isTextual()) {
                    problems.add(new SettingsProblem(path, "Must be a list of text; " + e + " is not text."));
                    return fallback;
                }
                out.add(e.asText());
            }
            return out;
        }
    }

    private static final class ObjectMapperHolder {
        static final JsonNode EMPTY = new ObjectMapper().createObjectNode();
    }
}
