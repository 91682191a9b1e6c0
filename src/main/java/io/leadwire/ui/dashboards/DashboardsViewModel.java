package io.leadwire.ui.dashboards;

import io.leadwire.lead.Lead;
import io.leadwire.metrics.Figures.Range;
import io.leadwire.store.BuyerRow;
import io.leadwire.store.DeliveryRepository.DeliveryRow;
import io.leadwire.store.FiguresRepository.Grain;
import io.leadwire.ui.ConsoleServices;
import io.leadwire.ui.UiExecutor;
import io.leadwire.ui.UserMessages;
import io.leadwire.ui.dashboards.ChartData.Drill;
import io.leadwire.ui.dashboards.ChartData.Point;
import io.leadwire.ui.dashboards.ChartData.Series;
import io.leadwire.ui.dashboards.DashboardTables.DrillRow;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The Dashboards screen: the executive, vendor and buyer dashboards over a chosen time range.
 * Reads only the dashboard on show, through the {@link UiExecutor}, again every few seconds while
 * the screen is shown; opens the leads or deliveries behind a chart point; exports a chart's data
 * as CSV and its picture as PNG.
 */
public final class DashboardsViewModel {
    /** The three dashboards, one tab each. */
    public enum Dashboard {
        EXECUTIVE("Executive"), VENDORS("Vendors"), BUYERS("Buyers");

        private final String title;

