package io.leadwire.intake;

import static io.leadwire.testing.Problems.assertProblem;
import static io.leadwire.testing.Problems.assertProblemBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadwire.app.Engine;
import io.leadwire.app.EngineConfig;
import io.leadwire.lead.IntakeRefusal;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.testing.Http;
import io.leadwire.testing.RawHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The intake over real HTTP against a real engine (real H2 on disk, real JDK server): the happy
 * path and every refusal code, each answered as problem+json and recorded for the vendor.
 */
class IntakeHttpTest {
    @TempDir
    static Path dataDir;

    static Engine engine;
    static String url;
    static String key;
    static String vendorId;
    static String otherKey;
    static final Http http = new Http();

    @BeforeAll
    static void startEngine() throws Exception {
        engine = Engine.start(new EngineConfig(dataDir, "127.0.0.1", 0, null, null, null, 65536), "test",
                Clock.systemUTC());
        url = engine.intakeUrl();
        VendorService.IssuedKey acme = engine.vendors().add("Acme Leads", List.of());
        key = acme.apiKey();
        vendorId = acme.vendor().id();
        otherKey = engine.vendors().add("Other Vendor", List.of()).apiKey();
    }

    @AfterAll
    static void stopEngine() {
        engine.close();
    }

    private static String leadJson(String leadId) {
        return "{\"lead_id\":\"" + leadId + "\",\"first_name\":\"Ann\",\"email\":\"ann@example.com\"}";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String requests(String outcome, String vendor) {
        return "leadwire_intake_requests_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*vendor=\"" + vendor
                + "\"\\} [1-9]";
    }

    private static String newId() {
        return "T-" + UUID.randomUUID();
    }

    /** Waits until the refusal is recorded for the vendor (it is written asynchronously). */
    private static IntakeRefusal awaitRefusal(String vendor, String reason) {
        return await().atMost(Duration.ofSeconds(10)).until(
                () -> engine.refusals().recent(vendor, 500).stream()
                        .filter(r -> r.reason().equals(reason)).findFirst().orElse(null),
                r -> r != null);
    }

    @Test
    void shouldAcknowledgeWith202AndStoreTheLeadWhenTheLeadIsValid() {
        String body = Http.resource("/leads/forex-uk.json");
        HttpResponse<String> r = http.postJson(url, key, body);

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        JsonNode answer = Http.json(r.body());
        assertThat(answer.path("lead_id").asText()).isEqualTo("FL-2026-001234");
        assertThat(answer.path("status").asText()).isEqualTo("received");
        Lead stored = engine.leads().findById(answer.path("id").asText()).orElseThrow();
        assertThat(stored.vendorId()).isEqualTo(vendorId);
        assertThat(stored.vendorLeadId()).isEqualTo("FL-2026-001234");
        // The quality stage may already have judged it; the intake itself only ever writes RECEIVED.
        assertThat(stored.status()).isIn(LeadStatus.RECEIVED, LeadStatus.ACCEPTED);
        assertThat(stored.rawPayload()).isEqualTo(body);
        assertThat(stored.email()).isEqualTo("john.smith@example.com");
        assertThat(stored.remoteIp()).isEqualTo("127.0.0.1");
        assertThat(stored.contentType()).isEqualTo("application/json");
    }

    @Test
    void shouldAnswer200DuplicateWithTheOriginalIdWhenTheLeadIdWasSeenBefore() {
        String id = newId();
        HttpResponse<String> first = http.postJson(url, key, leadJson(id));
        HttpResponse<String> again = http.postJson(url, key, leadJson(id));

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(200);
        JsonNode dup = Http.json(again.body());
        assertThat(dup.path("status").asText()).isEqualTo("duplicate");
        assertThat(dup.path("id").asText()).isEqualTo(Http.json(first.body()).path("id").asText());
        assertThat(dup.path("lead_id").asText()).isEqualTo(id);
    }

    @Test
    void shouldStoreTheSameLeadIdSeparatelyWhenTwoVendorsSendIt() {
        String id = newId();
        assertThat(http.postJson(url, key, leadJson(id)).statusCode()).isEqualTo(202);
        assertThat(http.postJson(url, otherKey, leadJson(id)).statusCode()).isEqualTo(202);
    }

    @Test
    void shouldAcceptTheKeyInXApiKeyWhenNoAuthorizationHeaderIsSent() {
        HttpRequest req = Http.request(url, null, "application/json",
                leadJson(newId()).getBytes(StandardCharsets.UTF_8)).header("X-API-Key", key).build();
        assertThat(http.send(req).statusCode()).isEqualTo(202);
    }

    @Test
    void shouldAcceptANumericLeadIdWhenItIsANumber() {
        HttpResponse<String> r = http.postJson(url, key, "{\"lead_id\": 987654321012, \"email\": \"n@example.com\"}");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(Http.json(r.body()).path("lead_id").asText()).isEqualTo("987654321012");
    }

    @Test
    void shouldKeepTheFormBodyVerbatimWhenALeadIsFormEncoded() {
        String id = newId();
        String body = "lead_id=" + id + "&first_name=Mar%C3%ADa-Jos%C3%A9&last_name=O%27Neil&email=mj%40example.org";
        HttpResponse<String> r = http.post(url, key, "application/x-www-form-urlencoded", body);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        Lead stored = engine.leads().findById(Http.json(r.body()).path("id").asText()).orElseThrow();
        assertThat(stored.rawPayload()).isEqualTo(body);
        assertThat(stored.firstName()).isEqualTo("María-José");
        assertThat(stored.lastName()).isEqualTo("O'Neil");
        assertThat(stored.email()).isEqualTo("mj@example.org");
        assertThat(stored.contentType()).isEqualTo("application/x-www-form-urlencoded");
    }

    @Test
    void shouldKeepTheXmlBodyVerbatimWhenALeadIsXmlWithNonAsciiText() {
        String id = newId();
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<lead><lead_id>" + id
                + "</lead_id><first_name>María-José</first_name><last_name>Müller</last_name>"
                + "<email>mj@example.org</email></lead>";
        HttpResponse<String> r = http.post(url, key, "application/xml; charset=UTF-8", body);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        Lead stored = engine.leads().findById(Http.json(r.body()).path("id").asText()).orElseThrow();
        assertThat(stored.rawPayload()).isEqualTo(body);
        assertThat(stored.firstName()).isEqualTo("María-José");
        assertThat(stored.lastName()).isEqualTo("Müller");
        assertThat(stored.vendorLeadId()).isEqualTo(id);
        assertThat(stored.contentType()).isEqualTo("application/xml");
    }

    @Test
    void shouldKeepNonAsciiJsonVerbatimWhenTheLeadHasAccentsAndEmoji() {
        String body = Http.resource("/leads/insurance-us.json").replace("INS-77-000981", newId())
                .replace("Austin", "Austin \uD83C\uDF35");
        HttpResponse<String> r = http.postJson(url, key, body);

        assertThat(r.statusCode()).isEqualTo(202);
        Lead stored = engine.leads().findById(Http.json(r.body()).path("id").asText()).orElseThrow();
        assertThat(stored.rawPayload()).isEqualTo(body);
        assertThat(stored.firstName()).isEqualTo("María-José");
        assertThat(stored.field("city")).isEqualTo("Austin \uD83C\uDF35");
        assertThat(stored.field("homeowner")).isEqualTo("1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "truncated JSON | {\"lead_id\":\"X-1\",\"email\": | malformed_json |",
        "trailing garbage | {\"lead_id\":\"X-1\"} {} | malformed_json |",
        "not an object | [{\"lead_id\":\"X-1\"}] | malformed_body |",
        "empty body | '' | malformed_body |",
        "missing lead_id | {\"email\":\"a@example.com\"} | missing_field | lead_id",
        "empty lead_id | {\"lead_id\":\"\",\"email\":\"a@example.com\"} | missing_field | lead_id",
        "blank lead_id | {\"lead_id\":\"   \"} | missing_field | lead_id",
        "null lead_id | {\"lead_id\":null} | missing_field | lead_id",
        "boolean lead_id | {\"lead_id\":true} | wrong_type | lead_id",
        "object lead_id | {\"lead_id\":{\"v\":1}} | wrong_type | lead_id",
        "object email | {\"lead_id\":\"X-1\",\"email\":{\"home\":\"a@example.com\"}} | wrong_type | email",
        "list email | {\"lead_id\":\"X-1\",\"email\":[\"a@example.com\"]} | wrong_type | email",
    })
    void shouldRefuseWith400NamingTheProblemWhenTheJsonIsBad(String name, String body, String reason, String field) {
        HttpResponse<String> r = http.postJson(url, key, body);
        if (field == null) {
            assertProblem(r, 400, reason);
        } else {
            assertProblem(r, 400, reason, field);
        }
        IntakeRefusal recorded = awaitRefusal(vendorId, reason);
        assertThat(recorded.httpStatus()).isEqualTo(400);
        assertThat(recorded.remoteIp()).isEqualTo("127.0.0.1");
    }

    @Test
    void shouldRefuseWith400WhenContentLengthIsNotANumber() throws Exception {
        try (RawHttp raw = new RawHttp(url)) {
            raw.head("POST", "/api/v1/leads/intake", "Authorization: Bearer " + key,
                    "Content-Type: application/json", "Content-Length: ten");
            RawHttp.Response r = raw.read();
            assertThat(r.status()).isBetween(400, 499);
        }
    }

    @Test
    void shouldStoreTheLeadWhenTheLeadIdKeyHasSurroundingSpaces() {
        String id = newId();
        HttpResponse<String> r = http.postJson(url, key, "{\" lead_id \":\"" + id + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(Http.json(r.body()).path("lead_id").asText()).isEqualTo(id);
    }

    @Test
    void shouldRefuseWith400WhenTheLeadIdIsLongerThan200Characters() {
        assertProblem(http.postJson(url, key, leadJson("L".repeat(201))), 400, "too_long", "lead_id");
    }

    @Test
    void shouldRefuseWith400WhenTheBodyNestsDeeperThan16Levels() {
        String deep = "{\"lead_id\":\"D-1\",\"x\":" + "[".repeat(40) + "]".repeat(40) + "}";
        assertProblem(http.postJson(url, key, deep), 400, "too_deep");
        awaitRefusal(vendorId, "too_deep");
    }

    @Test
    void shouldRefuseWith400WhenTheBodyIsNotUtf8() {
        byte[] latin1 = "{\"lead_id\":\"E-1\",\"first_name\":\"Mar\u00eda\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertProblem(http.post(url, key, "application/json", latin1), 400, "invalid_encoding");
        awaitRefusal(vendorId, "invalid_encoding");
    }

    @Test
    void shouldRefuseWith400WhenTheFieldsAreTooMany() {
        StringBuilder sb = new StringBuilder("{\"lead_id\":\"F-1\"");
        for (int i = 0; i < 600; i++) {
            sb.append(",\"f").append(i).append("\":1");
        }
        assertProblem(http.postJson(url, key, sb.append('}').toString()), 400, "too_many_fields");
    }

    @Test
    void shouldRefuseWith400AndNotResolveEntitiesWhenXmlHasADtd() {
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE lead [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>\n"
                + "<lead><lead_id>XXE-1</lead_id><first_name>&xxe;</first_name></lead>";
        assertProblem(http.post(url, key, "application/xml", xxe), 400, "malformed_xml");
        assertThat(engine.leads().findByVendorLeadId(vendorId, "XXE-1")).isEmpty();
    }

    @Test
    void shouldRefuseWith400WhenXmlIsAnEntityBomb() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lead [<!ENTITY a0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
        }
        String bomb = dtd + "]><lead><lead_id>BOMB-1</lead_id><x>&a9;</x></lead>";
        assertProblem(http.post(url, key, "application/xml", bomb), 400, "malformed_xml");
    }

    @Test
    void shouldRefuseWith400WhenTheFormHasABadEscape() {
        assertProblem(http.post(url, key, "application/x-www-form-urlencoded", "lead_id=G-1&name=%ZZ"), 400,
                "malformed_form");
    }

    @Test
    void shouldAcceptAChunkedBodyWhenItIsWithinTheLimit() throws Exception {
        try (RawHttp raw = new RawHttp(url)) {
            raw.head("POST", "/api/v1/leads/intake", "Authorization: Bearer " + key,
                    "Content-Type: application/json", "Transfer-Encoding: chunked");
            raw.chunk(leadJson(newId()).getBytes(StandardCharsets.UTF_8)).lastChunk();
            assertThat(raw.read().status()).isEqualTo(202);
        }
    }

    @Test
    void shouldRefuseWith401WhenNoKeyIsSent() {
        HttpResponse<String> r = http.postJson(url, null, leadJson(newId()));
        assertProblem(r, 401, "missing_api_key");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        awaitRefusal(null, "missing_api_key");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Authorization | Bearer", "Authorization | Basic dXNlcjpwYXNz",
        "X-API-Key | ''", "X-API-Key | '   '"})
    void shouldRefuseWith401MissingWhenTheKeyHeaderCarriesNoKey(String header, String value) {
        HttpRequest req = Http.request(url, null, "application/json", utf8(leadJson(newId())))
                .header(header, value).build();
        assertProblem(http.send(req), 401, "missing_api_key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "X-API-Key"})
    void shouldRefuseWith401WhenTheKeyIsUnknown(String header) {
        String value = header.equals("Authorization") ? "Bearer lw_unknownunknownunknownunknown1" : "lw_nope";
        HttpRequest req = Http.request(url, null, "application/json", utf8(leadJson(newId())))
                .header(header, value).build();
        assertProblem(http.send(req), 401, "invalid_api_key");
        awaitRefusal(null, "invalid_api_key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "X-API-Key"})
    void shouldRefuseWith401WhenTheKeyWasRevoked(String header) {
        String name = "Revoked " + header;
        String revoked = engine.vendors().add(name, List.of()).apiKey();
        engine.vendors().revokeKey(name);
        String value = header.equals("Authorization") ? "Bearer " + revoked : revoked;
        HttpRequest req = Http.request(url, null, "application/json", utf8(leadJson(newId())))
                .header(header, value).build();
        assertProblem(http.send(req), 401, "invalid_api_key");
    }

    @Test
    void shouldRefuseWith403AndRecordItForTheVendorWhenTheAddressIsOutsideTheAllowlist() {
        VendorService.IssuedKey tenfold = engine.vendors().add("Tenfold", List.of("10.0.0.0/8"));
        HttpResponse<String> r = http.postJson(url, tenfold.apiKey(), leadJson("IP-1"));

        JsonNode p = assertProblem(r, 403, "ip_not_allowed");
        assertThat(p.path("detail").asText()).contains("127.0.0.1");
        IntakeRefusal recorded = awaitRefusal(tenfold.vendor().id(), "ip_not_allowed");
        assertThat(recorded.httpStatus()).isEqualTo(403);
        assertThat(engine.leads().findByVendorLeadId(tenfold.vendor().id(), "IP-1")).isEmpty();
    }

    @Test
    void shouldAcceptWhenTheAllowlistContainsLoopback() {
        String k = engine.vendors().add("Loopback Only", List.of("10.0.0.0/8", "127.0.0.0/8")).apiKey();
        assertThat(http.postJson(url, k, leadJson(newId())).statusCode()).isEqualTo(202);
    }

    @Test
    void shouldRefuseWith413WhenContentLengthIsOverTheLimit() {
        byte[] big = ("{\"lead_id\":\"BIG-1\",\"x\":\"" + "a".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertProblem(http.post(url, key, "application/json", big), 413, "body_too_large");
        awaitRefusal(vendorId, "body_too_large");
    }

    @Test
    void shouldAnswerA413TheClientCanReadWhenTheBodyIsFarOverTheLimit() {
        byte[] big = utf8("{\"lead_id\":\"BIG-3\",\"x\":\"" + "z".repeat(1_000_000) + "\"}");
        for (int i = 0; i < 3; i++) {
            assertProblem(http.post(url, key, "application/json", big), 413, "body_too_large");
        }
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(url)).timeout(Http.TIMEOUT)
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build();
        assertProblem(http.send(chunked), 413, "body_too_large");
    }

    @Test
    void shouldAnswerARefusalTheClientCanReadWhenARefusedRequestCarriesALargeBody() {
        byte[] big = ("{\"lead_id\":\"BIG-4\",\"x\":\"" + "y".repeat(300_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        String tenfoldKey = engine.vendors().add("Far Away", List.of("10.0.0.0/8")).apiKey();
        for (int i = 0; i < 5; i++) {
            assertProblem(http.post(url, null, "application/json", big), 401, "missing_api_key");
            assertProblem(http.post(url, "lw_wrong", "application/json", big), 401, "invalid_api_key");
            assertProblem(http.post(url, tenfoldKey, "application/json", big), 403, "ip_not_allowed");
        }
    }

    @Test
    void shouldRefuseWith413WhenAChunkedBodyGrowsOverTheLimit() throws Exception {
        try (RawHttp raw = new RawHttp(url)) {
            raw.head("POST", "/api/v1/leads/intake", "Authorization: Bearer " + key,
                    "Content-Type: application/json", "Transfer-Encoding: chunked");
            raw.chunk("{\"lead_id\":\"BIG-2\",\"x\":\"".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 9; i++) {
                raw.chunk("b".repeat(8_000).getBytes(StandardCharsets.UTF_8));
            }
            raw.chunk("\"}".getBytes(StandardCharsets.UTF_8)).lastChunk();
            RawHttp.Response r = raw.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertProblemBody(r.body(), 413, "body_too_large");
        }
    }

    @Test
    void shouldAcceptABodyOfExactlyTheLimit() {
        String head = "{\"lead_id\":\"" + newId() + "\",\"x\":\"";
        String body = head + "c".repeat(65536 - head.length() - 2) + "\"}";
        assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(65536);
        assertThat(http.postJson(url, key, body).statusCode()).isEqualTo(202);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "text/plain | unsupported_media_type",
        "application/json; charset=ISO-8859-1 | unsupported_charset",
        "application/xml; charset=\"windows-1252\" | unsupported_charset",
        "application/x-www-form-urlencoded; charset=utf-16 | unsupported_charset",
        "multipart/form-data; boundary=x | unsupported_media_type",
    })
    void shouldRefuseWith415WhenTheContentTypeOrCharsetIsNotSupported(String contentType, String reason) {
        assertProblem(http.post(url, key, contentType, leadJson(newId())), 415, reason);
        awaitRefusal(vendorId, reason);
    }

    @Test
    void shouldRefuseWith415WhenNoContentTypeIsSent() {
        assertProblem(http.post(url, key, null, leadJson(newId())), 415, "missing_content_type");
    }

    @Test
    void shouldAcceptUtf8CharsetAndJsonSuffixTypesWhenDeclared() {
        assertThat(http.post(url, key, "application/json; charset=\"UTF-8\"", leadJson(newId())).statusCode())
                .isEqualTo(202);
        assertThat(http.post(url, key, "application/vnd.acme+json;charset=utf8", leadJson(newId())).statusCode())
                .isEqualTo(202);
    }

    @Test
    void shouldRefuseWith405WhenTheIntakeIsCalledWithGet() {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Http.TIMEOUT)
                .header("Authorization", "Bearer " + key).GET().build();
        HttpResponse<String> r = http.send(req);
        assertProblem(r, 405, "method_not_allowed");
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void shouldAnswer404ProblemWhenThePathIsUnknown() {
        assertProblem(http.get(engine.baseUrl() + "/nope", key), 404, "not_found");
    }

    @Test
    void shouldReturnStatusAndTimelineWhenTheOwnerAsksForItsLead() {
        String id = newId();
        String leadwireId = Http.json(http.postJson(url, key, leadJson(id)).body()).path("id").asText();

        HttpResponse<String> r = http.get(engine.baseUrl() + "/api/v1/leads/" + leadwireId, key);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Http.json(r.body());
        assertThat(body.path("id").asText()).isEqualTo(leadwireId);
        assertThat(body.path("lead_id").asText()).isEqualTo(id);
        assertThat(body.path("status").asText()).isIn("received", "accepted", "quarantined");
        assertThat(body.path("received_at").asText()).isNotBlank();
        assertThat(body.path("timeline")).isNotEmpty();
        assertThat(body.path("timeline").get(0).path("type").asText()).isEqualTo("received");
        assertThat(body.path("timeline").get(0).path("detail").asText()).contains("application/json");
    }

    @Test
    void shouldAnswer404WhenAnotherVendorAsksForTheLead() {
        String leadwireId = Http.json(http.postJson(url, key, leadJson(newId())).body()).path("id").asText();

        assertProblem(http.get(engine.baseUrl() + "/api/v1/leads/" + leadwireId, otherKey), 404, "lead_not_found");
        assertProblem(http.get(engine.baseUrl() + "/api/v1/leads/" + UUID.randomUUID(), key), 404, "lead_not_found");
        assertProblem(http.get(engine.baseUrl() + "/api/v1/leads/" + leadwireId, null), 401, "missing_api_key");
    }

    @Test
    void shouldReportHealthUpWhenTheDatabaseAnswers() {
        HttpResponse<String> r = http.get(engine.baseUrl() + "/api/v1/health", null);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Http.json(r.body());
        assertThat(body.path("status").asText()).isEqualTo("up");
        assertThat(body.path("database").asText()).isEqualTo("up");
        assertThat(body.path("engine").asText()).isEqualTo("running");
        assertThat(body.path("details").path("leads_by_status").has("received")).isTrue();
    }

    @Test
    void shouldExposeCountsByVendorAndOutcomeAndTheAckHistogramWhenMetricsAreScraped() {
        http.postJson(url, key, leadJson(newId()));
        http.postJson(url, key, "{");
        http.postJson(url, null, leadJson(newId()));

        // The ack event is published just after the answer is sent, so a scrape may briefly lag
        // the last answer: wait for the counts rather than racing them.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> r = http.get(engine.baseUrl() + "/metrics", null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
            assertThat(r.body())
                    .containsPattern(requests("received", "Acme Leads"))
                    .containsPattern(requests("malformed_json", "Acme Leads"))
                    .containsPattern(requests("missing_api_key", "unknown"))
                    .containsPattern("leadwire_intake_ack_seconds_bucket\\{[^}]*status=\"202\"")
                    .contains("leadwire_intake_ack_seconds_count");
        });
    }
}
