package io.leadwire.ui.buyers;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.delivery.BuyerDefinition;
import io.leadwire.delivery.BuyerService;
import io.leadwire.delivery.BuyerService.BreakerOverride;
import io.leadwire.delivery.ErrorClass;
import io.leadwire.delivery.InvalidBuyerException;
import io.leadwire.delivery.LiveBuyer;
import io.leadwire.delivery.TestSendResult;
import io.leadwire.delivery.response.Outcome;
import io.leadwire.delivery.response.ResponseVerdict;
import io.leadwire.delivery.retry.CircuitBreaker;
import io.leadwire.delivery.retry.Durations;
import io.leadwire.lead.Lead;
import io.leadwire.routing.CapWindow;
import io.leadwire.store.BuyerRow;
import io.leadwire.store.DeliveryRepository.BuyerStats;
import io.leadwire.store.DeliveryRepository.CapSlot;
import io.leadwire.store.LeadRepository;
import io.leadwire.ui.ConsoleServices;
import io.leadwire.ui.FxEventBridge;
import io.leadwire.ui.UiExecutor;
import io.leadwire.ui.UserMessages;
import io.leadwire.ui.designer.SampleLead;
import io.leadwire.ui.designer.SampleLeads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Buyers screen: every buyer with its live state (breaker, cap use, last hour's success rate
 * and p95 latency, attempts in flight, why it is not routable), the selected buyer's settings
 * form, its secrets (names and whether stored, never values), the manual breaker, and a test send
 * to its sandbox. All store and network work runs through the {@link UiExecutor}.
 */
public final class BuyersViewModel {
    /** The period the success rate and latency columns cover. */
    static final Duration STATS_WINDOW = Duration.ofHours(1);
    /** The table is reloaded every this many ticks (seconds) even when no delivery changed. */
    static final int REFRESH_TICKS = 2;
    private static final int RECENT_SAMPLES = 5;

    private final ConsoleServices services;
    private final BuyerService buyers;
    private final UiExecutor executor;
    private final String operator;
    private final BuyerForm form = new BuyerForm(new ObjectMapper());

