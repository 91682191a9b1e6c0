package io.leadwire.delivery.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.delivery.ErrorClass;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.TlsVersion;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Mutual TLS against a local buyer that demands a client certificate from a private CA. The
 * certificates are made for the test, and the client's are written to PKCS#12 files the way an
 * operator would hand them over.
 */
class MtlsAuthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String P12_PASSWORD = "p12-4e1b";
    private static final Map<String, String> SECRETS = Map.of("ABC_P12", P12_PASSWORD, "ABC_CA_P12", "ca-77f0",
            "WRONG", "not-it");

    @TempDir
    static Path keys;
    private static HeldCertificate ca;
    private static HeldCertificate server;
    private static HeldCertificate client;
    private static Path clientP12;
    private static Path caP12;

    private final OkHttpClient base = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();
    private MockWebServer buyer;

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("Buyer Test CA")
                .duration(1, TimeUnit.DAYS).build();
        server = new HeldCertificate.Builder().commonName("localhost").addSubjectAlternativeName("localhost")
                .addSubjectAlternativeName("127.0.0.1").signedBy(ca).duration(1, TimeUnit.DAYS).build();
        client = new HeldCertificate.Builder().commonName("leadwire-client").signedBy(ca)
                .duration(1, TimeUnit.DAYS).build();

        KeyStore clientStore = KeyStore.getInstance("PKCS12");
        clientStore.load(null, null);
        clientStore.setKeyEntry("client", client.keyPair().getPrivate(), P12_PASSWORD.toCharArray(),
                new Certificate[] {client.certificate(), ca.certificate()});
        clientP12 = store(clientStore, "client.p12", P12_PASSWORD);

        KeyStore caStore = KeyStore.getInstance("PKCS12");
        caStore.load(null, null);
        caStore.setCertificateEntry("buyer-ca", ca.certificate());
        caP12 = store(caStore, "ca.p12", "ca-77f0");
    }

    private static Path store(KeyStore store, String name, String password) throws Exception {
        Path file = keys.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    @BeforeEach
    void startBuyer() throws Exception {
        HandshakeCertificates serverCerts = new HandshakeCertificates.Builder()
                .heldCertificate(server, ca.certificate()).addTrustedCertificate(ca.certificate()).build();
        buyer = new MockWebServer();
        buyer.useHttps(serverCerts.sslSocketFactory(), false);
        buyer.requireClientAuth();
        buyer.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stopBuyer() throws Exception {
        buyer.shutdown();
    }

    private Request lead() {
        return new Request.Builder().url(HttpUrl.get("https://127.0.0.1:" + buyer.getPort() + "/leads")).get().build();
    }

    private static AuthConfig config(String json) throws Exception {
        return AuthConfig.parse(JSON.readTree(json));
    }

    private static String mtls(Path keystore, String password, String extra) {
        return "{\"type\":\"mtls\",\"keystore\":\"" + keystore.toString().replace("\\", "\\\\")
                + "\",\"keystorePassword\":\"${secret:" + password + "}\"" + extra + "}";
    }

    private static String trusting(Path truststore) {
        return ",\"truststore\":\"" + truststore.toString().replace("\\", "\\\\")
                + "\",\"truststorePassword\":\"${secret:ABC_CA_P12}\"";
    }

    @Test
    void shouldPresentTheClientCertificateWhenTheBuyerRequiresOne() throws Exception {
        BuyerAuth auth = config(mtls(clientP12, "ABC_P12", trusting(caP12))).create(SECRETS::get, base,
                Clock.systemUTC());
        buyer.enqueue(new MockResponse().setResponseCode(202));
        OkHttpClient client = auth.configure(base.newBuilder()).build();

        try (Response response = client.newCall(auth.authorize(lead())).execute()) {
            assertThat(response.code()).isEqualTo(202);
            assertThat(response.handshake().peerCertificates().get(0)).isEqualTo(server.certificate());
        }
        RecordedRequest received = buyer.takeRequest(5, TimeUnit.SECONDS);
        assertThat(((X509Certificate) received.getHandshake().peerCertificates().get(0)).getSubjectX500Principal()
                .getName()).contains("CN=leadwire-client");
        assertThat(auth.sensitiveHeaders()).isEmpty();
        assertThat(auth.refreshAfterUnauthorized()).isFalse();
    }

    /**
     * The buyer checks our certificate after we sent our side of the handshake, so its refusal
     * reaches us as a TLS alert or, just as often, as a broken pipe or reset on the next write
     * (OkHttp's own client-auth tests accept all of these). What is certain: an IOException, and
     * no request reached the buyer.
     */
    @ParameterizedTest
    @EnumSource(value = TlsVersion.class, names = {"TLS_1_2", "TLS_1_3"})
    void shouldNotReachTheBuyerWhenNoClientCertificateIsPresented(TlsVersion version) throws Exception {
        HandshakeCertificates trustOnly = new HandshakeCertificates.Builder()
                .addTrustedCertificate(ca.certificate()).build();
        OkHttpClient anonymous = base.newBuilder().retryOnConnectionFailure(false)
                .connectionSpecs(List.of(new ConnectionSpec.Builder(ConnectionSpec.MODERN_TLS).tlsVersions(version)
                        .build()))
                .sslSocketFactory(trustOnly.sslSocketFactory(), trustOnly.trustManager()).build();

        assertThatThrownBy(() -> anonymous.newCall(lead()).execute().close()).isInstanceOf(IOException.class);
        assertThat(buyer.getRequestCount()).isZero();
    }

    @Test
    void shouldNotTrustTheBuyersPrivateCaWhenNoTruststoreIsGiven() throws Exception {
        BuyerAuth auth = config(mtls(clientP12, "ABC_P12", "")).create(SECRETS::get, base, Clock.systemUTC());
        OkHttpClient client = auth.configure(base.newBuilder()).retryOnConnectionFailure(false).build();

        assertThatThrownBy(() -> client.newCall(auth.authorize(lead())).execute().close())
                .isInstanceOf(IOException.class).satisfies(e -> assertThat(tlsCause(e)).isNotNull());
    }

    @Test
    void shouldNameTheKeystoreWhenItsPasswordIsWrong() throws Exception {
        AuthConfig config = config(mtls(clientP12, "WRONG", ""));

        assertThatThrownBy(() -> config.create(SECRETS::get, base, Clock.systemUTC()))
                .isInstanceOfSatisfying(AuthException.class,
                        e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.CONFIGURATION))
                .hasMessageContaining(clientP12.toString()).hasMessageContaining("password")
                .hasMessageNotContaining("not-it");
    }

    @Test
    void shouldNameTheFileWhenTheKeystoreIsMissingOrHoldsNoKey() throws Exception {
        Path missing = keys.resolve("nope.p12");

        assertThatThrownBy(() -> config(mtls(missing, "ABC_P12", "")).create(SECRETS::get, base, Clock.systemUTC()))
                .isInstanceOfSatisfying(AuthException.class,
                        e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.CONFIGURATION))
                .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> config(mtls(caP12, "ABC_CA_P12", "")).create(SECRETS::get, base, Clock.systemUTC()))
                .isInstanceOf(AuthException.class).hasMessageContaining("no private key");
    }

    @Test
    void shouldNameTheMissingSecretWhenTheKeystorePasswordIsNotStored() throws Exception {
        assertThatThrownBy(() -> config(mtls(clientP12, "ABC_P12_GONE", "")).create(SECRETS::get, base,
                Clock.systemUTC()))
                .isInstanceOfSatisfying(AuthException.class,
                        e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.CONFIGURATION))
                .hasMessageContaining("ABC_P12_GONE");
    }

    /** A certificate we do not trust fails on our side of the handshake, as an SSLException in the chain. */
    private static SSLException tlsCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException ssl) {
                return ssl;
            }
        }
        return null;
    }
}
