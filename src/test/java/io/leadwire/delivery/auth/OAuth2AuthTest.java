package io.leadwire.delivery.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.delivery.ErrorClass;
import io.leadwire.testing.MutableClock;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OAuth 2.0 client credentials against a real local token endpoint and buyer. */
class OAuth2AuthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT_SECRET = "s3cr+t/=K9";
    private static final Map<String, String> SECRETS = Map.of("ABC_CLIENT_SECRET", CLIENT_SECRET);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:15:30Z"));
    private final OkHttpClient base = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();
    private MockWebServer tokenEndpoint;

    @BeforeEach
    void startTokenEndpoint() throws Exception {
        tokenEndpoint = new MockWebServer();
        tokenEndpoint.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stopTokenEndpoint() throws Exception {
        tokenEndpoint.shutdown();
    }

    private String tokenUrl() {
        return "http://127.0.0.1:" + tokenEndpoint.getPort() + "/oauth/token";
    }

    private BuyerAuth auth(String extra) throws Exception {
        return auth(extra, base);
    }

    private BuyerAuth auth(String extra, OkHttpClient client) throws Exception {
        return AuthConfig.parse(JSON.readTree("{\"type\":\"oauth2\",\"tokenUrl\":\"" + tokenUrl() + "\","
                + "\"clientId\":\"leadwire\",\"clientSecret\":\"${secret:ABC_CLIENT_SECRET}\"" + extra + "}"))
                .create(SECRETS::get, client, clock);
    }

    private static MockResponse token(String accessToken, long expiresIn) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"access_token\":\""
                + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}");
    }

    private static Request lead() {
        return new Request.Builder().url("http://127.0.0.1:9/leads")
                .post(RequestBody.create("{}", MediaType.get("application/json"))).build();
    }

    private static String bearer(BuyerAuth auth) throws AuthException {
        return auth.authorize(lead()).header("Authorization");
    }

    private static AuthException failure(BuyerAuth auth) {
        return catchThrowableOfType(AuthException.class, () -> auth.authorize(lead()));
    }

    @Test
    void shouldFetchOneTokenAndShareItWhenManyDeliveriesStartTogether() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        tokenEndpoint.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                // Slow enough that every delivery thread asks while the first fetch is still running.
                return token("tok-" + fetches.incrementAndGet(), 3600).setHeadersDelay(300, TimeUnit.MILLISECONDS);
            }
        });
        Queue<String> seenByBuyer = new ConcurrentLinkedQueue<>();
        try (MockWebServer buyer = new MockWebServer()) {
            buyer.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    seenByBuyer.add(String.valueOf(request.getHeader("Authorization")));
                    return new MockResponse().setResponseCode(202);
                }
            });
            buyer.start(InetAddress.getByName("127.0.0.1"), 0);
            BuyerAuth auth = auth("");
            OkHttpClient client = auth.configure(base.newBuilder()).build();
            HttpUrl leads = HttpUrl.get("http://127.0.0.1:" + buyer.getPort() + "/leads");
            int threads = 16;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        Request request = auth.authorize(lead().newBuilder().url(leads).build());
                        try (Response response = client.newCall(request).execute()) {
                            return response.code();
                        }
                    }));
                }
                start.countDown();
                for (Future<Integer> result : results) {
                    assertThat(result.get(20, TimeUnit.SECONDS)).isEqualTo(202);
                }
            } finally {
                pool.shutdownNow();
            }
        }

        assertThat(tokenEndpoint.getRequestCount()).isEqualTo(1);
        assertThat(seenByBuyer).hasSize(16).containsOnly("Bearer tok-1");
    }

    @Test
    void shouldPostTheGrantWithBasicClientAuthWhenClientAuthIsTheDefault() throws Exception {
        tokenEndpoint.enqueue(token("tok-1", 3600));
        BuyerAuth auth = auth(",\"scope\":\"leads:write leads:read\",\"audience\":\"https://api.buyer.example\"");

        assertThat(bearer(auth)).isEqualTo("Bearer tok-1");

        RecordedRequest asked = tokenEndpoint.takeRequest(5, TimeUnit.SECONDS);
        assertThat(asked.getMethod()).isEqualTo("POST");
        assertThat(asked.getPath()).isEqualTo("/oauth/token");
        assertThat(asked.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(asked.getBody().readUtf8()).isEqualTo("grant_type=client_credentials"
                + "&scope=leads%3Awrite%20leads%3Aread&audience=https%3A%2F%2Fapi.buyer.example");
        // RFC 6749 section 2.3.1: form-encoded before the Basic encoding.
        assertThat(asked.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("leadwire:s3cr%2Bt%2F%3DK9".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldPutTheClientCredentialsInTheFormWhenClientAuthIsBody() throws Exception {
        tokenEndpoint.enqueue(token("tok-1", 3600));
        BuyerAuth auth = auth(",\"clientAuth\":\"body\"");

        assertThat(bearer(auth)).isEqualTo("Bearer tok-1");

        RecordedRequest asked = tokenEndpoint.takeRequest(5, TimeUnit.SECONDS);
        assertThat(asked.getHeader("Authorization")).isNull();
        assertThat(asked.getBody().readUtf8())
                .isEqualTo("grant_type=client_credentials&client_id=leadwire&client_secret=s3cr%2Bt%2F%3DK9");
    }

    @Test
    void shouldFetchANewTokenWhenTheCachedOneIsWithinThirtySecondsOfExpiry() throws Exception {
        tokenEndpoint.enqueue(token("tok-1", 3600));
        tokenEndpoint.enqueue(token("tok-2", 3600));
        BuyerAuth auth = auth("");

        assertThat(bearer(auth)).isEqualTo("Bearer tok-1");
        clock.advance(Duration.ofSeconds(3569));
        assertThat(bearer(auth)).isEqualTo("Bearer tok-1");
        assertThat(tokenEndpoint.getRequestCount()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(bearer(auth)).isEqualTo("Bearer tok-2");
        assertThat(bearer(auth)).isEqualTo("Bearer tok-2");
        assertThat(tokenEndpoint.getRequestCount()).isEqualTo(2);
    }

    @Test
    void shouldKeepATenthOfTheLifetimeInReserveWhenTheTokenIsShortLived() throws Exception {
        tokenEndpoint.enqueue(token("tok-1", 60));
        tokenEndpoint.enqueue(token("tok-2", 60));
        BuyerAuth auth = auth("");

        assertThat(bearer(auth)).isEqualTo("Bearer tok-1");
        clock.advance(Duration.ofSeconds(53));
        assertThat(bearer(auth)).isEqualTo("Bearer tok-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(bearer(auth)).isEqualTo("Bearer tok-2");
    }

    @Test
    void shouldFetchANewTokenWhenTheBuyerAnsweredUnauthorized() throws Exception {
        tokenEndpoint.enqueue(token("tok-1", 3600));
        tokenEndpoint.enqueue(token("tok-2", 3600));
        BuyerAuth auth = auth("");
        assertThat(bearer(auth)).isEqualTo("Bearer tok-1");

        assertThat(auth.refreshAfterUnauthorized()).isTrue();

        assertThat(bearer(auth)).isEqualTo("Bearer tok-2");
        assertThat(tokenEndpoint.getRequestCount()).isEqualTo(2);
    }

    @Test
    void shouldKeepTheFreshTokenWhenALateUnauthorizedStillCarriesTheOldOne() throws Exception {
        tokenEndpoint.enqueue(token("tok-1", 3600));
        tokenEndpoint.enqueue(token("tok-2", 3600));
        BuyerAuth auth = auth("");
        Request first = auth.authorize(lead());
        Request second = auth.authorize(lead());

        assertThat(auth.refreshAfterUnauthorized(first)).isTrue();
        assertThat(bearer(auth)).isEqualTo("Bearer tok-2");
        assertThat(auth.refreshAfterUnauthorized(second)).isTrue();

        assertThat(bearer(auth)).isEqualTo("Bearer tok-2");
        assertThat(tokenEndpoint.getRequestCount()).isEqualTo(2);
    }

    @Test
    void shouldClassifyAsUnavailableAndNotCacheTheFailureWhenTheEndpointAnswers5xxOr429() throws Exception {
        tokenEndpoint.enqueue(new MockResponse().setResponseCode(500).setBody("oops"));
        tokenEndpoint.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "5"));
        tokenEndpoint.enqueue(token("tok-1", 3600));
        BuyerAuth auth = auth("");

        AuthException serverError = failure(auth);
        AuthException rateLimited = failure(auth);

        assertThat(serverError.errorClass()).isEqualTo(ErrorClass.TOKEN_ENDPOINT_UNAVAILABLE);
        assertThat(serverError).hasMessageContaining("HTTP 500").hasMessageContaining(tokenUrl());
        assertThat(rateLimited.errorClass()).isEqualTo(ErrorClass.TOKEN_ENDPOINT_UNAVAILABLE);
        assertThat(rateLimited).hasMessageContaining("HTTP 429");
        assertThat(bearer(auth)).isEqualTo("Bearer tok-1");
    }

    @Test
    void shouldClassifyAsUnavailableWhenNobodyListensOnTheTokenUrl() throws Exception {
        BuyerAuth auth = auth("");
        tokenEndpoint.shutdown();

        AuthException e = failure(auth);

        assertThat(e.errorClass()).isEqualTo(ErrorClass.TOKEN_ENDPOINT_UNAVAILABLE);
        assertThat(e).hasMessageContaining("could not be reached");
    }

    @Test
    void shouldClassifyAsUnavailableWhenTheTokenEndpointTimesOut() throws Exception {
        tokenEndpoint.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        OkHttpClient impatient = base.newBuilder().readTimeout(Duration.ofMillis(300)).build();
        BuyerAuth auth = auth("", impatient);

        AuthException e = failure(auth);

        assertThat(e.errorClass()).isEqualTo(ErrorClass.TOKEN_ENDPOINT_UNAVAILABLE);
        assertThat(e).hasMessageContaining("did not answer in time");
    }

    @Test
    void shouldHandEveryWaitingDeliveryTheSameFailureWhenTheSharedFetchFails() throws Exception {
        tokenEndpoint.enqueue(new MockResponse().setResponseCode(503).setHeadersDelay(300, TimeUnit.MILLISECONDS));
        BuyerAuth auth = auth("");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ErrorClass>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return failure(auth).errorClass();
                }));
            }
            start.countDown();
            for (Future<ErrorClass> result : results) {
                assertThat(result.get(20, TimeUnit.SECONDS)).isEqualTo(ErrorClass.TOKEN_ENDPOINT_UNAVAILABLE);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(tokenEndpoint.getRequestCount()).isEqualTo(1);
    }

    @Test
    void shouldClassifyAsRefusedWithTheOAuthErrorWhenTheClientIsInvalid() throws Exception {
        tokenEndpoint.enqueue(new MockResponse().setResponseCode(401).setHeader("Content-Type", "application/json")
                .setBody("{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed "
                        + "for secret " + CLIENT_SECRET + "\"}"));
        BuyerAuth auth = auth("");

        AuthException e = failure(auth);

        assertThat(e.errorClass()).isEqualTo(ErrorClass.TOKEN_REFUSED);
        assertThat(e).hasMessageContaining("HTTP 401").hasMessageContaining("invalid_client")
                .hasMessageContaining("Client authentication failed").hasMessageNotContaining(CLIENT_SECRET);
    }

    @Test
    void shouldClassifyAsRefusedWhenTheScopeIsNotAllowed() throws Exception {
        tokenEndpoint.enqueue(new MockResponse().setResponseCode(400)
                .setBody("{\"error\":\"invalid_scope\"}"));
        BuyerAuth auth = auth(",\"scope\":\"admin\"");

        AuthException e = failure(auth);

        assertThat(e.errorClass()).isEqualTo(ErrorClass.TOKEN_REFUSED);
        assertThat(e).hasMessageContaining("HTTP 400: invalid_scope");
    }

    @Test
    void shouldClassifyAsRefusedWhenTheAnswerHasNoAccessToken() throws Exception {
        tokenEndpoint.enqueue(new MockResponse().setBody("{\"token_type\":\"Bearer\",\"expires_in\":3600}"));
        tokenEndpoint.enqueue(new MockResponse().setBody("<html>Login</html>"));
        tokenEndpoint.enqueue(new MockResponse().setBody("{\"access_token\":\"t\",\"token_type\":\"mac\"}"));
        BuyerAuth auth = auth("");

        AuthException noToken = failure(auth);
        AuthException notJson = failure(auth);
        AuthException notBearer = failure(auth);

        assertThat(noToken.errorClass()).isEqualTo(ErrorClass.TOKEN_REFUSED);
        assertThat(noToken).hasMessageContaining("without an access_token");
        assertThat(notJson.errorClass()).isEqualTo(ErrorClass.TOKEN_REFUSED);
        assertThat(notJson).hasMessageContaining("not a JSON object");
        assertThat(notBearer.errorClass()).isEqualTo(ErrorClass.TOKEN_REFUSED);
        assertThat(notBearer).hasMessageContaining("token_type 'mac'");
    }

    @Test
    void shouldNotFollowARedirectWithTheCredentialsWhenTheTokenUrlMoved() throws Exception {
        tokenEndpoint.enqueue(new MockResponse().setResponseCode(307).setHeader("Location", "/elsewhere"));
        BuyerAuth auth = auth("");

        AuthException e = failure(auth);

        assertThat(e.errorClass()).isEqualTo(ErrorClass.TOKEN_REFUSED);
        assertThat(e).hasMessageContaining("HTTP 307");
        assertThat(tokenEndpoint.getRequestCount()).isEqualTo(1);
    }

    @Test
    void shouldAcceptATokenWithoutLifetimeOrTypeWhenTheEndpointOmitsThem() throws Exception {
        tokenEndpoint.enqueue(new MockResponse().setBody("{\"access_token\":\"tok-1\"}"));
        tokenEndpoint.enqueue(new MockResponse().setBody("{\"access_token\":\"tok-2\",\"expires_in\":\"120\"}"));
        BuyerAuth auth = auth("");

        assertThat(bearer(auth)).isEqualTo("Bearer tok-1");
        clock.advance(Duration.ofMinutes(59));
        assertThat(bearer(auth)).isEqualTo("Bearer tok-1");
        clock.advance(Duration.ofMinutes(1));
        assertThat(bearer(auth)).isEqualTo("Bearer tok-2");
        assertThat(auth.sensitiveHeaders()).containsExactly("Authorization");
    }
}