        Dashboard(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** A vendor or buyer to choose in a dashboard's filter. */
    public record SubjectOption(String id, String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** While the screen is shown, the dashboard is read again every this many ticks (seconds). */
    static final int REFRESH_TICKS = 5;
    /** Rows per page of a drill-down. */
    static final int DRILL_PAGE = 100;

    private final ConsoleServices services;
    private final UiExecutor executor;
    private final DashboardQueries queries;
    private final ZoneId zone;

    private final ObjectProperty<Dashboard> dashboard = new SimpleObjectProperty<>(this, "dashboard",
            Dashboard.EXECUTIVE);
    private final ObjectProperty<RangeChoice> range = new SimpleObjectProperty<>(this, "range", RangeChoice.LAST_DAY);
    private final ObjectProperty<LocalDate> customFrom = new SimpleObjectProperty<>(this, "customFrom");
    private final ObjectProperty<LocalDate> customTo = new SimpleObjectProperty<>(this, "customTo");
    private final BooleanProperty shown = new SimpleBooleanProperty(this, "shown", false);
    private final ObservableList<SubjectOption> vendorOptions = FXCollections.observableArrayList();
    private final ObservableList<SubjectOption> buyerOptions = FXCollections.observableArrayList();
    private final ObservableList<String> selectedVendorIds = FXCollections.observableArrayList();
    private final ObservableList<String> selectedBuyerIds = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<DashboardFigures.Executive> executive = new ReadOnlyObjectWrapper<>(this,
            "executive");
    private final ReadOnlyObjectWrapper<DashboardFigures.Vendors> vendors = new ReadOnlyObjectWrapper<>(this,
            "vendors");
    private final ReadOnlyObjectWrapper<DashboardFigures.Buyers> buyers = new ReadOnlyObjectWrapper<>(this, "buyers");
    private final ReadOnlyStringWrapper rangeText = new ReadOnlyStringWrapper(this, "rangeText", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper(this, "errorMessage", "");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ReadOnlyStringWrapper drillTitle = new ReadOnlyStringWrapper(this, "drillTitle", "");
    private final ObservableList<DrillRow> drillRows = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper drillHasMore = new ReadOnlyBooleanWrapper(this, "drillHasMore", false);

    private boolean stale;
    private int ticks;
    private DrillRequest drill;

    private record DrillRequest(Drill kind, String subjectId, Instant from, Instant to) {
    }

    private record Loaded(Object figures, List<SubjectOption> vendors, List<SubjectOption> buyers) {
    }

    public DashboardsViewModel(ConsoleServices services, UiExecutor executor) {
        this.services = services;
        this.executor = executor;
        this.queries = new DashboardQueries(services);
        this.zone = services.clock().getZone();
        LocalDate today = LocalDate.ofInstant(services.clock().instant(), zone);
        customFrom.set(today.minusDays(6));
        customTo.set(today);
        dashboard.addListener((o, a, b) -> refresh());
        range.addListener((o, a, b) -> refresh());
        customFrom.addListener((o, a, b) -> refreshIfCustom());
        customTo.addListener((o, a, b) -> refreshIfCustom());
        selectedVendorIds.addListener((ListChangeListener<String>) c -> {
            if (dashboard.get() == Dashboard.VENDORS) {
                refresh();
            }
        });
        selectedBuyerIds.addListener((ListChangeListener<String>) c -> {
            if (dashboard.get() == Dashboard.BUYERS) {
                refresh();
            }
        });
        shown.addListener((o, a, on) -> {
            if (on) {
                refresh();
            }
        });
    }

    /**
     * Reads the dashboard on show once. The console need not call it: showing the screen
     * ({@link #shownProperty()}) reads it, so a console that never opens the dashboards never
     * reads them.
     */
    public void start() {
        refresh();
    }

    /** Called about once a second: while shown, reads the dashboard again every few seconds. */
    public void tick() {
        ticks++;
        if (shown.get() && ticks % REFRESH_TICKS == 0) {
            refresh();
        }
    }

    private void refreshIfCustom() {
        if (range.get() == RangeChoice.CUSTOM) {
            refresh();
        }
    }

    /** The range the choice stands for now, or null when the custom dates make no range. */
    Range currentRange() {
        RangeChoice choice = range.get();
        Range now = Range.last(Duration.ofMinutes(1), services.clock());
        if (choice != RangeChoice.CUSTOM) {
            return Range.last(choice.length(), services.clock());
        }
        if (customFrom.get() == null || customTo.get() == null) {
            return null;
        }
        Instant from = customFrom.get().atStartOfDay(zone).toInstant();
        Instant to = customTo.get().plusDays(1).atStartOfDay(zone).toInstant();
        if (to.isAfter(now.to())) {
            to = now.to();
        }
        return from.isBefore(to) ? new Range(from, to) : null;
    }

    public void refresh() {
        Range r = currentRange();
        if (r == null) {
            errorMessage.set(customFrom.get() != null && customTo.get() != null && customFrom.get().isAfter(customTo.get())
                    ? "The start date is after the end date: choose a start on or before the end."
                    : "Choose a start and an end date that are not in the future.");
            return;
        }
        if (loading.get()) {
            stale = true;
            return;
        }
        loading.set(true);
        stale = false;
        Dashboard d = dashboard.get();
        List<String> vendorIds = List.copyOf(selectedVendorIds);
        List<String> buyerIds = List.copyOf(selectedBuyerIds);
        rangeText.set(describe(r));
        executor.submit(() -> load(d, r, vendorIds, buyerIds), loaded -> {
            loading.set(false);
            errorMessage.set("");
            apply(loaded);
            if (stale) {
                refresh();
            }
        }, e -> {
            loading.set(false);
            errorMessage.set(UserMessages.describe("read the " + d.title().toLowerCase(Locale.ROOT) + " dashboard", e));
            if (stale) {
                refresh();
            }
        });
    }

    private Loaded load(Dashboard d, Range r, List<String> vendorIds, List<String> buyerIds) {
        Object figures = switch (d) {
            case EXECUTIVE -> queries.executive(r);
            case VENDORS -> queries.vendors(vendorIds, r);
            case BUYERS -> queries.buyers(buyerIds, r);
        };
        List<SubjectOption> v = services.vendors().list().stream().map(x -> new SubjectOption(x.id(), x.name()))
                .sorted(java.util.Comparator.comparing(SubjectOption::name)).toList();
        List<SubjectOption> b = new ArrayList<>();
        for (BuyerRow row : services.buyers().list()) {
            b.add(new SubjectOption(row.id(), row.name()));
        }
        b.sort(java.util.Comparator.comparing(SubjectOption::name));
        return new Loaded(figures, v, b);
    }

    private void apply(Loaded loaded) {
        if (!vendorOptions.equals(loaded.vendors())) {
            vendorOptions.setAll(loaded.vendors());
        }
        if (!buyerOptions.equals(loaded.buyers())) {
            buyerOptions.setAll(loaded.buyers());
        }
        if (loaded.figures() instanceof DashboardFigures.Executive e) {
            executive.set(e);
        } else if (loaded.figures() instanceof DashboardFigures.Vendors v) {
            vendors.set(v);
        } else if (loaded.figures() instanceof DashboardFigures.Buyers b) {
            buyers.set(b);
        }
    }

    private String describe(Range r) {
        Grain grain = r.grain();
        String buckets = switch (grain) {
            case MINUTE -> "one point a minute";
            case HOUR -> "one point an hour";
            case DAY -> "one point a day";
        };
        DateTimeFormatter f = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ENGLISH).withZone(zone);
        return f.format(r.from()) + " – " + f.format(r.to()) + " · " + buckets;
    }

    // ------------------------------------------------------------------ drill-down

    /**
     * Opens the leads (vendor series) or deliveries (buyer series) behind a chart point: the
     * first page is read into {@link #drillRows()}.
     *
     * @return false when the point stands for nothing that can be listed
     */
    public boolean drillDown(ChartData chart, Series series, Point point) {
        if (series.drill() == Drill.NONE) {
            return false;
        }
        Instant from;
        Instant to;
        String subjectId;
        String who;
        if (point.bucket() != null && chart.bucket() != null) {
            from = point.bucket();
            to = from.plus(chart.bucket());
            subjectId = series.subjectId();
            who = series.name();
        } else {
            // A bar per vendor or buyer: its leads or deliveries over the range the chart shows.
            Range shown = rangeOf(chart);
            if (point.subjectId() == null || shown == null) {
                return false;
            }
            // From the first bucket's start, as the figures behind the bar are summed.
            from = shown.grain().floor(shown.from());
            to = shown.to();
            subjectId = point.subjectId();
            who = point.label();
        }
        drill = new DrillRequest(series.drill(), subjectId, from, to);
        String what = series.drill() == Drill.VENDOR_LEADS ? "Leads received" : "Deliveries created";
        DateTimeFormatter f = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ENGLISH).withZone(zone);
        drillTitle.set(what + " · " + who + " · " + f.format(from) + " – " + f.format(to));
        drillRows.clear();
        drillHasMore.set(false);
        loadDrillPage();
        return true;
    }

    /** The range of the dashboard the chart was read for, or null when it is not on show any more. */
    private Range rangeOf(ChartData chart) {
        if (executive.get() != null && executive.get().charts().contains(chart)) {
            return executive.get().range();
        }
        if (vendors.get() != null && vendors.get().charts().contains(chart)) {
            return vendors.get().range();
        }
        if (buyers.get() != null && buyers.get().charts().contains(chart)) {
            return buyers.get().range();
        }
        return null;
    }

    /** Reads the next page of the open drill-down. */
    public void loadMoreDrill() {
        if (drill != null && drillHasMore.get()) {
            loadDrillPage();
        }
    }

    private void loadDrillPage() {
        DrillRequest request = drill;
        int offset = drillRows.size();
        executor.submit(() -> drillPage(request, offset), rows -> {
            if (request != drill) {
                return;
            }
            drillHasMore.set(rows.size() > DRILL_PAGE);
            drillRows.addAll(rows.subList(0, Math.min(rows.size(), DRILL_PAGE)));
        }, e -> errorMessage.set(UserMessages.describe("list the leads behind the chart point", e)));
    }

    private List<DrillRow> drillPage(DrillRequest r, int offset) {
        DateTimeFormatter at = DateTimeFormatter.ofPattern("d MMM HH:mm:ss", Locale.ENGLISH).withZone(zone);
        List<DrillRow> out = new ArrayList<>();
        if (r.kind() == Drill.VENDOR_LEADS) {
            Map<String, String> names = new HashMap<>();
            services.vendors().list().forEach(v -> names.put(v.id(), v.name()));
            for (Lead lead : services.leads().receivedBetween(r.subjectId(), r.from(), r.to(), offset, DRILL_PAGE + 1)) {
                Map<String, String> fields = lead.fields();
                String person = (fields.getOrDefault("first_name", "") + " " + fields.getOrDefault("last_name", ""))
                        .strip();
                String email = fields.getOrDefault("email", "");
                out.add(new DrillRow(at.format(lead.receivedAt()), lead.vendorLeadId(),
                        names.getOrDefault(lead.vendorId(), lead.vendorId()), lead.status().wireName(),
                        person.isEmpty() ? email : email.isEmpty() ? person : person + " · " + email));
            }
        } else {
            Map<String, String> names = new HashMap<>();
            services.buyers().list().forEach(b -> names.put(b.id(), b.name()));
            for (DeliveryRow d : services.deliveries().createdBetween(r.subjectId(), r.from(), r.to(), offset,
                    DRILL_PAGE + 1)) {
                String detail = d.attempts() + (d.attempts() == 1 ? " attempt" : " attempts")
                        + (d.errorClass() != null ? " · " + d.errorClass() : "")
                        + (d.reason() != null && !d.reason().isBlank() ? " · " + d.reason() : "");
                out.add(new DrillRow(at.format(d.createdAt()), d.leadId(), names.getOrDefault(d.buyerId(),
                        d.buyerId()), d.status().name().toLowerCase(Locale.ROOT), detail));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ export

    /** Writes the chart's data as CSV. */
    public void exportCsv(ChartData chart, Path file) {
        String csv = ChartCsv.of(chart);
        executor.submit(() -> Files.writeString(file, csv, StandardCharsets.UTF_8), f -> {
            errorMessage.set("");
            message.set("Saved " + chart.title() + " as " + file.getFileName());
        }, e -> errorMessage.set(UserMessages.describe("save the chart's data", e)));
    }

    /** Writes a picture of the chart (its snapshot's pixels, read on the FX thread) as PNG. */
    public void exportPng(ChartData chart, BufferedImage pixels, Path file) {
        executor.submit(() -> Files.write(file, ChartPng.encode(pixels)), f -> {
            errorMessage.set("");
            message.set("Saved " + chart.title() + " as " + file.getFileName());
        }, e -> errorMessage.set(UserMessages.describe("save the chart's picture", e)));
    }

    // ------------------------------------------------------------------ properties

    public ObjectProperty<Dashboard> dashboardProperty() {
        return dashboard;
    }

    public ObjectProperty<RangeChoice> rangeProperty() {
        return range;
    }

    public ObjectProperty<LocalDate> customFromProperty() {
        return customFrom;
    }

    public ObjectProperty<LocalDate> customToProperty() {
        return customTo;
    }

    /** True while the Dashboards screen is the one shown: only then does it refresh by itself. */
    public BooleanProperty shownProperty() {
        return shown;
    }

    public ObservableList<SubjectOption> vendorOptions() {
        return vendorOptions;
    }

    public ObservableList<SubjectOption> buyerOptions() {
        return buyerOptions;
    }

    /** The vendors to show; empty shows every vendor together. */
    public ObservableList<String> selectedVendorIds() {
        return selectedVendorIds;
    }

    /** The buyers to show; empty shows every buyer together. */
    public ObservableList<String> selectedBuyerIds() {
        return selectedBuyerIds;
    }

    public ReadOnlyObjectProperty<DashboardFigures.Executive> executiveProperty() {
        return executive.getReadOnlyProperty();
    }

    public DashboardFigures.Executive getExecutive() {
        return executive.get();
    }

    public ReadOnlyObjectProperty<DashboardFigures.Vendors> vendorsProperty() {
        return vendors.getReadOnlyProperty();
    }

    public DashboardFigures.Vendors getVendors() {
        return vendors.get();
    }

    public ReadOnlyObjectProperty<DashboardFigures.Buyers> buyersProperty() {
        return buyers.getReadOnlyProperty();
    }

    public DashboardFigures.Buyers getBuyers() {
        return buyers.get();
    }

    public ReadOnlyStringProperty rangeTextProperty() {
        return rangeText.getReadOnlyProperty();
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

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty drillTitleProperty() {
        return drillTitle.getReadOnlyProperty();
    }

    public String getDrillTitle() {
        return drillTitle.get();
    }

    public ObservableList<DrillRow> drillRows() {
        return drillRows;
    }

    public ReadOnlyBooleanProperty drillHasMoreProperty() {
        return drillHasMore.getReadOnlyProperty();
    }
}
