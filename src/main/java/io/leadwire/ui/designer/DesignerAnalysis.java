package io.leadwire.ui.designer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadwire.mapping.FieldIssue;
import io.leadwire.mapping.EdgeCaseLeads;
import io.leadwire.mapping.FieldRule;
import io.leadwire.mapping.HttpRequestPreview;
import io.leadwire.mapping.HttpRequestSpec;
import io.leadwire.mapping.Mapping;
import io.leadwire.mapping.MappingEngine;
import io.leadwire.mapping.MappingParseException;
import io.leadwire.mapping.MappingParser;
import io.leadwire.mapping.RenderedPayload;
import io.leadwire.mapping.ValueSource;
import io.leadwire.mapping.spec.BuyerSpec;
import io.leadwire.mapping.spec.BuyerSpecParser;
import io.leadwire.mapping.spec.MappingValidator;
import io.leadwire.mapping.spec.PayloadValidator;
import io.leadwire.mapping.spec.SpecField;
import io.leadwire.mapping.transform.Transform;
import io.leadwire.mapping.transform.TransformResult;
import io.leadwire.mapping.transform.Transforms;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything the designer shows about one draft and one sample lead, worked out in one go off
 * the FX thread: the compiled mapping's payload and request, the problems (parser, spec and
 * payload checks, each naming its field), the target tree with its highlights, and the value
 * after each transform step of the selected rule. Stateless apart from its clock.
 *
 * <p>A document may carry one key the mapping parser does not read: {@code spec}, the buyer's
 * spec (Leadwire form or JSON Schema). It is set aside before the mapping is compiled. The
 * request line and headers come from the mapping's {@code request} block through
 * {@link HttpRequestPreview}; header values that look like credentials are masked here too, in
 * case someone typed a secret instead of a {@code ${secret:NAME}} placeholder.
 */
public final class DesignerAnalysis {