    private final ObservableList<BuyerListRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<BuyerListRow> selectedBuyer = new SimpleObjectProperty<>(this, "selectedBuyer");
    private final ObservableList<SecretRow> secrets = FXCollections.observableArrayList();
    private final ObservableList<SampleLead> samples = FXCollections.observableArrayList();
    private final ObjectProperty<SampleLead> selectedSample = new SimpleObjectProperty<>(this, "selectedSample");
    private final ObservableList<String> unassignedMappings = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper(this, "errorMessage", "");
    private final ReadOnlyStringWrapper formTitle = new ReadOnlyStringWrapper(this, "formTitle", "");
    private final ReadOnlyStringWrapper breakerText = new ReadOnlyStringWrapper(this, "breakerText", "");
    private final ReadOnlyStringWrapper breakerDetail = new ReadOnlyStringWrapper(this, "breakerDetail", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper(this, "saving", false);
    private final ReadOnlyBooleanWrapper testSending = new ReadOnlyBooleanWrapper(this, "testSending", false);
    private final ReadOnlyStringWrapper testRequest = new ReadOnlyStringWrapper(this, "testRequest", "");
    private final ReadOnlyStringWrapper testResponse = new ReadOnlyStringWrapper(this, "testResponse", "");
    private final ReadOnlyStringWrapper testVerdict = new ReadOnlyStringWrapper(this, "testVerdict", "");
    private final ReadOnlyStringWrapper testOutcome = new ReadOnlyStringWrapper(this, "testOutcome", "");
    private final ReadOnlyStringWrapper testAdvice = new ReadOnlyStringWrapper(this, "testAdvice", "");
    private final BooleanBinding noSelection = selectedBuyer.isNull();
    private final BooleanBinding canSave = Bindings.createBooleanBinding(
            () -> form.loadedProperty().get() && form.isDirty() && form.isValid() && !saving.get(),
            form.loadedProperty(), form.dirtyProperty(), form.validProperty(), saving);
    private final BooleanBinding canSend = Bindings.createBooleanBinding(
            () -> selectedBuyer.get() != null && selectedSample.get() != null && !testSending.get(),
            selectedBuyer, selectedSample, testSending);

    private String formBuyer;
    private boolean loading;
    private boolean stale;
    private int ticks;

    public BuyersViewModel(ConsoleServices services, UiExecutor executor, String operator) {
        this.services = services;
        this.buyers = services.buyers();
        this.executor = executor;
        this.operator = operator;
        selectedBuyer.addListener((o, a, row) -> {
            String name = row == null ? null : row.name();
            showBreaker(row);
            if (name == null ? formBuyer != null : !name.equals(formBuyer)) {
                loadForm(name);
            }
        });
    }

    /** Delivery results only mark the figures stale; {@link #tick()} reloads them, at most once a second. */
    public void attach(FxEventBridge bridge) {
        bridge.addListener(batch -> {
            if (batch.deliveriesChanged() > 0) {
                stale = true;
            }
        });
    }

    /** Loads the table and the sample leads; call once when the console opens. */
    public void start() {
        refresh();
        loadSamples();
    }

    /** Called about once a second: reloads after delivery changes, and every couple of seconds anyway. */
    public void tick() {
        ticks++;
        if (stale || ticks % REFRESH_TICKS == 0) {
            refresh();
        }
    }

    public void refresh() {
        if (loading) {
            stale = true;
            return;
        }
        loading = true;
        stale = false;
        executor.submit(this::load, this::loaded, e -> {
            loading = false;
            errorMessage.set(UserMessages.describe("load the buyers", e));
        });
    }

    // ------------------------------------------------------------------ the table

    private List<BuyerListRow> load() {
        Instant now = services.clock().instant();
        Map<String, LiveBuyer> live = new HashMap<>();
        for (LiveBuyer b : services.buyerDirectory().live()) {
            live.put(b.id(), b);
        }
        List<String> directoryProblems = services.buyerDirectory().problems();
        List<String> storedProblems = buyers.problems();
        Map<String, BuyerStats> stats = services.deliveries().buyerStats(now.minus(STATS_WINDOW));
        List<BuyerListRow> out = new ArrayList<>();
        for (BuyerRow row : buyers.list()) {
            out.add(row(row, live.get(row.id()), directoryProblems, storedProblems, stats.get(row.id()), now));
        }
        return out;
    }

    private BuyerListRow row(BuyerRow row, LiveBuyer live, List<String> directoryProblems,
                             List<String> storedProblems, BuyerStats stats, Instant now) {
        BuyerDefinition def;
        try {
            def = buyers.definition(row);
        } catch (InvalidBuyerException e) {
            return new BuyerListRow(row.id(), row.name(), row.enabled(), "—", 0, false, null, "", "—", false, "—",
                    "—", 0, 0, "Stored settings are unreadable: " + e.getMessage() + ". Import the buyer file again.");
        }
        CircuitBreaker.Snapshot breaker = live == null ? null : live.breaker().snapshot();
        CapUse cap = capUse(row.id(), def, now);
        String problem = problemOf(row.name(), directoryProblems);
        if (problem.isEmpty()) {
            problem = problemOf(row.name(), storedProblems);
        }
        if (problem.isEmpty() && !(row.enabled() && def.enabled())) {
            problem = "Switched off";
        }
        if (problem.isEmpty() && breaker != null && (breaker.state() == CircuitBreaker.State.OPEN
                || breaker.state() == CircuitBreaker.State.FORCED_OPEN)) {
            problem = breaker.state() == CircuitBreaker.State.OPEN ? "Breaker open"
                    : "Breaker forced open by an operator";
        }
        if (problem.isEmpty() && cap.full()) {
            problem = "Cap full (" + cap.period() + ")";
        }
        int inFlight = live == null ? 0 : Math.max(0,
                live.definition().concurrency() - live.permits().availablePermits());
        long attempts = stats == null ? 0 : stats.attempts();
        String success = attempts == 0 ? "—" : String.format(Locale.ROOT, "%.1f %%", stats.successRate() * 100);
        String p95 = stats == null || stats.p95Millis() == null ? "—"
                : String.format(Locale.ROOT, "%,d ms", stats.p95Millis());
        return new BuyerListRow(row.id(), row.name(), row.enabled() && def.enabled(), def.price().toPlainString(),
                def.priority(), def.exclusive(), breaker == null ? null : breaker.state(),
                breakerLine(breaker, problem), cap.text(), cap.full(), success, p95, attempts, inFlight, problem);
    }

    private static String problemOf(String name, List<String> problems) {
        String prefix = name + ": ";
        return problems.stream().filter(p -> p.startsWith(prefix)).map(p -> p.substring(prefix.length()))
                .map(BuyersViewModel::sentence).findFirst().orElse("");
    }

    /** The tightest cap window: the one closest to full. */
    private record CapUse(String text, boolean full, String period) {
    }

    private CapUse capUse(String buyerId, BuyerDefinition def, Instant now) {
        List<CapWindow> windows = def.caps().windows(now, def.zone());
        if (windows.isEmpty()) {
            return new CapUse("no cap", false, "");
        }
        List<CapSlot> slots = windows.stream().map(w -> new CapSlot(w.period(), w.bucketStart(), w.limit())).toList();
        Map<String, Integer> used = services.deliveries().capUse(buyerId, slots);
        CapWindow tightest = null;
        double worst = -1;
        for (CapWindow w : windows) {
            int u = used.getOrDefault(w.period(), 0);
            double ratio = w.limit() == 0 ? Double.POSITIVE_INFINITY : (double) u / w.limit();
            if (ratio > worst) {
                worst = ratio;
                tightest = w;
            }
        }
        int u = used.getOrDefault(tightest.period(), 0);
        String when = switch (tightest.period()) {
            case "hour" -> "this hour";
            case "day" -> "today";
            case "week" -> "this week";
            default -> "this month";
        };
        return new CapUse(String.format(Locale.ROOT, "%,d / %,d %s", u, tightest.limit(), when),
                u >= tightest.limit(), tightest.period());
    }

    private String breakerLine(CircuitBreaker.Snapshot s, String problem) {
        if (s == null) {
            return "Not running, so no breaker: " + (problem.isEmpty() ? "the buyer is not built yet" : problem);
        }
        String window = s.failuresInWindow() + (s.failuresInWindow() == 1 ? " failure" : " failures") + " of "
                + s.callsInWindow() + (s.callsInWindow() == 1 ? " call" : " calls") + " in the current window";
        return switch (s.state()) {
            case CLOSED -> "Closed: leads go through. " + window + ".";
            case OPEN -> "Open since " + time(s.openedAt()) + ": leads go to the next buyer. " + window
                    + ". Next probe " + (s.nextProbeAt() == null || !s.nextProbeAt().isAfter(services.clock().instant())
                    ? "with the next lead" : "at " + time(s.nextProbeAt())) + " (cool-down "
                    + Durations.format(s.coolDown()) + ").";
            case HALF_OPEN -> "Half-open: a probe lead decides whether it closes. " + window + ".";
            case FORCED_OPEN -> "Forced open by an operator since " + time(s.openedAt())
                    + ": no leads are sent. Choose Close or Automatic to send again.";
            case FORCED_CLOSED -> "Forced closed by an operator: every lead is sent and failures never open it. "
                    + window + ". Choose Automatic to let it protect the buyer again.";
        };
    }

    private String time(Instant at) {
        return at == null ? "—" : DateTimeFormatter.ofPattern("HH:mm:ss").withZone(services.clock().getZone())
                .format(at);
    }

    private void loaded(List<BuyerListRow> list) {
        loading = false;
        errorMessage.set("");
        String selected = selectedBuyer.get() == null ? null : selectedBuyer.get().name();
        if (!list.equals(rows)) {
            rows.setAll(list);
        }
        BuyerListRow again = list.stream().filter(r -> r.name().equals(selected)).findFirst().orElse(null);
        selectedBuyer.set(again);
        showBreaker(again);
        if (stale) {
            refresh();
        }
    }

    private void showBreaker(BuyerListRow row) {
        breakerText.set(row == null ? "" : row.breakerText());
        breakerDetail.set(row == null ? "" : row.breakerDetail());
        problem.set(row == null || row.problem().isEmpty() ? "" : "Not routable: " + row.problem());
    }

    // ------------------------------------------------------------------ the form

    /** The selected buyer's settings and secrets. */
    private record Detail(String name, BuyerDefinition definition, List<SecretRow> secrets) {
    }

    private void loadForm(String name) {
        formBuyer = name;
        clearTestSend();
        if (name == null) {
            form.clear();
            secrets.clear();
            formTitle.set("");
            return;
        }
        formTitle.set(name);
        executor.submit(() -> detail(name), d -> {
            if (d.name().equals(formBuyer)) {
                form.load(d.definition());
                secrets.setAll(d.secrets());
            }
        }, e -> errorMessage.set(UserMessages.describe("load the settings of " + name, e)));
        loadSamples();
    }

    private Detail detail(String name) {
        BuyerRow row = buyers.find(name).orElseThrow(() -> new IllegalArgumentException("the buyer " + name
                + " was removed meanwhile"));
        return new Detail(name, buyers.definition(row), secretRows(name));
    }

    private List<SecretRow> secretRows(String name) {
        Set<String> stored = buyers.secretNames(name);
        Set<String> needed = buyers.neededSecrets(name);
        Set<String> all = new TreeSet<>(stored);
        all.addAll(needed);
        List<SecretRow> out = new ArrayList<>();
        for (String s : all) {
            out.add(new SecretRow(s, stored.contains(s), needed.contains(s)));
        }
        return out;
    }

    /** Saves the form through the buyer service; the engines pick the change up from the store. */
    public void save() {
        BuyerDefinition def = form.definition();
        String name = formBuyer;
        if (name == null || def == null || !form.isDirty()) {
            return;
        }
        saving.set(true);
        executor.submit(() -> {
            buyers.saveDefinition(name, def, operator);
            services.buyerDirectory().refreshNow();
            return secretRows(name);
        }, rowsOfSecrets -> {
            saving.set(false);
            if (name.equals(formBuyer)) {
                form.markSaved();
                secrets.setAll(rowsOfSecrets);
            }
            errorMessage.set("");
            message.set("Saved " + name + ". Every engine on this database uses the new settings within seconds.");
            refresh();
        }, e -> {
            saving.set(false);
            errorMessage.set(UserMessages.describe("save " + name, e));
        });
    }

    /** Puts the stored settings back into the form. */
    public void revert() {
        if (formBuyer != null) {
            String name = formBuyer;
            formBuyer = null;
            loadForm(name);
        }
    }

    // ------------------------------------------------------------------ actions

    /** Switches the selected buyer on or off at once (the form's other edits stay). */
    public void setSelectedEnabled(boolean on) {
        BuyerListRow row = selectedBuyer.get();
        if (row == null) {
            return;
        }
        executor.submit(() -> {
            buyers.setEnabled(row.name(), on, operator);
            services.buyerDirectory().refreshNow();
            return on;
        }, done -> {
            if (row.name().equals(formBuyer)) {
                form.takeEnabled(on);
            }
            message.set(on ? row.name() + " is switched on and takes leads again."
                    : row.name() + " is switched off: routing skips it until you switch it on.");
            refresh();
        }, e -> errorMessage.set(UserMessages.describe("switch " + row.name() + (on ? " on" : " off"), e)));
    }

    /** Forces the selected buyer's breaker open or closed, or (null) hands it back to automatic. */
    public void setBreaker(BreakerOverride override) {
        BuyerListRow row = selectedBuyer.get();
        if (row == null) {
            return;
        }
        executor.submit(() -> {
            buyers.setBreakerOverride(row.name(), override, operator);
            services.buyerDirectory().refreshNow();
            return row.name();
        }, name -> {
            message.set(override == null ? "The breaker of " + name + " is automatic again."
                    : override == BreakerOverride.FORCED_OPEN ? "The breaker of " + name
                    + " is forced open: no leads are sent to it." : "The breaker of " + name
                    + " is forced closed: every lead is sent, failures do not open it.");
            refresh();
        }, e -> errorMessage.set(UserMessages.describe("change the breaker of " + row.name(), e)));
    }

    /** Seals and stores a secret of the selected buyer; {@code onError} says what to fix. */
    public void setSecret(String secretName, String value, Runnable onDone, Consumer<String> onError) {
        String name = formBuyer;
        if (name == null) {
            onError.accept("Select a buyer first.");
            return;
        }
        if (secretName == null || secretName.isBlank()) {
            onError.accept("Enter the secret's name, as the settings name it in ${secret:NAME}.");
            return;
        }
        if (value == null || value.isEmpty()) {
            onError.accept("Enter the secret's value.");
            return;
        }
        String secret = secretName.trim();
        executor.submit(() -> {
            buyers.setSecret(name, secret, value);
            services.buyerDirectory().refreshNow();
            return secretRows(name);
        }, list -> {
            if (name.equals(formBuyer)) {
                secrets.setAll(list);
            }
            message.set("Stored the secret " + secret + " of " + name + " (encrypted).");
            refresh();
            onDone.run();
        }, e -> onError.accept(UserMessages.describe("store the secret", e)));
    }

    /** Removes a stored secret of the selected buyer. */
    public void removeSecret(String secretName) {
        String name = formBuyer;
        if (name == null || secretName == null) {
            return;
        }
        executor.submit(() -> {
            buyers.removeSecret(name, secretName);
            services.buyerDirectory().refreshNow();
            return secretRows(name);
        }, list -> {
            if (name.equals(formBuyer)) {
                secrets.setAll(list);
            }
            message.set("Removed the secret " + secretName + " of " + name + ".");
            refresh();
        }, e -> errorMessage.set(UserMessages.describe("remove the secret", e)));
    }

    /** Imports a buyer file: its settings, and its mapping as a new version when it changed. */
    public void importFile(Path file, Runnable onDone, Consumer<String> onError) {
        executor.submit(() -> buyers.importFile(Files.readString(file), file.toAbsolutePath().getParent(), operator),
                result -> {
                    services.buyerDirectory().refreshNow();
                    String name = result.buyer().name();
                    StringBuilder text = new StringBuilder("Imported ").append(name);
                    if (result.published() != null) {
                        text.append(" with mapping version ").append(result.published().version());
                    }
                    text.append('.');
                    if (!result.missingSecrets().isEmpty()) {
                        text.append(" Store its secrets before it can receive leads: ")
                                .append(String.join(", ", result.missingSecrets())).append('.');
                    }
                    message.set(text.toString());
                    selectAfterReload(name);
                    onDone.run();
                }, e -> onError.accept(importProblem(e)));
    }

    private static String importProblem(Throwable e) {
        if (e instanceof InvalidBuyerException ibe) {
            StringBuilder sb = new StringBuilder("The file was not imported; nothing was changed. Fix these and "
                    + "import it again:");
            ibe.problems().forEach(p -> sb.append("\n• ").append(p));
            return sb.toString();
        }
        if (e instanceof java.io.IOException) {
            return "Could not read the file (" + e.getMessage() + "). Check that it exists and you may read it.";
        }
        return UserMessages.describe("import the buyer file", e);
    }

    /** The published mappings that have no buyer yet, for "create from mapping". */
    public void loadUnassignedMappings() {
        executor.submit(() -> {
            Set<String> taken = new LinkedHashSet<>();
            buyers.list().forEach(b -> taken.add(b.name()));
            List<String> out = new ArrayList<>();
            for (String name : services.mappings().buyers()) {
                if (!taken.contains(name) && services.mappings().latest(name).isPresent()) {
                    out.add(name);
                }
            }
            return out;
        }, unassignedMappings::setAll, e -> errorMessage.set(UserMessages.describe("list the mappings", e)));
    }

    /** Creates a switched-off buyer with default settings from a published mapping. */
    public void createFromMapping(String mapping, String productionUrl, Runnable onDone, Consumer<String> onError) {
        if (mapping == null || mapping.isBlank()) {
            onError.accept("Choose a published mapping; publish one on the Mappings screen first.");
            return;
        }
        executor.submit(() -> buyers.createFromMapping(mapping, productionUrl, operator), row -> {
            services.buyerDirectory().refreshNow();
            message.set("Created " + row.name() + ", switched off. Check its price, caps and endpoints, "
                    + "then switch it on.");
            selectAfterReload(row.name());
            onDone.run();
        }, e -> onError.accept(UserMessages.describe("create the buyer", e)));
    }

    private void selectAfterReload(String name) {
        executor.submit(this::load, list -> {
            loaded(list);
            list.stream().filter(r -> r.name().equals(name)).findFirst().ifPresent(selectedBuyer::set);
        }, e -> errorMessage.set(UserMessages.describe("load the buyers", e)));
    }

    /** Writes the selected buyer's file (mapping and settings; secrets stay placeholders). */
    public void exportSelected(Path file) {
        BuyerListRow row = selectedBuyer.get();
        if (row == null) {
            return;
        }
        executor.submit(() -> {
            Files.writeString(file, buyers.exportFile(row.name()));
            return file;
        }, f -> message.set("Exported " + row.name() + " to " + f + "."),
                e -> errorMessage.set(e instanceof java.io.IOException
                        ? "Could not write " + file + " (" + e.getMessage() + "). Choose a folder you may write to."
                        : UserMessages.describe("export " + row.name(), e)));
    }

    // ------------------------------------------------------------------ test send

    private void loadSamples() {
        executor.submit(() -> {
            List<SampleLead> out = new ArrayList<>();
            for (Lead lead : services.leads().page(LeadRepository.LeadQuery.ALL, 0, RECENT_SAMPLES)) {
                String who = lead.displayName().isEmpty() ? "(no name)" : lead.displayName();
                out.add(new SampleLead(lead.vendorLeadId() + " — " + who, "Newest stored", lead.fields()));
            }
            out.addAll(SampleLeads.fixtures());
            return out;
        }, list -> {
            SampleLead previous = selectedSample.get();
            samples.setAll(list);
            selectedSample.set(list.stream().filter(s -> previous != null && s.label().equals(previous.label()))
                    .findFirst().orElse(list.isEmpty() ? null : list.get(0)));
        }, e -> errorMessage.set(UserMessages.describe("load sample leads", e)));
    }

    /** Sends the chosen sample lead to the selected buyer's sandbox; nothing is stored. */
    public void sendTestLead() {
        BuyerListRow row = selectedBuyer.get();
        SampleLead sample = selectedSample.get();
        if (row == null || sample == null) {
            return;
        }
        clearTestSend();
        testSending.set(true);
        testVerdict.set("Sending " + sample.label() + " to the sandbox of " + row.name() + "…");
        executor.submit(() -> {
            if (services.buyerDirectory().byId(row.id()).isEmpty()) {
                return null;
            }
            return services.delivery().testSend(row.id(), sample.fields());
        }, result -> {
            testSending.set(false);
            if (result == null) {
                showNotBuilt(row);
            } else {
                showTestSend(result);
            }
        }, e -> {
            testSending.set(false);
            testOutcome.set("failed");
            testVerdict.set("The test send did not run.");
            testAdvice.set(UserMessages.describe("send the test lead", e));
        });
    }

    private void showNotBuilt(BuyerListRow row) {
        testOutcome.set("failed");
        testVerdict.set("Not sent: " + row.name() + " is not ready to send.");
        testAdvice.set((row.problem().isEmpty() ? "Its settings or mapping cannot be used." : row.problem() + ".")
                + " Fix that (store a missing secret, publish its mapping), then send again.");
    }

    private void showTestSend(TestSendResult r) {
        testRequest.set(r.requestText() == null ? "" : r.requestText());
        testResponse.set(r.responseText() == null ? "" : r.responseText());
        ResponseVerdict v = r.verdict();
        if (!r.sent() || v == null) {
            testOutcome.set("failed");
            StringBuilder verdict = new StringBuilder(r.sent() ? "Sent, no usable answer" : "Not sent");
            if (r.error() != null) {
                verdict.append(" (").append(r.error().wireName()).append(')');
            }
            verdict.append(": ").append(r.errorMessage() == null ? "unknown error" : r.errorMessage());
            testVerdict.set(verdict.toString());
            StringBuilder advice = new StringBuilder(advice(r.error()));
            r.problems().forEach(p -> advice.append("\n• ").append(p));
            testAdvice.set(advice.toString());
            return;
        }
        StringBuilder verdict = new StringBuilder(label(v.outcome()));
        if (r.status() != null) {
            verdict.append(" · HTTP ").append(r.status());
        }
        verdict.append(" · ").append(r.latencyMs()).append(" ms");
        if (v.buyerLeadId() != null) {
            verdict.append(" · buyer lead id ").append(v.buyerLeadId());
        }
        if (v.price() != null) {
            verdict.append(" · price ").append(v.price().toPlainString());
        }
        if (v.reason() != null) {
            verdict.append(" · ").append(v.reason());
        }
        testVerdict.set(verdict.toString());
        if (v.drift()) {
            testOutcome.set("drift");
            testAdvice.set("Drift: " + v.driftNote() + ". The answer did not have the shape the response rules "
                    + "expect; update the response rules (Advanced tab) so it is read as intended.");
        } else if (v.outcome() == Outcome.ERROR) {
            testOutcome.set("error");
            testAdvice.set(advice(v.errorClass()));
        } else {
            testOutcome.set(v.outcome().wireName());
            testAdvice.set(v.outcome() == Outcome.ACCEPTED ? "The sandbox took the lead: the mapping, auth and "
                    + "response rules work together." : "The sandbox answered and its answer was understood.");
        }
    }

    private static String label(Outcome outcome) {
        return switch (outcome) {
            case ACCEPTED -> "Accepted";
            case REJECTED -> "Rejected";
            case DUPLICATE -> "Duplicate";
            case ERROR -> "Error";
        };
    }

    /** What to do next after a test send failed with {@code error}. */
    static String advice(ErrorClass error) {
        if (error == null) {
            return "Check the log for the cause, then send again.";
        }
        return switch (error) {
            case CONFIGURATION -> "Fix the buyer's settings: add a sandbox endpoint on the Delivery tab, or store "
                    + "the missing secret on the Secrets & breaker tab, then send again.";
            case INVALID_PAYLOAD -> "The mapping could not build a payload from this lead. Pick another sample "
                    + "lead, or fix the mapping on the Mappings screen for the fields below.";
            case TIMEOUT -> "The sandbox did not answer in time. Check the sandbox URL, or raise the read and call "
                    + "timeouts if the buyer's sandbox is slow.";
            case CONNECTION_REFUSED -> "Nothing listens at the sandbox address. Check the URL and port, or ask the "
                    + "buyer whether their sandbox is up.";
            case CONNECTION_RESET, NETWORK -> "The connection failed. Check the sandbox URL, the network, a proxy "
                    + "or firewall between here and the buyer, then send again.";
            case RATE_LIMITED -> "The sandbox asks us to slow down (429). Wait a minute and send again.";
            case UNAVAILABLE, SERVER_ERROR -> "The buyer's sandbox failed on its side (5xx). Send again later, or "
                    + "send the buyer the request and response shown here.";
            case CLIENT_ERROR -> "The buyer refused the request (4xx). Its answer usually names the field: compare "
                    + "the payload with the buyer's spec and fix the mapping.";
            case UNAUTHORIZED -> "Our credentials were refused (401/403). Check the auth settings (Advanced tab) "
                    + "and store the right secret values.";
            case TOKEN_ENDPOINT_UNAVAILABLE -> "The OAuth token endpoint could not be reached. Check tokenUrl in "
                    + "the auth settings.";
            case TOKEN_REFUSED -> "The OAuth token endpoint refused our client credentials. Check clientId and "
                    + "store the right client secret.";
            case TLS -> "The TLS handshake failed. Check the buyer's certificate, the mTLS keystore and truststore "
                    + "in the auth settings, and that the URL's scheme is right.";
        };
    }

    private void clearTestSend() {
        testRequest.set("");
        testResponse.set("");
        testVerdict.set("");
        testOutcome.set("");
        testAdvice.set("");
    }

    private static String sentence(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    // ------------------------------------------------------------------ properties

    public BuyerForm form() {
        return form;
    }

    public ObservableList<BuyerListRow> rows() {
        return rows;
    }

    public ObjectProperty<BuyerListRow> selectedBuyerProperty() {
        return selectedBuyer;
    }

    public BuyerListRow getSelectedBuyer() {
        return selectedBuyer.get();
    }

    /** Selects the buyer of that name, if listed. */
    public void select(String name) {
        rows.stream().filter(r -> r.name().equals(name)).findFirst().ifPresent(selectedBuyer::set);
    }

    public ObservableList<SecretRow> secrets() {
        return secrets;
    }

    public ObservableList<SampleLead> samples() {
        return samples;
    }

    public ObjectProperty<SampleLead> selectedSampleProperty() {
        return selectedSample;
    }

    public ObservableList<String> unassignedMappings() {
        return unassignedMappings;
    }

    public BooleanBinding noSelectionProperty() {
        return noSelection;
    }

    public BooleanBinding canSaveProperty() {
        return canSave;
    }

    public BooleanBinding canSendProperty() {
        return canSend;
    }

    public ReadOnlyBooleanProperty savingProperty() {
        return saving.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty testSendingProperty() {
        return testSending.getReadOnlyProperty();
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

    /** The name of the buyer in the form, or empty. */
    public ReadOnlyStringProperty formTitleProperty() {
        return formTitle.getReadOnlyProperty();
    }

    /** The selected buyer's breaker state as the pill shows it. */
    public ReadOnlyStringProperty breakerTextProperty() {
        return breakerText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty breakerDetailProperty() {
        return breakerDetail.getReadOnlyProperty();
    }

    public String getBreakerDetail() {
        return breakerDetail.get();
    }

    /** Why the selected buyer receives no leads right now, or empty. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty testRequestProperty() {
        return testRequest.getReadOnlyProperty();
    }

    public String getTestRequest() {
        return testRequest.get();
    }

    public ReadOnlyStringProperty testResponseProperty() {
        return testResponse.getReadOnlyProperty();
    }

    public String getTestResponse() {
        return testResponse.get();
    }

    /** One line: the outcome, HTTP status, latency, buyer lead id, price, reason; or why it failed. */
    public ReadOnlyStringProperty testVerdictProperty() {
        return testVerdict.getReadOnlyProperty();
    }

    public String getTestVerdict() {
        return testVerdict.get();
    }

    /** accepted, rejected, duplicate, error, drift, failed, or empty: for styling. */
    public ReadOnlyStringProperty testOutcomeProperty() {
        return testOutcome.getReadOnlyProperty();
    }

    public String getTestOutcome() {
        return testOutcome.get();
    }

    /** What to do next. */
    public ReadOnlyStringProperty testAdviceProperty() {
        return testAdvice.getReadOnlyProperty();
    }

    public String getTestAdvice() {
        return testAdvice.get();
    }
}
