package io.leadwire.callback;

import static io.leadwire.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadwire.app.Engine;
import io.leadwire.app.EngineConfig;
import io.leadwire.intake.VendorService;
import io.leadwire.lead.DeliveryStatus;
import io.leadwire.lead.LeadEvent;
import io.leadwire.lead.LeadStatus;
import io.leadwire.metrics.FigureSeries;
import io.leadwire.metrics.Figures.Range;
import io.leadwire.store.CallbackRepository;
import io.leadwire.store.CallbackRepository.CallbackRow;
import io.leadwire.store.CallbackRepository.OutcomeRow;
import io.leadwire.store.DeliveryRepository.DeliveryRow;
import io.leadwire.testing.Http;
import io.leadwire.testing.MutableClock;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Buyer callbacks over real HTTP on loopback against a real engine (H2, intake, quality, routing,
 * delivery to local mock buyers): the endpoint's checks in order, the replay guard, and what
 * each kind of event does to deliveries, leads, their timelines and the outcome log.
 *
 * <p>Buyers: Acme (Standard Webhooks, two secrets, returns within 7 days, rerouted) and Beta
 * (HMAC in X-Signature) take "auto" leads, Acme first; Gamma is an asynchronous buyer of "home"
 * leads, Delta (synchronous, cheaper) the next in line for them; Locked only takes callbacks from
 * 10.0.0.0/8.
 */
