package io.leadwire.ui.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.leadwire.delivery.DeadLetterDesk;
import io.leadwire.lead.CanonicalField;
import io.leadwire.lead.Lead;
import io.leadwire.lead.Vendor;
import io.leadwire.store.DeadLetterRepository;
import io.leadwire.store.DeadLetterRepository.Context;
import io.leadwire.store.DeadLetterRepository.DeliveryContext;
import io.leadwire.store.DeadLetterRepository.Entry;
import io.leadwire.store.DeadLetterRepository.Query;
import io.leadwire.store.DeadLetterRepository.Resolved;
import io.leadwire.store.DeadLetterRepository.TimelineEntry;
import io.leadwire.store.DeliveryRepository.AttemptRecord;
import io.leadwire.store.DeliveryRepository.DeliveryRow;
import io.leadwire.ui.ConsoleServices;
import io.leadwire.ui.FxEventBridge;
import io.leadwire.ui.UiExecutor;
import io.leadwire.ui.UserMessages;
import io.leadwire.ui.live.VendorChoice;
import java.io.IOException;
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
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * The dead-letter desk: the open dead letters (paged over the database, filtered by reason,
 * vendor, last buyer and text, newest or oldest first), counts per reason, and the selected one
 * with its whole context: the lead's fields as an editable form, each delivery with its last
 * request and response, the routing rounds and the timeline. Replay, replay to another buyer,
 * route again and discard act on the selected entry; with several selected, replay and discard
 * run as one all-or-nothing bulk action whose progress is a {@link Task}'s.
 */
public final class DeadLetterViewModel {
    public static final int PAGE_SIZE = 100;
    /** Fields every form shows, so a missing one can be filled in. */
    static final List<String> FORM_FIELDS = List.of(CanonicalField.FIRST_NAME, CanonicalField.LAST_NAME,
            CanonicalField.EMAIL, CanonicalField.PHONE, CanonicalField.COUNTRY);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm");
    private static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd");

    private final ConsoleServices services;
    private final DeadLetterDesk desk;
    private final DeadLetterRepository queue;
    private final UiExecutor executor;
    private final Clock clock;
    private final ZoneId zone;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObservableList<DeadLetterRow> rows = FXCollections.observableArrayList();
    private final ObservableList<ReasonFilterChip> reasonChips = FXCollections.observableArrayList();
    private final ObservableList<VendorChoice> vendorChoices = FXCollections.observableArrayList(VendorChoice.ALL);
    private final ObservableList<BuyerFilterChoice> buyerChoices =
            FXCollections.observableArrayList(BuyerFilterChoice.ALL);
    private final ObservableList<SortChoice> sortChoices = FXCollections.observableArrayList(SortChoice.values());
    private final ObservableList<LeadFieldEdit> fields = FXCollections.observableArrayList();
    private final ObservableList<DeliveryItem> deliveries = FXCollections.observableArrayList();
    private final ObservableList<RoundItem> rounds = FXCollections.observableArrayList();
    private final ObservableList<TimelineItem> timeline = FXCollections.observableArrayList();
    private final ObservableList<BuyerOption> buyerOptions = FXCollections.observableArrayList();
    private final ObservableList<Long> selectedIds = FXCollections.observableArrayList();

    private final ObjectProperty<VendorChoice> vendorFilter = new SimpleObjectProperty<>(this, "vendorFilter",
            VendorChoice.ALL);
    private final ObjectProperty<BuyerFilterChoice> buyerFilter = new SimpleObjectProperty<>(this, "buyerFilter",
            BuyerFilterChoice.ALL);
    private final ObjectProperty<SortChoice> sort = new SimpleObjectProperty<>(this, "sort", SortChoice.NEWEST);
    private final StringProperty reasonFilter = new SimpleStringProperty(this, "reasonFilter", null);
    private final StringProperty searchText = new SimpleStringProperty(this, "searchText", "");

