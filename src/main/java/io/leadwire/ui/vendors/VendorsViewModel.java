package io.leadwire.ui.vendors;

import io.leadwire.intake.VendorService;
import io.leadwire.intake.VendorService.IssuedKey;
import io.leadwire.lead.Vendor;
import io.leadwire.lead.VendorPoll;
import io.leadwire.ui.ConsoleServices;
import io.leadwire.ui.FxEventBridge;
import io.leadwire.ui.UiExecutor;
import io.leadwire.ui.UserMessages;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Vendor administration: the vendor list with today's volume and refusals, and the add, rotate,
 * revoke and allowlist actions. Input errors come back as sentences for the operator.
 */
public final class VendorsViewModel {
    private final ConsoleServices services;
    private final VendorService vendors;
    private final UiExecutor executor;

    private final ObservableList<VendorRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<VendorRow> selectedVendor = new SimpleObjectProperty<>(this, "selectedVendor");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper(this, "errorMessage", "");
    private final ReadOnlyStringWrapper unknownCallers = new ReadOnlyStringWrapper(this, "unknownCallers", "");
    private final ReadOnlyStringWrapper pollDetail = new ReadOnlyStringWrapper(this, "pollDetail", "");
    private final BooleanBinding noSelection = selectedVendor.isNull();
    private final BooleanBinding noActiveKey = Bindings.createBooleanBinding(
            () -> selectedVendor.get() == null || !selectedVendor.get().keyActive(), selectedVendor);

    private boolean loading;
    private boolean dirty;

    public VendorsViewModel(ConsoleServices services, UiExecutor executor) {
        this.services = services;
        this.vendors = services.vendors();
        this.executor = executor;
        selectedVendor.addListener((o, a, row) -> pollDetail.set(row == null ? "" : row.pollDetail()));
    }

    /** Vendor changes reload at once; leads and refusals only mark the counts stale for {@link #tick()}. */
    public void attach(FxEventBridge bridge) {
        bridge.addListener(batch -> {
            if (batch.vendorsChanged()) {
                refresh();
            } else if (batch.leadsReceived() > 0 || batch.refusals() > 0) {
                dirty = true;
            }
        });
    }

    /** Called about once a second: refreshes the counts when leads or refusals came in. */
    public void tick() {
        if (dirty) {
            refresh();
        }
    }

    public void refresh() {
        if (loading) {
            dirty = true;
            return;
        }
        loading = true;
        dirty = false;
        executor.submit(this::load, this::loaded, e -> {
            loading = false;
            errorMessage.set(UserMessages.describe("load the vendors", e));
        });
    }

    /** The vendor rows and today's refusals of callers that gave no valid key (no vendor to count them on). */
    private record Loaded(List<VendorRow> rows, long unknownRefusals) {
    }

    private Loaded load() {
        Instant startOfDay = LocalDate.now(services.clock()).atStartOfDay(services.clock().getZone()).toInstant();
        Map<String, Long> leads = services.leads().countByVendorSince(startOfDay);
        Map<String, Long> refusals = services.refusals().countByVendorSince(startOfDay);
        Map<String, VendorPoll> polls = vendors.polls();
        Set<String> dialects = vendors.vendorsWithDialect();
        List<VendorRow> out = new ArrayList<>();
        for (Vendor v : vendors.list()) {
            VendorPoll poll = polls.get(v.id());
            boolean polled = poll != null && poll.settings().mode() != VendorPoll.Mode.OFF;
            out.add(new VendorRow(v.name(), v.hasActiveKey() ? v.keyPrefix() + "…" : "revoked", v.hasActiveKey(),
                    v.allowedCidrs().isEmpty() ? "any" : String.join(", ", v.allowedCidrs()),
                    leads.getOrDefault(v.id(), 0L), refusals.getOrDefault(v.id(), 0L),
                    polled ? poll.settings().mode().wireName() : "push", polled && poll.state().failing(),
                    dialects.contains(v.id()), polled ? pollDetail(v.name(), poll, startOfDay) : ""));
        }
        return new Loaded(out, refusals.getOrDefault(null, 0L));
    }

    /** One line about a vendor's polling, in the console's time zone. */
    private String pollDetail(String vendor, VendorPoll poll, Instant startOfDay) {
        VendorPoll.State s = poll.state();
        StringBuilder line = new StringBuilder(vendor).append(": polls ").append(poll.settings().url())
                .append(" every ")
                .append(poll.settings().interval().toSeconds()).append(" s");
        line.append(" · last success ").append(s.lastSuccessAt() == null ? "never"
                : time(s.lastSuccessAt(), startOfDay) + " (" + s.lastRoundNew() + " new, " + s.lastRoundDuplicates()
                + (poll.settings().mode() == VendorPoll.Mode.HYBRID ? " already pushed)" : " already stored)"));
        if (s.lastError() != null) {
            line.append(" · last error ").append(time(s.lastErrorAt(), startOfDay)).append(": ")
                    .append(s.lastError());
        }
        if (s.failing()) {
            line.append(" · ").append(s.consecutiveFailures())
                    .append(s.consecutiveFailures() == 1 ? " failure" : " failures in a row");
        }
        line.append(" · next attempt ")
                .append(s.nextAttemptAt() == null ? "now" : time(s.nextAttemptAt(), startOfDay));
        return line.toString();
    }

