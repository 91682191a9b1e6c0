package io.leadwire.ui.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadEvent;
import io.leadwire.lead.Vendor;
import io.leadwire.store.LeadRepository;
import io.leadwire.store.LeadRepository.LeadQuery;
import io.leadwire.ui.ConsoleServices;
import io.leadwire.ui.FxEventBridge;
import io.leadwire.ui.UiExecutor;
import io.leadwire.ui.UserMessages;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The live feed: one page of leads from the database, newest first, re-queried when new leads
 * arrive (at most one query in flight, so bursts coalesce) and when a filter changes.
 */
public final class LiveFeedViewModel {
    public static final int PAGE_SIZE = 100;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter PRECISE_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final LeadRepository leads;
    private final ConsoleServices services;
    private final UiExecutor executor;
    private final ZoneId zone;
    private final ObjectMapper json = new ObjectMapper();

    private final ObservableList<LeadRow> rows = FXCollections.observableArrayList();
    private final ObservableList<VendorChoice> vendorChoices = FXCollections.observableArrayList(VendorChoice.ALL);
    private final ObservableList<StatusChoice> statusChoices = FXCollections.observableArrayList(StatusChoice.all());
    private final ObservableList<TimelineRow> timeline = FXCollections.observableArrayList();
    private final ObjectProperty<VendorChoice> vendorFilter = new SimpleObjectProperty<>(this, "vendorFilter",
            VendorChoice.ALL);
    private final ObjectProperty<StatusChoice> statusFilter = new SimpleObjectProperty<>(this, "statusFilter",
            StatusChoice.ALL);
    private final StringProperty searchText = new SimpleStringProperty(this, "searchText", "");
    private final ReadOnlyIntegerWrapper pageIndex = new ReadOnlyIntegerWrapper(this, "pageIndex", 0);
    private final ReadOnlyIntegerWrapper pageCount = new ReadOnlyIntegerWrapper(this, "pageCount", 1);
    private final ReadOnlyLongWrapper totalCount = new ReadOnlyLongWrapper(this, "totalCount", 0);
    private final ReadOnlyStringWrapper totalText = new ReadOnlyStringWrapper(this, "totalText", "0 leads");
    private final ReadOnlyStringWrapper pageText = new ReadOnlyStringWrapper(this, "pageText", "Page 1 of 1");
    private final ReadOnlyBooleanWrapper previousDisabled = new ReadOnlyBooleanWrapper(this, "previousDisabled", true);
    private final ReadOnlyBooleanWrapper nextDisabled = new ReadOnlyBooleanWrapper(this, "nextDisabled", true);
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper(this, "errorMessage", "");
    private final ReadOnlyStringWrapper selectedLeadId = new ReadOnlyStringWrapper(this, "selectedLeadId", null);
    private final ReadOnlyStringWrapper detailTitle = new ReadOnlyStringWrapper(this, "detailTitle",
            "Select a lead to see its payload and timeline");
    private final ReadOnlyStringWrapper payloadText = new ReadOnlyStringWrapper(this, "payloadText", "");
    private final ReadOnlyStringWrapper verdictText = new ReadOnlyStringWrapper(this, "verdictText", "");
    private final ReadOnlyBooleanWrapper detailShown = new ReadOnlyBooleanWrapper(this, "detailShown", false);

    private final Map<String, String> vendorNames = new HashMap<>();
    private boolean queryInFlight;
    private boolean dirty;

    public LiveFeedViewModel(ConsoleServices services, UiExecutor executor) {
        this.services = services;
        this.leads = services.leads();
        this.executor = executor;
        this.zone = services.clock().getZone();
        vendorFilter.addListener((o, a, b) -> filterChanged());
        statusFilter.addListener((o, a, b) -> filterChanged());
        searchText.addListener((o, a, b) -> filterChanged());
    }

    /** Wires the feed to the event bridge: new leads mark it dirty, vendor changes reload names. */
    public void attach(FxEventBridge bridge) {
        bridge.addListener(this::onEvents);
    }

    void onEvents(FxEventBridge.Batch batch) {
        if (batch.vendorsChanged()) {
            loadVendors();
        }
        if (batch.leadsReceived() > 0) {
            refresh();
        }
    }

    /** Loads vendor names and the first page. */
    public void start() {
        loadVendors();
    }

    private void loadVendors() {
        executor.submit(() -> services.vendors().list(), this::vendorsLoaded,
                e -> errorMessage.set(UserMessages.describe("load vendors", e)));
    }

    private void vendorsLoaded(List<Vendor> vendors) {
        applyVendors(vendors);
        refresh();
    }

