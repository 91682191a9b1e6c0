package io.leadwire.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.app.Engine;
import io.leadwire.app.EngineConfig;
import io.leadwire.store.MappingRepository;
import io.leadwire.delivery.DeadLetterDesk;
import io.leadwire.quality.QuarantineDesk;
import io.leadwire.store.DeadLetterRepository;
import io.leadwire.store.QuarantineRepository;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** A real engine on 127.0.0.1 with an ephemeral port, and an HTTP client that posts to it like a vendor. */
public final class RunningEngine implements AutoCloseable {
    /** The operator the console's quarantine desk acts as in tests. */
    public static final String OPERATOR = "ops.tester";
    public final Engine engine;
    private final Path dataDir;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private RunningEngine(Engine engine, Path dataDir) {
        this.engine = engine;
        this.dataDir = dataDir;
    }

    public static RunningEngine start(Path dataDir) throws IOException {
        return new RunningEngine(Engine.start(config(dataDir), "test", Clock.systemUTC()), dataDir);
    }

    /**
     * Writes to the store before the engine starts: data written with past timestamps (an alert
     * log, say) would otherwise race the engine's own stages, which act on what they find.
     */
    public static RunningEngine startAfter(Path dataDir, java.util.function.Consumer<javax.sql.DataSource> seed)
            throws IOException {
        EngineConfig config = config(dataDir);
        try (io.leadwire.store.Database db = config.openDatabase(2)) {
            seed.accept(db.dataSource());
        }
        return new RunningEngine(Engine.start(config, "test", Clock.systemUTC()), dataDir);
    }

    private static EngineConfig config(Path dataDir) {
        return new EngineConfig(dataDir, "127.0.0.1", 0, null, null, null, 65536);
    }

    /** An engine on a database server (PostgreSQL) instead of the embedded store, as consoles on other desks run. */
    public static RunningEngine startOn(Path dataDir, String dbUrl, String user, String password) throws IOException {
        Engine engine = Engine.start(new EngineConfig(dataDir, "127.0.0.1", 0, dbUrl, null, null, 65536)
                .withDbLogin(user, password.toCharArray()), "test", Clock.systemUTC());
        return new RunningEngine(engine, dataDir);
    }

    /** The same services the console gets from {@code ConsoleMode}. */
    public ConsoleServices services(Optional<DemoControl> demo) {
        return new ConsoleServices(engine.events(), engine.clock(), engine.leads(), engine.refusals(),
                engine.vendors(), engine::intakeUrl, engine::state, dataDir.resolve("console.properties"), demo,
                new MappingRepository(engine.database().dataSource()),
                engine.qualitySettings(),
                quarantineDesk(), engine.buyers(), engine.buyerDirectory(), engine.deliveries(), engine.delivery(),
                deadLetterDesk(), engine.alerts(), engine.figures(), engine.gauges(), engine.qualityFigures());
    }

    /** The dead-letter desk as the console builds it, acting as {@link #OPERATOR}. */
    public DeadLetterDesk deadLetterDesk() {
        ObjectMapper json = new ObjectMapper();
        return new DeadLetterDesk(new DeadLetterRepository(engine.database().dataSource(), json, engine.clock(),
                engine.deliveries()), engine.buyerDirectory(), engine.delivery(), engine.judge(),
                engine.qualitySettings(), engine.events(), OPERATOR);
    }

    /** The quarantine desk as the console builds it, acting as {@link #OPERATOR}. */
    public QuarantineDesk quarantineDesk() {
        ObjectMapper json = new ObjectMapper();
        return new QuarantineDesk(new QuarantineRepository(engine.database().dataSource(), json, engine.clock()),
                engine.leads(), engine.judge(), engine.qualitySettings(), json, engine.events(), engine.clock(), OPERATOR);
    }

    /** Posts a JSON lead with the vendor's key; returns the HTTP status. */
    public int post(String apiKey, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(engine.intakeUrl()))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    public static String lead(String leadId, String first, String last, String email, String country) {
        return "{\"lead_id\":\"" + leadId + "\",\"first_name\":\"" + first + "\",\"last_name\":\"" + last
                + "\",\"email\":\"" + email + "\",\"phone\":\"+442071234567\",\"country\":\"" + country + "\"}";
    }

    @Override
    public void close() {
        engine.close();
    }
}
