package io.leadwire.ui.quarantine;

import io.leadwire.lead.CanonicalField;
import io.leadwire.lead.Lead;
import io.leadwire.lead.Vendor;
import io.leadwire.quality.Finding;
import io.leadwire.quality.QuarantineDesk;
import io.leadwire.quality.ScoreLine;
import io.leadwire.quality.Severity;
import io.leadwire.quality.Verdict;
import io.leadwire.store.QuarantineRepository;
import io.leadwire.store.QuarantineRepository.HeldLead;
import io.leadwire.store.QuarantineRepository.QueueQuery;
import io.leadwire.store.QuarantineRepository.TimelineEntry;
import io.leadwire.ui.ConsoleServices;
import io.leadwire.ui.FxEventBridge;
import io.leadwire.ui.UiExecutor;
import io.leadwire.ui.UserMessages;
import io.leadwire.ui.live.VendorChoice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * The quarantine desk: the queue of held leads (paged over the database, filtered by reason,
 * vendor, age and text, sorted), counts per reason, and the selected lead as an editable form that
 * is re-judged as the operator types. Release, reject and link act on the selected lead; with
 * several leads selected, release and reject run as one all-or-nothing bulk action whose progress
 * is a {@link Task}'s.
 */
public final class QuarantineViewModel {
    public static final int PAGE_SIZE = 100;
    /** Fields every form shows, so a missing one can be filled in. */
    static final List<String> FORM_FIELDS = List.of(CanonicalField.FIRST_NAME, CanonicalField.LAST_NAME,
            CanonicalField.EMAIL, CanonicalField.PHONE, CanonicalField.COUNTRY);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ConsoleServices services;
    private final QuarantineDesk desk;
    private final QuarantineRepository queue;
    private final UiExecutor executor;
    private final Clock clock;
    private final ZoneId zone;

    private final ObservableList<QueueRow> rows = FXCollections.observableArrayList();
    private final ObservableList<ReasonChip> reasonChips = FXCollections.observableArrayList();
    private final ObservableList<VendorChoice> vendorChoices = FXCollections.observableArrayList(VendorChoice.ALL);
    private final ObservableList<AgeChoice> ageChoices = FXCollections.observableArrayList(AgeChoice.values());
    private final ObservableList<SortChoice> sortChoices = FXCollections.observableArrayList(SortChoice.values());
    private final ObservableList<FieldEdit> fields = FXCollections.observableArrayList();
    private final ObservableList<FindingRow> findings = FXCollections.observableArrayList();
    private final ObservableList<ScoreRow> breakdown = FXCollections.observableArrayList();
    private final ObservableList<TimelineItem> timeline = FXCollections.observableArrayList();
    private final ObservableList<OriginalRow> originals = FXCollections.observableArrayList();
    private final ObservableList<String> selectedIds = FXCollections.observableArrayList();

    private final ObjectProperty<VendorChoice> vendorFilter = new SimpleObjectProperty<>(this, "vendorFilter",
            VendorChoice.ALL);
    private final ObjectProperty<AgeChoice> ageFilter = new SimpleObjectProperty<>(this, "ageFilter", AgeChoice.ANY);
    private final ObjectProperty<SortChoice> sort = new SimpleObjectProperty<>(this, "sort", SortChoice.OLDEST);
    private final StringProperty reasonFilter = new SimpleStringProperty(this, "reasonFilter", null);
    private final StringProperty searchText = new SimpleStringProperty(this, "searchText", "");

