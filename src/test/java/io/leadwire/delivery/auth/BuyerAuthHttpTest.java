package io.leadwire.delivery.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.testing.MutableClock;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The static schemes against a real local buyer: what the buyer receives, and what the log keeps. */
class BuyerAuthHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
    private static final Map<String, String> SECRETS = Map.of(
            "ABC_KEY", "k-5f2e9c",
            "ABC_USER", "acme",
            "ABC_PASS", "p@ss:wörd",
            "ABC_TOKEN", "tok-81d7aa",
            "ABC_HMAC", "whsec-3b1f0d");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:15:30Z"));
    private final OkHttpClient base = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();
    private MockWebServer buyer;

    @BeforeEach
    void startBuyer() throws Exception {
        buyer = new MockWebServer();
        buyer.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stopBuyer() throws Exception {
        buyer.shutdown();
    }

    private HttpUrl url(String pathAndQuery) {
        return HttpUrl.get("http://127.0.0.1:" + buyer.getPort() + pathAndQuery);
    }

    private static BuyerAuth auth(String json) throws Exception {
        return AuthConfig.parse(JSON.readTree(json)).create(SECRETS::get, new OkHttpClient(),
                java.time.Clock.systemUTC());
    }

    private BuyerAuth auth(String json, java.time.Clock clock) throws Exception {
        return AuthConfig.parse(JSON.readTree(json)).create(SECRETS::get, base, clock);
    }

    /** Sends the request the way delivery will: built client, authorized request, one call. */
    private RecordedRequest deliver(BuyerAuth auth, Request request) throws Exception {
        buyer.enqueue(new MockResponse().setResponseCode(200).setBody("{\"status\":\"accepted\"}"));
        OkHttpClient client = auth.configure(base.newBuilder()).build();
        try (Response response = client.newCall(auth.authorize(request)).execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
        return buyer.takeRequest(5, TimeUnit.SECONDS);
    }

    private Request post(String pathAndQuery, String body) {
        return new Request.Builder().url(url(pathAndQuery)).post(RequestBody.create(body, JSON_TYPE)).build();
    }

    @Test
    void shouldSendTheKeyInTheNamedHeaderWhenTheApiKeyIsInAHeader() throws Exception {
        BuyerAuth auth = auth("{\"type\":\"api_key\",\"in\":\"header\",\"name\":\"X-API-Key\","
                + "\"value\":\"${secret:ABC_KEY}\"}");

        RecordedRequest received = deliver(auth, post("/v2/leads", "{\"email\":\"a@b.example\"}"));

        assertThat(received.getHeader("X-API-Key")).isEqualTo("k-5f2e9c");
        assertThat(received.getPath()).isEqualTo("/v2/leads");
        assertThat(received.getBody().readUtf8()).isEqualTo("{\"email\":\"a@b.example\"}");
        assertThat(auth.refreshAfterUnauthorized()).isFalse();
    }

    @Test
    void shouldAddOrReplaceTheQueryParameterWhenTheApiKeyIsInTheQuery() throws Exception {
        BuyerAuth auth = auth("{\"type\":\"api_key\",\"in\":\"query\",\"name\":\"api_key\","
                + "\"value\":\"${secret:ABC_KEY}\"}");

        RecordedRequest received = deliver(auth, post("/v2/leads?campaign=INS-77&api_key=old", "{}"));

        assertThat(received.getRequestUrl().queryParameter("api_key")).isEqualTo("k-5f2e9c");
        assertThat(received.getRequestUrl().queryParameterValues("api_key")).hasSize(1);
        assertThat(received.getRequestUrl().queryParameter("campaign")).isEqualTo("INS-77");
        assertThat(received.getHeader("Authorization")).isNull();
    }

    @Test
    void shouldSendUtf8BasicCredentialsWhenTheSchemeIsBasic() throws Exception {
        BuyerAuth auth = auth("{\"type\":\"basic\",\"username\":\"${secret:ABC_USER}\","
                + "\"password\":\"${secret:ABC_PASS}\"}");

        RecordedRequest received = deliver(auth, post("/leads", "{}"));

        String header = received.getHeader("Authorization");
        assertThat(header).startsWith("Basic ");
        assertThat(new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8))
                .isEqualTo("acme:p@ss:wörd");
    }

    @Test
    void shouldSendTheBearerTokenWhenTheSchemeIsBearer() throws Exception {
        BuyerAuth auth = auth("{\"type\":\"bearer\",\"token\":\"${secret:ABC_TOKEN}\"}");

        RecordedRequest received = deliver(auth, post("/leads", "{}"));

        assertThat(received.getHeader("Authorization")).isEqualTo("Bearer tok-81d7aa");
        assertThat(auth.refreshAfterUnauthorized()).isFalse();
    }

    @Test
    void shouldLeaveTheRequestAloneWhenThereIsNoAuthentication() throws Exception {
        BuyerAuth auth = AuthConfig.NONE.create(SECRETS::get, base, clock);
        Request request = post("/leads", "{}");

        assertThat(auth.authorize(request)).isSameAs(request);
        RecordedRequest received = deliver(auth, request);
        assertThat(received.getHeader("Authorization")).isNull();
    }

    @Test
    void shouldSignTimestampDotBodyInHexWhenHmacUsesItsDefaults() throws Exception {
        BuyerAuth auth = auth("{\"type\":\"hmac\",\"secret\":\"${secret:ABC_HMAC}\"}", clock);
        String body = "{\"email\":\"zoë@b.example\",\"phone\":\"+15551234567\"}";

        RecordedRequest received = deliver(auth, post("/leads", body));

        byte[] bytes = received.getBody().readByteArray();
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(received.getHeader("X-Timestamp")).isEqualTo("1772360130");
        assertThat(received.getHeader("X-Signature"))
                .isEqualTo(HexFormat.of().formatHex(hmac("whsec-3b1f0d", concat("1772360130.", bytes))));
    }

    @Test
    void shouldSignMethodPathTimestampAndBodyWithPrefixAndBase64WhenConfiguredSo() throws Exception {
        BuyerAuth auth = auth("{\"type\":\"hmac\",\"secret\":\"${secret:ABC_HMAC}\",\"signatureHeader\":\"X-Sig\","
                + "\"timestampHeader\":\"X-Sig-Time\",\"prefix\":\"sha256=\",\"encoding\":\"base64\","
                + "\"signed\":\"method.path.timestamp.body\"}", clock);
        clock.advance(Duration.ofSeconds(90));

        RecordedRequest received = deliver(auth, new Request.Builder().url(url("/v1/leads%20in?src=a%2Fb"))
                .put(RequestBody.create("name=Zo%C3%AB", MediaType.get("application/x-www-form-urlencoded")))
                .build());

        byte[] bytes = received.getBody().readByteArray();
        String signed = "PUT./v1/leads%20in?src=a%2Fb.1772360220.";
        assertThat(received.getHeader("X-Sig-Time")).isEqualTo("1772360220");
        assertThat(received.getHeader("X-Sig"))
                .isEqualTo("sha256=" + Base64.getEncoder().encodeToString(hmac("whsec-3b1f0d", concat(signed, bytes))));
        assertThat(received.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    }

    @Test
    void shouldSignOnlyTheBodyAndSendNoTimestampWhenSignedIsBody() throws Exception {
        BuyerAuth auth = auth("{\"type\":\"hmac\",\"secret\":\"${secret:ABC_HMAC}\",\"prefix\":\"sha256=\","
                + "\"signed\":\"body\"}", clock);

        RecordedRequest received = deliver(auth, post("/leads", "{\"a\":1}"));

        assertThat(received.getHeader("X-Timestamp")).isNull();
        assertThat(received.getHeader("X-Signature")).isEqualTo("sha256="
                + HexFormat.of().formatHex(hmac("whsec-3b1f0d", "{\"a\":1}".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void shouldSignAnEmptyBodyWhenTheRequestHasNone() throws Exception {
        BuyerAuth auth = auth("{\"type\":\"hmac\",\"secret\":\"${secret:ABC_HMAC}\"}", clock);

        RecordedRequest received = deliver(auth, new Request.Builder().url(url("/leads?email=a")).get().build());

        assertThat(received.getMethod()).isEqualTo("GET");
        assertThat(received.getHeader("X-Signature"))
                .isEqualTo(HexFormat.of().formatHex(hmac("whsec-3b1f0d", concat("1772360130.", new byte[0]))));
    }

    @Test
    void shouldMaskEverySecretHeaderAndQueryValueWhenTheRequestIsLogged() throws Exception {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("{\"type\":\"api_key\",\"name\":\"X-API-Key\",\"value\":\"${secret:ABC_KEY}\"}", "k-5f2e9c");
        configs.put("{\"type\":\"api_key\",\"in\":\"query\",\"name\":\"api key\",\"value\":\"${secret:ABC_KEY}\"}",
                "k-5f2e9c");
        configs.put("{\"type\":\"basic\",\"username\":\"acme\",\"password\":\"${secret:ABC_PASS}\"}", null);
        configs.put("{\"type\":\"bearer\",\"token\":\"${secret:ABC_TOKEN}\"}", "tok-81d7aa");
        configs.put("{\"type\":\"hmac\",\"secret\":\"${secret:ABC_HMAC}\"}", null);
        for (Map.Entry<String, String> config : configs.entrySet()) {
            BuyerAuth auth = auth(config.getKey(), clock);
            Request sent = auth.authorize(post("/leads?campaign=INS-77", "{}"));
            Map<String, String> headers = new LinkedHashMap<>();
            sent.headers().forEach(h -> headers.put(h.getFirst(), h.getSecond()));

            Map<String, String> masked = auth.maskHeaders(headers);
            String maskedUrl = auth.maskUrl(sent.url().toString());

            String logged = masked + " " + maskedUrl;
            assertThat(logged).as(config.getKey()).doesNotContain("k-5f2e9c", "tok-81d7aa", "p@ss",
                    Base64.getEncoder().encodeToString("acme:p@ss:wörd".getBytes(StandardCharsets.UTF_8)));
            for (String name : auth.sensitiveHeaders()) {
                assertThat(masked).as(config.getKey()).containsEntry(name, BuyerAuth.MASK);
            }
            assertThat(maskedUrl).contains("campaign=INS-77");
            if (config.getValue() != null) {
                assertThat(logged).contains(BuyerAuth.MASK);
            }
        }
    }

    @Test
    void shouldMaskHeaderNamesIgnoringCaseAndKeepTheRestWhenMasking() throws Exception {
        BuyerAuth auth = auth("{\"type\":\"api_key\",\"name\":\"X-API-Key\",\"value\":\"${secret:ABC_KEY}\"}");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("x-api-key", "k-5f2e9c");

        assertThat(auth.maskHeaders(headers)).containsExactly(Map.entry("Content-Type", "application/json"),
                Map.entry("x-api-key", BuyerAuth.MASK));
    }

    @Test
    void shouldMaskEveryCopyOfTheParameterAndKeepTheUrlOtherwiseIntactWhenTheKeyIsInTheQuery() throws Exception {
        BuyerAuth auth = auth("{\"type\":\"api_key\",\"in\":\"query\",\"name\":\"api_key\","
                + "\"value\":\"${secret:ABC_KEY}\"}");

        assertThat(auth.maskUrl("https://buyer.example/v2/leads?a=%2F1&api_key=k1&api%5Fkey=k2&api_keys=x#top"))
                .isEqualTo("https://buyer.example/v2/leads?a=%2F1&api_key=••••&api%5Fkey=••••&api_keys=x#top");
        assertThat(auth.maskUrl("https://buyer.example/v2/leads")).isEqualTo("https://buyer.example/v2/leads");
        assertThat(auth.maskUrl("https://buyer.example/v2/leads?api_key")).isEqualTo(
                "https://buyer.example/v2/leads?api_key=••••");
    }

    private static byte[] hmac(String key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] concat(String prefix, byte[] body) {
        byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }
}