    private void applyVendors(List<Vendor> vendors) {
        vendorNames.clear();
        List<VendorChoice> choices = new ArrayList<>();
        choices.add(VendorChoice.ALL);
        for (Vendor v : vendors) {
            vendorNames.put(v.id(), v.name());
            choices.add(new VendorChoice(v.id(), v.name()));
        }
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

    public void firstPage() {
        if (pageIndex.get() != 0) {
            pageIndex.set(0);
            refresh();
        }
    }

    /** The current filter as a repository query. */
    public LeadQuery currentQuery() {
        VendorChoice v = vendorFilter.get();
        StatusChoice s = statusFilter.get();
        String text = searchText.get();
        return new LeadQuery(v == null ? null : v.vendorId(), s == null ? null : s.status(),
                text == null || text.isBlank() ? null : text.strip());
    }

    /**
     * Re-queries the current page. While a query runs, further calls only mark the feed dirty;
     * the query that finishes starts one more. So a burst costs at most two queries.
     */
    public void refresh() {
        if (queryInFlight) {
            dirty = true;
            return;
        }
        queryInFlight = true;
        dirty = false;
        LeadQuery query = currentQuery();
        int page = pageIndex.get();
        Set<String> knownVendors = Set.copyOf(vendorNames.keySet());
        executor.submit(() -> {
            long total = leads.count(query);
            int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
            int p = Math.min(page, pages - 1);
            List<Lead> found = leads.page(query, p * PAGE_SIZE, PAGE_SIZE);
            // A lead from a vendor added a moment ago can arrive before the vendor list reloads:
            // fetch names with the page so that no row ever shows a vendor id.
            boolean unknown = found.stream().anyMatch(l -> !knownVendors.contains(l.vendorId()));
            return new PageResult(total, p, found, unknown ? services.vendors().list() : null);
        }, this::pageLoaded, e -> {
            queryInFlight = false;
            errorMessage.set(UserMessages.describe("load leads", e));
        });
    }

    /** @param vendors a fresh vendor list when the page holds vendors the view did not know, else null */
    private record PageResult(long total, int page, List<Lead> leads, List<Vendor> vendors) {
    }

    private void pageLoaded(PageResult result) {
        queryInFlight = false;
        errorMessage.set("");
        if (result.vendors() != null) {
            applyVendors(result.vendors());
        }
        List<LeadRow> newRows = new ArrayList<>(result.leads().size());
        for (Lead l : result.leads()) {
            newRows.add(toRow(l));
        }
        if (!newRows.equals(rows)) {
            rows.setAll(newRows);
        }
        int pages = (int) Math.max(1, (result.total() + PAGE_SIZE - 1) / PAGE_SIZE);
        totalCount.set(result.total());
        totalText.set(result.total() == 1 ? "1 lead" : String.format("%,d leads", result.total()));
        pageCount.set(pages);
        pageIndex.set(result.page());
        pageText.set(String.format("Page %,d of %,d", result.page() + 1, pages));
        previousDisabled.set(result.page() == 0);
        nextDisabled.set(result.page() + 1 >= pages);
        if (dirty) {
            refresh();
        }
    }

    private LeadRow toRow(Lead l) {
        String vendor = vendorNames.getOrDefault(l.vendorId(), l.vendorId());
        return new LeadRow(l.id(), TIME.format(l.receivedAt().atZone(zone)), vendor, l.vendorLeadId(),
                l.displayName(), l.country() == null ? "" : l.country(), l.status());
    }

    /** Shows the lead's payload and timeline; null clears the details. */
    public void select(LeadRow row) {
        String id = row == null ? null : row.id();
        if (Objects.equals(id, selectedLeadId.get())) {
            return;
        }
        selectedLeadId.set(id);
        if (id == null) {
            detailShown.set(false);
            detailTitle.set("Select a lead to see its payload and timeline");
            payloadText.set("");
            verdictText.set("");
            timeline.clear();
            return;
        }
        executor.submit(() -> new Detail(leads.findById(id), leads.timeline(id), leads.verdictJson(id)),
                d -> detailLoaded(id, d),
                e -> errorMessage.set(UserMessages.describe("load the lead's details", e)));
    }

    private record Detail(Optional<Lead> lead, List<LeadEvent> events, Optional<String> verdict) {
    }

    private void detailLoaded(String id, Detail d) {
        if (!id.equals(selectedLeadId.get())) {
            return;
        }
        if (d.lead().isEmpty()) {
            detailShown.set(false);
            detailTitle.set("This lead is no longer in the database");
            payloadText.set("");
            verdictText.set("");
            timeline.clear();
            return;
        }
        Lead lead = d.lead().get();
        verdictText.set(d.verdict().map(this::describeVerdict).orElse("Not judged yet."));
        detailTitle.set(lead.vendorLeadId() + " from " + vendorNames.getOrDefault(lead.vendorId(), lead.vendorId())
                + ", received " + DATE_TIME.format(lead.receivedAt().atZone(zone)));
        payloadText.set(prettyPayload(lead.rawPayload()));
        List<TimelineRow> entries = new ArrayList<>();
        for (LeadEvent e : d.events()) {
            entries.add(new TimelineRow(PRECISE_TIME.format(e.at().atZone(zone)), e.type(), e.detail()));
        }
        timeline.setAll(entries);
        detailShown.set(true);
    }

    /**
     * The quality verdict in a few lines: score and tier, each rule's points, then the findings
     * that count (warnings and errors), e.g. {@code "Score 72 · standard (base 50)"}.
     */
    String describeVerdict(String verdictJson) {
        JsonNode v;
        try {
            v = json.readTree(verdictJson);
        } catch (JsonProcessingException e) {
            return "The stored verdict cannot be read.";
        }
        int raw = v.path("base").asInt();
        for (JsonNode line : v.path("breakdown")) {
            raw += line.path("points").asInt();
        }
        StringBuilder sb = new StringBuilder("Score ").append(v.path("score").asInt()).append(" · ")
                .append(v.path("tier").asText()).append(" (base ").append(v.path("base").asInt());
        if (raw != v.path("score").asInt()) {
            // The lines below add up to the raw sum; the score is held to 0..100.
            sb.append(", ").append(raw).append(" before the 0–100 limit");
        }
        sb.append(')');
        for (JsonNode line : v.path("breakdown")) {
            int points = line.path("points").asInt();
            sb.append('\n').append(points > 0 ? "+" : points < 0 ? "−" : "±").append(Math.abs(points)).append("  ")
                    .append(line.path("reason").asText());
        }
        for (JsonNode f : v.path("reasons")) {
            if (!"info".equals(f.path("severity").asText())) {
                sb.append('\n').append(f.path("severity").asText()).append(": ").append(f.path("message").asText());
            }
        }
        return sb.toString();
    }

    /** Pretty-printed when the payload is JSON, otherwise exactly as the vendor sent it. */
    String prettyPayload(String raw) {
        if (raw == null) {
            return "";
        }
        String t = raw.strip();
        if (t.startsWith("{") || t.startsWith("[")) {
            try {
                JsonNode node = json.readTree(t);
                return json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
            } catch (JsonProcessingException e) {
                return raw;
            }
        }
        return raw;
    }

    public Clock clock() {
        return services.clock();
    }

    public ObservableList<LeadRow> rows() {
        return rows;
    }

    public ObservableList<VendorChoice> vendorChoices() {
        return vendorChoices;
    }

    public ObservableList<StatusChoice> statusChoices() {
        return statusChoices;
    }

    public ObservableList<TimelineRow> timeline() {
        return timeline;
    }

    public ObjectProperty<VendorChoice> vendorFilterProperty() {
        return vendorFilter;
    }

    public ObjectProperty<StatusChoice> statusFilterProperty() {
        return statusFilter;
    }

    public StringProperty searchTextProperty() {
        return searchText;
    }

    public ReadOnlyIntegerProperty pageIndexProperty() {
        return pageIndex.getReadOnlyProperty();
    }

    public int getPageIndex() {
        return pageIndex.get();
    }

    public ReadOnlyIntegerProperty pageCountProperty() {
        return pageCount.getReadOnlyProperty();
    }

    public int getPageCount() {
        return pageCount.get();
    }

    public ReadOnlyLongProperty totalCountProperty() {
        return totalCount.getReadOnlyProperty();
    }

    public long getTotalCount() {
        return totalCount.get();
    }

    public ReadOnlyStringProperty totalTextProperty() {
        return totalText.getReadOnlyProperty();
    }

    public String getTotalText() {
        return totalText.get();
    }

    public ReadOnlyStringProperty pageTextProperty() {
        return pageText.getReadOnlyProperty();
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

    public ReadOnlyStringProperty selectedLeadIdProperty() {
        return selectedLeadId.getReadOnlyProperty();
    }

    public String getSelectedLeadId() {
        return selectedLeadId.get();
    }

    public ReadOnlyStringProperty detailTitleProperty() {
        return detailTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty verdictTextProperty() {
        return verdictText.getReadOnlyProperty();
    }

    public String getVerdictText() {
        return verdictText.get();
    }

    public ReadOnlyStringProperty payloadTextProperty() {
        return payloadText.getReadOnlyProperty();
    }

    public String getPayloadText() {
        return payloadText.get();
    }

    public ReadOnlyBooleanProperty detailShownProperty() {
        return detailShown.getReadOnlyProperty();
    }
}