class CallbackHttpTest {
    private static final String CB1 = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String CB2 = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "second-secret-for-rotation".getBytes(StandardCharsets.UTF_8));
    private static final String BETA_SECRET = "beta-hmac-secret";
    private static final AtomicInteger LEADS = new AtomicInteger();

    @TempDir
    static Path dataDir;

    static MockWebServer acme;
    static MockWebServer beta;
    static MockWebServer gamma;
    static MockWebServer delta;
    static MutableClock clock;
    static Engine engine;
    static String vendorKey;
    static final Http HTTP = new Http();

    @BeforeAll
    static void startEngineAndBuyers() throws Exception {
        acme = buyerServer("AC", "accepted");
        beta = buyerServer("BE", "accepted");
        gamma = buyerServer("GA", "accepted");
        delta = buyerServer("DE", "accepted");
        clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        engine = Engine.start(new EngineConfig(dataDir, "127.0.0.1", 0, null, null, null, 65536), "test", clock);
        importBuyer("Acme", acme, 1, "12.50", "auto", "\"callbacks\": {\"signature\": {\"scheme\": "
                + "\"standard_webhooks\", \"secrets\": [\"${secret:CB1}\", \"${secret:CB2}\"]}, \"tolerance_seconds\": "
                + "300, \"allow_ips\": [\"127.0.0.1\", \"::1\"], \"return_window\": \"P7D\", \"reroute_returns\": true}");
        engine.buyers().setSecret("Acme", "CB1", CB1);
        engine.buyers().setSecret("Acme", "CB2", CB2);
        importBuyer("Beta", beta, 2, "9.00", "auto", "\"callbacks\": {\"signature\": {\"scheme\": \"header\", "
                + "\"header\": \"X-Signature\", \"prefix\": \"sha256=\", \"encoding\": \"hex\", \"secrets\": "
                + "[\"${secret:BETA_CB}\"]}, \"fields\": {\"id\": \"event.id\", \"type\": \"event.kind\", "
                + "\"lead_id\": \"lead.ref\", \"status\": \"lead.status\", \"reason\": \"lead.reason\", "
                + "\"amount\": \"lead.revenue\"}}");
        engine.buyers().setSecret("Beta", "BETA_CB", BETA_SECRET);
        importBuyer("Gamma", gamma, 1, "20", "home", "\"mode\": \"async\", \"async\": {\"reconcileAfter\": \"1h\"}, "
                + "\"callbacks\": {\"signature\": {\"scheme\": \"standard_webhooks\", \"secrets\": [\"${secret:GCB}\"]}}");
        engine.buyers().setSecret("Gamma", "GCB", CB1);
        importBuyer("Delta", delta, 2, "15", "home", "\"callbacks\": {\"signature\": {\"scheme\": "
                + "\"standard_webhooks\", \"secrets\": [\"${secret:DCB}\"]}}");
        engine.buyers().setSecret("Delta", "DCB", CB1);
        importBuyer("Locked", gamma, 1, "1", "never", "\"callbacks\": {\"signature\": {\"scheme\": "
                + "\"standard_webhooks\", \"secrets\": [\"${secret:LCB}\"]}, \"allow_ips\": [\"10.0.0.0/8\"]}");
        engine.buyers().setSecret("Locked", "LCB", CB1);
        engine.buyerDirectory().refreshNow();
        engine.callbackBuyers().refreshNow();
        assertThat(engine.buyerDirectory().problems()).isEmpty();
        vendorKey = engine.vendors().add("Vendor One", List.of()).apiKey();
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
        acme.close();
        beta.close();
        gamma.close();
        delta.close();
    }

    private static MockWebServer buyerServer(String prefix, String status) throws Exception {
        MockWebServer server = new MockWebServer();
        AtomicInteger n = new AtomicInteger();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"status\":\""
                        + status + "\",\"lead_id\":\"" + prefix + "-" + n.incrementAndGet() + "\"}");
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
        return server;
    }

    private static void importBuyer(String name, MockWebServer server, int priority, String price, String product,
                                    String extra) {
        String file = "{\"name\": \"" + name + "\", \"format\": \"json\", \"fields\": ["
                + "{\"target\": \"first\", \"source\": \"first_name\", \"required\": true},"
                + "{\"target\": \"email\", \"source\": \"email\"}],"
                + "\"buyer\": {\"endpoints\": {\"production\": \"" + server.url("/leads") + "\"}, \"price\": \""
                + price + "\", \"priority\": " + priority + ", \"exclusive\": true, "
                + "\"filters\": [{\"field\": \"product\", \"in\": [\"" + product + "\"]}], " + extra + "}}";
        engine.buyers().importFile(file, null, "tester");
    }

    // ------------------------------------------------------------ helpers

    /** Posts a lead through the intake and waits until the pipeline has sold it (or an async buyer holds it). */
    private static String sellLead(String product) {
        return sellLead(product, vendorKey);
    }

    /** {@link #sellLead(String)} for the vendor of {@code key}, e.g. one a test has alone, for its figures. */
    private static String sellLead(String product, String key) {
        int n = LEADS.incrementAndGet();
        HttpResponse<String> ack = HTTP.postJson(engine.intakeUrl(), key, "{\"lead_id\":\"CB-" + n
                + "\",\"first_name\":\"Ann\",\"last_name\":\"Lee\",\"email\":\"ann.lee" + n + "@example.com\","
                + "\"phone\":\"+4420712345" + String.format("%02d", n) + "\",\"country\":\"United Kingdom\","
                + "\"product\":\"" + product + "\"}");
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(202);
        String id = Http.json(ack.body()).path("id").asText();
        await().atMost(Duration.ofSeconds(15)).until(() -> engine.deliveries().deliveriesOf(id).stream()
                .anyMatch(d -> d.status() == DeliveryStatus.ACCEPTED || d.status() == DeliveryStatus.AWAITING));
        return id;
    }

    private static String callbackUrl(String buyer) {
        return engine.baseUrl() + CallbackEndpoint.PREFIX + URLEncoder.encode(buyer, StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    private static HttpResponse<String> standard(String buyer, String secret, String webhookId, long timestamp,
                                                 String signedBody, String sentBody) {
        return HTTP.postStandardWebhook(callbackUrl(buyer), secret, webhookId, timestamp, signedBody, sentBody);
    }

    private static HttpResponse<String> standard(String buyer, String webhookId, String body) {
        return standard(buyer, CB1, webhookId, clock.instant().getEpochSecond(), body, body);
    }

    private static HttpResponse<String> signedByHeader(String buyer, String secret, String body) {
        String mac = HexFormat.of().formatHex(CallbackSignature.hmac(secret.getBytes(StandardCharsets.UTF_8),
                body.getBytes(StandardCharsets.UTF_8)));
        return HTTP.send(HttpRequest.newBuilder(URI.create(callbackUrl(buyer))).timeout(Http.TIMEOUT)
                .header("Content-Type", "application/json").header("X-Signature", "sha256=" + mac)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static CallbackRow processed(String buyer, String eventId) {
        String buyerId = engine.buyers().find(buyer).orElseThrow().id();
        return await().atMost(Duration.ofSeconds(10)).until(() -> engine.callbacks().event(buyerId, eventId),
                e -> e.isPresent() && !CallbackRepository.PENDING.equals(e.get().state())).orElseThrow();
    }

    private static List<String> timeline(String leadId) {
        return engine.leads().timeline(leadId).stream().map(LeadEvent::detail).toList();
    }

    private static DeliveryRow deliveryTo(String leadId, String buyer) {
        String buyerId = engine.buyers().find(buyer).orElseThrow().id();
        return engine.deliveries().deliveriesOf(leadId).stream().filter(d -> d.buyerId().equals(buyerId)).findFirst()
                .orElseThrow();
    }

    /** The figures of one vendor and one buyer over the last hour, caught up with every outcome stored. */
    private static Figured figures(String vendorId, String buyer) {
        engine.figuresStage().catchUp();
        String buyerId = engine.buyers().find(buyer).orElseThrow().id();
        Range hour = Range.last(Duration.ofHours(1), clock);
        return new Figured(engine.figures().vendors(List.of(vendorId), hour), vendorId,
                engine.figures().buyers(List.of(buyerId), hour), buyerId);
    }

    private record Figured(FigureSeries vendors, String vendorId, FigureSeries buyers, String buyerId) {
        BigDecimal vendor(String metric) {
            return vendors.total(vendorId, metric);
        }

        BigDecimal buyer(String metric) {
            return buyers.total(buyerId, metric);
        }
    }

    private static String uid() {
        return "msg_" + java.util.UUID.randomUUID();
    }

    // ------------------------------------------------------------ the checks

    @Test
    void shouldApplyAStatusChangeWhenAStandardWebhooksCallbackIsValid() {
        String lead = sellLead("auto");
        String id = uid();

        HttpResponse<String> r = standard("Acme", id, "{\"type\":\"status\",\"lead_id\":\"" + lead
                + "\",\"status\":\"contacted\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(Http.json(r.body()).path("status").asText()).isEqualTo("received");
        CallbackRow row = processed("Acme", id);
        assertThat(row.state()).as(row.note()).isEqualTo(CallbackRepository.APPLIED);
        assertThat(row.leadId()).isEqualTo(lead);
        assertThat(timeline(lead)).contains("buyer Acme: contacted");
        assertThat(callbackOutcomes(engine, lead)).extracting(OutcomeRow::kind, OutcomeRow::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("status", "contacted"));
        assertThat(engine.callbacks().afterSale(deliveryTo(lead, "Acme").id()).orElseThrow().lastBuyerStatus())
                .isEqualTo("contacted");
    }

    @Test
    void shouldAcceptTheRotatedSecretWhenTheBuyerSignsWithItsSecondSecret() {
        String lead = sellLead("auto");
        String id = uid();
        String body = "{\"type\":\"feedback\",\"lead_id\":\"" + lead + "\",\"status\":\"wrong-number\"}";

        HttpResponse<String> r = standard("Acme", CB2, id, clock.instant().getEpochSecond(), body, body);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(processed("Acme", id).state()).isEqualTo(CallbackRepository.APPLIED);
        assertThat(timeline(lead)).contains("buyer Acme: feedback wrong number");
        assertThat(callbackOutcomes(engine, lead)).extracting(OutcomeRow::kind, OutcomeRow::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("feedback", "wrong_number"));
    }

    @Test
    void shouldRefuseWith401WhenTheBodyIsTampered() {
        String id = uid();
        String signed = "{\"type\":\"conversion\",\"lead_id\":\"x\",\"amount\":10}";
        String sent = "{\"type\":\"conversion\",\"lead_id\":\"x\",\"amount\":10000}";

        HttpResponse<String> r = standard("Acme", CB1, id, clock.instant().getEpochSecond(), signed, sent);

        assertProblem(r, 401, "signature_mismatch");
        assertThat(Http.json(r.body()).path("detail").asText()).contains("tampered body");
        assertThat(engine.callbacks().event(engine.buyers().find("Acme").orElseThrow().id(), id)).isEmpty();
    }

    @Test
    void shouldRefuseWith401AndSayWhyWhenTheTimestampIsSkewed() {
        String body = "{\"type\":\"status\",\"lead_id\":\"x\",\"status\":\"contacted\"}";

        HttpResponse<String> old = standard("Acme", CB1, uid(), clock.instant().getEpochSecond() - 600, body, body);
        HttpResponse<String> ahead = standard("Acme", CB1, uid(), clock.instant().getEpochSecond() + 400, body, body);

        assertThat(assertProblem(old, 401, "timestamp_out_of_tolerance").path("detail").asText())
                .contains("600 s behind our clock", "outside the allowed ±5 min tolerance");
        assertThat(assertProblem(ahead, 401, "timestamp_out_of_tolerance").path("detail").asText())
                .contains("400 s ahead of our clock");
    }

    @Test
    void shouldRefuseWith401NamingTheHeadersWhenTheSignatureIsMissing() {
        HttpResponse<String> r = HTTP.postJson(callbackUrl("Acme"), null, "{\"type\":\"status\"}");

        assertThat(assertProblem(r, 401, "missing_signature").path("detail").asText())
                .contains("webhook-id", "webhook-signature");
    }

    @Test
    void shouldAnswer200AndApplyOnceWhenTheSameWebhookIdIsSentAgain() {
        String lead = sellLead("auto");
        String id = uid();
        String body = "{\"type\":\"status\",\"lead_id\":\"" + lead + "\",\"status\":\"qualified\"}";

        HttpResponse<String> first = standard("Acme", id, body);
        processed("Acme", id);
        HttpResponse<String> again = standard("Acme", id, body);
        HttpResponse<String> third = standard("Acme", id, body);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(Http.json(again.body()).path("status").asText()).isEqualTo("already received");
        assertThat(Http.json(again.body()).path("state").asText()).isEqualTo("applied");
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(callbackOutcomes(engine, lead)).hasSize(1);
        assertThat(timeline(lead)).filteredOn(d -> d.equals("buyer Acme: qualified")).hasSize(1);
    }

    @Test
    void shouldAcceptAHeaderSchemeCallbackWhenTheHmacMatchesAndRefuseItWhenItDoesNot() {
        String id = uid();
        String body = "{\"event\":{\"id\":\"" + id + "\",\"kind\":\"status\"},\"lead\":{\"ref\":\"no-such-lead\","
                + "\"status\":\"contacted\"}}";

        HttpResponse<String> good = signedByHeader("Beta", BETA_SECRET, body);
        HttpResponse<String> wrongSecret = signedByHeader("Beta", "not-the-secret", body);
        HttpResponse<String> notHex = HTTP.send(HttpRequest.newBuilder(URI.create(callbackUrl("Beta")))
                .timeout(Http.TIMEOUT).header("X-Signature", "sha256=zz")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());

        assertThat(good.statusCode()).as(good.body()).isEqualTo(202);
        assertThat(Http.json(good.body()).path("event_id").asText()).isEqualTo(id);
        assertProblem(wrongSecret, 401, "signature_mismatch");
        assertProblem(notHex, 401, "signature_mismatch");
        // Signed, stored, but about a lead Beta never had: kept for an operator, not applied.
        CallbackRow row = processed("Beta", id);
        assertThat(row.state()).isEqualTo(CallbackRepository.FLAGGED);
        assertThat(row.note()).contains("no lead 'no-such-lead' was delivered to Beta");
    }

    @Test
    void shouldRefuseWith403WhenTheAddressIsNotOnTheBuyersAllowlist() {
        HttpResponse<String> r = standard("Locked", uid(), "{\"type\":\"status\"}");

        assertThat(assertProblem(r, 403, "ip_not_allowed").path("detail").asText()).contains("127.0.0.1", "Locked");
    }

    @Test
    void shouldRefuseWith404WhenTheBuyerIsUnknown() {
        HttpResponse<String> r = standard("Nobody", uid(), "{\"type\":\"status\"}");

        assertThat(assertProblem(r, 404, "unknown_buyer").path("detail").asText()).contains("Nobody");
    }

    @Test
    void shouldFindTheBuyerByItsIdAsWellAsItsName() {
        HttpResponse<String> r = standard(engine.buyers().find("Acme").orElseThrow().id(), uid(),
                "{\"type\":\"status\",\"lead_id\":\"unknown\",\"status\":\"contacted\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    @Test
    void shouldRefuseWith413WhenTheBodyIsTooLarge() {
        String body = "{\"type\":\"status\",\"pad\":\"" + "x".repeat(CallbackEndpoint.MAX_BODY) + "\"}";

        HttpResponse<String> r = standard("Acme", uid(), body);

        assertThat(assertProblem(r, 413, "body_too_large").path("detail").asText())
                .contains("A callback body may be at most 65536 bytes");
    }

    @Test
    void shouldRefuseWith400WhenTheSignedBodyIsNotJson() {
        HttpResponse<String> r = standard("Acme", uid(), "{\"type\": \"status\", oops}");

        assertThat(assertProblem(r, 400, "malformed_json").path("detail").asText()).contains("not JSON", "line 1");
    }

    @Test
    void shouldRefuseWith400WhenTheHeaderSchemeEventHasNoId() {
        HttpResponse<String> r = signedByHeader("Beta", BETA_SECRET, "{\"event\":{\"kind\":\"status\"}}");

        assertProblem(r, 400, "missing_event_id", "event.id");
    }

    // ------------------------------------------------------------ what events do

    @Test
    void shouldCreditAReturnWithinTheWindowAndSendTheLeadToTheNextBuyer() {
        String lead = sellLead("auto");
        DeliveryRow sale = deliveryTo(lead, "Acme");
        assertThat(sale.status()).isEqualTo(DeliveryStatus.ACCEPTED);
        int betaBefore = beta.getRequestCount();
        clock.advance(Duration.ofDays(6));
        String id = uid();

        HttpResponse<String> r = standard("Acme", id, "{\"type\":\"return_request\",\"lead_id\":\""
                + sale.buyerLeadId() + "\",\"reason\":\"wrong number\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        CallbackRow row = processed("Acme", id);
        assertThat(row.state()).as(row.note()).isEqualTo(CallbackRepository.APPLIED);
        var after = engine.callbacks().afterSale(sale.id()).orElseThrow();
        assertThat(after.credit()).isEqualByComparingTo("12.50");
        assertThat(after.returnReason()).isEqualTo("wrong_number");
        assertThat(after.returnedAt()).isEqualTo(clock.instant());
        // The returning buyer is skipped as already tried: Beta, next in line, gets the lead.
        DeliveryRow resale = await().atMost(Duration.ofSeconds(15)).until(() -> engine.deliveries()
                .deliveriesOf(lead).stream().filter(d -> d.status() == DeliveryStatus.ACCEPTED
                        && !d.id().equals(sale.id())).findFirst(), Optional::isPresent).orElseThrow();
        assertThat(resale.buyerId()).isEqualTo(engine.buyers().find("Beta").orElseThrow().id());
        assertThat(beta.getRequestCount()).isEqualTo(betaBefore + 1);
        assertThat(engine.leads().findById(lead).orElseThrow().status()).isEqualTo(LeadStatus.DELIVERED);
        assertThat(timeline(lead)).contains("buyer Acme: returned (wrong number), credit 12.50, sent back to routing");
        List<OutcomeRow> outcomes = callbackOutcomes(engine, lead);
        // The return, then Beta's sale at its own price (both counted in the figures).
        assertThat(outcomes).extracting(OutcomeRow::kind).containsExactly("return", "accepted");
        assertThat(outcomes.get(1).buyerId()).isEqualTo(resale.buyerId());
        assertThat(outcomes.get(1).amount()).isEqualByComparingTo("9");
        assertThat(outcomes.get(0).kind()).isEqualTo("return");
        assertThat(outcomes.get(0).value()).isEqualTo("wrong_number");
        assertThat(outcomes.get(0).amount()).isEqualByComparingTo("12.50");
        assertThat(outcomes.get(0).at()).isEqualTo(clock.instant());
    }

    @Test
    void shouldFlagAReturnOutsideTheWindowWithoutCredit() {
        String lead = sellLead("auto");
        DeliveryRow sale = deliveryTo(lead, "Acme");
        clock.advance(Duration.ofDays(8));
        String id = uid();

        standard("Acme", id, "{\"type\":\"return\",\"lead_id\":\"" + lead + "\",\"reason\":\"not interested\"}");

        CallbackRow row = processed("Acme", id);
        assertThat(row.state()).isEqualTo(CallbackRepository.FLAGGED);
        assertThat(row.note()).contains("outside the return window of 7 days", "requested 8 days after the sale");
        var after = engine.callbacks().afterSale(sale.id()).orElseThrow();
        assertThat(after.credit()).isNull();
        assertThat(after.returnedAt()).isNull();
        assertThat(callbackOutcomes(engine, lead)).isEmpty();
        assertThat(engine.leads().findById(lead).orElseThrow().status()).isEqualTo(LeadStatus.DELIVERED);
        assertThat(timeline(lead)).anyMatch(d -> d.startsWith("buyer Acme: return (not interested) refused, no "
                + "credit: outside the return window of 7 days"));
    }

    @Test
    void shouldRecordTheRevenueWhenTheBuyerReportsAConversion() {
        String lead = sellLead("auto");
        DeliveryRow sale = deliveryTo(lead, "Acme");
        String id = uid();

        standard("Acme", id, "{\"type\":\"lead.converted\",\"lead_id\":\"" + sale.id() + "\",\"amount\":\"1250.40\"}");

        assertThat(processed("Acme", id).state()).isEqualTo(CallbackRepository.APPLIED);
        var after = engine.callbacks().afterSale(sale.id()).orElseThrow();
        assertThat(after.revenue()).isEqualByComparingTo("1250.40");
        assertThat(after.convertedAt()).isNotNull();
        assertThat(timeline(lead)).contains("buyer Acme: converted, revenue 1250.40");
        assertThat(callbackOutcomes(engine, lead)).singleElement().satisfies(o -> {
            assertThat(o.kind()).isEqualTo("conversion");
            assertThat(o.amount()).isEqualByComparingTo(new BigDecimal("1250.40"));
            assertThat(o.buyerId()).isEqualTo(sale.buyerId());
        });
    }

    @Test
    void shouldCountAConvertedStatusAsTheConversionAndALaterConversionEventOnlyForItsRevenue() {
        VendorService.IssuedKey own = engine.vendors().add("Vendor Converting", List.of());
        String lead = sellLead("auto", own.apiKey());
        DeliveryRow sale = deliveryTo(lead, "Acme");
        Figured before = figures(own.vendor().id(), "Acme");
        String status = uid();
        String conversion = uid();
        String again = uid();

        standard("Acme", status, "{\"type\":\"status\",\"lead_id\":\"" + lead + "\",\"status\":\"converted\"}");
        CallbackRow first = processed("Acme", status);
        standard("Acme", conversion, "{\"type\":\"conversion\",\"lead_id\":\"" + lead + "\",\"amount\":\"300\"}");
        CallbackRow second = processed("Acme", conversion);
        standard("Acme", again, "{\"type\":\"conversion\",\"lead_id\":\"" + lead + "\",\"amount\":\"450\"}");
        CallbackRow third = processed("Acme", again);

        assertThat(first.state()).as(first.note()).isEqualTo(CallbackRepository.APPLIED);
        assertThat(second.state()).as(second.note()).isEqualTo(CallbackRepository.APPLIED);
        // A third word on a conversion already counted with its revenue is for an operator to judge.
        assertThat(third.state()).isEqualTo(CallbackRepository.FLAGGED);
        assertThat(third.note()).contains("conversion (revenue 450.00) not counted again: already converted at",
                "with revenue 300.00");
        var after = engine.callbacks().afterSale(sale.id()).orElseThrow();
        assertThat(after.convertedAt()).isNotNull();
        assertThat(after.revenue()).isEqualByComparingTo("300");
        assertThat(after.lastBuyerStatus()).isEqualTo("converted");
        assertThat(timeline(lead)).contains("buyer Acme: converted", "buyer Acme: converted (counted from its status "
                + "change)").anyMatch(d -> d.startsWith("buyer Acme: conversion revenue 300.00 (converted at ")
                        && d.endsWith(", counted once)"))
                .anyMatch(d -> d.startsWith("buyer Acme: conversion (revenue 450.00) not counted again"));
        assertThat(callbackOutcomes(engine, lead)).extracting(OutcomeRow::kind, OutcomeRow::value, o -> o.amount()
                == null ? null : o.amount().stripTrailingZeros().toPlainString()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("status", "converted", null),
                org.assertj.core.groups.Tuple.tuple("conversion", "converted", null),
                org.assertj.core.groups.Tuple.tuple("revenue", "converted", "300"));
        // One conversion worth 300 for the vendor and the buyer, and the status change itself.
        // The figures stage may still wait for a row another transaction is committing: look again.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Figured now = figures(own.vendor().id(), "Acme");
            assertThat(now.vendor("conversions")).isEqualByComparingTo("1");
            assertThat(now.vendor("conversion_value")).isEqualByComparingTo("300");
            assertThat(now.vendor("status.converted")).isEqualByComparingTo("1");
            assertThat(now.buyer("conversions").subtract(before.buyer("conversions"))).isEqualByComparingTo("1");
            assertThat(now.buyer("conversion_value").subtract(before.buyer("conversion_value")))
                    .isEqualByComparingTo("300");
            assertThat(now.buyer("status.converted").subtract(before.buyer("status.converted")))
                    .isEqualByComparingTo("1");
        });
    }

    @Test
    void shouldNotCountAConvertedStatusAgainWhenTheConversionWasReportedFirst() {
        VendorService.IssuedKey own = engine.vendors().add("Vendor Converted First", List.of());
        String lead = sellLead("auto", own.apiKey());
        DeliveryRow sale = deliveryTo(lead, "Acme");
        String conversion = uid();
        String status = uid();

        standard("Acme", conversion, "{\"type\":\"conversion\",\"lead_id\":\"" + lead + "\",\"amount\":\"80.5\"}");
        processed("Acme", conversion);
        standard("Acme", status, "{\"type\":\"status\",\"lead_id\":\"" + lead + "\",\"status\":\"converted\","
                + "\"amount\":\"99\"}");
        CallbackRow row = processed("Acme", status);

        // The status change is news; the conversion is not.
        assertThat(row.state()).as(row.note()).isEqualTo(CallbackRepository.APPLIED);
        assertThat(row.note()).isEqualTo("buyer Acme: converted");
        assertThat(engine.callbacks().afterSale(sale.id()).orElseThrow().revenue()).isEqualByComparingTo("80.5");
        assertThat(callbackOutcomes(engine, lead)).extracting(OutcomeRow::kind).containsExactly("conversion", "status");
        // The figures stage may still wait for a row another transaction is committing: look again.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Figured now = figures(own.vendor().id(), "Acme");
            assertThat(now.vendor("conversions")).isEqualByComparingTo("1");
            assertThat(now.vendor("conversion_value")).isEqualByComparingTo("80.5");
            assertThat(now.vendor("status.converted")).isEqualByComparingTo("1");
        });
    }

    @Test
    void shouldCountAConvertedStatusWithItsRevenueWhenTheBuyerSendsOne() {
        VendorService.IssuedKey own = engine.vendors().add("Vendor Status Revenue", List.of());
        String lead = sellLead("auto", own.apiKey());
        String id = uid();

        standard("Acme", id, "{\"lead_id\":\"" + lead + "\",\"status\":\"Converted\",\"amount\":\"42.10\"}");

        CallbackRow row = processed("Acme", id);
        assertThat(row.state()).as(row.note()).isEqualTo(CallbackRepository.APPLIED);
        assertThat(timeline(lead)).contains("buyer Acme: converted (counted from its status change), revenue 42.10");
        // The figures stage may still wait for a row another transaction is committing: look again.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Figured now = figures(own.vendor().id(), "Acme");
            assertThat(now.vendor("conversions")).isEqualByComparingTo("1");
            assertThat(now.vendor("conversion_value")).isEqualByComparingTo("42.10");
        });
    }

    @Test
    void shouldRecordClosedLostHoweverTheBuyerSpellsIt() {
        VendorService.IssuedKey own = engine.vendors().add("Vendor Closed Lost", List.of());
        String dashed = sellLead("auto", own.apiKey());
        String underscored = sellLead("auto", own.apiKey());
        String spaced = sellLead("auto", own.apiKey());
        Figured before = figures(own.vendor().id(), "Acme");
        List<String> ids = List.of(uid(), uid(), uid());

        standard("Acme", ids.get(0), "{\"type\":\"status\",\"lead_id\":\"" + dashed + "\",\"status\":\"closed-lost\"}");
        standard("Acme", ids.get(1), "{\"type\":\"status_changed\",\"lead_id\":\"" + underscored
                + "\",\"status\":\"closed_lost\"}");
        standard("Acme", ids.get(2), "{\"type\":\"status\",\"lead_id\":\"" + spaced + "\",\"status\":\"Closed Lost\"}");

        for (String id : ids) {
            CallbackRow row = processed("Acme", id);
            assertThat(row.state()).as(row.note()).isEqualTo(CallbackRepository.APPLIED);
        }
        for (String lead : List.of(dashed, underscored, spaced)) {
            assertThat(timeline(lead)).contains("buyer Acme: closed lost");
            assertThat(callbackOutcomes(engine, lead)).extracting(OutcomeRow::kind, OutcomeRow::value)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("status", "closed_lost"));
            assertThat(engine.callbacks().afterSale(deliveryTo(lead, "Acme").id()).orElseThrow().lastBuyerStatus())
                    .isEqualTo("closed_lost");
        }
        // The figures stage may still wait for a row another transaction is committing: look again.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Figured now = figures(own.vendor().id(), "Acme");
            assertThat(now.vendors.countsByPrefix(own.vendor().id(), "status.")).containsExactly(
                    java.util.Map.entry("closed_lost", 3L));
            assertThat(now.buyer("status.closed_lost").subtract(before.buyer("status.closed_lost")))
                    .isEqualByComparingTo("3");
            assertThat(now.vendor("conversions")).isEqualByComparingTo("0");
        });
    }

    @Test
    void shouldFlagAnEventOfAnUnknownTypeWithoutApplyingIt() {
        String lead = sellLead("auto");
        String id = uid();

        HttpResponse<String> r = standard("Acme", id, "{\"type\":\"lead.teleported\",\"lead_id\":\"" + lead + "\"}");

        assertThat(r.statusCode()).isEqualTo(202);
        CallbackRow row = processed("Acme", id);
        assertThat(row.state()).isEqualTo(CallbackRepository.FLAGGED);
        assertThat(row.note()).contains("unknown event type 'lead.teleported'");
        assertThat(row.leadId()).isEqualTo(lead);
        assertThat(callbackOutcomes(engine, lead)).isEmpty();
        // Not applied, but the lead it names shows that it came, for whoever looks at the lead.
        assertThat(timeline(lead)).anyMatch(d -> d.startsWith("buyer Acme: event not applied, unknown event type "
                + "'lead.teleported'"));
    }

    @Test
    void shouldFinishAnAwaitingDeliveryWhenTheAsyncBuyerSendsItsFinalWord() {
        String lead = sellLead("home");
        DeliveryRow awaiting = deliveryTo(lead, "Gamma");
        assertThat(awaiting.status()).isEqualTo(DeliveryStatus.AWAITING);
        assertThat(engine.leads().findById(lead).orElseThrow().status()).isEqualTo(LeadStatus.ROUTED);
        String id = uid();

        standard("Gamma", id, "{\"type\":\"accepted\",\"lead_id\":\"" + awaiting.buyerLeadId() + "\"}");

        CallbackRow row = processed("Gamma", id);
        assertThat(row.state()).as(row.note()).isEqualTo(CallbackRepository.APPLIED);
        assertThat(deliveryTo(lead, "Gamma").status()).isEqualTo(DeliveryStatus.ACCEPTED);
        assertThat(deliveryTo(lead, "Gamma").finishedAt()).isNotNull();
        assertThat(engine.leads().findById(lead).orElseThrow().status()).isEqualTo(LeadStatus.DELIVERED);
        assertThat(timeline(lead)).contains("sold to Gamma (its final word by callback)");
        assertThat(engine.callbacks().outcomesOf(lead)).extracting(OutcomeRow::kind).containsExactly("accepted");
    }

    @Test
    void shouldRejectAnAwaitingDeliveryAndSellTheLeadToTheNextBuyerWhenTheAsyncBuyerSaysRejected() {
        String lead = sellLead("home");
        DeliveryRow awaiting = deliveryTo(lead, "Gamma");
        assertThat(awaiting.status()).isEqualTo(DeliveryStatus.AWAITING);
        int deltaBefore = delta.getRequestCount();
        String id = uid();

        standard("Gamma", id, "{\"type\":\"rejected\",\"lead_id\":\"" + awaiting.buyerLeadId()
                + "\",\"reason\":\"duplicate in our CRM\"}");

        assertWaterfallToDelta(lead, id, deltaBefore, "duplicate in our CRM", "duplicate_in_our_crm");
    }

    @Test
    void shouldTakeTheFinalWordSentAsAStatusChange() {
        String rejected = sellLead("home");
        String sold = sellLead("home");
        assertThat(deliveryTo(sold, "Gamma").status()).isEqualTo(DeliveryStatus.AWAITING);
        int deltaBefore = delta.getRequestCount();
        String no = uid();
        String yes = uid();

        standard("Gamma", no, "{\"type\":\"status\",\"lead_id\":\"" + rejected
                + "\",\"status\":\"declined\",\"reason\":\"outside our area\"}");
        standard("Gamma", yes, "{\"lead_id\":\"" + sold + "\",\"status\":\"Accepted\"}");

        assertWaterfallToDelta(rejected, no, deltaBefore, "outside our area", "outside_our_area");
        CallbackRow row = processed("Gamma", yes);
        assertThat(row.state()).as(row.note()).isEqualTo(CallbackRepository.APPLIED);
        assertThat(deliveryTo(sold, "Gamma").status()).isEqualTo(DeliveryStatus.ACCEPTED);
        assertThat(engine.leads().findById(sold).orElseThrow().status()).isEqualTo(LeadStatus.DELIVERED);
        assertThat(timeline(sold)).contains("sold to Gamma (its final word by callback)");
        assertThat(engine.callbacks().outcomesOf(sold)).extracting(OutcomeRow::kind).containsExactly("accepted");
    }

    /** Gamma's refusal by callback ended its AWAITING delivery and the waterfall sold the lead to Delta. */
    private static void assertWaterfallToDelta(String lead, String eventId, int deltaBefore, String reason,
                                               String reasonWord) {
        CallbackRow row = processed("Gamma", eventId);
        assertThat(row.state()).as(row.note()).isEqualTo(CallbackRepository.APPLIED);
        assertThat(row.note()).isEqualTo("Gamma rejected it: " + reason + " (its final word by callback)");
        DeliveryRow refused = deliveryTo(lead, "Gamma");
        assertThat(refused.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(refused.finishedAt()).isNotNull();
        DeliveryRow resale = await().atMost(Duration.ofSeconds(15)).until(() -> deliveryTo(lead, "Delta"),
                d -> d.status() == DeliveryStatus.ACCEPTED);
        assertThat(resale.price()).isEqualByComparingTo("15");
        assertThat(delta.getRequestCount()).isEqualTo(deltaBefore + 1);
        assertThat(engine.leads().findById(lead).orElseThrow().status()).isEqualTo(LeadStatus.DELIVERED);
        List<LeadEvent> events = engine.leads().timeline(lead);
        assertThat(events).extracting(LeadEvent::type, LeadEvent::detail).contains(
                org.assertj.core.groups.Tuple.tuple("delivery_rejected",
                        "Gamma rejected it: " + reason + " (its final word by callback)"),
                org.assertj.core.groups.Tuple.tuple("waterfall", "back to routing: rejected (" + reason + ")"));
        assertThat(events).extracting(LeadEvent::type).containsSubsequence("acknowledged", "delivery_rejected",
                "waterfall", "routed", "delivered");
        // Gamma's refusal, then Delta's sale at its own price: both in the figures.
        List<OutcomeRow> outcomes = engine.callbacks().outcomesOf(lead);
        assertThat(outcomes).extracting(OutcomeRow::kind, OutcomeRow::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("rejected", reasonWord),
                org.assertj.core.groups.Tuple.tuple("accepted", null));
        assertThat(outcomes.get(1).buyerId()).isEqualTo(resale.buyerId());
        assertThat(outcomes.get(1).amount()).isEqualByComparingTo("15");
    }

    /**
     * The outcome rows the callbacks added: the first row of a synchronously sold lead is its sale,
     * written by the delivery engine when the buyer accepted it.
     */
    private static List<OutcomeRow> callbackOutcomes(Engine engine, String lead) {
        List<OutcomeRow> all = engine.callbacks().outcomesOf(lead);
        assertThat(all).first().satisfies(o -> assertThat(o.kind()).isEqualTo("accepted"));
        return all.subList(1, all.size());
    }
}
