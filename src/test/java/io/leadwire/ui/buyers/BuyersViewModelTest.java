package io.leadwire.ui.buyers;

import static io.leadwire.ui.buyers.BuyerFixtures.buyerFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadwire.delivery.BuyerDefinition;
import io.leadwire.delivery.BuyerService.BreakerOverride;
import io.leadwire.delivery.retry.CircuitBreaker;
import io.leadwire.lead.DeliveryChangedEvent;
import io.leadwire.lead.DeliveryStatus;
import io.leadwire.store.BuyerRow;
import io.leadwire.store.DeliveryRepository.CapSlot;
import io.leadwire.testing.MutableClock;
import io.leadwire.ui.CurrentThreadUiExecutor;
import io.leadwire.ui.FxEventBridge;
import io.leadwire.ui.InMemoryConsole;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Buyers screen's logic on a real in-memory store, with work run on the calling thread. */
class BuyersViewModelTest {
    private static final Instant NOW = Instant.parse("2026-03-04T15:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(NOW);
    private final MockWebServer sandbox = new MockWebServer();
    private InMemoryConsole console;
    private BuyersViewModel vm;
    private String vendorId;

    @BeforeEach
    void setUp() throws IOException {
        sandbox.start(InetAddress.getLoopbackAddress(), 0);
        console = new InMemoryConsole(clock, dir.resolve("console.properties"));
        vendorId = console.vendors.add("Acme Leads", List.of()).vendor().id();
        console.buyers.importFile(buyerFile("Atlas Insurance", "https://api.atlas.example/leads",
                sandbox.url("/sandbox/leads").toString(), "\"priority\": 1, \"caps\": {\"day\": 500, \"month\": 9000}"),
                null, "tester");
        console.buyers.importFile(buyerFile("Beacon Health", "https://api.beacon.example/leads", null,
                "\"exclusive\": false, \"auth\": {\"type\": \"bearer\", \"token\": \"${secret:BEACON_TOKEN}\"}"),
                null, "tester");
        vm = new BuyersViewModel(console.services, new CurrentThreadUiExecutor(), "maria.ops");
    }

    @AfterEach
    void tearDown() throws IOException {
        console.close();
        sandbox.shutdown();
    }

    private BuyerListRow row(String name) {
        return vm.rows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private String idOf(String name) {
        return console.buyers.find(name).orElseThrow().id();
    }

    private List<CapSlot> dayCap(int limit) {
        return List.of(new CapSlot("day", Instant.parse("2026-03-04T00:00:00Z"), limit));
    }

    @Test
    void shouldListImportedBuyersWithTheirLastHourFiguresWhenLoaded() {
        BuyerFixtures.recordAttempts(console.leads, console.deliveries, vendorId, idOf("Atlas Insurance"),
                dayCap(500), NOW.minusSeconds(600), List.of("accepted", "accepted", "accepted", "error"),
                List.of(100L, 200L, 900L, 300L));

        vm.start();

        assertThat(vm.rows()).extracting(BuyerListRow::name).containsExactly("Atlas Insurance", "Beacon Health");
        BuyerListRow atlas = row("Atlas Insurance");
        assertThat(atlas.enabled()).isTrue();
        assertThat(atlas.price()).isEqualTo("20.00");
        assertThat(atlas.priority()).isEqualTo(1);
        assertThat(atlas.kindText()).isEqualTo("exclusive");
        assertThat(atlas.breaker()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(atlas.capUse()).as("the failed delivery gave its cap unit back").isEqualTo("3 / 500 today");
        assertThat(atlas.successRate()).isEqualTo("75.0 %");
        assertThat(atlas.p95()).isEqualTo("810 ms");
        assertThat(atlas.attempts()).isEqualTo(4);
        assertThat(atlas.inFlight()).isZero();
        assertThat(atlas.problem()).isEmpty();

        BuyerListRow beacon = row("Beacon Health");
        assertThat(beacon.kindText()).isEqualTo("shared");
        assertThat(beacon.capUse()).isEqualTo("no cap");
        assertThat(beacon.successRate()).isEqualTo("—");
        assertThat(beacon.breaker()).as("not built without its secret").isNull();
        assertThat(beacon.problem()).contains("BEACON_TOKEN");
    }

    @Test
    void shouldNotCountAttemptsOlderThanAnHourWhenShowingFigures() {
        BuyerFixtures.recordAttempts(console.leads, console.deliveries, vendorId, idOf("Atlas Insurance"),
                dayCap(500), NOW.minus(Duration.ofMinutes(90)), List.of("error", "error"), List.of(50L, 60L));

        vm.start();

        assertThat(row("Atlas Insurance").successRate()).isEqualTo("—");
        assertThat(row("Atlas Insurance").p95()).isEqualTo("—");
    }

    @Test
    void shouldMarkTheCapFullAndSayWhyWhenTheTightestWindowIsUsedUp() {
        BuyerFixtures.recordAttempts(console.leads, console.deliveries, vendorId, idOf("Atlas Insurance"),
                dayCap(500), NOW.minusSeconds(60), List.of("accepted", "accepted"), List.of(80L, 90L));
        vm.start();
        vm.select("Atlas Insurance");
        vm.form().capDayProperty().set("2");
        vm.save();

        BuyerListRow atlas = row("Atlas Insurance");
        assertThat(atlas.capUse()).isEqualTo("2 / 2 today");
        assertThat(atlas.capFull()).isTrue();
        assertThat(atlas.problem()).isEqualTo("Cap full (day)");
    }

    @Test
    void shouldShowTheProblemNextToThePriceAndBlockSaveWhenThePriceIsNotANumber() {
        vm.start();
        vm.select("Atlas Insurance");
        assertThat(vm.form().priceProperty().get()).isEqualTo("20.00");
        assertThat(vm.canSaveProperty().get()).as("nothing changed yet").isFalse();

        vm.form().priceProperty().set("twenty");

        assertThat(vm.form().errorFor(BuyerForm.PRICE).get()).contains("'twenty' is not a number");
        assertThat(vm.form().isDirty()).isTrue();
        assertThat(vm.canSaveProperty().get()).isFalse();

        vm.form().priceProperty().set("24.50");

        assertThat(vm.form().errorFor(BuyerForm.PRICE).get()).isEmpty();
        assertThat(vm.canSaveProperty().get()).isTrue();
    }

    @Test
    void shouldPutEachProblemNextToItsFieldWhenSeveralAreWrong() {
        vm.start();
        vm.select("Atlas Insurance");

        vm.form().concurrencyProperty().set("0");
        vm.form().zoneProperty().set("Mars/Olympus");
        vm.form().capDayProperty().set("-1");
        vm.form().callTimeoutProperty().set("1s");
        vm.form().authProperty().set("{\"type\": \"bearer\"");
        vm.form().filtersProperty().set("[{\"field\": \"country\", \"in\": \"US\"}]");

        BuyerForm form = vm.form();
        assertThat(form.errorFor(BuyerForm.CONCURRENCY).get()).contains("from 1 to 1024");
        assertThat(form.errorFor(BuyerForm.ZONE).get()).contains("'Mars/Olympus' is not a time zone");
        assertThat(form.errorFor(BuyerForm.CAPS).get()).contains("caps.day");
        assertThat(form.errorFor(BuyerForm.CALL).get()).contains("cannot be shorter than connecting");
        assertThat(form.errorFor(BuyerForm.AUTH).get()).startsWith("Not valid JSON");
        assertThat(form.errorFor(BuyerForm.FILTERS).get()).isNotEmpty();
        assertThat(form.errorFor(BuyerForm.PRICE).get()).isEmpty();
        assertThat(vm.canSaveProperty().get()).isFalse();

        vm.revert();

        assertThat(form.errorFor(BuyerForm.ZONE).get()).isEmpty();
        assertThat(form.isDirty()).isFalse();
        assertThat(form.zoneProperty().get()).isEqualTo("Z");
    }

    @Test
    void shouldRefuseASecretWrittenInClearWhenTheAuthBlockIsEdited() {
        vm.start();
        vm.select("Atlas Insurance");

        vm.form().authProperty().set("{\"type\": \"bearer\", \"token\": \"sk_live_123\"}");

        assertThat(vm.form().errorFor(BuyerForm.AUTH).get()).isNotEmpty().doesNotContain("sk_live_123");
        assertThat(vm.canSaveProperty().get()).isFalse();
    }

    @Test
    void shouldStoreTheNewSettingsAndKeepTheMappingWhenSaved() {
        vm.start();
        vm.select("Atlas Insurance");
        int mappingVersion = console.mappings.latest("Atlas Insurance").orElseThrow().version();

        vm.form().priceProperty().set("24.50");
        vm.form().capDayProperty().set("300");
        vm.form().capMonthProperty().set("");
        vm.form().exclusiveProperty().set(false);
        vm.form().zoneProperty().set("America/New_York");
        vm.save();

        BuyerRow stored = console.buyers.find("Atlas Insurance").orElseThrow();
        BuyerDefinition def = console.buyers.definition(stored);
        assertThat(def.price()).isEqualByComparingTo("24.50");
        assertThat(def.caps().limits()).containsExactly(java.util.Map.entry("day", 300));
        assertThat(def.exclusive()).isFalse();
        assertThat(def.zone().getId()).isEqualTo("America/New_York");
        assertThat(def.sandboxUrl()).isEqualTo(sandbox.url("/sandbox/leads").toString());
        assertThat(stored.updatedBy()).isEqualTo("maria.ops");
        assertThat(console.mappings.latest("Atlas Insurance").orElseThrow().version()).isEqualTo(mappingVersion);
        assertThat(vm.form().isDirty()).isFalse();
        assertThat(vm.getMessage()).startsWith("Saved Atlas Insurance");
        assertThat(row("Atlas Insurance").price()).isEqualTo("24.50");
        assertThat(row("Atlas Insurance").kindText()).isEqualTo("shared");
    }

    @Test
    void shouldForceTheBreakerOpenAndHandItBackWhenTheOperatorChooses() {
        vm.start();
        vm.select("Atlas Insurance");

        vm.setBreaker(BreakerOverride.FORCED_OPEN);

        assertThat(row("Atlas Insurance").breaker()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);
        assertThat(row("Atlas Insurance").problem()).isEqualTo("Breaker forced open by an operator");
        assertThat(vm.breakerTextProperty().get()).isEqualTo("forced open");
        assertThat(vm.getBreakerDetail()).contains("no leads are sent");

        vm.setBreaker(BreakerOverride.FORCED_CLOSED);
        assertThat(row("Atlas Insurance").breaker()).isEqualTo(CircuitBreaker.State.FORCED_CLOSED);

        vm.setBreaker(null);

        assertThat(row("Atlas Insurance").breaker()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(row("Atlas Insurance").problem()).isEmpty();
        assertThat(vm.getBreakerDetail()).startsWith("Closed: leads go through. 0 failures of 0 calls");
    }

    @Test
    void shouldSwitchABuyerOffAndSayItIsNotRoutableWhenTheOperatorSwitchesItOff() {
        vm.start();
        vm.select("Atlas Insurance");

        vm.setSelectedEnabled(false);

        assertThat(row("Atlas Insurance").enabled()).isFalse();
        assertThat(row("Atlas Insurance").problem()).isEqualTo("Switched off");
        assertThat(vm.form().enabledProperty().get()).isFalse();
        assertThat(vm.form().isDirty()).isFalse();
        assertThat(console.buyers.find("Atlas Insurance").orElseThrow().enabled()).isFalse();
    }

    @Test
    void shouldListSecretsMaskedAndStoreOneWhenSet() {
        vm.start();
        vm.select("Beacon Health");
        assertThat(vm.secrets()).containsExactly(new SecretRow("BEACON_TOKEN", false, true));

        List<String> errors = new ArrayList<>();
        vm.setSecret("BEACON_TOKEN", "tok-9f8e7d", () -> { }, errors::add);

        assertThat(errors).isEmpty();
        assertThat(vm.secrets()).containsExactly(new SecretRow("BEACON_TOKEN", true, true));
        assertThat(vm.secrets().get(0).valueText()).isEqualTo(SecretRow.MASK);
        assertThat(vm.secrets().toString()).doesNotContain("tok-9f8e7d");
        assertThat(row("Beacon Health").problem()).isEmpty();
        assertThat(row("Beacon Health").breaker()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void shouldSayWhatIsMissingWhenASecretIsSetWithoutAValue() {
        vm.start();
        vm.select("Beacon Health");
        List<String> errors = new ArrayList<>();

        vm.setSecret("BEACON_TOKEN", "", () -> { }, errors::add);

        assertThat(errors).containsExactly("Enter the secret's value.");
    }

    @Test
    void shouldShowTheRawRequestAndResponseWhenATestLeadIsSentToTheSandbox() throws Exception {
        sandbox.enqueue(new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody("{\"status\":\"accepted\",\"lead_id\":\"SBX-4471\",\"price\":\"19.00\"}"));
        vm.start();
        vm.select("Atlas Insurance");
        assertThat(vm.selectedSampleProperty().get()).isNotNull();

        vm.sendTestLead();

        RecordedRequest sent = sandbox.takeRequest(5, TimeUnit.SECONDS);
        assertThat(sent).isNotNull();
        assertThat(sent.getPath()).isEqualTo("/sandbox/leads");
        assertThat(vm.getTestRequest()).startsWith("POST " + sandbox.url("/sandbox/leads"))
                .contains("\"first_name\"");
        assertThat(vm.getTestResponse()).startsWith("HTTP/1.1 200").contains("SBX-4471");
        assertThat(vm.getTestOutcome()).isEqualTo("accepted");
        assertThat(vm.getTestVerdict()).startsWith("Accepted · HTTP 200").contains("buyer lead id SBX-4471",
                "price 19.00");
        assertThat(vm.testSendingProperty().get()).isFalse();
        assertThat(console.deliveries.countByStatus()).as("a test send stores nothing").isEmpty();
    }

    @Test
    void shouldSayWhatToDoNextWhenTheSandboxFails() {
        sandbox.enqueue(new MockResponse().setResponseCode(401).setBody("{\"error\":\"bad token\"}"));
        vm.start();
        vm.select("Atlas Insurance");

        vm.sendTestLead();

        assertThat(vm.getTestResponse()).startsWith("HTTP/1.1 401").contains("bad token");
        assertThat(vm.getTestOutcome()).isEqualTo("error");
        assertThat(vm.getTestAdvice()).contains("credentials were refused");
    }

    @Test
    void shouldSayHowToFixItWhenTheBuyerHasNoSandbox() {
        vm.start();
        vm.select("Beacon Health");
        vm.setSecret("BEACON_TOKEN", "tok", () -> { }, e -> { });

        vm.sendTestLead();

        assertThat(vm.getTestOutcome()).isEqualTo("failed");
        assertThat(vm.getTestVerdict()).contains("has no sandbox endpoint");
        assertThat(vm.getTestAdvice()).contains("add a sandbox endpoint");
        assertThat(vm.getTestRequest()).isEmpty();
    }

    @Test
    void shouldNameTheBuyersOwnProblemWhenItCannotSendAtAll() {
        vm.start();
        vm.select("Beacon Health");

        vm.sendTestLead();

        assertThat(vm.getTestOutcome()).isEqualTo("failed");
        assertThat(vm.getTestAdvice()).contains("BEACON_TOKEN");
    }

    @Test
    void shouldCreateASwitchedOffBuyerWhenMadeFromAPublishedMapping() {
        console.mappings.publish("Cedar Auto", "{\"name\": \"Cedar Auto\", \"format\": \"json\", \"fields\": "
                + "[{\"target\": \"first_name\", \"source\": \"first_name\"}]}", "tester", "first", NOW);
        vm.start();
        vm.loadUnassignedMappings();
        assertThat(vm.unassignedMappings()).containsExactly("Cedar Auto");

        List<String> errors = new ArrayList<>();
        vm.createFromMapping("Cedar Auto", "https://api.cedar.example/leads", () -> { }, errors::add);

        assertThat(errors).isEmpty();
        assertThat(row("Cedar Auto").enabled()).isFalse();
        assertThat(vm.getSelectedBuyer().name()).isEqualTo("Cedar Auto");
        assertThat(vm.form().productionProperty().get()).isEqualTo("https://api.cedar.example/leads");
    }

    @Test
    void shouldListEveryProblemWhenAnImportedFileIsBroken() throws IOException {
        Path file = dir.resolve("broken.buyer.json");
        Files.writeString(file, buyerFile("Delta", "ftp://nowhere", null, "\"price\": \"cheap\""));
        vm.start();
        List<String> errors = new ArrayList<>();

        vm.importFile(file, () -> { }, errors::add);

        assertThat(errors).singleElement().satisfies(e -> assertThat(e)
                .startsWith("The file was not imported; nothing was changed.")
                .contains("buyer.endpoints.production", "buyer.price"));
        assertThat(vm.rows()).extracting(BuyerListRow::name).doesNotContain("Delta");
    }

    @Test
    void shouldImportAFileAndExportItAgainWhenTheOperatorChoosesFiles() throws IOException {
        Path file = dir.resolve("echo.buyer.json");
        Files.writeString(file, buyerFile("Echo Loans", "https://api.echo.example/leads", null, "\"priority\": 5"));
        vm.start();

        vm.importFile(file, () -> { }, e -> { });

        assertThat(vm.getSelectedBuyer().name()).isEqualTo("Echo Loans");
        assertThat(vm.getMessage()).startsWith("Imported Echo Loans with mapping version 1");
        Path out = dir.resolve("out.json");
        vm.exportSelected(out);
        assertThat(Files.readString(out)).contains("\"name\" : \"Echo Loans\"", "\"priority\" : 5");
    }

    @Test
    void shouldReloadTheFiguresEveryOtherTickWhenNothingIsAnnounced() {
        vm.start();
        BuyerFixtures.recordAttempts(console.leads, console.deliveries, vendorId, idOf("Atlas Insurance"),
                dayCap(500), NOW.minusSeconds(30), List.of("accepted"), List.of(120L));

        vm.tick();
        assertThat(row("Atlas Insurance").attempts()).isZero();

        vm.tick();
        assertThat(row("Atlas Insurance").attempts()).isEqualTo(1);
    }

    @Test
    void shouldReloadOnTheNextTickWhenDeliveriesChanged() {
        vm.start();
        try (FxEventBridge bridge = new FxEventBridge(console.events, Runnable::run)) {
            vm.attach(bridge);
            java.util.concurrent.atomic.AtomicBoolean announced = new java.util.concurrent.atomic.AtomicBoolean();
            bridge.addListener(batch -> announced.compareAndSet(false, batch.deliveriesChanged() > 0));
            bridge.start();
            BuyerFixtures.recordAttempts(console.leads, console.deliveries, vendorId, idOf("Atlas Insurance"),
                    dayCap(500), NOW.minusSeconds(30), List.of("accepted"), List.of(120L));
            console.events.publish(new DeliveryChangedEvent("d", "l", idOf("Atlas Insurance"),
                    DeliveryStatus.ACCEPTED));
            await().atMost(Duration.ofSeconds(5)).untilTrue(announced);

            vm.tick();

            assertThat(row("Atlas Insurance").attempts()).as("reloaded on the first tick, not the second")
                    .isEqualTo(1);
        }
    }
}