    private final ReadOnlyIntegerWrapper pageIndex = new ReadOnlyIntegerWrapper(this, "pageIndex", 0);
    private final ReadOnlyIntegerWrapper pageCount = new ReadOnlyIntegerWrapper(this, "pageCount", 1);
    private final ReadOnlyStringWrapper pageText = new ReadOnlyStringWrapper(this, "pageText", "Page 1 of 1");
    private final ReadOnlyStringWrapper totalText = new ReadOnlyStringWrapper(this, "totalText", "");
    private final ReadOnlyBooleanWrapper previousDisabled = new ReadOnlyBooleanWrapper(this, "previousDisabled", true);
    private final ReadOnlyBooleanWrapper nextDisabled = new ReadOnlyBooleanWrapper(this, "nextDisabled", true);
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper(this, "errorMessage", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");

    private final ReadOnlyStringWrapper selectedLeadId = new ReadOnlyStringWrapper(this, "selectedLeadId", null);
    private final ReadOnlyBooleanWrapper detailShown = new ReadOnlyBooleanWrapper(this, "detailShown", false);
    private final ReadOnlyBooleanWrapper multiSelection = new ReadOnlyBooleanWrapper(this, "multiSelection", false);
    private final ReadOnlyStringWrapper detailTitle = new ReadOnlyStringWrapper(this, "detailTitle",
            "Select a lead to review it");
    private final ReadOnlyStringWrapper detailSubtitle = new ReadOnlyStringWrapper(this, "detailSubtitle", "");
    private final ReadOnlyStringWrapper scoreText = new ReadOnlyStringWrapper(this, "scoreText", "–");
    private final ReadOnlyStringWrapper tier = new ReadOnlyStringWrapper(this, "tier", "");
    private final ReadOnlyStringWrapper outcomeText = new ReadOnlyStringWrapper(this, "outcomeText", "");
    private final ReadOnlyBooleanWrapper releasable = new ReadOnlyBooleanWrapper(this, "releasable", false);
    private final ReadOnlyBooleanWrapper edited = new ReadOnlyBooleanWrapper(this, "edited", false);
    private final ReadOnlyStringWrapper refusal = new ReadOnlyStringWrapper(this, "refusal", "");
    private final ReadOnlyStringWrapper selectionText = new ReadOnlyStringWrapper(this, "selectionText", "");
    private final ReadOnlyStringWrapper releaseText = new ReadOnlyStringWrapper(this, "releaseText", "Release");
    private final ReadOnlyStringWrapper rejectText = new ReadOnlyStringWrapper(this, "rejectText", "Reject…");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyBooleanWrapper actionsDisabled = new ReadOnlyBooleanWrapper(this, "actionsDisabled", true);
    private final ReadOnlyDoubleWrapper bulkProgress = new ReadOnlyDoubleWrapper(this, "bulkProgress", 0);
    private final ReadOnlyBooleanWrapper bulkShown = new ReadOnlyBooleanWrapper(this, "bulkShown", false);
    private final ReadOnlyStringWrapper bulkText = new ReadOnlyStringWrapper(this, "bulkText", "");
    private final ReadOnlyIntegerWrapper revalidations = new ReadOnlyIntegerWrapper(this, "revalidations", 0);

    private final Map<String, String> vendorNames = new HashMap<>();
    private boolean queryInFlight;
    private boolean dirty;
    private boolean stale;
    private Lead selectedLead;
    private boolean judgeInFlight;
    private boolean judgeDirty;

    public QuarantineViewModel(ConsoleServices services, UiExecutor executor) {
        this.services = services;
        this.desk = services.quarantine();
        this.queue = desk.queue();
        this.executor = executor;
        this.clock = services.clock();
        this.zone = clock.getZone();
        vendorFilter.addListener((o, a, b) -> filterChanged());
        ageFilter.addListener((o, a, b) -> filterChanged());
        sort.addListener((o, a, b) -> filterChanged());
        reasonFilter.addListener((o, a, b) -> filterChanged());
        searchText.addListener((o, a, b) -> filterChanged());
        selectedIds.addListener((javafx.collections.ListChangeListener<String>) c -> selectionCountChanged());
    }

    /**
     * Lead changes anywhere (intake, quality stage, another desk) mark the queue stale; {@link #tick()}
     * re-queries it at most once a second. A review queue needs no more, and a flood of new leads
     * must not turn into a flood of queries. The desk's own actions refresh at once.
     */
    public void attach(FxEventBridge bridge) {
        bridge.addListener(batch -> {
            if (batch.vendorsChanged()) {
                loadVendors();
            } else if (batch.leadsReceived() > 0) {
                stale = true;
            }
        });
    }

    /** Called once a second: refreshes the queue if leads changed since the last query. */
    public void tick() {
        if (stale) {
            stale = false;
            refresh();
        }
    }

    /** Loads vendor names and the first page. */
    public void start() {
        loadVendors();
    }

    private void loadVendors() {
        executor.submit(() -> services.vendors().list(), vendors -> {
            applyVendors(vendors);
            refresh();
        }, e -> errorMessage.set(UserMessages.describe("load vendors", e)));
    }

    private void applyVendors(List<Vendor> vendors) {
        vendorNames.clear();
        List<VendorChoice> choices = new ArrayList<>();
        choices.add(VendorChoice.ALL);
        for (Vendor v : vendors) {
            vendorNames.put(v.id(), v.name());
            choices.add(new VendorChoice(v.id(), v.name()));
        }
        choices.subList(1, choices.size()).sort(Comparator.comparing(VendorChoice::label));
        VendorChoice current = vendorFilter.get();
        vendorChoices.setAll(choices);
        VendorChoice keep = choices.stream()
                .filter(c -> Objects.equals(c.vendorId(), current == null ? null : current.vendorId()))
                .findFirst().orElse(VendorChoice.ALL);
        if (!keep.equals(vendorFilter.get())) {
            vendorFilter.set(keep);
        }
    }

    private void filterChanged() {
        pageIndex.set(0);
        refresh();
    }

    public void nextPage() {
        if (pageIndex.get() + 1 < pageCount.get()) {
            pageIndex.set(pageIndex.get() + 1);
            refresh();
        }
    }

    public void previousPage() {
        if (pageIndex.get() > 0) {
            pageIndex.set(pageIndex.get() - 1);
            refresh();
        }
    }

    /** The current filters as a store query. */
    public QueueQuery currentQuery() {
        VendorChoice v = vendorFilter.get();
        AgeChoice age = ageFilter.get();
        String text = searchText.get();
        Instant before = age == null || age.olderThan() == null ? null : clock.instant().minus(age.olderThan());
        return new QueueQuery(reasonFilter.get(), v == null ? null : v.vendorId(), before,
                text == null || text.isBlank() ? null : text.strip(),
                sort.get() == null ? null : sort.get().sort());
    }

    /** Re-queries page, total and reason counts; at most one query in flight, bursts coalesce. */
    public void refresh() {
        if (queryInFlight) {
            dirty = true;
            return;
        }
        queryInFlight = true;
        dirty = false;
        QueueQuery q = currentQuery();
        int page = pageIndex.get();
        executor.submit(() -> {
            long total = queue.count(q);
            int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
            int p = Math.min(page, pages - 1);
            QueueQuery all = new QueueQuery(null, q.vendorId(), q.receivedBefore(), q.text(), q.sort());
            long allTotal = q.reasonCode() == null ? total : queue.count(all);
            return new PageResult(total, allTotal, p, queue.page(q, p * PAGE_SIZE, PAGE_SIZE), queue.countByReason(q),
                    services.vendors().list());
        }, this::pageLoaded, e -> {
            queryInFlight = false;
            errorMessage.set(UserMessages.describe("load the quarantine", e));
        });
    }

    private record PageResult(long total, long allTotal, int page, List<HeldLead> leads, Map<String, Long> reasons,
                              List<Vendor> vendors) {
    }

    private void pageLoaded(PageResult r) {
        queryInFlight = false;
        errorMessage.set("");
        if (!vendorNames.keySet().containsAll(r.vendors().stream().map(Vendor::id).toList())) {
            applyVendors(r.vendors());
        }
        Instant now = clock.instant();
        List<QueueRow> newRows = new ArrayList<>(r.leads().size());
        for (HeldLead h : r.leads()) {
            Lead l = h.lead();
            newRows.add(new QueueRow(l.id(), age(Duration.between(l.receivedAt(), now)),
                    vendorNames.getOrDefault(l.vendorId(), l.vendorId()), l.vendorLeadId(), l.displayName(),
                    h.score(), h.tier() == null ? "" : h.tier().toLowerCase(Locale.ROOT),
                    h.reasonCodes().stream().map(ReasonLabel::of).toList()));
        }
        if (!newRows.equals(rows)) {
            rows.setAll(newRows);
        }
        List<ReasonChip> chips = new ArrayList<>();
        chips.add(new ReasonChip(null, r.allTotal()));
        r.reasons().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> chips.add(new ReasonChip(ReasonLabel.of(e.getKey()), e.getValue())));
        String chosen = reasonFilter.get();
        if (chosen != null && chips.stream().noneMatch(c -> chosen.equals(c.code()))) {
            chips.add(new ReasonChip(ReasonLabel.of(chosen), 0));
        }
        if (!chips.equals(reasonChips)) {
            reasonChips.setAll(chips);
        }
        int pages = (int) Math.max(1, (r.total() + PAGE_SIZE - 1) / PAGE_SIZE);
        pageCount.set(pages);
        pageIndex.set(r.page());
        pageText.set(String.format("Page %,d of %,d", r.page() + 1, pages));
        previousDisabled.set(r.page() == 0);
        nextDisabled.set(r.page() + 1 >= pages);
        totalText.set(r.total() == 1 ? "1 lead held" : String.format("%,d leads held", r.total()));
        if (dirty) {
            refresh();
        }
    }

