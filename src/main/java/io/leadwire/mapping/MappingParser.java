package io.leadwire.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.mapping.render.CsvRenderer;
import io.leadwire.mapping.render.FormRenderer;
import io.leadwire.mapping.render.JsonRenderer;
import io.leadwire.mapping.render.Renderer;
import io.leadwire.mapping.render.TargetPath;
import io.leadwire.mapping.render.XmlRenderer;
import io.leadwire.mapping.template.BodyTemplate;
import io.leadwire.mapping.template.TemplateSyntaxException;
import io.leadwire.mapping.transform.Transform;
import io.leadwire.mapping.transform.ValueKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a buyer mapping document (JSON) and compiles it: paths parsed, transforms, patterns and
 * formatters prepared, renderer laid out. Every problem found is reported, each naming the rule
 * ({@code fields[i]}) and its target.
 *
 * <p>A document:
 * <pre>{@code
 * {
 *   "name": "Buyer ABC",
 *   "format": "form",                         // json, xml, form, soap11, soap12, csv, query
 *   "rootElement": "lead",                    // xml/soap only; may be prefixed
 *   "namespace": "urn:buyer",                 // xml/soap only: default namespace
 *   "namespaces": {"b": "urn:buyer:types"},   // xml/soap only: prefixes
 *   "soapAction": "urn:buyer/Submit",         // soap only
 *   "csvHeader": false,                       // csv only
 *   "fields": [
 *     {"target": "PhoneNumber", "source": "phone_primary", "required": true,
 *      "transforms": [{"op": "phone", "format": "national"}]},
 *     {"target": "Campaign", "const": "INS-77"},
 *     {"target": "FullName", "source": "{first_name} {last_name}"},
 *     {"target": "CityState", "concat": ["city", "state"], "separator": ", "},
 *     {"target": "Spouse", "source": "spouse_name", "when": "married", "default": "n/a", "type": "string"}
 *   ],
 *   "request": {"method": "POST", "url": "https://buyer.example/leads",      // optional
 *               "headers": {"X-Key": "${secret:BUYER_KEY}"}}
 * }
 * }</pre>
 *
 * <p>Template mode replaces {@code fields} with a whole-body template (see
 * {@link io.leadwire.mapping.template.BodyTemplate}): {@code "mode": "template"}, {@code "template"}
 * (text or list of lines) or {@code "templateFile"} (next to the mapping, via {@link #parseFile}),
 * and optional named translation {@code "tables"}.
 */
public final class MappingParser {

    // "spec" is the buyer spec attached to the mapping (Leadwire spec form or JSON Schema): the
    // console's designer and validators read it; compiling the mapping does not need it.
    // "buyer" holds a buyer file's delivery settings (endpoints, auth, caps, ...), read by the
    // delivery package, so one buyer file is also a mapping document.
    private static final Set<String> DOCUMENT_KEYS =
            Set.of("name", "format", "rootElement", "namespace", "namespaces", "soapAction", "csvHeader", "fields",
                    "description", "mode", "template", "templateFile", "tables", "request", "spec", "buyer");
    private static final Set<String> RULE_KEYS = Set.of("target", "source", "const", "concat", "separator",
            "transforms", "required", "default", "when", "type", "description");

    private final ObjectMapper json;

    /** @param json the Jackson mapper to read documents with */
    public MappingParser(ObjectMapper json) {
        this.json = json;
    }

    /** A parser with a plain {@link ObjectMapper}. */
    public MappingParser() {
        this(new ObjectMapper());
    }

    /**
     * Parses and compiles a mapping document.
     *
     * @throws MappingParseException listing every problem, each naming its rule and target
     */
    public Mapping parse(String document) throws MappingParseException {
        return parse(document, null);
    }

    /**
     * Reads and compiles a mapping file; a {@code templateFile} is read from the file's folder.
     *
     * @throws MappingParseException listing every problem, or saying why the file cannot be read
     */
    public Mapping parseFile(Path file) throws MappingParseException {
        String document;
        try {
            document = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MappingParseException(List.of("cannot read " + file + ": " + e.getMessage()));
        }
        Path folder = file.toAbsolutePath().getParent();
        return parse(document, folder);
    }

    /**
     * Parses and compiles a mapping document whose {@code templateFile}, if any, lies in {@code folder}.
     *
     * @throws MappingParseException listing every problem, each naming its rule and target
     */
    public Mapping parse(String document, Path folder) throws MappingParseException {
        JsonNode root;
        try {
            root = json.readTree(document);
        } catch (JsonProcessingException e) {
            throw new MappingParseException(List.of("not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr())));
        }
        return compile(root, folder);
    }

    /**
     * Compiles an already-read mapping document.
     *
     * @throws MappingParseException listing every problem, each naming its rule and target
     */
    public Mapping compile(JsonNode root) throws MappingParseException {
        return compile(root, null);
    }

    /**
     * Compiles an already-read mapping document whose {@code templateFile}, if any, lies in {@code folder}.
     *
     * @throws MappingParseException listing every problem, each naming its rule and target
     */
    public Mapping compile(JsonNode root, Path folder) throws MappingParseException {
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new MappingParseException(List.of("a mapping is a JSON object"));
        }
        unknownKeys(root, DOCUMENT_KEYS, "mapping", problems);
        String name = text(root, "name", "mapping", problems);
        PayloadFormat format = null;
        String formatText = text(root, "format", "mapping", problems);
        if (formatText == null) {
            problems.add("mapping: \"format\" is required");
        } else {
            try {
                format = PayloadFormat.parse(formatText);
            } catch (IllegalArgumentException e) {
                problems.add("mapping: " + e.getMessage());
            }
        }
        String rootElement = text(root, "rootElement", "mapping", problems);
        String namespace = text(root, "namespace", "mapping", problems);
        String soapAction = text(root, "soapAction", "mapping", problems);
        Map<String, String> namespaces = new LinkedHashMap<>();
        JsonNode ns = root.get("namespaces");
        if (ns != null && !ns.isNull()) {
            if (!ns.isObject()) {
                problems.add("mapping: \"namespaces\" must be an object of prefix to URI");
            } else {
                ns.fields().forEachRemaining(e -> namespaces.put(e.getKey(), e.getValue().asText()));
            }
        }
        boolean csvHeader = root.path("csvHeader").asBoolean(false);
        if (format != null && !format.xml() && (rootElement != null || namespace != null || !namespaces.isEmpty())) {
            problems.add("mapping: rootElement and namespaces apply only to xml, soap11 and soap12, not "
                    + format.id());
        }

        HttpRequestSpec request = null;
        if (root.has("request") && !root.get("request").isNull()) {
            try {
                request = HttpRequestSpec.parse(root.get("request"), format == PayloadFormat.QUERY ? "GET" : "POST");
            } catch (IllegalArgumentException e) {
                problems.add("request: " + e.getMessage());
            }
        }
        String mode = text(root, "mode", "mapping", problems);
        if (mode != null && !mode.equals("rules") && !mode.equals("template")) {
            problems.add("mapping: mode '" + mode + "' is not rules or template");
        }
        if ("template".equals(mode)) {
            return template(root, name, format, soapAction, csvHeader, request, folder, problems);
        }
        if (root.has("template") || root.has("templateFile") || root.has("tables")) {
            problems.add("mapping: \"template\", \"templateFile\" and \"tables\" need \"mode\": \"template\"");
        }

        List<FieldRule> rules = new ArrayList<>();
        JsonNode fields = root.get("fields");
        if (fields == null || !fields.isArray() || fields.isEmpty()) {
            problems.add("mapping: \"fields\" must be a non-empty list of field rules");
        } else {
            Set<String> targets = new HashSet<>();
            for (int i = 0; i < fields.size(); i++) {
                FieldRule rule = rule(fields.get(i), i, problems);
                if (rule != null) {
                    if (!targets.add(rule.target().text())) {
                        problems.add(where(i, rule.target().text()) + "target is mapped twice");
                    }
                    rules.add(rule);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new MappingParseException(problems);
        }
        try {
            Renderer renderer = renderer(format, rules, rootElement, namespace, namespaces, soapAction, csvHeader);
            return new Mapping(name == null ? "unnamed" : name, format, rootElement, namespace, namespaces,
                    soapAction, rules, renderer, null, request);
        } catch (IllegalArgumentException e) {
            throw new MappingParseException(List.of("mapping: " + e.getMessage()));
        }
    }

    private static Mapping template(JsonNode root, String name, PayloadFormat format, String soapAction,
            boolean csvHeader, HttpRequestSpec request, Path folder, List<String> problems)
            throws MappingParseException {
        for (String key : List.of("fields", "rootElement", "namespace", "namespaces")) {
            if (root.has(key)) {
                problems.add("mapping: \"" + key
                        + "\" is not used in template mode: the template writes the whole body");
            }
        }
        String source = templateSource(root, folder, problems);
        Map<String, Map<String, String>> tables = tables(root.get("tables"), problems);
        if (!problems.isEmpty() || format == null || source == null) {
            throw new MappingParseException(problems);
        }
        Renderer shape = renderer(format, List.of(), null, null, Map.of(), soapAction, csvHeader);
        try {
            BodyTemplate template = BodyTemplate.compile(source, format, tables, shape.contentType(), shape.headers());
            return new Mapping(name == null ? "unnamed" : name, format, null, null, Map.of(), soapAction, List.of(),
                    template, template, request);
        } catch (TemplateSyntaxException e) {
            throw new MappingParseException(List.of("template: " + e.getMessage()));
        }
    }

    private static String templateSource(JsonNode root, Path folder, List<String> problems) {
        JsonNode inline = root.get("template");
        JsonNode file = root.get("templateFile");
        if ((inline == null) == (file == null)) {
            problems.add("mapping: template mode needs exactly one of \"template\" (text, or a list of lines) "
                    + "and \"templateFile\"");
            return null;
        }
        if (inline != null) {
            if (inline.isTextual()) {
                return inline.asText();
            }
            if (inline.isArray() && inline.size() > 0) {
                List<String> lines = new ArrayList<>();
                for (JsonNode line : inline) {
                    if (!line.isTextual()) {
                        problems.add("mapping: every line of \"template\" must be a text");
                        return null;
                    }
                    lines.add(line.asText());
                }
                return String.join("\n", lines);
            }
            problems.add("mapping: \"template\" must be a text or a non-empty list of lines");
            return null;
        }
        if (!file.isTextual() || file.asText().isBlank()) {
            problems.add("mapping: \"templateFile\" must be a file name");
            return null;
        }
        if (folder == null) {
            problems.add("mapping: \"templateFile\" is read next to the mapping file; this document was not read "
                    + "from a file (inline the template instead)");
            return null;
        }
        Path path = folder.resolve(file.asText()).normalize();
        if (!path.startsWith(folder.normalize())) {
            problems.add("mapping: \"templateFile\" must lie in the mapping's folder, not '" + file.asText() + "'");
            return null;
        }
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add("mapping: cannot read templateFile '" + file.asText() + "': " + e.getMessage());
            return null;
        }
    }

    private static Map<String, Map<String, String>> tables(JsonNode node, List<String> problems) {
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return tables;
        }
        if (!node.isObject()) {
            problems.add("mapping: \"tables\" must be an object of table name to {value: translation}");
            return tables;
        }
        node.fields().forEachRemaining(table -> {
            if (!table.getValue().isObject() || table.getValue().isEmpty()) {
                problems.add("tables." + table.getKey() + ": must be a non-empty object of value to translation");
                return;
            }
            Map<String, String> pairs = new LinkedHashMap<>();
            table.getValue().fields().forEachRemaining(pair -> {
                if (!pair.getValue().isValueNode() || pair.getValue().isNull()) {
                    problems.add("tables." + table.getKey() + "." + pair.getKey() + ": must be a text");
                } else {
                    pairs.put(pair.getKey(), pair.getValue().asText());
                }
            });
            tables.put(table.getKey(), pairs);
        });
        return tables;
    }

    private static Renderer renderer(PayloadFormat format, List<FieldRule> rules, String rootElement, String namespace,
            Map<String, String> namespaces, String soapAction, boolean csvHeader) {
        List<TargetPath> targets = new ArrayList<>(rules.size());
        List<ValueKind> kinds = new ArrayList<>(rules.size());
        for (FieldRule rule : rules) {
            targets.add(rule.target());
            kinds.add(rule.type());
        }
        switch (format) {
            case JSON:
                return new JsonRenderer(targets, kinds);
            case XML:
                return new XmlRenderer(targets, rootElement, namespace, namespaces, XmlRenderer.Envelope.NONE, null);
            case SOAP11:
                return new XmlRenderer(targets, rootElement, namespace, namespaces, XmlRenderer.Envelope.SOAP11,
                        soapAction);
            case SOAP12:
                return new XmlRenderer(targets, rootElement, namespace, namespaces, XmlRenderer.Envelope.SOAP12,
                        soapAction);
            case CSV:
                return new CsvRenderer(targets, csvHeader);
            case QUERY:
                return new FormRenderer(targets, true);
            default:
                return new FormRenderer(targets, false);
        }
    }

    private static FieldRule rule(JsonNode node, int index, List<String> problems) {
        if (!node.isObject()) {
            problems.add("fields[" + index + "]: a field rule is an object");
            return null;
        }
        String targetText = node.path("target").isTextual() ? node.get("target").asText() : null;
        String at = where(index, targetText);
        int before = problems.size();
        unknownKeys(node, RULE_KEYS, at.substring(0, at.length() - 2), problems);
        TargetPath target = null;
        if (targetText == null) {
            problems.add(at + "\"target\" is required");
        } else {
            try {
                target = TargetPath.parse(targetText);
            } catch (IllegalArgumentException e) {
                problems.add(at + e.getMessage());
            }
        }
        ValueSource source = source(node, at, problems);
        List<Transform> transforms = new ArrayList<>();
        JsonNode chain = node.get("transforms");
        if (chain != null && !chain.isNull()) {
            if (!chain.isArray()) {
                problems.add(at + "\"transforms\" must be a list");
            } else {
                for (int t = 0; t < chain.size(); t++) {
                    try {
                        transforms.add(TransformFactory.create(chain.get(t)));
                    } catch (IllegalArgumentException | DateTimeException e) {
                        problems.add(at + "transforms[" + t + "]: " + e.getMessage());
                    }
                }
            }
        }
        ValueKind type = ValueKind.STRING;
        String typeText = text(node, "type", at, problems);
        if (typeText != null) {
            try {
                type = ValueKind.valueOf(typeText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(at + "type '" + typeText + "' is not string, integer, number, boolean or date");
            }
        }
        JsonNode required = node.get("required");
        if (required != null && !required.isBoolean()) {
            problems.add(at + "\"required\" must be true or false");
        }
        String defaultValue = text(node, "default", at, problems);
        String when = text(node, "when", at, problems);
        if (problems.size() > before) {
            return null;
        }
        return new FieldRule(target, source, transforms, required != null && required.asBoolean(), defaultValue, when,
                type);
    }

    private static ValueSource source(JsonNode node, String at, List<String> problems) {
        int kinds = (node.has("source") ? 1 : 0) + (node.has("const") ? 1 : 0) + (node.has("concat") ? 1 : 0);
        if (kinds != 1) {
            problems.add(at + "needs exactly one of \"source\", \"const\" or \"concat\"");
            return null;
        }
        try {
            if (node.has("const")) {
                JsonNode constant = node.get("const");
                if (!constant.isValueNode() || constant.isNull()) {
                    problems.add(at + "\"const\" must be a text, number or boolean");
                    return null;
                }
                return ValueSource.constant(constant.asText());
            }
            if (node.has("concat")) {
                JsonNode list = node.get("concat");
                if (!list.isArray()) {
                    problems.add(at + "\"concat\" must be a list of field names");
                    return null;
                }
                List<String> names = new ArrayList<>();
                list.forEach(item -> names.add(item.asText()));
                return ValueSource.concat(names, node.path("separator").asText(" "));
            }
            JsonNode source = node.get("source");
            if (!source.isTextual()) {
                problems.add(at + "\"source\" must be a field name or a template");
                return null;
            }
            String text = source.asText();
            return text.indexOf('{') >= 0 || text.indexOf('}') >= 0 ? ValueSource.template(text)
                    : ValueSource.field(text);
        } catch (IllegalArgumentException e) {
            problems.add(at + e.getMessage());
            return null;
        }
    }

    private static String where(int index, String target) {
        return "fields[" + index + "]" + (target == null ? "" : " (target '" + target + "')") + ": ";
    }

    private static String text(JsonNode node, String key, String at, List<String> problems) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            problems.add(prefix(at) + "\"" + key + "\" must be a text");
            return null;
        }
        return value.asText();
    }

    private static String prefix(String at) {
        return at.endsWith(": ") ? at : at + ": ";
    }

    private static void unknownKeys(JsonNode node, Set<String> known, String at, List<String> problems) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!known.contains(key)) {
                problems.add(prefix(at) + "unknown key \"" + key + "\"");
            }
        }
    }
}