    private final ReadOnlyStringWrapper pageText = new ReadOnlyStringWrapper(this, "pageText", "Page 1 of 1");
    private final ReadOnlyStringWrapper totalText = new ReadOnlyStringWrapper(this, "totalText", "");
    private final ReadOnlyBooleanWrapper previousDisabled = new ReadOnlyBooleanWrapper(this, "previousDisabled", true);
    private final ReadOnlyBooleanWrapper nextDisabled = new ReadOnlyBooleanWrapper(this, "nextDisabled", true);
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper(this, "errorMessage", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");

    private final ReadOnlyBooleanWrapper detailShown = new ReadOnlyBooleanWrapper(this, "detailShown", false);
    private final ReadOnlyBooleanWrapper multiSelection = new ReadOnlyBooleanWrapper(this, "multiSelection", false);
    private final ReadOnlyStringWrapper detailTitle = new ReadOnlyStringWrapper(this, "detailTitle",
            "Select a dead letter to see why it was not sold");
    private final ReadOnlyStringWrapper detailSubtitle = new ReadOnlyStringWrapper(this, "detailSubtitle", "");
    private final ReadOnlyStringWrapper whyText = new ReadOnlyStringWrapper(this, "whyText", "");
    private final ReadOnlyStringWrapper lastBuyerText = new ReadOnlyStringWrapper(this, "lastBuyerText", "");
    private final ReadOnlyBooleanWrapper edited = new ReadOnlyBooleanWrapper(this, "edited", false);
    private final ReadOnlyStringWrapper refusal = new ReadOnlyStringWrapper(this, "refusal", "");
    private final ReadOnlyStringWrapper replayText = new ReadOnlyStringWrapper(this, "replayText", "Replay");
    private final ReadOnlyStringWrapper replayToText = new ReadOnlyStringWrapper(this, "replayToText", "Replay to…");
    private final ReadOnlyStringWrapper discardText = new ReadOnlyStringWrapper(this, "discardText", "Discard…");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyBooleanWrapper actionsDisabled = new ReadOnlyBooleanWrapper(this, "actionsDisabled", true);
    private final ReadOnlyBooleanWrapper replayDisabled = new ReadOnlyBooleanWrapper(this, "replayDisabled", true);
    private final ReadOnlyBooleanWrapper routeAgainDisabled = new ReadOnlyBooleanWrapper(this, "routeAgainDisabled",
            true);
    private final ReadOnlyDoubleWrapper bulkProgress = new ReadOnlyDoubleWrapper(this, "bulkProgress", 0);
    private final ReadOnlyBooleanWrapper bulkShown = new ReadOnlyBooleanWrapper(this, "bulkShown", false);
    private final ReadOnlyStringWrapper bulkText = new ReadOnlyStringWrapper(this, "bulkText", "");

    private final Map<String, String> vendorNames = new HashMap<>();
    private int pageIndex;
    private int pageCount = 1;
    private boolean queryInFlight;
    private boolean dirty;
    private boolean stale;
    private Long shownSeq;
    private Entry selected;

    public DeadLetterViewModel(ConsoleServices services, UiExecutor executor) {
        this.services = services;
        this.desk = services.deadLetters();
        this.queue = desk.queue();
        this.executor = executor;
        this.clock = services.clock();
        this.zone = clock.getZone();
        vendorFilter.addListener((o, a, b) -> filterChanged());
        buyerFilter.addListener((o, a, b) -> filterChanged());
        sort.addListener((o, a, b) -> filterChanged());
        reasonFilter.addListener((o, a, b) -> filterChanged());
        searchText.addListener((o, a, b) -> filterChanged());
        selectedIds.addListener((ListChangeListener<Long>) c -> selectionCountChanged());
        edited.addListener((o, a, b) -> updateActions());
    }

    /**
     * Lead and delivery changes anywhere (routing sending leads here, the delivery engine, another
     * desk) mark the list stale; {@link #tick()} re-queries it at most once a second. The desk's
     * own actions refresh at once.
     */
    public void attach(FxEventBridge bridge) {
        bridge.addListener(batch -> {
            if (batch.vendorsChanged()) {
                loadVendors();
            } else if (batch.leadsReceived() > 0 || batch.deliveriesChanged() > 0) {
                stale = true;
            }
        });
    }

    /** Called once a second: refreshes the list if leads or deliveries changed since the last query. */
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
        for (Vendor v : vendors) {
            vendorNames.put(v.id(), v.name());
            choices.add(new VendorChoice(v.id(), v.name()));
        }
        choices.sort(Comparator.comparing(VendorChoice::label));
        choices.add(0, VendorChoice.ALL);
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
        pageIndex = 0;
        refresh();
    }

    public void nextPage() {
        if (pageIndex + 1 < pageCount) {
            pageIndex++;
            refresh();
        }
    }