    /** "45s", "12m", "3h 05m", "2d 4h". */
    static String age(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m";
        }
        if (s < 86_400) {
            return String.format("%dh %02dm", s / 3600, (s % 3600) / 60);
        }
        return (s / 86_400) + "d " + (s % 86_400) / 3600 + "h";
    }

    /**
     * The table's selection. One lead shows as an editable form; with more than one selected,
     * release and reject act on all of them.
     */
    public void select(List<String> ids) {
        List<String> distinct = ids.stream().filter(Objects::nonNull).distinct().toList();
        if (!distinct.equals(selectedIds)) {
            selectedIds.setAll(distinct);
        }
        String focus = distinct.size() == 1 ? distinct.get(0) : null;
        if (Objects.equals(focus, selectedLeadId.get()) && (focus != null || !detailShown.get())) {
            if (focus == null) {
                detailTitle.set(multiSelection.get() ? selectionText.get() : "Select a lead to review it");
            }
            return;
        }
        showLead(focus);
    }

    private void selectionCountChanged() {
        int n = selectedIds.size();
        multiSelection.set(n > 1);
        releaseText.set(n > 1 ? "Release " + n : "Release");
        rejectText.set(n > 1 ? "Reject " + n + "…" : "Reject…");
        selectionText.set(n > 1 ? n + " leads selected" : "");
        updateActions();
    }

    private void updateActions() {
        int n = selectedIds.size();
        actionsDisabled.set(busy.get() || n == 0 || (n == 1 && selectedLead == null));
    }

    private void showLead(String id) {
        selectedLeadId.set(id);
        selectedLead = null;
        refusal.set("");
        fields.clear();
        findings.clear();
        breakdown.clear();
        timeline.clear();
        edited.set(false);
        releasable.set(false);
        updateActions();
        if (id == null) {
            detailShown.set(false);
            detailTitle.set(multiSelection.get() ? selectionText.get() : "Select a lead to review it");
            detailSubtitle.set("");
            return;
        }
        executor.submit(() -> new Detail(queue.find(id), queue.timeline(id)), d -> detailLoaded(id, d),
                e -> errorMessage.set(UserMessages.describe("load the lead", e)));
    }

    private record Detail(Optional<HeldLead> lead, List<TimelineEntry> timeline) {
    }

    private void detailLoaded(String id, Detail d) {
        if (!id.equals(selectedLeadId.get())) {
            return;
        }
        if (d.lead().isEmpty()) {
            detailShown.set(false);
            detailTitle.set("This lead is no longer in the database");
            return;
        }
        Lead lead = d.lead().get().lead();
        selectedLead = lead;
        detailTitle.set(lead.vendorLeadId() + (lead.displayName().isEmpty() ? "" : " · " + lead.displayName()));
        detailSubtitle.set(vendorNames.getOrDefault(lead.vendorId(), lead.vendorId()) + " · received "
                + DATE_TIME.format(lead.receivedAt().atZone(zone)) + " · waiting "
                + age(Duration.between(lead.receivedAt(), clock.instant())));
        Map<String, String> editable = QuarantineDesk.editableFields(lead);
        editable.remove(CanonicalField.LEAD_ID);
        List<FieldEdit> form = new ArrayList<>();
        for (String f : FORM_FIELDS) {
            form.add(new FieldEdit(f, editable.remove(f)));
        }
        editable.forEach((k, v) -> form.add(new FieldEdit(k, v)));
        for (FieldEdit f : form) {
            f.editedProperty().addListener((o, a, b) -> edited.set(fields.stream().anyMatch(FieldEdit::isEdited)));
        }
        fields.setAll(form);
        setTimeline(d.timeline());
        detailShown.set(true);
        updateActions();
        revalidate();
    }

    private void setTimeline(List<TimelineEntry> entries) {
        List<TimelineItem> items = new ArrayList<>(entries.size());
        for (TimelineEntry e : entries) {
            items.add(new TimelineItem(TIME.format(e.at().atZone(zone)), e.type(), e.detail(),
                    e.actor() == null ? "" : e.actor()));
        }
        timeline.setAll(items);
    }

    /** The form's values as lead fields (the vendor's lead id kept as stored). */
    Map<String, String> editedFields() {
        Map<String, String> out = new LinkedHashMap<>();
        if (selectedLead != null && selectedLead.vendorLeadId() != null) {
            String leadId = selectedLead.field(CanonicalField.LEAD_ID);
            if (leadId != null) {
                out.put(CanonicalField.LEAD_ID, leadId);
            }
        }
        for (FieldEdit f : fields) {
            out.put(f.name(), f.getValue() == null ? "" : f.getValue());
        }
        return out;
    }

    /**
     * Re-judges the selected lead with the form's values, off the FX thread; one check in flight,
     * and edits made meanwhile are checked as soon as it returns. The view calls this (debounced)
     * as the operator types.
     */
    public void revalidate() {
        Lead lead = selectedLead;
        if (lead == null) {
            return;
        }
        if (judgeInFlight) {
            judgeDirty = true;
            return;
        }
        judgeInFlight = true;
        judgeDirty = false;
        Map<String, String> values = editedFields();
        executor.submit(() -> desk.preview(lead, values), v -> {
            judgeInFlight = false;
            if (lead == selectedLead) {
                applyVerdict(v);
            }
            if (judgeDirty) {
                revalidate();
            }
        }, e -> {
            judgeInFlight = false;
            errorMessage.set(UserMessages.describe("check the lead", e));
        });
    }

    private void applyVerdict(Verdict v) {
        revalidations.set(revalidations.get() + 1);
        scoreText.set(String.valueOf(v.score().value()));
        tier.set(v.score().tier().name().toLowerCase(Locale.ROOT));
        boolean ok = QuarantineDesk.releasable(v);
        releasable.set(ok);
        List<Finding> blocking = QuarantineDesk.blocking(v);
        String prefix = edited.get() ? "With your edits: " : "";
        if (!ok) {
            outcomeText.set(prefix + "held — " + (blocking.size() == 1 ? "1 error" : blocking.size() + " errors")
                    + " to fix before it can be released");
        } else if (v.decision() == io.leadwire.quality.Decision.QUARANTINED) {
            outcomeText.set(prefix + "held for its score — releasing overrides it");
        } else {
            outcomeText.set(prefix + "passes — releasing accepts it");
        }
        List<FindingRow> rowsOut = new ArrayList<>();
        Map<String, Finding> byField = new HashMap<>();
        for (Finding f : v.reasons()) {
            if (f.severity() == Severity.INFO) {
                continue;
            }
            rowsOut.add(new FindingRow(f.severity().name().toLowerCase(Locale.ROOT), ReasonLabel.of(f.code()),
                    f.field(), f.message()));
            Finding known = byField.get(f.field());
            if (known == null || (known.severity() != Severity.ERROR && f.severity() == Severity.ERROR)) {
                byField.put(f.field(), f);
            }
        }
        findings.setAll(rowsOut);
        for (FieldEdit fe : fields) {
            Finding f = byField.get(fe.name());
            fe.judged(f == null ? "" : f.severity().name().toLowerCase(Locale.ROOT), f == null ? "" : f.message());
        }
        List<ScoreRow> lines = new ArrayList<>();
        lines.add(new ScoreRow(String.valueOf(v.score().base()), v.score().base(), "base", "Starting score"));
        for (ScoreLine l : v.score().breakdown()) {
            int p = l.points();
            lines.add(new ScoreRow(p > 0 ? "+" + p : p < 0 ? "−" + Math.abs(p) : "±0", p, l.rule(), l.reason()));
        }
        breakdown.setAll(lines);
        if (refusal.get().isEmpty() || ok) {
            refusal.set("");
        }
    }

    /**
     * Releases: the selected lead with the form's edits, or every selected lead as stored in one
     * bulk transaction. A single lead that still has errors stays held and {@link #refusalProperty()}
     * says why; a bulk failure changes nothing and goes to {@code onFailure}.
     */
    public void release(Consumer<String> onFailure) {
        if (actionsDisabled.get()) {
            return;
        }
        if (selectedIds.size() > 1) {
            List<String> ids = List.copyOf(selectedIds);
            runBulk("Releasing", "Released", ids, progress -> desk.releaseAll(ids, progress), onFailure);
            return;
        }
        Lead lead = selectedLead;
        Map<String, String> values = editedFields();
        busy(true);
        executor.submit(() -> desk.release(lead.id(), values), l -> {
            busy(false);
            message.set("Released " + lead.vendorLeadId() + ": accepted.");
            afterAction();
        }, e -> {
            busy(false);
            Throwable cause = unwrap(e);
            if (cause instanceof QuarantineDesk.ReleaseRefusedException) {
                refusal.set(cause.getMessage());
            } else {
                onFailure.accept(UserMessages.describe("release the lead", cause));
                refresh();
            }
        });
    }

    /** Rejects the selected lead(s) with the operator's reason. */
    public void reject(String reason, Consumer<String> onFailure) {
        if (actionsDisabled.get()) {
            return;
        }
        if (reason == null || reason.isBlank()) {
            onFailure.accept("Say why the lead is rejected: the reason goes into its timeline.");
            return;
        }
        List<String> ids = List.copyOf(selectedIds);
        if (ids.size() > 1) {
            runBulk("Rejecting", "Rejected", ids, progress -> desk.rejectAll(ids, reason, progress), onFailure);
            return;
        }
        String label = selectedLead == null ? ids.get(0) : selectedLead.vendorLeadId();
        busy(true);
        executor.submit(() -> desk.reject(ids.get(0), reason), l -> {
            busy(false);
            message.set("Rejected " + label + ".");
            afterAction();
        }, e -> {
            busy(false);
            onFailure.accept(UserMessages.describe("reject the lead", unwrap(e)));
            refresh();
        });
    }

    /** Looks up leads that could be the selected lead's original (by id, email, phone, name). */
    public void searchOriginals(String text) {
        String id = selectedLeadId.get();
        executor.submit(() -> desk.searchOriginals(text, id, 20), found -> {
            List<OriginalRow> out = new ArrayList<>();
            for (Lead l : found) {
                out.add(new OriginalRow(l.id(), l.vendorLeadId(), l.displayName(), l.email() == null ? "" : l.email(),
                        l.status().wireName(), DATE_TIME.format(l.receivedAt().atZone(zone))));
            }
            originals.setAll(out);
        }, e -> errorMessage.set(UserMessages.describe("search leads", e)));
    }

    /** Rejects the selected lead as a duplicate of {@code originalId}. */
    public void linkDuplicate(String originalId, Runnable onDone, Consumer<String> onFailure) {
        Lead lead = selectedLead;
        if (lead == null || originalId == null) {
            onFailure.accept("Choose the original lead first.");
            return;
        }
        busy(true);
        executor.submit(() -> desk.linkDuplicate(lead.id(), originalId), l -> {
            busy(false);
            message.set("Linked " + lead.vendorLeadId() + " as a duplicate; it is rejected.");
            onDone.run();
            afterAction();
        }, e -> {
            busy(false);
            onFailure.accept(UserMessages.describe("link the duplicate", unwrap(e)));
        });
    }

    /** The bulk work: gets the progress callback, returns the leads written. */
    @FunctionalInterface
    private interface BulkWork {
        List<Lead> run(QuarantineRepository.Progress progress);
    }

    private void runBulk(String doing, String done, List<String> ids, BulkWork work, Consumer<String> onFailure) {
        Task<List<Lead>> task = new Task<>() {
            @Override
            protected List<Lead> call() {
                updateProgress(0, ids.size());
                return work.run((n, total) -> updateProgress(n, total));
            }
        };
        bulkProgress.unbind();
        bulkProgress.bind(task.progressProperty());
        bulkShown.set(true);
        bulkText.set(doing + " " + ids.size() + " leads in one transaction…");
        busy(true);
        executor.submit(() -> {
            task.run();
            return task.get();
        }, written -> {
            busy(false);
            bulkProgress.unbind();
            bulkProgress.set(1);
            bulkText.set(done + " " + written.size() + " leads.");
            message.set(done + " " + written.size() + " leads.");
            selectedIds.clear();
            showLead(null);
            afterAction();
        }, e -> {
            busy(false);
            bulkProgress.unbind();
            bulkProgress.set(0);
            bulkText.set("Nothing was changed.");
            onFailure.accept("Nothing was changed: the " + ids.size() + " leads were handled as one transaction and "
                    + "it was rolled back. " + UserMessages.describe(doing.toLowerCase(Locale.ROOT) + " the leads",
                    unwrap(e)));
            refresh();
        });
    }

    private void afterAction() {
        refusal.set("");
        errorMessage.set("");
        refresh();
    }

    private void busy(boolean b) {
        busy.set(b);
        updateActions();
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    }

    /** Chooses a reason chip; null shows every reason. */
    public void filterByReason(String code) {
        reasonFilter.set(code);
    }

    public String operator() {
        return desk.operator();
    }

    public ObservableList<QueueRow> rows() {
        return rows;
    }

    public ObservableList<ReasonChip> reasonChips() {
        return reasonChips;
    }

    public ObservableList<VendorChoice> vendorChoices() {
        return vendorChoices;
    }

    public ObservableList<AgeChoice> ageChoices() {
        return ageChoices;
    }

    public ObservableList<SortChoice> sortChoices() {
        return sortChoices;
    }

    public ObservableList<FieldEdit> fields() {
        return fields;
    }

    public ObservableList<FindingRow> findings() {
        return findings;
    }

    public ObservableList<ScoreRow> breakdown() {
        return breakdown;
    }

    public ObservableList<TimelineItem> timeline() {
        return timeline;
    }

    public ObservableList<OriginalRow> originals() {
        return originals;
    }

    public ObservableList<String> selectedIds() {
        return FXCollections.unmodifiableObservableList(selectedIds);
    }

    public ObjectProperty<VendorChoice> vendorFilterProperty() {
        return vendorFilter;
    }

    public ObjectProperty<AgeChoice> ageFilterProperty() {
        return ageFilter;
    }

    public ObjectProperty<SortChoice> sortProperty() {
        return sort;
    }

    public StringProperty reasonFilterProperty() {
        return reasonFilter;
    }

    public StringProperty searchTextProperty() {
        return searchText;
    }

    public ReadOnlyIntegerProperty pageIndexProperty() {
        return pageIndex.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty pageTextProperty() {
        return pageText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty totalTextProperty() {
        return totalText.getReadOnlyProperty();
    }

    public String getTotalText() {
        return totalText.get();
    }

    public ReadOnlyBooleanProperty previousDisabledProperty() {
        return previousDisabled.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty nextDisabledProperty() {
        return nextDisabled.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorMessageProperty() {
        return errorMessage.getReadOnlyProperty();
    }

    public String getErrorMessage() {
        return errorMessage.get();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public String getMessage() {
        return message.get();
    }

    public ReadOnlyStringProperty selectedLeadIdProperty() {
        return selectedLeadId.getReadOnlyProperty();
    }

    public String getSelectedLeadId() {
        return selectedLeadId.get();
    }

    public ReadOnlyBooleanProperty detailShownProperty() {
        return detailShown.getReadOnlyProperty();
    }

    public boolean isDetailShown() {
        return detailShown.get();
    }

    public ReadOnlyBooleanProperty multiSelectionProperty() {
        return multiSelection.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailTitleProperty() {
        return detailTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailSubtitleProperty() {
        return detailSubtitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty scoreTextProperty() {
        return scoreText.getReadOnlyProperty();
    }

    public String getScoreText() {
        return scoreText.get();
    }

    /** "hot", "standard", "review", or "" before the first check. */
    public ReadOnlyStringProperty tierProperty() {
        return tier.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty outcomeTextProperty() {
        return outcomeText.getReadOnlyProperty();
    }

    public String getOutcomeText() {
        return outcomeText.get();
    }

    public ReadOnlyBooleanProperty releasableProperty() {
        return releasable.getReadOnlyProperty();
    }

    public boolean isReleasable() {
        return releasable.get();
    }

    public ReadOnlyBooleanProperty editedProperty() {
        return edited.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty refusalProperty() {
        return refusal.getReadOnlyProperty();
    }

    public String getRefusal() {
        return refusal.get();
    }

    public ReadOnlyStringProperty selectionTextProperty() {
        return selectionText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty releaseTextProperty() {
        return releaseText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty rejectTextProperty() {
        return rejectText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty actionsDisabledProperty() {
        return actionsDisabled.getReadOnlyProperty();
    }

    public boolean isActionsDisabled() {
        return actionsDisabled.get();
    }

    public ReadOnlyDoubleProperty bulkProgressProperty() {
        return bulkProgress.getReadOnlyProperty();
    }

    public double getBulkProgress() {
        return bulkProgress.get();
    }

    public ReadOnlyBooleanProperty bulkShownProperty() {
        return bulkShown.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty bulkTextProperty() {
        return bulkText.getReadOnlyProperty();
    }

    public String getBulkText() {
        return bulkText.get();
    }

    /** How many re-checks have come back; lets tests wait for the one their edit caused. */
    public ReadOnlyIntegerProperty revalidationsProperty() {
        return revalidations.getReadOnlyProperty();
    }

    public int getRevalidations() {
        return revalidations.get();
    }
}
