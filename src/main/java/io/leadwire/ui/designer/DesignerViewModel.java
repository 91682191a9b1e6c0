package io.leadwire.ui.designer;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadwire.lead.CanonicalField;
import io.leadwire.store.MappingRepository;
import io.leadwire.store.MappingVersionRow;
import io.leadwire.ui.ConsoleServices;
import io.leadwire.ui.UiExecutor;
import io.leadwire.ui.UserMessages;
import io.leadwire.ui.designer.DesignerAnalysis.ChainTrace;
import io.leadwire.ui.designer.DesignerAnalysis.Problem;
import io.leadwire.ui.designer.DesignerAnalysis.Result;
import io.leadwire.ui.designer.DesignerAnalysis.TargetNode;
import io.leadwire.ui.designer.DraftDocument.SourceKind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The mapping designer: one buyer's draft mapping, edited rule by rule against a sample lead,
 * with the payload, problems and per-step values re-worked off the FX thread after every edit.
 *
 * <p>Edits change the draft at once (on the FX thread); the analysis of the draft runs through the
 * {@link UiExecutor}. Rapid edits coalesce: while one analysis runs, later edits only mark the
 * draft stale, and when it returns its result is dropped in favour of analysing the latest draft.
 */
public final class DesignerViewModel {
    static final List<String> TYPES = List.of("string", "integer", "number", "boolean", "date");
    private static final List<String> FIELD_ORDER = List.of(CanonicalField.LEAD_ID, CanonicalField.FIRST_NAME,
            CanonicalField.LAST_NAME, CanonicalField.EMAIL, CanonicalField.PHONE, "phone_primary",
            CanonicalField.STREET, CanonicalField.CITY, CanonicalField.STATE, CanonicalField.ZIP,
            CanonicalField.COUNTRY, "dob", "homeowner", CanonicalField.IP_ADDRESS, CanonicalField.TIMESTAMP,
            CanonicalField.SOURCE);

    private final MappingRepository repository;
    private final UiExecutor executor;
    private final Clock clock;
    private final String operator;
    private final DesignerAnalysis analysis;
    private final SampleLeads sampleLeads;
    private final HistoryViewModel history;

    private final ObservableList<String> buyers = FXCollections.observableArrayList();
    private final ObjectProperty<String> selectedBuyer = new SimpleObjectProperty<>(this, "selectedBuyer");
    private final ObservableList<SampleLead> samples = FXCollections.observableArrayList();
    private final ObjectProperty<SampleLead> selectedSample = new SimpleObjectProperty<>(this, "selectedSample");
    private final ObservableList<SourceFieldRow> sourceFields = FXCollections.observableArrayList();
    private final ObjectProperty<String> selectedSource = new SimpleObjectProperty<>(this, "selectedSource");
    private final ReadOnlyObjectWrapper<List<TargetNode>> targetTree = new ReadOnlyObjectWrapper<>(this,
            "targetTree", List.of());
    private final ObjectProperty<String> selectedTarget = new SimpleObjectProperty<>(this, "selectedTarget");
    private final ReadOnlyBooleanWrapper ruleSelected = new ReadOnlyBooleanWrapper(this, "ruleSelected", false);

    private final ObjectProperty<SourceKind> sourceKind = new SimpleObjectProperty<>(this, "sourceKind",
            SourceKind.FIELD);
    private final StringProperty sourceText = new SimpleStringProperty(this, "sourceText", "");
    private final BooleanProperty required = new SimpleBooleanProperty(this, "required", false);
    private final StringProperty defaultValue = new SimpleStringProperty(this, "defaultValue", "");
    private final StringProperty when = new SimpleStringProperty(this, "when", "");
    private final StringProperty type = new SimpleStringProperty(this, "type", "string");
    private final ObservableList<StepRow> steps = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper sourceValue = new ReadOnlyStringWrapper(this, "sourceValue", "");
    private final ReadOnlyStringWrapper finalValue = new ReadOnlyStringWrapper(this, "finalValue", "");
    private final ReadOnlyStringWrapper finalNote = new ReadOnlyStringWrapper(this, "finalNote", "");