    private String time(Instant at, Instant startOfDay) {
        ZoneId zone = services.clock().getZone();
        boolean today = !at.isBefore(startOfDay) && at.isBefore(startOfDay.plusSeconds(86_400));
        return DateTimeFormatter.ofPattern(today ? "HH:mm:ss" : "yyyy-MM-dd HH:mm").withZone(zone).format(at);
    }

    private void loaded(Loaded loadedData) {
        List<VendorRow> list = loadedData.rows();
        loading = false;
        errorMessage.set("");
        long unknown = loadedData.unknownRefusals();
        unknownCallers.set(unknown == 0 ? "" : unknown + (unknown == 1 ? " request" : " requests")
                + " refused today from callers without a valid API key (missing, unknown or revoked).");
        String selected = selectedVendor.get() == null ? null : selectedVendor.get().name();
        if (!list.equals(rows)) {
            rows.setAll(list);
        }
        selectedVendor.set(list.stream().filter(r -> r.name().equals(selected)).findFirst().orElse(null));
        pollDetail.set(selectedVendor.get() == null ? "" : selectedVendor.get().pollDetail());
        if (dirty) {
            refresh();
        }
    }

    /**
     * Adds a vendor. On success {@code onKey} gets the key to show once; otherwise {@code onError}
     * gets what to fix.
     */
    public void addVendor(String name, String allowlist, Consumer<NewApiKey> onKey, Consumer<String> onError) {
        if (name == null || name.isBlank()) {
            onError.accept("Enter the vendor's name.");
            return;
        }
        List<String> networks = networks(allowlist);
        executor.submit(() -> vendors.add(name, networks), issued -> {
            message.set("Added " + issued.vendor().name() + ".");
            refresh();
            onKey.accept(view(issued, false));
        }, e -> onError.accept(UserMessages.describe("add the vendor", e)));
    }

    /** Issues a new key to the selected vendor; the old one stops working at once. */
    public void rotateSelected(Consumer<NewApiKey> onKey, Consumer<String> onError) {
        VendorRow row = selectedVendor.get();
        if (row == null) {
            onError.accept("Select a vendor first.");
            return;
        }
        executor.submit(() -> vendors.rotateKey(row.name()), issued -> {
            message.set("Issued a new key to " + row.name() + "; the old key no longer works.");
            refresh();
            onKey.accept(view(issued, true));
        }, e -> onError.accept(UserMessages.describe("rotate the key", e)));
    }

    /** Revokes the selected vendor's key: its posts get 401 until a key is rotated in. */
    public void revokeSelected(Runnable onDone, Consumer<String> onError) {
        VendorRow row = selectedVendor.get();
        if (row == null) {
            onError.accept("Select a vendor first.");
            return;
        }
        executor.submit(() -> vendors.revokeKey(row.name()), v -> {
            message.set("Revoked the key of " + v.name() + ". Rotate a key in to let it post again.");
            refresh();
            onDone.run();
        }, e -> onError.accept(UserMessages.describe("revoke the key", e)));
    }

    /** Replaces the selected vendor's allowlist; blank allows any address. */
    public void setAllowlistOfSelected(String allowlist, Runnable onDone, Consumer<String> onError) {
        VendorRow row = selectedVendor.get();
        if (row == null) {
            onError.accept("Select a vendor first.");
            return;
        }
        List<String> networks = networks(allowlist);
        executor.submit(() -> vendors.setAllowedNetworks(row.name(), networks), v -> {
            message.set(v.allowedCidrs().isEmpty() ? v.name() + " may now post from any address."
                    : v.name() + " may now post from " + String.join(", ", v.allowedCidrs()) + ".");
            refresh();
            onDone.run();
        }, e -> onError.accept(UserMessages.describe("change the allowlist", e)));
    }

    /** The selected vendor's allowlist as editable text, one network a line. */
    public String selectedAllowlistText() {
        VendorRow row = selectedVendor.get();
        if (row == null || "any".equals(row.networks())) {
            return "";
        }
        return String.join("\n", row.networks().split(",\\s*"));
    }

    private static List<String> networks(String text) {
        return text == null || text.isBlank() ? List.of() : List.of(text);
    }

    private NewApiKey view(IssuedKey issued, boolean rotated) {
        return new NewApiKey(issued.vendor().name(), issued.apiKey(), services.intakeUrl().get(), rotated);
    }

    public ObservableList<VendorRow> rows() {
        return rows;
    }

    public ObjectProperty<VendorRow> selectedVendorProperty() {
        return selectedVendor;
    }

    public VendorRow getSelectedVendor() {
        return selectedVendor.get();
    }

    public BooleanBinding noSelectionProperty() {
        return noSelection;
    }

    public BooleanBinding noActiveKeyProperty() {
        return noActiveKey;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public String getMessage() {
        return message.get();
    }

    /** A sentence about today's refusals that no vendor could be blamed for, or empty. */
    public ReadOnlyStringProperty unknownCallersProperty() {
        return unknownCallers.getReadOnlyProperty();
    }

    public String getUnknownCallers() {
        return unknownCallers.get();
    }

    /** The selected vendor's polling: URL, last success, last error, next attempt; empty for push-only vendors. */
    public ReadOnlyStringProperty pollDetailProperty() {
        return pollDetail.getReadOnlyProperty();
    }

    public String getPollDetail() {
        return pollDetail.get();
    }

    public ReadOnlyStringProperty errorMessageProperty() {
        return errorMessage.getReadOnlyProperty();
    }

    public String getErrorMessage() {
        return errorMessage.get();
    }
}