    /** Keys the designer keeps in a mapping document beside what the parser reads. */
    static final Set<String> EXTRA_KEYS = Set.of("spec");
    private static final Pattern RULE_PROBLEM = Pattern.compile("^fields\\[(\\d+)\\](?: \\(target '(.*?)'\\))?: (.*)$",
            Pattern.DOTALL);
    private static final Pattern STEP_PROBLEM = Pattern.compile("^fields\\[0\\](?: \\(target '.*?'\\))?: "
            + "transforms\\[0\\]: (.*)$", Pattern.DOTALL);
    private static final Pattern SECRET_HEADER = Pattern.compile(
            "(?i)authorization|proxy-authorization|cookie|x-api-key|api-key|apikey|.*(token|secret|password|key).*");
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)([?&][^=&]*(?:key|token|secret|password|sig)[^=&]*=)[^&]*");
    static final String MASK = HttpRequestSpec.MASK;

    /** How bad a problem is. */
    public enum Severity { ERROR, WARNING }

    /**
     * One line of the problems list.
     *
     * @param field    the buyer field (or {@code mapping}, {@code spec}) it is about
     * @param message  what is wrong, for an operator
     * @param severity error (the payload must not be sent) or warning
     */
    public record Problem(String field, String message, Severity severity) {
    }

    /**
     * What the tree shows for one buyer field.
     *
     * @param path             the target path
     * @param mapped           whether a rule writes it
     * @param source           the rule's source as written, or empty
     * @param value            the value it gets for the sample lead, or {@code null}
     * @param required         whether the rule or the spec requires it
     * @param inSpec           whether the buyer spec lists it (true when there is no spec)
     * @param unmappedRequired required by the spec and no rule writes it
     * @param unknownEnum      the value (or a possible value) is outside the spec's enum
     * @param error            some error names this field
     * @param warning          some warning names this field
     * @param hint             the spec's constraints in a few words, or empty
     * @param specType         the value type the spec asks for ({@code integer}, ...), or empty
     */
    public record TargetInfo(String path, boolean mapped, String source, String value, boolean required,
            boolean inSpec, boolean unmappedRequired, boolean unknownEnum, boolean error, boolean warning,
            String hint, String specType) {
    }

    /**
     * A node of the buyer's target tree: a branch (an object or element holding others) or a
     * leaf (a field), with {@code info} only on leaves.
     */
    public record TargetNode(String label, String path, TargetInfo info, List<TargetNode> children) {
        public TargetNode {
            children = List.copyOf(children);
        }

        public boolean leaf() {
            return info != null;
        }
    }

    /**
     * One transform step for the sample lead.
     *
     * @param index    the step's place in the chain, from 0
     * @param op       its operation
     * @param value    the value after it, or {@code null} for no value
     * @param warnings what it warned about
     * @param error    why it failed or cannot be built, or {@code null}
     * @param ran      whether it ran (steps after a failure do not)
     */
    public record StepTrace(int index, String op, String value, List<String> warnings, String error, boolean ran) {
        public StepTrace {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * The selected rule's chain for the sample lead.
     *
     * @param target      the rule's target
     * @param sourceValue the value before any step, or {@code null}
     * @param sourceNote  why there is no value, or a source error, or empty
     * @param steps       one trace per step
     * @param finalValue  the value sent, or {@code null}
     * @param finalNote   default used, condition not met, required but empty, ... or empty
     */
    public record ChainTrace(String target, String sourceValue, String sourceNote, List<StepTrace> steps,
            String finalValue, String finalNote) {
        public ChainTrace {
            steps = List.copyOf(steps);
        }
    }

    /**
     * The outcome of one analysis.
     *
     * @param format       the payload format id, or empty when the document has none
     * @param body         the exact body, or empty when nothing could be rendered
     * @param tokens       the body laid out for reading, as coloured tokens
     * @param exactTokens  the exact body as coloured tokens
     * @param requestLine  e.g. {@code POST https://buyer.example/leads HTTP/1.1}, or empty
     * @param headers      {@code Name: value} lines, secrets masked
     * @param problems     errors first, then warnings
     * @param targets      the buyer's target tree
     * @param sourceUses   lead field → the targets whose rules read it
     * @param trace        the selected rule's chain, or {@code null}
     * @param hasSpec      whether a buyer spec is attached
     * @param nanos        how long the analysis took
     */
    public record Result(String format, String body, List<PayloadText.Token> tokens,
            List<PayloadText.Token> exactTokens, String requestLine, List<String> headers, List<Problem> problems,
            List<TargetNode> targets, Map<String, List<String>> sourceUses, ChainTrace trace, boolean hasSpec,
            long nanos) {
        public Result {
            tokens = List.copyOf(tokens);
            exactTokens = List.copyOf(exactTokens);
            headers = List.copyOf(headers);
            problems = List.copyOf(problems);
            targets = List.copyOf(targets);
            sourceUses = Map.copyOf(sourceUses);
        }

        /** The laid-out body as plain text. */
        public String text() {
            return PayloadText.text(tokens);
        }

        public long errorCount() {
            return problems.stream().filter(p -> p.severity() == Severity.ERROR).count();
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final MappingParser parser = new MappingParser(json);
    private final Clock clock;

    /** @param clock "now" for ages and other time-dependent transforms */
    public DesignerAnalysis(Clock clock) {
        this.clock = clock;
    }

    /**
     * Analyses a document for a sample lead.
     *
     * @param documentJson   the mapping document
     * @param fields         the sample lead's canonical fields
     * @param selectedTarget the rule whose chain to trace, or {@code null}
     */
    public Result analyze(String documentJson, Map<String, String> fields, String selectedTarget) {
        long started = System.nanoTime();
        List<Problem> errors = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        DraftDocument document;
        try {
            document = DraftDocument.parse(documentJson);
        } catch (IllegalArgumentException e) {
            errors.add(new Problem("mapping", e.getMessage(), Severity.ERROR));
            return new Result("", "", List.of(), List.of(), "", List.of(), errors, List.of(), Map.of(), null, false,
                    System.nanoTime() - started);
        }
        JsonNode root = document.tree();
        BuyerSpec spec = spec(root.get("spec"), errors);
        Mapping mapping = compile(root, errors);

        RenderedPayload payload = null;
        if (mapping != null) {
            payload = new MappingEngine(clock).render(fields, mapping);
            payload.errors().forEach(i -> errors.add(new Problem(i.field(), i.message(), Severity.ERROR)));
            payload.warnings().forEach(i -> warnings.add(new Problem(i.field(), i.message(), Severity.WARNING)));
            if (spec != null) {
                List<FieldIssue> mappingIssues = new MappingValidator().validate(mapping, spec);
                mappingIssues.forEach(i -> errors.add(new Problem(i.field(), i.message(), Severity.ERROR)));
                Set<String> named = new LinkedHashSet<>();
                mappingIssues.forEach(i -> named.add(i.field()));
                for (FieldIssue issue : new PayloadValidator().validate(payload.fieldValues(), spec)) {
                    boolean repeat = named.contains(issue.field()) && (issue.message().startsWith("is required")
                            || issue.message().startsWith("is not a field"));
                    if (!repeat) {
                        errors.add(new Problem(issue.field(), issue.message(), Severity.ERROR));
                    }
                }
            }
        }
        List<Problem> problems = new ArrayList<>(errors);
        problems.addAll(warnings);

        String format = root.path("format").asText("").toLowerCase(Locale.ROOT);
        String body = payload == null ? "" : payload.body();
        List<PayloadText.Token> tokens = PayloadText.tokens(format, body, true);
        List<PayloadText.Token> exact = PayloadText.tokens(format, body, false);
        List<String> headers = new ArrayList<>();
        String requestLine = mapping == null || payload == null ? "" : request(mapping, payload, headers);

        List<TargetNode> tree = targetTree(document, format, spec, payload, problems);
        ChainTrace trace = selectedTarget == null || document.ruleIndex(selectedTarget) < 0 ? null
                : trace(document, selectedTarget, fields);
        return new Result(format, body, tokens, exact, requestLine, headers, problems, tree, sourceUses(document),
                trace, spec != null, System.nanoTime() - started);
    }

    /**
     * What stops a document from being published: it does not compile, or it does not fit the
     * attached buyer spec. Problems of one sample lead do not count. Empty when it may be published.
     */
    public List<String> publishProblems(String documentJson) {
        List<String> out = new ArrayList<>();
        DraftDocument document;
        try {
            document = DraftDocument.parse(documentJson);
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
        List<Problem> errors = new ArrayList<>();
        BuyerSpec spec = spec(document.tree().get("spec"), errors);
        ObjectNode doc = ((ObjectNode) document.tree()).deepCopy();
        doc.remove(EXTRA_KEYS);
        try {
            Mapping mapping = parser.compile(doc);
            if (spec != null) {
                new MappingValidator().validate(mapping, spec).forEach(i -> out.add(i.toString()));
            }
        } catch (MappingParseException e) {
            out.addAll(e.problems());
        }
        errors.forEach(p -> out.add(p.field() + ": " + p.message()));
        return out;
    }

    /**
     * Edge-case variants of a base lead for this buyer ({@link EdgeCaseLeads}): its required rules
     * decide which fields may go missing and its spec's maximum lengths size the long values.
     * Works without a usable mapping or spec too (generic variants).
     */
    public List<SampleLead> edgeCases(String documentJson, Map<String, String> base, LocalDate today) {
        Mapping mapping = null;
        BuyerSpec spec = null;
        try {
            JsonNode root = DraftDocument.parse(documentJson).tree();
            spec = spec(root.get("spec"), new ArrayList<>());
            ObjectNode doc = ((ObjectNode) root).deepCopy();
            doc.remove(EXTRA_KEYS);
            mapping = parser.compile(doc);
        } catch (IllegalArgumentException | MappingParseException e) {
            // a draft being edited may not compile: generic variants still help
        }
        List<SampleLead> out = new ArrayList<>();
        for (EdgeCaseLeads.EdgeCaseLead edge : EdgeCaseLeads.of(base, mapping, spec, today)) {
            out.add(new SampleLead(edge.description(), SampleLeads.EDGE_CASE, edge.fields()));
        }
        return out;
    }

    private BuyerSpec spec(JsonNode node, List<Problem> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            BuyerSpecParser specs = new BuyerSpecParser(json);
            String text = json.writeValueAsString(node);
            return node.has("properties") ? specs.importJsonSchema(text) : specs.parse(text);
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            errors.add(new Problem("spec", "the attached buyer spec cannot be used: " + e.getMessage(),
                    Severity.ERROR));
            return null;
        }
    }

    /** The mapping without the designer's extra keys; rules that do not compile are left out and reported. */
    private Mapping compile(JsonNode root, List<Problem> errors) {
        ObjectNode doc = ((ObjectNode) root).deepCopy();
        doc.remove(EXTRA_KEYS);
        try {
            return parser.compile(doc);
        } catch (MappingParseException whole) {
            ArrayNode fields = doc.path("fields").isArray() ? (ArrayNode) doc.get("fields") : doc.putArray("fields");
            ArrayNode good = json.createArrayNode();
            List<String> ruleProblems = new ArrayList<>();
            for (int i = 0; i < fields.size(); i++) {
                ObjectNode one = doc.deepCopy();
                one.putArray("fields").add(fields.get(i));
                try {
                    parser.compile(one);
                    good.add(fields.get(i));
                } catch (MappingParseException e) {
                    for (String problem : e.problems()) {
                        ruleProblems.add(problem.startsWith("fields[0]") ? "fields[" + i + "]"
                                + problem.substring("fields[0]".length()) : problem);
                    }
                }
            }
            List<String> all = new ArrayList<>(ruleProblems);
            doc.set("fields", good);
            Mapping partial = null;
            if (!good.isEmpty()) {
                try {
                    partial = parser.compile(doc);
                } catch (MappingParseException e) {
                    all.addAll(e.problems());
                }
            } else if (ruleProblems.isEmpty()) {
                all.addAll(whole.problems());
            }
            for (String problem : new LinkedHashSet<>(all)) {
                errors.add(parseProblem(problem, fields));
            }
            return partial;
        }
    }

    private static Problem parseProblem(String problem, ArrayNode fields) {
        Matcher m = RULE_PROBLEM.matcher(problem);
        if (m.matches()) {
            int index = Integer.parseInt(m.group(1));
            String target = m.group(2) != null ? m.group(2)
                    : index < fields.size() ? fields.get(index).path("target").asText("fields[" + index + "]")
                    : "fields[" + index + "]";
            return new Problem(target, m.group(3), Severity.ERROR);
        }
        if (problem.startsWith("mapping: ")) {
            return new Problem("mapping", problem.substring("mapping: ".length()), Severity.ERROR);
        }
        return new Problem("mapping", problem, Severity.ERROR);
    }

    private static String request(Mapping mapping, RenderedPayload payload, List<String> headers) {
        HttpRequestPreview request = HttpRequestPreview.of(mapping, payload);
        request.headers().forEach((name, value) -> headers.add(name + ": " + mask(name, value)));
        return request.url() == null ? "" : request.method() + " " + maskUrl(request.url()) + " HTTP/1.1";
    }

    /** A secret header's value masked; an Authorization keeps its scheme so the operator sees which. */
    static String mask(String header, String value) {
        if (!SECRET_HEADER.matcher(header).matches() || header.equalsIgnoreCase("content-type")) {
            return value;
        }
        int space = value.indexOf(' ');
        if (header.toLowerCase(Locale.ROOT).endsWith("authorization") && space > 0) {
            return value.substring(0, space) + " " + MASK;
        }
        return MASK;
    }

    static String maskUrl(String url) {
        return SECRET_PARAM.matcher(url).replaceAll("$1" + MASK);
    }

    private static List<TargetNode> targetTree(DraftDocument document, String format, BuyerSpec spec,
            RenderedPayload payload, List<Problem> problems) {
        boolean nested = List.of("json", "xml", "soap11", "soap12").contains(format);
        Map<String, Boolean> paths = new LinkedHashMap<>();
        List<String> targets = document.targets();
        if (spec != null) {
            spec.fields().forEach(f -> paths.put(f.name(), Boolean.TRUE));
        }
        targets.stream().filter(t -> !t.isBlank()).forEach(t -> paths.putIfAbsent(t, Boolean.TRUE));

        Set<String> errorFields = new LinkedHashSet<>();
        Set<String> warningFields = new LinkedHashSet<>();
        Set<String> enumFields = new LinkedHashSet<>();
        for (Problem p : problems) {
            (p.severity() == Severity.ERROR ? errorFields : warningFields).add(p.field());
            if (p.message().contains("is not one of") || p.message().contains("no translation table covers")
                    || p.message().contains("not in the translation table")) {
                enumFields.add(p.field());
            }
        }
        Branch root = new Branch("", "");
        for (String path : paths.keySet()) {
            int rule = document.ruleIndex(path);
            SpecField field = spec == null ? null : spec.field(path);
            String value = payload == null ? null : payload.fieldValues().get(path);
            boolean required = field != null && field.required() || rule >= 0 && document.required(path);
            boolean unknownEnum = enumFields.contains(path) || field != null && !field.enumValues().isEmpty()
                    && value != null && !field.enumValues().contains(value);
            TargetInfo info = new TargetInfo(path, rule >= 0, rule >= 0 ? describeSource(document, path) : "", value,
                    required, spec == null || field != null, field != null && field.required() && rule < 0,
                    unknownEnum, errorFields.contains(path), warningFields.contains(path), hint(field),
                    field == null ? "" : field.type().id());
            List<String> segments = nested ? List.of(path.split("\\.")) : List.of(path);
            Branch at = root;
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < segments.size() - 1; i++) {
                prefix.append(i == 0 ? "" : ".").append(segments.get(i));
                at = at.branch(segments.get(i), prefix.toString());
            }
            at.children.put("\0" + path, new TargetNode(segments.get(segments.size() - 1), path, info, List.of()));
        }
        return root.build().children();
    }

    private static String describeSource(DraftDocument document, String target) {
        switch (document.sourceKind(target)) {
            case CONSTANT:
                return "\"" + document.sourceText(target) + "\"";
            case CONCAT:
                return "concat(" + document.sourceText(target) + ")";
            default:
                return document.sourceText(target);
        }
    }

    private static String hint(SpecField field) {
        if (field == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        parts.add(field.type().id());
        if (field.required()) {
            parts.add("required");
        }
        if (!field.enumValues().isEmpty()) {
            parts.add("one of " + String.join(" / ", field.enumValues()));
        }
        if (field.maxLength() != null) {
            parts.add("max " + field.maxLength());
        }
        if (field.pattern() != null) {
            parts.add("matches " + field.pattern().pattern());
        }
        return String.join(", ", parts);
    }

    /** A branch while the tree is built; children keyed so branches and leaves keep first-seen order. */
    private static final class Branch {
        final String label;
        final String path;
        final Map<String, Object> children = new LinkedHashMap<>();

        Branch(String label, String path) {
            this.label = label;
            this.path = path;
        }

        Branch branch(String segment, String prefix) {
            Object child = children.computeIfAbsent(segment, s -> new Branch(segment, prefix));
            return (Branch) child;
        }

        TargetNode build() {
            List<TargetNode> out = new ArrayList<>();
            for (Object child : children.values()) {
                out.add(child instanceof Branch ? ((Branch) child).build() : (TargetNode) child);
            }
            return new TargetNode(label, path, null, out);
        }
    }

    private static Map<String, List<String>> sourceUses(DraftDocument document) {
        Map<String, List<String>> uses = new LinkedHashMap<>();
        for (String target : document.targets()) {
            if (target.isBlank()) {
                continue;
            }
            Set<String> read = new LinkedHashSet<>();
            try {
                read.addAll(source(document, target).fields());
            } catch (IllegalArgumentException e) {
                // a half-typed template reads nothing yet
            }
            String when = document.option(target, "when");
            if (!when.isBlank()) {
                read.add(when);
            }
            read.forEach(f -> uses.computeIfAbsent(f, k -> new ArrayList<>()).add(target));
        }
        return uses;
    }

    private static ValueSource source(DraftDocument document, String target) {
        String text = document.sourceText(target);
        switch (document.sourceKind(target)) {
            case CONSTANT:
                return ValueSource.constant(text);
            case CONCAT:
                List<String> names = new ArrayList<>();
                for (String name : text.split(",")) {
                    if (!name.isBlank()) {
                        names.add(name.strip());
                    }
                }
                return ValueSource.concat(names, document.tree().path("fields").get(document.ruleIndex(target))
                        .path("separator").asText(" "));
            default:
                return text.indexOf('{') >= 0 || text.indexOf('}') >= 0 ? ValueSource.template(text)
                        : ValueSource.field(text);
        }
    }

    private ChainTrace trace(DraftDocument document, String target, Map<String, String> fields) {
        String when = document.option(target, "when");
        String value;
        String sourceNote = "";
        try {
            value = source(document, target).resolve(fields);
            if (value == null) {
                sourceNote = "the lead has no value here";
            }
        } catch (IllegalArgumentException e) {
            value = null;
            sourceNote = e.getMessage();
        }
        String sourceValue = value;
        List<StepTrace> steps = new ArrayList<>();
        boolean failed = !sourceNote.isEmpty() && sourceValue == null && !sourceNote.startsWith("the lead");
        List<JsonNode> chain = document.steps(target);
        for (int i = 0; i < chain.size(); i++) {
            String op = DraftDocument.op(chain.get(i));
            Object built = buildStep(chain.get(i));
            if (built instanceof String) {
                steps.add(new StepTrace(i, op, null, List.of(), (String) built, false));
                failed = true;
                continue;
            }
            if (failed) {
                steps.add(new StepTrace(i, op, null, List.of(), null, false));
                continue;
            }
            TransformResult result = Transforms.run((Transform) built, value, fields, clock);
            String error = result.ok() ? null : String.join("; ", result.errors());
            steps.add(new StepTrace(i, op, result.value(), result.warnings(), error, true));
            value = result.value();
            failed = !result.ok();
        }
        String finalNote = "";
        String finalValue = failed ? null : value;
        if (!when.isBlank() && (fields.get(when) == null || fields.get(when).isBlank())) {
            finalValue = null;
            finalNote = "left out: the lead has no " + when;
        } else if (!failed && (finalValue == null || finalValue.isBlank())) {
            String fallback = document.option(target, "default");
            if (!fallback.isBlank()) {
                finalValue = fallback;
                finalNote = "default used";
            } else {
                finalValue = null;
                finalNote = document.required(target) ? "required, but there is no value" : "left out: no value";
            }
        } else if (failed) {
            finalNote = "not sent: a step failed";
        }
        return new ChainTrace(target, sourceValue, sourceNote, steps, finalValue, finalNote);
    }

    /** Builds one step alone, so that a bad step names its own problem: a Transform, or the message. */
    private Object buildStep(JsonNode step) {
        ObjectNode doc = json.createObjectNode();
        doc.put("name", "step");
        doc.put("format", "json");
        ObjectNode rule = doc.putArray("fields").addObject();
        rule.put("target", "v");
        rule.put("const", "");
        rule.putArray("transforms").add(step);
        try {
            FieldRule compiled = parser.compile(doc).rules().get(0);
            return compiled.transforms().get(0);
        } catch (MappingParseException e) {
            String problem = e.problems().get(0);
            Matcher m = STEP_PROBLEM.matcher(problem);
            return m.matches() ? m.group(1) : problem;
        }
    }
}
