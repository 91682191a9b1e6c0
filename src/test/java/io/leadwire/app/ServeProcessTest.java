package io.leadwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.testing.Http;
import io.leadwire.testing.RawHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code leadwire serve} as a real separate JVM: acknowledged leads survive SIGKILL, SIGTERM
 * drains and exits 0, JavaFX is never loaded, a second engine on the same data dir is refused
 * with exit code 3, and admin commands work while the engine runs.
 */
class ServeProcessTest {

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();
    private final Http http = new Http();

    /** A running {@code serve} process and what it has printed so far. */
    private record Serve(Process process, List<String> stdout, Path stderr, String intakeUrl) {
    }

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private Path dataDir() {
        return tmp.resolve("data");
    }

    private Process launch(Path classLog, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xlog:class+load=info:file=" + classLog,
                "-cp", System.getProperty("java.class.path"),
                "io.leadwire.app.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectError(tmp.resolve("stderr-" + started.size() + ".txt").toFile());
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private Serve serve(Path classLog) throws IOException {
        return serve(classLog, ServeOutput::servingUrl);
    }

    /** Starts serve and waits for the first stdout line that {@code intakeUrl} finds a URL in. */
    private Serve serve(Path classLog, Function<String, String> intakeUrl, String... extraArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("serve", "--data-dir", dataDir().toString(), "--port", "0"));
        args.addAll(List.of(extraArgs));
        Process p = launch(classLog, args.toArray(String[]::new));
        Path stderr = tmp.resolve("stderr-" + (started.size() - 1) + ".txt");
        ServeOutput out = ServeOutput.follow(p, "serve-stdout", intakeUrl);
        return new Serve(p, out.lines(), stderr, out.intakeUrl());
    }

    private String addVendor(String name) {
        CliTest.Run r = CliTest.leadwire("vendor", "add", name, "--data-dir", dataDir().toString());
        assertThat(r.code()).as(r.err()).isZero();
        return r.lastLine();
    }

    private Engine reopen() throws IOException {
        return Engine.start(new EngineConfig(dataDir(), "127.0.0.1", 0, null, null, null, 65536), "test",
                Clock.systemUTC());
    }

    private static String lead(String id) {
        return "{\"lead_id\":\"" + id + "\",\"first_name\":\"Zoë\",\"email\":\"z@example.com\"}";
    }

