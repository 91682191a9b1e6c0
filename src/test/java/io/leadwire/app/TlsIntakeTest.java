package io.leadwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --tls-keystore}: the intake speaks HTTPS with a PKCS#12 keystore. */
class TlsIntakeTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path keys;
    private static Path ks;

    @TempDir
    Path tmp;

    @BeforeAll
    static void makeKeystore() throws Exception {
        ks = keys.resolve("intake.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "intake", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", ks.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        keytool.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
    }

    private static HttpClient trusting(Path ks) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            trust.load(in, PASSWORD);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ctx)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void shouldAcceptLeadsOverHttpsWhenAKeystoreIsGiven() throws Exception {
        try (Engine engine = Engine.start(new EngineConfig(tmp.resolve("data"), "127.0.0.1", 0, null, ks, PASSWORD,
                65536), "test", Clock.systemUTC())) {
            String key = engine.vendors().add("Secure", List.of()).apiKey();
            assertThat(engine.intakeUrl()).startsWith("https://127.0.0.1:");

            HttpResponse<String> r = trusting(ks).send(HttpRequest.newBuilder(URI.create(engine.intakeUrl()))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + key)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"lead_id\":\"TLS-1\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(202);
        }
    }

    @Test
    void shouldSayWhichKeystoreWhenThePasswordIsWrongAndFreeTheDataDir() throws Exception {
        Path data = tmp.resolve("data");
        assertThatThrownBy(() -> Engine.start(new EngineConfig(data, "127.0.0.1", 0, null, ks,
                "wrong".toCharArray(), 65536), "test", Clock.systemUTC()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot use TLS keystore " + ks);
        Engine.start(new EngineConfig(data, "127.0.0.1", 0, null, null, null, 65536), "test", Clock.systemUTC())
                .close();
    }

    @Test
    void shouldSayWhichKeystoreWhenTheFileIsMissing() {
        Path missing = tmp.resolve("nope.p12");
        assertThatThrownBy(() -> Engine.start(new EngineConfig(tmp.resolve("data"), "127.0.0.1", 0, null, missing,
                PASSWORD, 65536), "test", Clock.systemUTC()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot use TLS keystore " + missing);
    }
}