    private final ReadOnlyObjectWrapper<List<PayloadText.Token>> previewTokens = new ReadOnlyObjectWrapper<>(this,
            "previewTokens", List.of());
    private final ReadOnlyStringWrapper previewText = new ReadOnlyStringWrapper(this, "previewText", "");
    private final BooleanProperty exactBody = new SimpleBooleanProperty(this, "exactBody", false);
    private final ReadOnlyStringWrapper requestText = new ReadOnlyStringWrapper(this, "requestText", "");
    private final ReadOnlyStringWrapper formatText = new ReadOnlyStringWrapper(this, "formatText", "");
    private final ObservableList<Problem> problems = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper problemSummary = new ReadOnlyStringWrapper(this, "problemSummary", "");
    private final ReadOnlyDoubleWrapper lastRefreshMillis = new ReadOnlyDoubleWrapper(this, "lastRefreshMillis", 0);
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty", false);
    private final ReadOnlyBooleanWrapper documentOpen = new ReadOnlyBooleanWrapper(this, "documentOpen", false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper(this, "errorMessage", "");

    private DraftDocument document;
    private Result lastResult;
    private boolean loadingRule;
    private boolean analysing;
    private boolean stale;
    private long firstUnshownEdit;
    private int buyerLoads;

    public DesignerViewModel(ConsoleServices services, UiExecutor executor) {
        this(services, executor, System.getProperty("user.name", "operator"));
    }

    /** @param operator who publishes and rolls back, as the version history shows it */
    public DesignerViewModel(ConsoleServices services, UiExecutor executor, String operator) {
        this.repository = services.mappings();
        this.executor = executor;
        this.clock = services.clock();
        this.operator = operator;
        this.analysis = new DesignerAnalysis(clock);
        this.sampleLeads = new SampleLeads(services.leads(), clock);
        this.history = new HistoryViewModel(repository, executor, clock, this);

        selectedBuyer.addListener((o, old, buyer) -> openBuyer(old, buyer));
        selectedSample.addListener((o, a, b) -> {
            refresh();
            history.sampleChanged();
        });
        selectedTarget.addListener((o, a, target) -> loadRule(target));
        sourceKind.addListener((o, a, kind) -> editRule(t -> document.setSource(t, kind, sourceText.get())));
        sourceText.addListener((o, a, text) -> editRule(t -> document.setSource(t, sourceKind.get(), text)));
        required.addListener((o, a, on) -> editRule(t -> document.setRequired(t, on)));
        defaultValue.addListener((o, a, text) -> editRule(t -> document.setOption(t, "default", text)));
        when.addListener((o, a, text) -> editRule(t -> document.setOption(t, "when", text)));
        type.addListener((o, a, text) -> editRule(t -> document.setOption(t, "type", text)));
        exactBody.addListener((o, a, b) -> showPreview());
    }

    /** Loads the buyer list and the sample leads; selects the first of each. */
    public void start() {
        executor.submit(() -> new Start(repository.buyers(), sampleLeads.load()), start -> {
            samples.setAll(start.samples());
            if (selectedSample.get() == null && !samples.isEmpty()) {
                selectedSample.set(samples.get(0));
            }
            buyers.setAll(start.buyers());
            if (selectedBuyer.get() == null && !buyers.isEmpty()) {
                selectedBuyer.set(buyers.get(0));
            }
            if (buyers.isEmpty()) {
                message.set("No buyer mappings yet: add one with New buyer…, or import a file with "
                        + "'leadwire mapping import'.");
            }
        }, e -> errorMessage.set(UserMessages.describe("load the buyers and sample leads", e)));
    }

    private record Start(List<String> buyers, List<SampleLead> samples) {
    }

    /** Re-reads the buyer list (after another window or the command line added one). */
    public void reloadBuyers() {
        executor.submit(repository::buyers, list -> {
            String keep = selectedBuyer.get();
            buyers.setAll(list);
            if (keep != null && !list.contains(keep)) {
                buyers.add(keep);
            }
        }, e -> errorMessage.set(UserMessages.describe("load the buyers", e)));
    }

    private void openBuyer(String previous, String buyer) {
        if (previous != null && document != null && dirty.get()) {
            String json = document.toJson();
            executor.submit(() -> {
                repository.saveDraft(previous, json, clock.instant());
                return previous;
            }, b -> message.set("Saved the draft of " + b + "."),
                    e -> errorMessage.set(UserMessages.describe("save the draft of " + previous, e)));
        }
        document = null;
        documentOpen.set(false);
        dirty.set(false);
        selectedTarget.set(null);
        history.buyerChanged(buyer);
        if (buyer == null) {
            return;
        }
        int load = ++buyerLoads;
        executor.submit(() -> repository.draft(buyer).or(() -> repository.latest(buyer)
                .map(MappingVersionRow::documentJson)), json -> {
                    if (load != buyerLoads) {
                        return;
                    }
                    open(json.orElse(null), buyer);
                }, e -> errorMessage.set(UserMessages.describe("open the mapping of " + buyer, e)));
    }

    private void open(String json, String buyer) {
        try {
            document = DraftDocument.parse(json == null ? emptyDocument(buyer) : json);
            errorMessage.set("");
        } catch (IllegalArgumentException e) {
            document = DraftDocument.parse(emptyDocument(buyer));
            errorMessage.set("The stored draft of " + buyer + " is not a JSON object; starting from an empty one.");
        }
        documentOpen.set(true);
        dirty.set(false);
        formatText.set(document.format().toUpperCase(java.util.Locale.ROOT));
        refresh();
        edgeCasesFor(document.toJson());
    }

    /** Replaces the generic edge cases with ones sized for this buyer's rules and spec. */
    private void edgeCasesFor(String json) {
        Optional<SampleLead> base = samples.stream().filter(s -> s.group().equals("Fixture")).findFirst();
        if (base.isEmpty()) {
            return;
        }
        Map<String, String> fields = base.get().fields();
        java.time.LocalDate today = java.time.LocalDate.now(clock);
        executor.submit(() -> analysis.edgeCases(json, fields, today), edges -> {
            SampleLead selected = selectedSample.get();
            List<SampleLead> next = new ArrayList<>();
            samples.stream().filter(s -> !s.group().equals(SampleLeads.EDGE_CASE)).forEach(next::add);
            next.addAll(edges);
            if (!next.equals(samples)) {
                samples.setAll(next);
            }
            if (selected != null && !next.contains(selected)) {
                selectedSample.set(next.stream().filter(s -> s.label().equals(selected.label())
                        && s.group().equals(selected.group())).findFirst().orElse(next.get(0)));
            } else if (selected != null && selectedSample.get() != selected) {
                selectedSample.set(selected);
            }
        }, e -> errorMessage.set(UserMessages.describe("generate edge-case leads", e)));
    }

    static String emptyDocument(String buyer) {
        return "{\"name\": \"" + buyer.replace("\"", "'") + "\", \"format\": \"json\", \"fields\": []}";
    }

    /**
     * Adds a buyer with an empty JSON mapping and opens it; the draft is saved at once.
     *
     * @param onError gets what to fix when the name is not usable
     */
    public void addBuyer(String name, Consumer<String> onError) {
        if (name == null || name.isBlank()) {
            onError.accept("Enter the buyer's name.");
            return;
        }
        String buyer = name.strip();
        if (buyers.contains(buyer)) {
            onError.accept("A buyer named '" + buyer + "' exists already. Choose another name.");
            return;
        }
        String json = DraftDocument.parse(emptyDocument(buyer)).toJson();
        executor.submit(() -> {
            repository.saveDraft(buyer, json, clock.instant());
            return buyer;
        }, b -> {
            buyers.add(b);
            FXCollections.sort(buyers);
            selectedBuyer.set(b);
            message.set("Added " + b + ". Drag lead fields onto its buyer fields, or attach its spec.");
        }, e -> onError.accept(UserMessages.describe("add the buyer", e)));
    }

    // ---- editing -------------------------------------------------------------------------------

    /**
     * Maps a lead field onto a buyer field (what a drop does): the rule writing the target gets the
     * field as its source, or a new rule is added. The target is selected.
     */
    public void mapSource(String leadField, String target) {
        if (document == null) {
            errorMessage.set("Open a buyer's mapping first.");
            return;
        }
        if (leadField == null || target == null || target.isBlank()) {
            errorMessage.set("Choose a lead field and a buyer field to map it to.");
            return;
        }
        TargetInfoLookup spec = new TargetInfoLookup(targetTree.get());
        boolean added;
        try {
            added = document.map(leadField, target, spec.required(target), spec.type(target));
        } catch (IllegalArgumentException e) {
            errorMessage.set(UserMessages.describe("map the field", e));
            return;
        }
        edited();
        if (target.equals(selectedTarget.get())) {
            loadRule(target);
        } else {
            selectedTarget.set(target);
        }
        message.set((added ? "Mapped " : "Now mapping ") + leadField + " → " + target + ".");
    }

    /** The keyboard way to map: the selected lead field onto the selected buyer field. */
    public void mapSelected() {
        if (selectedSource.get() == null || selectedTarget.get() == null) {
            errorMessage.set("Select a lead field on the left and a buyer field on the right, then map.");
            return;
        }
        mapSource(selectedSource.get(), selectedTarget.get());
    }

    /**
     * Adds a buyer field that neither the mapping nor the spec has yet, with an empty source to
     * fill in or drop a lead field on.
     */
    public void addTarget(String path, Consumer<String> onError) {
        if (document == null) {
            onError.accept("Open a buyer's mapping first.");
            return;
        }
        if (path == null || path.isBlank()) {
            onError.accept("Enter the buyer's field name, e.g. applicant.phone or PhoneNumber.");
            return;
        }
        String target = path.strip();
        if (document.ruleIndex(target) >= 0) {
            onError.accept("'" + target + "' is mapped already.");
            return;
        }
        try {
            document.map("?", target, false, null);
        } catch (IllegalArgumentException e) {
            onError.accept(UserMessages.describe("add the field", e));
            return;
        }
        document.setSource(target, SourceKind.FIELD, "");
        edited();
        selectedTarget.set(target);
    }

    /** Removes the selected rule; its buyer field stays in the tree when the spec lists it. */
    public void removeSelectedRule() {
        String target = selectedTarget.get();
        if (document == null || target == null || !document.removeRule(target)) {
            return;
        }
        edited();
        loadRule(target);
        message.set("Removed the rule for " + target + ".");
    }

    public void addStep(String op) {
        editChain(t -> document.addStep(t, op));
    }

    public void removeStep(int index) {
        editChain(t -> document.removeStep(t, index));
    }

    public void moveStep(int index, int delta) {
        editChain(t -> document.moveStep(t, index, delta));
    }

    public void setStepOp(int index, String op) {
        editChain(t -> document.setStepOp(t, index, op));
    }

    /** Sets one argument of a step from its text; the row stays (the operator may still be typing). */
    public void setStepArg(int index, String name, String text) {
        String target = currentRule();
        if (target == null || index < 0 || index >= steps.size()) {
            return;
        }
        Optional<TransformCatalog.Arg> arg = TransformCatalog.find(steps.get(index).op()).flatMap(o -> o.arg(name));
        document.setStepArg(target, index, name, arg.map(TransformCatalog.Arg::kind)
                .orElse(TransformCatalog.ArgKind.TEXT), text);
        edited();
    }

    private String currentRule() {
        String target = selectedTarget.get();
        return document == null || target == null || document.ruleIndex(target) < 0 ? null : target;
    }

    private void editRule(Consumer<String> edit) {
        if (loadingRule) {
            return;
        }
        String target = currentRule();
        if (target == null) {
            return;
        }
        edit.accept(target);
        edited();
    }

    private void editChain(Consumer<String> edit) {
        String target = currentRule();
        if (target == null) {
            return;
        }
        try {
            edit.accept(target);
        } catch (IndexOutOfBoundsException e) {
            return;
        }
        rebuildSteps(target);
        edited();
    }

    private void edited() {
        dirty.set(true);
        errorMessage.set("");
        refresh();
    }

    private void loadRule(String target) {
        loadingRule = true;
        try {
            boolean rule = document != null && target != null && document.ruleIndex(target) >= 0;
            ruleSelected.set(rule);
            sourceKind.set(rule ? document.sourceKind(target) : SourceKind.FIELD);
            sourceText.set(rule ? document.sourceText(target) : "");
            required.set(rule && document.required(target));
            defaultValue.set(rule ? document.option(target, "default") : "");
            when.set(rule ? document.option(target, "when") : "");
            String kind = rule ? document.option(target, "type") : "";
            type.set(kind.isEmpty() ? "string" : kind);
            if (rule) {
                rebuildSteps(target);
            } else {
                steps.clear();
            }
            sourceValue.set("");
            finalValue.set("");
            finalNote.set("");
        } finally {
            loadingRule = false;
        }
        refresh();
    }

    private void rebuildSteps(String target) {
        List<StepRow> rows = new ArrayList<>();
        List<JsonNode> chain = document.steps(target);
        for (int i = 0; i < chain.size(); i++) {
            JsonNode step = chain.get(i);
            String op = DraftDocument.op(step);
            List<StepRow.ArgValue> args = new ArrayList<>();
            TransformCatalog.find(op).ifPresent(o -> o.args().forEach(a ->
                    args.add(new StepRow.ArgValue(a, DraftDocument.argText(step, a.name())))));
            rows.add(new StepRow(i, op, args));
        }
        steps.setAll(rows);
    }

    // ---- analysis ------------------------------------------------------------------------------

    /** Analyses the current draft for the current sample; coalesces with one already running. */
    void refresh() {
        if (document == null) {
            return;
        }
        if (firstUnshownEdit == 0) {
            firstUnshownEdit = System.nanoTime();
        }
        if (analysing) {
            stale = true;
            return;
        }
        launch();
    }

    private void launch() {
        analysing = true;
        stale = false;
        String json = document.toJson();
        Map<String, String> fields = sampleFields();
        String target = selectedTarget.get();
        long editAt = firstUnshownEdit;
        firstUnshownEdit = 0;
        executor.submit(() -> analysis.analyze(json, fields, target), result -> {
            analysing = false;
            if (stale || document == null) {
                if (firstUnshownEdit == 0 || editAt < firstUnshownEdit) {
                    firstUnshownEdit = editAt;
                }
                if (document != null) {
                    launch();
                }
                return;
            }
            apply(result, editAt);
        }, e -> {
            analysing = false;
            errorMessage.set(UserMessages.describe("work out the preview", e));
            if (stale && document != null) {
                launch();
            }
        });
    }

    Map<String, String> sampleFields() {
        return selectedSample.get() == null ? Map.of() : selectedSample.get().fields();
    }

    private void apply(Result result, long editAt) {
        lastResult = result;
        targetTree.set(result.targets());
        problems.setAll(result.problems());
        long errors = result.errorCount();
        long warnings = result.problems().size() - errors;
        problemSummary.set(errors == 0 && warnings == 0 ? "none"
                : warnings == 0 ? plural(errors, "error") : errors == 0 ? plural(warnings, "warning")
                : plural(errors, "error") + ", " + plural(warnings, "warning"));
        formatText.set(result.format().toUpperCase(java.util.Locale.ROOT));
        List<String> request = new ArrayList<>();
        if (!result.requestLine().isEmpty()) {
            request.add(result.requestLine());
        }
        request.addAll(result.headers());
        requestText.set(String.join("\n", request));
        showPreview();
        updateSources(result);
        showTrace(result.trace());
        if (editAt != 0) {
            lastRefreshMillis.set((System.nanoTime() - editAt) / 1_000_000.0);
        }
    }

    private void showPreview() {
        if (lastResult == null) {
            return;
        }
        List<PayloadText.Token> tokens = exactBody.get() ? lastResult.exactTokens() : lastResult.tokens();
        previewTokens.set(tokens);
        previewText.set(PayloadText.text(tokens));
    }

    private void updateSources(Result result) {
        Map<String, String> fields = sampleFields();
        Set<String> names = new LinkedHashSet<>();
        FIELD_ORDER.stream().filter(fields::containsKey).forEach(names::add);
        names.addAll(new TreeSet<>(fields.keySet()));
        FIELD_ORDER.stream().filter(f -> !names.contains(f)).forEach(names::add);
        names.addAll(new TreeSet<>(result.sourceUses().keySet()));
        List<SourceFieldRow> rows = new ArrayList<>();
        for (String name : names) {
            rows.add(new SourceFieldRow(name, fields.get(name), result.sourceUses().getOrDefault(name, List.of())));
        }
        if (!rows.equals(sourceFields)) {
            sourceFields.setAll(rows);
        }
    }

    private void showTrace(ChainTrace trace) {
        if (trace == null || !trace.target().equals(selectedTarget.get())) {
            return;
        }
        sourceValue.set(trace.sourceValue() == null ? "no value" + (trace.sourceNote().isEmpty() ? ""
                : " — " + trace.sourceNote()) : display(trace.sourceValue()));
        if (trace.steps().size() == steps.size()) {
            for (int i = 0; i < steps.size(); i++) {
                steps.get(i).show(trace.steps().get(i));
            }
        }
        finalValue.set(trace.finalValue() == null ? "not sent" : display(trace.finalValue()));
        finalNote.set(trace.finalNote());
    }

    /** A value as the chain view shows it: quoted, so spaces and empty text are visible. */
    static String display(String value) {
        return value == null ? "no value" : "\"" + value + "\"";
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    // ---- saving and publishing -------------------------------------------------------------------

    /** Saves the draft (Ctrl+S; also done when switching buyers). */
    public void saveDraft() {
        String buyer = selectedBuyer.get();
        if (document == null || buyer == null) {
            return;
        }
        String json = document.toJson();
        executor.submit(() -> {
            repository.saveDraft(buyer, json, clock.instant());
            return json;
        }, saved -> {
            if (buyer.equals(selectedBuyer.get()) && document != null && saved.equals(document.toJson())) {
                dirty.set(false);
            }
            message.set("Draft of " + buyer + " saved.");
        }, e -> errorMessage.set(UserMessages.describe("save the draft", e)));
    }

    /**
     * Why the draft cannot be published now, or empty: a mapping that does not compile or does
     * not fit the buyer's spec is refused (problems of the sample lead alone do not block).
     */
    public Optional<String> publishBlocker() {
        if (document == null || selectedBuyer.get() == null) {
            return Optional.of("Open a buyer's mapping first.");
        }
        List<String> blockers = analysis.publishProblems(document.toJson());
        return blockers.isEmpty() ? Optional.empty()
                : Optional.of("Fix these before publishing: " + String.join("; ", blockers) + ".");
    }

    /**
     * Publishes the draft as the buyer's next version.
     *
     * @param note    why, for the history
     * @param onError gets what to fix
     */
    public void publish(String note, Consumer<String> onError) {
        Optional<String> blocker = publishBlocker();
        if (blocker.isPresent()) {
            onError.accept(blocker.get());
            return;
        }
        String buyer = selectedBuyer.get();
        String json = document.toJson();
        executor.submit(() -> repository.publish(buyer, json, operator, note == null ? "" : note.strip(),
                clock.instant()), row -> {
                    if (document != null && json.equals(document.toJson())) {
                        dirty.set(false);
                    }
                    message.set("Published " + buyer + " v" + row.version() + ".");
                    history.reload();
                }, e -> onError.accept(UserMessages.describe("publish the mapping", e)));
    }

    /** Rolls the buyer back to a published version (published again as the newest) and opens it. */
    public void rollback(int version, Consumer<String> onError) {
        String buyer = selectedBuyer.get();
        if (buyer == null) {
            onError.accept("Open a buyer's mapping first.");
            return;
        }
        executor.submit(() -> repository.rollback(buyer, version, operator, clock.instant()), row -> {
            if (!buyer.equals(selectedBuyer.get())) {
                return;
            }
            String target = selectedTarget.get();
            open(row.documentJson(), buyer);
            selectedTarget.set(null);
            if (target != null && document.ruleIndex(target) >= 0) {
                selectedTarget.set(target);
            }
            message.set("Rolled " + buyer + " back to v" + version + " (published as v" + row.version() + ").");
            history.reload();
        }, e -> onError.accept(UserMessages.describe("roll back", e)));
    }

    /** Selects the rule a problem is about, or its buyer field when no rule writes it. */
    public void selectProblem(Problem problem) {
        if (problem == null || document == null) {
            return;
        }
        String field = problem.field();
        if (document.ruleIndex(field) >= 0 || new TargetInfoLookup(targetTree.get()).has(field)) {
            selectedTarget.set(field);
        } else {
            message.set("That problem is about the " + field + " as a whole, not one buyer field.");
        }
    }

    /** Buyer-spec facts about targets, read from the last analysis' tree. */
    private static final class TargetInfoLookup {
        private final Map<String, DesignerAnalysis.TargetInfo> infos = new java.util.HashMap<>();

        TargetInfoLookup(List<TargetNode> roots) {
            roots.forEach(this::collect);
        }

        private void collect(TargetNode node) {
            if (node.leaf()) {
                infos.put(node.path(), node.info());
            }
            node.children().forEach(this::collect);
        }

        boolean has(String target) {
            return infos.containsKey(target);
        }

        boolean required(String target) {
            DesignerAnalysis.TargetInfo info = infos.get(target);
            return info != null && info.unmappedRequired();
        }

        String type(String target) {
            DesignerAnalysis.TargetInfo info = infos.get(target);
            return info == null || info.specType().isEmpty() ? null : info.specType();
        }
    }

    // ---- properties ------------------------------------------------------------------------------

    public HistoryViewModel history() {
        return history;
    }

    String currentJson() {
        return document == null ? null : document.toJson();
    }

    public ObservableList<String> buyers() {
        return buyers;
    }

    public ObjectProperty<String> selectedBuyerProperty() {
        return selectedBuyer;
    }

    public String getSelectedBuyer() {
        return selectedBuyer.get();
    }

    public ObservableList<SampleLead> samples() {
        return samples;
    }

    public ObjectProperty<SampleLead> selectedSampleProperty() {
        return selectedSample;
    }

    public ObservableList<SourceFieldRow> sourceFields() {
        return sourceFields;
    }

    public ObjectProperty<String> selectedSourceProperty() {
        return selectedSource;
    }

    public ReadOnlyObjectProperty<List<TargetNode>> targetTreeProperty() {
        return targetTree.getReadOnlyProperty();
    }

    public List<TargetNode> getTargetTree() {
        return targetTree.get();
    }

    public ObjectProperty<String> selectedTargetProperty() {
        return selectedTarget;
    }

    public String getSelectedTarget() {
        return selectedTarget.get();
    }

    public ReadOnlyBooleanProperty ruleSelectedProperty() {
        return ruleSelected.getReadOnlyProperty();
    }

    public ObjectProperty<SourceKind> sourceKindProperty() {
        return sourceKind;
    }

    public StringProperty sourceTextProperty() {
        return sourceText;
    }

    public BooleanProperty requiredProperty() {
        return required;
    }

    public StringProperty defaultValueProperty() {
        return defaultValue;
    }

    public StringProperty whenProperty() {
        return when;
    }

    public StringProperty typeProperty() {
        return type;
    }

    public List<String> types() {
        return TYPES;
    }

    public ObservableList<StepRow> steps() {
        return steps;
    }

    public ReadOnlyStringProperty sourceValueProperty() {
        return sourceValue.getReadOnlyProperty();
    }

    public String getSourceValue() {
        return sourceValue.get();
    }

    public ReadOnlyStringProperty finalValueProperty() {
        return finalValue.getReadOnlyProperty();
    }

    public String getFinalValue() {
        return finalValue.get();
    }

    public ReadOnlyStringProperty finalNoteProperty() {
        return finalNote.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<PayloadText.Token>> previewTokensProperty() {
        return previewTokens.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty previewTextProperty() {
        return previewText.getReadOnlyProperty();
    }

    public String getPreviewText() {
        return previewText.get();
    }

    /** Show the body exactly as sent instead of laid out for reading. */
    public BooleanProperty exactBodyProperty() {
        return exactBody;
    }

    /** The request line (when the mapping names an endpoint) and the headers, secrets masked. */
    public ReadOnlyStringProperty requestTextProperty() {
        return requestText.getReadOnlyProperty();
    }

    public String getRequestText() {
        return requestText.get();
    }

    public ReadOnlyStringProperty formatTextProperty() {
        return formatText.getReadOnlyProperty();
    }

    public ObservableList<Problem> problems() {
        return problems;
    }

    public ReadOnlyStringProperty problemSummaryProperty() {
        return problemSummary.getReadOnlyProperty();
    }

    /** Milliseconds from the first edit not yet shown to the preview showing it, for the last refresh. */
    public ReadOnlyDoubleProperty lastRefreshMillisProperty() {
        return lastRefreshMillis.getReadOnlyProperty();
    }

    public double getLastRefreshMillis() {
        return lastRefreshMillis.get();
    }

    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    public boolean isDirty() {
        return dirty.get();
    }

    public ReadOnlyBooleanProperty documentOpenProperty() {
        return documentOpen.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public String getMessage() {
        return message.get();
    }

    public ReadOnlyStringProperty errorMessageProperty() {
        return errorMessage.getReadOnlyProperty();
    }

    public String getErrorMessage() {
        return errorMessage.get();
    }
}