    @Test
    void shouldKeepEveryAcknowledgedLeadWhenTheEngineIsKilledWithSigkill() throws Exception {
        String key = addVendor("Durable");
        Serve serve = serve(tmp.resolve("classes.txt"));
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService posters = Executors.newFixedThreadPool(4);
        try {
            for (int t = 0; t < 4; t++) {
                int thread = t;
                posters.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String id = "DUR-" + thread + "-" + i;
                        try {
                            HttpResponse<String> r = http.postJson(serve.intakeUrl(), key, lead(id));
                            if (r.statusCode() == 202) {
                                acknowledged.add(id);
                            }
                        } catch (UncheckedIOException e) {
                            return; // the engine is gone
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 300);

            serve.process().destroyForcibly();
            assertThat(serve.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            stop.set(true);
        } finally {
            stop.set(true);
            posters.shutdown();
            assertThat(posters.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        Set<String> ackedAtKill = Set.copyOf(acknowledged);
        try (Engine engine = reopen()) {
            String vendorId = engine.vendors().find("Durable").orElseThrow().id();
            List<String> missing = ackedAtKill.stream()
                    .filter(id -> engine.leads().findByVendorLeadId(vendorId, id).isEmpty()).toList();
            assertThat(missing).as("acknowledged but lost").isEmpty();
            assertThat(ackedAtKill).hasSizeGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void shouldAnswerTheRequestInFlightAndExitZeroWithoutLoadingJavaFxWhenSentSigterm() throws Exception {
        String key = addVendor("Graceful");
        Path classLog = tmp.resolve("serve-classes.txt");
        Serve serve = serve(classLog);
        for (int i = 0; i < 20; i++) {
            // Warm the handler path up so the request below is in its handler long before the signal lands.
            assertThat(http.postJson(serve.intakeUrl(), key, lead("WARM-" + i)).statusCode()).isEqualTo(202);
        }
        byte[] body = lead("TERM-1").getBytes(StandardCharsets.UTF_8);

        RawHttp.Response answer;
        try (RawHttp inFlight = new RawHttp(serve.intakeUrl())) {
            inFlight.head("POST", "/api/v1/leads/intake", "Authorization: Bearer " + key,
                    "Content-Type: application/json", "Content-Length: " + body.length, "Expect: 100-continue");
            assertThat(inFlight.read(true).status()).isEqualTo(100);
            inFlight.write(java.util.Arrays.copyOf(body, 5));

            // ProcessHandle.destroy sends SIGTERM like Process.destroy, but keeps our end of stdout open.
            serve.process().toHandle().destroy();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(
                    () -> assertThat(serve.stdout()).anyMatch(l -> l.contains("stop requested")));
            assertThat(http.postJson(serve.intakeUrl(), key, lead("LATE-1")).statusCode()).isEqualTo(503);

            inFlight.write(java.util.Arrays.copyOfRange(body, 5, body.length));
            answer = inFlight.read();
        }

        assertThat(serve.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(serve.process().exitValue()).as(Files.readString(serve.stderr())).isZero();
        assertThat(serve.stdout()).anyMatch(l -> l.contains("engine stopped"));

        List<String> classes = Files.readAllLines(classLog);
        assertThat(classes).anyMatch(l -> l.contains("io.leadwire.app.ServeCommand"));
        assertThat(classes).noneMatch(l -> l.contains("javafx."));
        assertThat(classes).noneMatch(l -> l.contains("io.leadwire.ui."));

        try (Engine engine = reopen()) {
            String vendorId = engine.vendors().find("Graceful").orElseThrow().id();
            assertThat(engine.leads().findByVendorLeadId(vendorId, "LATE-1")).isEmpty();
            // The request was in its handler when the signal came: it is answered and kept. If the
            // scheduler delayed the handler past the drain flag, it must be the retryable 503 and
            // nothing stored: never a dropped connection, never a 202 that was not kept.
            if (answer.status() == 202) {
                assertThat(engine.leads().findByVendorLeadId(vendorId, "TERM-1")).isPresent();
            } else {
                assertThat(answer.status()).as(answer.body()).isEqualTo(503);
                assertThat(answer.body()).contains("shutting_down");
                assertThat(engine.leads().findByVendorLeadId(vendorId, "TERM-1")).isEmpty();
            }
        }
    }

    @Test
    void shouldWriteOnlyJsonLinesToStdoutAndNameTheIntakeUrlInOneWhenLogsAreJson() throws Exception {
        String key = addVendor("Json Logs");
        ObjectMapper json = new ObjectMapper();
        Serve serve = serve(tmp.resolve("json-classes.txt"), line -> {
            try {
                JsonNode node = json.readTree(line);
                JsonNode url = node.get(ServeCommand.INTAKE_URL_KEY);
                return url == null ? null : url.asText();
            } catch (JsonProcessingException e) {
                return null;
            }
        }, "--log-format", "json");
        assertThat(serve.intakeUrl()).startsWith("http://127.0.0.1:").endsWith("/api/v1/leads/intake");
        assertThat(http.postJson(serve.intakeUrl(), key, lead("JSON-1")).statusCode()).isEqualTo(202);

        serve.process().toHandle().destroy();
        assertThat(serve.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(serve.process().exitValue()).as(Files.readString(serve.stderr())).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(serve.stdout()).anyMatch(l -> l.contains("engine stopped")));
        assertThat(serve.stdout()).hasSizeGreaterThanOrEqualTo(3).allSatisfy(line -> {
            JsonNode node = json.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            assertThat(node.path("message").isTextual()).as(line).isTrue();
        });
    }

    @Test
    void shouldRefuseASecondEngineWithExitCode3AndStillServeAdminCommandsWhenTheDataDirIsInUse() throws Exception {
        addVendor("First");
        Serve serve = serve(tmp.resolve("classes-1.txt"));

        Process second = launch(tmp.resolve("classes-2.txt"), "serve", "--data-dir", dataDir().toString(),
                "--port", "0");
        second.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isEqualTo(3);
        String err = Files.readString(tmp.resolve("stderr-1.txt"));
        assertThat(err).contains("leadwire: data dir", "is in use by pid " + serve.process().pid(), "leadwire serve");

        CliTest.Run list = CliTest.leadwire("vendor", "list", "--data-dir", dataDir().toString());
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("First");
        String key = addVendor("Added While Running");
        assertThat(http.postJson(serve.intakeUrl(), key, lead("LIVE-1")).statusCode()).isEqualTo(202);

        serve.process().toHandle().destroy();
        assertThat(serve.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(serve.process().exitValue()).isZero();
    }
}
