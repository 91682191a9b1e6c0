package io.leadwire.ui.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadReceivedEvent;
import io.leadwire.lead.LeadStatus;
import io.leadwire.ui.ConsoleStage;
import io.leadwire.ui.FxUiExecutor;
import io.leadwire.ui.RunningEngine;
import io.leadwire.ui.UiExecutor;
import io.leadwire.ui.shell.ConsoleWindow;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** 500 leads a second for three seconds: the feed re-queries in batches and the FX thread stays free. */
class LiveFeedLoadFxTest {
    private static final int PER_TICK = 50;
    private static final int TICKS = 30;

    @TempDir
    Path dataDir;
    private RunningEngine engine;
    private FxUiExecutor fxExecutor;
    private final AtomicInteger submitted = new AtomicInteger();
    private ConsoleWindow window;
    private final FxRobot robot = new FxRobot();

    @BeforeEach
    void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
        engine = RunningEngine.start(dataDir);
        fxExecutor = new FxUiExecutor(2);
        UiExecutor counting = new UiExecutor() {
            @Override
            public <T> void submit(Callable<T> work, Consumer<? super T> onSuccess,
                                   Consumer<? super Throwable> onFailure) {
                submitted.incrementAndGet();
                fxExecutor.submit(work, onSuccess, onFailure);
            }
        };
        window = ConsoleStage.show(engine.services(Optional.empty()), counting);
    }

    @AfterEach
    void tearDown() throws Exception {
        ConsoleStage.close(window);
        fxExecutor.close();
        engine.close();
    }

    @Test
    void shouldStayResponsiveAndCurrentWhenFiveHundredLeadsArriveEachSecond() throws Exception {
        String vendorId = engine.engine.vendors().add("Flood Media", List.of()).vendor().id();
        TableView<LeadRow> table = robot.lookup("#lead-table").queryTableView();
        // Warm up: the first rows create the table's cells and styles once.
        String warmKey = engine.engine.vendors().rotateKey("Flood Media").apiKey();
        assertThat(engine.post(warmKey, RunningEngine.lead("W-1", "Wim", "Arm", "wim@example.com", "Spain")))
                .isEqualTo(202);
        WaitForAsyncUtils.waitFor(2, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                table.getItems().size() == 1).get());
        WaitForAsyncUtils.waitForFxEvents();
        int before = submitted.get();

        List<Long> delays = new CopyOnWriteArrayList<>();
        AtomicInteger tick = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        ScheduledExecutorService producer = Executors.newScheduledThreadPool(2);
        try {
            producer.scheduleAtFixedRate(() -> {
                long sent = System.nanoTime();
                Platform.runLater(() -> delays.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)));
            }, 0, 20, TimeUnit.MILLISECONDS);
            producer.scheduleAtFixedRate(() -> {
                int t = tick.incrementAndGet();
                if (t > TICKS) {
                    done.countDown();
                    return;
                }
                List<Lead> batch = new ArrayList<>();
                for (int i = 0; i < PER_TICK; i++) {
                    int n = (t - 1) * PER_TICK + i + 1;
                    batch.add(new Lead(0, UUID.randomUUID().toString(), vendorId, "F-" + n, Instant.now(),
                            LeadStatus.RECEIVED, "application/json", "{\"lead_id\":\"F-" + n + "\"}",
                            Map.of("first_name", "Flo", "last_name", "Od" + n), "127.0.0.1"));
                }
                engine.engine.leads().insertAll(batch);
                batch.forEach(l -> engine.engine.events().publish(new LeadReceivedEvent(l)));
            }, 0, 100, TimeUnit.MILLISECONDS);
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            producer.shutdownNow();
        }
        int last = TICKS * PER_TICK;

        WaitForAsyncUtils.waitFor(1, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                !table.getItems().isEmpty() && table.getItems().get(0).vendorLeadId().equals("F-" + last)).get());
        assertThat(WaitForAsyncUtils.asyncFx(() -> table.getItems().size()).get())
                .isEqualTo(LiveFeedViewModel.PAGE_SIZE);
        assertThat(window.liveFeed().getTotalCount()).isEqualTo(last + 1);
        int queries = submitted.get() - before;
        List<Long> sorted = delays.stream().sorted().toList();
        long median = sorted.get(sorted.size() / 2);
        long p95 = sorted.get((int) (sorted.size() * 0.95));
        long worst = sorted.get(sorted.size() - 1);
        System.out.printf("load: %d leads, %d background queries, FX thread delay median %d ms, p95 %d ms, "
                + "worst %d ms%n", last, queries, median, p95, worst);
        assertThat(queries).as("background queries for %d leads in about 3 s", last).isLessThan(60);
        // Bounds loose enough for a shared, loaded build machine; the printed numbers tell more.
        assertThat(median).as("median FX thread delay in ms").isLessThan(100);
        assertThat(worst).as("worst FX thread delay in ms").isLessThan(1000);
    }
}