    public void previousPage() {
        if (pageIndex > 0) {
            pageIndex--;
            refresh();
        }
    }

    /** The current filters as a store query. */
    public Query currentQuery() {
        VendorChoice v = vendorFilter.get();
        BuyerFilterChoice b = buyerFilter.get();
        String text = searchText.get();
        return new Query(reasonFilter.get(), v == null ? null : v.vendorId(), b == null ? null : b.buyerId(),
                text == null || text.isBlank() ? null : text.strip(), sort.get() == null ? null : sort.get().sort());
    }

    /** Re-queries page, total, reason counts and buyers; at most one query in flight, bursts coalesce. */
    public void refresh() {
        if (queryInFlight) {
            dirty = true;
            return;
        }
        queryInFlight = true;
        dirty = false;
        Query q = currentQuery();
        int page = pageIndex;
        executor.submit(() -> {
            long total = queue.count(q);
            int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
            int p = Math.min(page, pages - 1);
            long allTotal = q.reason() == null ? total : queue.count(q.withReason(null));
            return new PageResult(total, allTotal, p, queue.page(q, p * PAGE_SIZE, PAGE_SIZE), queue.countByReason(q),
                    queue.lastBuyers(), services.vendors().list());
        }, this::pageLoaded, e -> {
            queryInFlight = false;
            errorMessage.set(UserMessages.describe("load the dead letters", e));
        });
    }

    private record PageResult(long total, long allTotal, int page, List<Entry> entries, Map<String, Long> reasons,
                              Map<String, String> buyers, List<Vendor> vendors) {
    }

