package io.leadwire.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.leadwire.app.DemoLeads;
import io.leadwire.lead.VendorPoll;
import io.leadwire.ui.shell.ConsoleWindow;
import io.leadwire.ui.shell.Screen;
import io.leadwire.ui.vendors.VendorRow;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Renders the Vendors screen with a push vendor speaking its own dialect, a pull vendor that the
 * engine's poller has polled from a local vendor API, and a hybrid vendor whose API fails:
 * {@code mvn -q test -Dtest=VendorPollingScreenshotsTest -Dleadwire.screenshots.dir=docs/screenshots}.
 */
class VendorPollingScreenshotsTest {
    @TempDir
    Path dataDir;
    private Path outDir;
    private RunningEngine engine;
    private FxUiExecutor executor;
    private ConsoleWindow window;
    private HttpServer vendorApi;
    private final FxRobot robot = new FxRobot();

    @BeforeEach
    void setUp() throws Exception {
        outDir = Path.of(System.getProperty("leadwire.screenshots.dir", "target/screenshots")).toAbsolutePath();
        Files.createDirectories(outDir);
        startVendorApi();
        FxToolkit.registerPrimaryStage();
        engine = RunningEngine.start(dataDir);
        seed();
        executor = new FxUiExecutor(2);
        window = ConsoleStage.show(engine.services(Optional.empty()), executor);
    }

    @AfterEach
    void tearDown() throws Exception {
        ConsoleStage.close(window);
        executor.close();
        engine.close();
        vendorApi.stop(0);
    }

    /** {@code /leads}: eight leads and a next cursor; {@code /broken}: always 502. */
    private void startVendorApi() throws IOException {
        DemoLeads demo = new DemoLeads(new Random(11));
        List<String> leads = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            leads.add(demo.good("ORB-" + (500 + i)));
        }
        String page = "{\"leads\":[" + String.join(",", leads) + "],\"next_cursor\":\"c-8\"}";
        vendorApi = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        vendorApi.createContext("/leads", ex -> {
            byte[] body = (ex.getRequestURI().getQuery().contains("since=") ? "{\"leads\":[],\"next_cursor\":\"c-8\"}"
                    : page).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        vendorApi.createContext("/broken", ex -> {
            ex.sendResponseHeaders(502, -1);
            ex.close();
        });
        vendorApi.start();
    }

    private String api(String path) {
        return "http://127.0.0.1:" + vendorApi.getAddress().getPort() + path;
    }

    private void seed() throws Exception {
        var vendors = engine.engine.vendors();
        DemoLeads demo = new DemoLeads(new Random(7));
        String acme = vendors.add("Acme Leads", List.of()).apiKey();
        vendors.setDialect("Acme Leads",
                Files.readString(Path.of("docs/examples/vendor-dialects/acme-leads.dialect.json")));
        String bolt = vendors.add("Bolt Media", List.of("127.0.0.1/32")).apiKey();
        vendors.add("Orbit Data", List.of());
        vendors.setPolling("Orbit Data", settings(VendorPoll.Mode.PULL, api("/leads")));
        vendors.add("Northwind Finance", List.of("127.0.0.0/8"));
        vendors.setDialect("Northwind Finance",
                Files.readString(Path.of("docs/examples/vendor-dialects/northwind.dialect.json")));
        vendors.setPolling("Northwind Finance", settings(VendorPoll.Mode.HYBRID, api("/broken")));
        for (int i = 1; i <= 6; i++) {
            assertThat(engine.post(acme, Files.readString(Path.of("docs/examples/vendor-dialects/acme-leads.lead.json"))
                    .replace("FL-2026-001234", "AC-" + i))).isEqualTo(202);
            assertThat(engine.post(bolt, demo.good("BM-" + i))).isEqualTo(202);
        }
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> {
            var polls = vendors.polls().values();
            return polls.size() == 2 && polls.stream().allMatch(p -> p.state().lastSuccessAt() != null
                    || p.state().failing());
        });
    }

    private static VendorPoll.Settings settings(VendorPoll.Mode mode, String url) {
        return new VendorPoll.Settings(mode, url, VendorPoll.AuthKind.NONE, null, null, Duration.ofSeconds(60),
                "since", "limit", 100, null, null);
    }

    @Test
    void shouldRenderTheVendorsScreenWithPollingAndDialectsWhenVendorsArePolled() throws Exception {
        robot.clickOn("#nav-vendors");
        TableView<VendorRow> vendors = robot.lookup("#vendor-table").queryTableView();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                vendors.getItems().size() == 4 && vendors.getItems().stream().anyMatch(VendorRow::intakeFailing)
                        && vendors.getItems().stream().anyMatch(r -> r.leadsToday() == 8)).get());
        VendorRow failing = vendors.getItems().stream().filter(VendorRow::intakeFailing).findFirst().orElseThrow();
        robot.interact(() -> window.vendors().selectedVendorProperty().set(failing));
        assertThat(window.vendors().getPollDetail()).contains("HTTP 502");
        shoot(window.scene(), "vendors-polling.png");

        VendorRow pulled = vendors.getItems().stream().filter(r -> r.name().equals("Orbit Data")).findFirst()
                .orElseThrow();
        robot.interact(() -> window.vendors().selectedVendorProperty().set(pulled));
        robot.interact(() -> window.shell().darkThemeProperty().set(true));
        assertThat(window.vendors().getPollDetail()).contains("8 new");
        shoot(window.scene(), "vendors-polling-dark.png");
        robot.interact(() -> window.shell().darkThemeProperty().set(false));
        robot.interact(() -> window.shell().screenProperty().set(Screen.LIVE_FEED));
    }

    private void shoot(Scene scene, String name) {
        ScenePng.shoot(robot, scene, outDir.resolve(name));
    }
}