    private void pageLoaded(PageResult r) {
        queryInFlight = false;
        errorMessage.set("");
        if (!vendorNames.keySet().containsAll(r.vendors().stream().map(Vendor::id).toList())) {
            applyVendors(r.vendors());
        }
        List<DeadLetterRow> newRows = new ArrayList<>(r.entries().size());
        for (Entry e : r.entries()) {
            newRows.add(row(e));
        }
        if (!newRows.equals(rows)) {
            rows.setAll(newRows);
        }
        List<ReasonFilterChip> chips = new ArrayList<>();
        chips.add(new ReasonFilterChip(null, "All reasons", r.allTotal()));
        r.reasons().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> chips.add(new ReasonFilterChip(e.getKey(), reasonLabel(e.getKey()), e.getValue())));
        String chosen = reasonFilter.get();
        if (chosen != null && chips.stream().noneMatch(c -> chosen.equals(c.code()))) {
            chips.add(new ReasonFilterChip(chosen, reasonLabel(chosen), 0));
        }
        if (!chips.equals(reasonChips)) {
            reasonChips.setAll(chips);
        }
        applyBuyers(r.buyers());
        pageCount = (int) Math.max(1, (r.total() + PAGE_SIZE - 1) / PAGE_SIZE);
        pageIndex = r.page();
        pageText.set(String.format("Page %,d of %,d", r.page() + 1, pageCount));
        previousDisabled.set(r.page() == 0);
        nextDisabled.set(r.page() + 1 >= pageCount);
        totalText.set(r.total() == 1 ? "1 lead unsold" : String.format("%,d leads unsold", r.total()));
        if (dirty) {
            refresh();
        }
    }

    private void applyBuyers(Map<String, String> buyers) {
        List<BuyerFilterChoice> choices = new ArrayList<>();
        choices.add(BuyerFilterChoice.ALL);
        buyers.forEach((id, name) -> choices.add(new BuyerFilterChoice(id, name)));
        BuyerFilterChoice current = buyerFilter.get() == null ? BuyerFilterChoice.ALL : buyerFilter.get();
        if (!choices.contains(current)) {
            choices.add(current);
        }
        if (!choices.equals(buyerChoices)) {
            buyerChoices.setAll(choices);
        }
        // Replacing a combo box's items can clear its value; the filter stays what it was.
        if (!current.equals(buyerFilter.get())) {
            buyerFilter.set(current);
        }
    }

    private DeadLetterRow row(Entry e) {
        Lead l = e.lead();
        String error = e.errorClass() != null ? e.errorClass()
                : e.lastStatus() == null ? "–" : e.lastStatus().wireName();
        var received = l.receivedAt().atZone(zone);
        boolean today = received.toLocalDate().equals(clock.instant().atZone(zone).toLocalDate());
        return new DeadLetterRow(e.seq(), l.id(), l.vendorLeadId(), l.displayName(), vendorName(l, e.vendorName()),
                DATE_TIME.format(received), today ? CLOCK_TIME.format(received) : DAY.format(received), e.reason(), reasonLabel(e.reason()),
                e.lastBuyerName() == null ? "" : e.lastBuyerName(), error, e.attempts(),
                e.lastHttpStatus() == null ? "–" : String.valueOf(e.lastHttpStatus()));
    }

    private String vendorName(Lead l, String stored) {
        return stored != null ? stored : vendorNames.getOrDefault(l.vendorId(), l.vendorId());
    }

    /** The reason codes in words. */
    static String reasonLabel(String code) {
        if (DeadLetterRepository.WATERFALL_EXHAUSTED.equals(code)) {
            return "Waterfall exhausted";
        }
        if (DeadLetterRepository.NO_ELIGIBLE_BUYER.equals(code)) {
            return "No eligible buyer";
        }
        String s = code == null ? "" : code.replace('_', ' ');
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
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

    // ---------------------------------------------------------------- selection and detail

    /** The table's selection: one entry shows its context; with several, replay and discard act on all. */
    public void select(List<Long> seqs) {
        List<Long> distinct = seqs.stream().filter(Objects::nonNull).distinct().toList();
        if (!distinct.equals(selectedIds)) {
            selectedIds.setAll(distinct);
        }
        Long focus = distinct.size() == 1 ? distinct.get(0) : null;
        if (Objects.equals(focus, shownSeq) && (focus != null || !detailShown.get())) {
            if (focus == null) {
                detailTitle.set(placeholderTitle());
            }
            return;
        }
        show(focus);
    }

    private String placeholderTitle() {
        return multiSelection.get() ? selectedIds.size() + " dead letters selected"
                : "Select a dead letter to see why it was not sold";
    }

    private void selectionCountChanged() {
        int n = selectedIds.size();
        multiSelection.set(n > 1);
        replayText.set(n > 1 ? "Replay " + n : edited.get() ? "Edit & replay" : "Replay");
        replayToText.set(n > 1 ? "Replay " + n + " to…" : "Replay to…");
        discardText.set(n > 1 ? "Discard " + n + "…" : "Discard…");
        updateActions();
    }

    private void updateActions() {
        int n = selectedIds.size();
        boolean none = busy.get() || n == 0 || (n == 1 && selected == null);
        actionsDisabled.set(none);
        // Replaying to the last buyer needs one: a lead no buyer was eligible for has none.
        replayDisabled.set(none || (n == 1 && selected.lastBuyerId() == null));
        // Route again stores no edits: replay them, or undo them first.
        routeAgainDisabled.set(none || n > 1 || edited.get());
        if (n <= 1) {
            replayText.set(edited.get() ? "Edit & replay" : "Replay");
        }
    }

    private void show(Long seq) {
        shownSeq = seq;
        selected = null;
        refusal.set("");
        fields.clear();
        deliveries.clear();
        rounds.clear();
        timeline.clear();
        edited.set(false);
        updateActions();
        if (seq == null) {
            detailShown.set(false);
            detailTitle.set(placeholderTitle());
            detailSubtitle.set("");
            whyText.set("");
            lastBuyerText.set("");
            return;
        }
        executor.submit(() -> queue.context(seq), c -> contextLoaded(seq, c),
                e -> errorMessage.set(UserMessages.describe("load the dead letter", e)));
    }

    private void contextLoaded(long seq, Optional<Context> found) {
        if (shownSeq == null || shownSeq != seq) {
            return;
        }
        if (found.isEmpty()) {
            detailShown.set(false);
            detailTitle.set("This dead letter is no longer in the database");
            return;
        }
        Context c = found.get();
        Entry e = c.entry();
        Lead lead = e.lead();
        selected = e;
        detailTitle.set(lead.vendorLeadId() + (lead.displayName().isEmpty() ? "" : " · " + lead.displayName()));
        detailSubtitle.set(vendorName(lead, e.vendorName()) + " · received "
                + SHORT.format(lead.receivedAt().atZone(zone)) + " · unsold "
                + age(Duration.between(e.at(), clock.instant())).replace(' ', '\u00a0'));
        whyText.set(reasonLabel(e.reason()) + ": " + e.detail());
        lastBuyerText.set(e.lastBuyerName() == null ? "No buyer was tried: choose one with Replay to…"
                : "Tried last: " + e.lastBuyerName());
        Map<String, String> editable = DeadLetterDesk.editableFields(lead);
        editable.remove(CanonicalField.LEAD_ID);
        List<LeadFieldEdit> form = new ArrayList<>();
        for (String f : FORM_FIELDS) {
            form.add(new LeadFieldEdit(f, editable.remove(f)));
        }
        editable.forEach((k, v) -> form.add(new LeadFieldEdit(k, v)));
        for (LeadFieldEdit f : form) {
            f.editedProperty().addListener((o, a, b) -> {
                edited.set(fields.stream().anyMatch(LeadFieldEdit::isEdited));
                refusal.set("");
            });
        }
        fields.setAll(form);
        List<DeliveryItem> items = new ArrayList<>();
        for (int i = c.deliveries().size() - 1; i >= 0; i--) {
            items.add(deliveryItem(c.deliveries().get(i)));
        }
        deliveries.setAll(items);
        List<RoundItem> roundItems = new ArrayList<>();
        c.rounds().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(r -> roundItems.add(roundItem(r.getKey(), r.getValue())));
        rounds.setAll(roundItems);
        List<TimelineItem> events = new ArrayList<>();
        for (TimelineEntry t : c.timeline()) {
            events.add(new TimelineItem(TIME.format(t.at().atZone(zone)), t.type(), t.detail(),
                    t.actor() == null ? "" : t.actor()));
        }
        timeline.setAll(events);
        detailShown.set(true);
        updateActions();
    }

    private DeliveryItem deliveryItem(DeliveryContext dc) {
        DeliveryRow d = dc.delivery();
        int n = d.attempts();
        String summary = (d.errorClass() == null ? "" : d.errorClass() + " · ")
                + (n == 1 ? "1 attempt" : n + " attempts") + " · round " + d.round();
        Optional<AttemptRecord> last = dc.lastAttempt().map(a -> a.record());
        String request = last.map(a -> a.method() + " " + a.url() + "\n" + nonNull(a.requestHeaders()).strip()
                + "\n\n" + pretty(a.requestBody())).orElse("");
        String response = last.map(a -> a.responseStatus() == null
                ? "No response: " + nonNull(a.errorClass()) + (a.errorMessage() == null ? "" : " — " + a.errorMessage())
                : "HTTP " + a.responseStatus() + (a.latencyMs() == null ? "" : " · " + a.latencyMs() + " ms") + "\n"
                + nonNull(a.responseHeaders()).strip() + "\n\n" + pretty(a.responseBody()))
                .orElse("Nothing was sent: " + nonNull(d.reason()));
        return new DeliveryItem(dc.buyerName(), d.status().wireName(), summary, nonNull(d.reason()), request,
                response);
    }

    private String pretty(String body) {
        if (body == null) {
            return "";
        }
        String s = body.strip();
        if (s.startsWith("{") || s.startsWith("[")) {
            try {
                return json.writeValueAsString(json.readTree(s));
            } catch (IOException e) {
                return body;
            }
        }
        return body;
    }

    private RoundItem roundItem(int round, String document) {
        JsonNode doc;
        try {
            doc = json.readTree(document);
        } catch (IOException e) {
            return new RoundItem("Round " + round, List.of("The stored decision cannot be read"));
        }
        List<String> chosen = new ArrayList<>();
        doc.path("chosen").forEach(n -> chosen.add(n.asText()));
        JsonNode replay = doc.path("replay");
        String title;
        if (!replay.isMissingNode()) {
            title = "Round " + round + " — replayed to " + String.join(", ", chosen) + " by "
                    + replay.path("by").asText() + " (caps " + replay.path("caps").asText("not reserved") + ")";
        } else {
            title = "Round " + round + " — " + (chosen.isEmpty() ? "offered to nobody"
                    : "offered to " + String.join(", ", chosen));
        }
        List<String> skipped = new ArrayList<>();
        for (JsonNode s : doc.path("skipped")) {
            skipped.add(s.path("name").asText() + " — " + s.path("reason").asText().replace('_', ' ') + ": "
                    + s.path("message").asText());
        }
        return new RoundItem(title, skipped);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    /** The form's values as lead fields (the vendor's lead id kept as stored). */
    Map<String, String> editedFields() {
        Map<String, String> out = new LinkedHashMap<>();
        if (selected != null) {
            String leadId = selected.lead().field(CanonicalField.LEAD_ID);
            if (leadId != null) {
                out.put(CanonicalField.LEAD_ID, leadId);
            }
        }
        for (LeadFieldEdit f : fields) {
            out.put(f.name(), f.getValue() == null ? "" : f.getValue());
        }
        return out;
    }

    /** Puts the form back to the stored values. */
    public void undoEdits() {
        if (shownSeq != null) {
            show(shownSeq);
        }
    }

    // ---------------------------------------------------------------- actions

    /**
     * Replays: the selected entry to the buyer tried last (with the form's edits, if any), or
     * every selected entry to its own last buyer in one bulk transaction.
     */
    public void replay(Consumer<String> onFailure) {
        if (replayDisabled.get()) {
            return;
        }
        List<Long> ids = List.copyOf(selectedIds);
        if (ids.size() > 1) {
            runBulk("Replaying", "Replayed", ids, p -> desk.replayAll(ids, null, p), onFailure);
            return;
        }
        Map<String, String> values = edited.get() ? editedFields() : null;
        single(values != null ? "edit and replay the lead" : "replay the lead", seq -> values != null
                ? desk.editAndReplay(seq, values, null) : desk.replay(seq), onFailure);
    }

    /** Replays the selected entry (with the form's edits) or every selected entry to {@code buyerId}. */
    public void replayTo(String buyerId, Consumer<String> onFailure) {
        if (actionsDisabled.get()) {
            return;
        }
        if (buyerId == null) {
            onFailure.accept("Choose the buyer to replay to.");
            return;
        }
        List<Long> ids = List.copyOf(selectedIds);
        if (ids.size() > 1) {
            runBulk("Replaying", "Replayed", ids, p -> desk.replayAll(ids, buyerId, p), onFailure);
            return;
        }
        Map<String, String> values = edited.get() ? editedFields() : null;
        single(values != null ? "edit and replay the lead" : "replay the lead", seq -> values != null
                ? desk.editAndReplay(seq, values, buyerId) : desk.replayTo(seq, buyerId), onFailure);
    }

    /** Sends the selected lead back to routing for a fresh round. */
    public void routeAgain(Consumer<String> onFailure) {
        if (routeAgainDisabled.get()) {
            return;
        }
        single("route the lead again", desk::routeAgain, onFailure);
    }

    /** Discards the selected entry or entries with the operator's reason. */
    public void discard(String reason, Consumer<String> onFailure) {
        if (actionsDisabled.get()) {
            return;
        }
        if (reason == null || reason.isBlank()) {
            onFailure.accept("Say why the lead is discarded: the reason goes into its timeline.");
            return;
        }
        List<Long> ids = List.copyOf(selectedIds);
        if (ids.size() > 1) {
            runBulk("Discarding", "Discarded", ids, p -> desk.discardAll(ids, reason, p), onFailure);
            return;
        }
        single("discard the lead", seq -> desk.discard(seq, reason), onFailure);
    }

    @FunctionalInterface
    private interface SingleWork {
        Resolved run(long seq);
    }

    private void single(String what, SingleWork work, Consumer<String> onFailure) {
        Entry entry = selected;
        if (entry == null) {
            return;
        }
        busy(true);
        executor.submit(() -> work.run(entry.seq()), r -> {
            busy(false);
            message.set(doneText(entry.lead().vendorLeadId(), r));
            afterAction();
        }, e -> {
            busy(false);
            Throwable cause = unwrap(e);
            if (cause instanceof DeadLetterDesk.EditRefusedException) {
                refusal.set(capitalize(cause.getMessage()));
            } else {
                onFailure.accept(UserMessages.describe(what, cause));
                refresh();
            }
        });
    }

    private static String doneText(String label, Resolved r) {
        if (r.deliveryId() != null) {
            return "Replayed " + label + " " + r.resolution().substring("replayed ".length()) + ": it goes out now.";
        }
        if (r.resolution().startsWith("discarded")) {
            return "Discarded " + label + ".";
        }
        return label + " is back in routing for a fresh round.";
    }

    /** Loads the live buyers "Replay to…" offers, the one tried last marked. */
    public void loadBuyerOptions() {
        String last = selectedIds.size() == 1 && selected != null ? selected.lastBuyerId() : null;
        executor.submit(desk::buyers, buyers -> {
            List<BuyerOption> out = new ArrayList<>();
            for (DeadLetterDesk.BuyerChoice b : buyers) {
                String note = !b.routable() ? "switched off" : b.breakerOpen() ? "breaker open: waits for its probe"
                        : "";
                out.add(new BuyerOption(b.id(), b.name(), b.routable(), note, b.id().equals(last)));
            }
            buyerOptions.setAll(out);
        }, e -> errorMessage.set(UserMessages.describe("load the buyers", e)));
    }

    /** The bulk work: gets the progress callback, returns what was done. */
    @FunctionalInterface
    private interface BulkWork {
        List<Resolved> run(DeadLetterRepository.Progress progress);
    }

    private void runBulk(String doing, String done, List<Long> ids, BulkWork work, Consumer<String> onFailure) {
        Task<List<Resolved>> task = new Task<>() {
            @Override
            protected List<Resolved> call() {
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
            show(null);
            afterAction();
        }, e -> {
            busy(false);
            bulkProgress.unbind();
            bulkProgress.set(0);
            bulkText.set("Nothing was changed.");
            onFailure.accept("Nothing was changed: the " + ids.size() + " leads were handled as one transaction and "
                    + "it was rolled back. " + UserMessages.describe(doing.toLowerCase(java.util.Locale.ROOT)
                    + " the leads", unwrap(e)));
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

    private static String capitalize(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Chooses a reason chip; null shows every reason. */
    public void filterByReason(String code) {
        reasonFilter.set(code);
    }

    public String operator() {
        return desk.operator();
    }

    public ObservableList<DeadLetterRow> rows() {
        return rows;
    }

    public ObservableList<ReasonFilterChip> reasonChips() {
        return reasonChips;
    }

    public ObservableList<VendorChoice> vendorChoices() {
        return vendorChoices;
    }

    public ObservableList<BuyerFilterChoice> buyerChoices() {
        return buyerChoices;
    }

    public ObservableList<SortChoice> sortChoices() {
        return sortChoices;
    }

    public ObservableList<LeadFieldEdit> fields() {
        return fields;
    }

    public ObservableList<DeliveryItem> deliveries() {
        return deliveries;
    }

    public ObservableList<RoundItem> rounds() {
        return rounds;
    }

    public ObservableList<TimelineItem> timeline() {
        return timeline;
    }

    public ObservableList<BuyerOption> buyerOptions() {
        return buyerOptions;
    }

    public ObservableList<Long> selectedIds() {
        return FXCollections.unmodifiableObservableList(selectedIds);
    }

    public ObjectProperty<VendorChoice> vendorFilterProperty() {
        return vendorFilter;
    }

    public ObjectProperty<BuyerFilterChoice> buyerFilterProperty() {
        return buyerFilter;
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

    public String getDetailTitle() {
        return detailTitle.get();
    }

    public ReadOnlyStringProperty detailSubtitleProperty() {
        return detailSubtitle.getReadOnlyProperty();
    }

    /** The reason in words with the routing's own explanation. */
    public ReadOnlyStringProperty whyTextProperty() {
        return whyText.getReadOnlyProperty();
    }

    public String getWhyText() {
        return whyText.get();
    }

    public ReadOnlyStringProperty lastBuyerTextProperty() {
        return lastBuyerText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty editedProperty() {
        return edited.getReadOnlyProperty();
    }

    public boolean isEdited() {
        return edited.get();
    }

    public ReadOnlyStringProperty refusalProperty() {
        return refusal.getReadOnlyProperty();
    }

    public String getRefusal() {
        return refusal.get();
    }

    public ReadOnlyStringProperty replayTextProperty() {
        return replayText.getReadOnlyProperty();
    }

    public String getReplayText() {
        return replayText.get();
    }

    public ReadOnlyStringProperty replayToTextProperty() {
        return replayToText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty discardTextProperty() {
        return discardText.getReadOnlyProperty();
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

    public ReadOnlyBooleanProperty replayDisabledProperty() {
        return replayDisabled.getReadOnlyProperty();
    }

    public boolean isReplayDisabled() {
        return replayDisabled.get();
    }

    public ReadOnlyBooleanProperty routeAgainDisabledProperty() {
        return routeAgainDisabled.getReadOnlyProperty();
    }

    public boolean isRouteAgainDisabled() {
        return routeAgainDisabled.get();
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
}
