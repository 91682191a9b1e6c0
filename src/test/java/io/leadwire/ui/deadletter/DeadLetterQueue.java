package io.leadwire.ui.deadletter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadwire.lead.DeliveryStatus;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.store.DeliveryRepository.AttemptRecord;
import io.leadwire.store.DeliveryRepository.DeliveryResult;
import io.leadwire.store.DeliveryRepository.DueDelivery;
import io.leadwire.ui.InMemoryConsole;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A realistic dead-letter queue for screen tests and screenshots: four buyers (imported from
 * buyer files, so they are live) and leads that went unsold through scripted routing rounds and
 * delivery attempts, written with the real delivery repository so every context reads as the
 * engine leaves it.
 */
final class DeadLetterQueue {
    /** A Wednesday afternoon. */
    static final Instant NOW = Instant.parse("2026-11-25T15:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemoryConsole c;
    private final Map<String, String> buyerIds = new LinkedHashMap<>();
    private final Map<String, Integer> versions = new LinkedHashMap<>();
    private final Map<String, String> urls = new LinkedHashMap<>();

    private DeadLetterQueue(InMemoryConsole console) {
        this.c = console;
    }

    /** Seeds the queue; returns the number of open dead letters (9). */
    static int seed(InMemoryConsole console) {
        return new DeadLetterQueue(console).run();
    }

    private int run() {
        String acme = c.vendors.add("Acme Leads", List.of()).vendor().id();
        String bolt = c.vendors.add("Bolt Media", List.of()).vendor().id();
        String north = c.vendors.add("Northwind Finance", List.of()).vendor().id();
        buyer("Apex Insurance", "https://api.apex-ins.example/v2/leads", "\"price\": \"32.00\"");
        buyer("BlueLine Direct", "https://leads.blueline.example/intake", "\"price\": \"24.00\"");
        buyer("Crestview Loans", "https://crestview.example/api/leads", "\"price\": \"18.00\"");
        buyer("Summit Health", "https://summit-health.example/leads", "\"price\": \"12.00\"");
        c.buyerDirectory.refreshNow();

        Lead l = lead(acme, "ACME-2041", "Maria", "Lopez", "maria.lopez@example.com", "+13125550143", "IL", 190);
        offer(l, "Apex Insurance", 185, List.of());
        String apexFail = "{\"error\":\"upstream unavailable\",\"retry\":true}";
        fail(l, 184, DeliveryStatus.FAILED, "server_error", "retries exhausted: HTTP 503",
                attempt(1, 185, 503, apexFail, "server_error"), attempt(2, 184, 503, apexFail, "server_error"),
                attempt(3, 183, 503, apexFail, "server_error"));
        offer(l, "BlueLine Direct", 182, List.of(skip("Apex Insurance", "already_tried", "tried in round 1")));
        fail(l, 181, DeliveryStatus.REJECTED, null, "state not served",
                attempt(1, 181, 422, "{\"status\":\"rejected\",\"reason\":\"state not served\"}", null));
        unsold(l, 180, List.of(skip("Apex Insurance", "already_tried", "tried in round 1"),
                skip("BlueLine Direct", "already_tried", "tried in round 2"),
                skip("Crestview Loans", "filter", "state 'IL' not in [TX, FL, GA]"),
                skip("Summit Health", "schedule", "closed: opens Mon–Fri 08:00 America/New_York")));

        l = lead(bolt, "BM-3307", "James", "Carter", "j.carter@example.net", "+14045550199", "GA", 150);
        offer(l, "Crestview Loans", 149, List.of(skip("Apex Insurance", "cap_reached", "day cap 400 reached")));
        fail(l, 146, DeliveryStatus.FAILED, "timeout", "retries exhausted: no answer within 10s",
                timeout(1, 149), timeout(2, 148), timeout(3, 146));
        unsold(l, 145, List.of(skip("Apex Insurance", "cap_reached", "day cap 400 reached"),
                skip("Crestview Loans", "already_tried", "tried in round 1"),
                skip("BlueLine Direct", "breaker_open", "3 failures in 5m; probe at 15:04")));

        l = lead(north, "NW-4410", "Chen", "Wei", "chen.wei@example.org", "+16175550123", "MA", 120);
        unsoldAtOnce(l, 119, List.of(skip("Apex Insurance", "filter", "state 'MA' not in [IL, GA, TX, FL, CA]"),
                skip("BlueLine Direct", "filter", "state 'MA' not in [IL, GA, TX]"),
                skip("Crestview Loans", "filter", "state 'MA' not in [TX, FL, GA]"),
                skip("Summit Health", "consent_missing", "needs TrustedForm or Jornaya proof")));

        l = lead(acme, "ACME-2052", "Aisha", "Bello", "aisha.bello@example.com", "+1 (305) 555-01", "FL", 95);
        offer(l, "BlueLine Direct", 94, List.of());
        fail(l, 94, DeliveryStatus.FAILED, "client_error", "HTTP 400: phone is invalid",
                attempt(1, 94, 400, "{\"errors\":[{\"field\":\"phone\",\"message\":\"phone is invalid\"}]}",
                        "client_error"));
        unsold(l, 93, List.of(skip("BlueLine Direct", "already_tried", "tried in round 1"),
                skip("Apex Insurance", "cap_reached", "day cap 400 reached")));

        l = lead(bolt, "BM-3312", "", "Novak", "p.novak@example.com", "+14695550111", "TX", 70);
        offer(l, "Apex Insurance", 69, List.of());
        fail(l, 69, DeliveryStatus.FAILED, "invalid_payload", "payload for Apex Insurance not sent: first_name: "
                + "required field is missing");
        unsold(l, 68, List.of(skip("Apex Insurance", "already_tried", "tried in round 1"),
                skip("Crestview Loans", "cap_reached", "hour cap 20 reached")));

        l = lead(north, "NW-4415", "Olivia", "Brown", "olivia.brown@example.com", "+12145550177", "TX", 52);
        offer(l, "Crestview Loans", 51, List.of());
        fail(l, 51, DeliveryStatus.DUPLICATE, null, "already have this lead",
                attempt(1, 51, 409, "{\"status\":\"duplicate\",\"message\":\"already have this lead\"}", null));
        unsold(l, 50, List.of(skip("Crestview Loans", "already_tried", "tried in round 1"),
                skip("Apex Insurance", "cap_reached", "day cap 400 reached")));

        l = lead(acme, "ACME-2060", "Noah", "Schmidt", "noah.schmidt@example.com", "+15125550190", "TX", 33);
        unsoldAtOnce(l, 32, List.of(skip("Apex Insurance", "cap_reached", "day cap 400 reached"),
                skip("BlueLine Direct", "breaker_open", "3 failures in 5m; probe at 15:04"),
                skip("Crestview Loans", "cap_reached", "hour cap 20 reached"),
                skip("Summit Health", "consent_missing", "needs TrustedForm or Jornaya proof")));

        l = lead(bolt, "BM-3320", "Sofia", "Rossi", "sofia.rossi@example.com", "+13055550166", "FL", 21);
        offer(l, "Apex Insurance", 20, List.of());
        fail(l, 19, DeliveryStatus.FAILED, "unauthorized", "HTTP 401: token rejected",
                attempt(1, 20, 401, "{\"error\":\"invalid_token\"}", "unauthorized"));
        unsold(l, 18, List.of(skip("Apex Insurance", "already_tried", "tried in round 1"),
                skip("Crestview Loans", "cap_reached", "hour cap 20 reached")));

        l = lead(north, "NW-4421", "Liam", "O'Connor", "liam.oconnor@example.com", "+14045550133", "GA", 9);
        offer(l, "BlueLine Direct", 8, List.of());
        fail(l, 8, DeliveryStatus.REJECTED, null, "duplicate phone in the last 30 days",
                attempt(1, 8, 200, "{\"status\":\"rejected\",\"reason\":\"duplicate phone in the last 30 days\"}",
                        null));
        unsold(l, 7, List.of(skip("BlueLine Direct", "already_tried", "tried in round 1"),
                skip("Crestview Loans", "cap_reached", "hour cap 20 reached")));
        return 9;
    }

    private void buyer(String name, String url, String extra) {
        String file = "{\"name\": \"" + name + "\", \"format\": \"json\", \"fields\": ["
                + "{\"target\": \"first_name\", \"source\": \"first_name\", \"required\": true},"
                + "{\"target\": \"last_name\", \"source\": \"last_name\"},"
                + "{\"target\": \"email\", \"source\": \"email\"},"
                + "{\"target\": \"phone\", \"source\": \"phone\"},"
                + "{\"target\": \"state\", \"source\": \"state\"}],"
                + "\"buyer\": {\"endpoints\": {\"production\": \"" + url + "\"}, " + extra + "}}";
        var r = c.buyers.importFile(file, null, "tester");
        buyerIds.put(name, r.buyer().id());
        versions.put(name, r.published().version());
        urls.put(name, url);
    }

    String id(String buyer) {
        return buyerIds.get(buyer);
    }

    private static Instant ago(int minutes) {
        return NOW.minus(Duration.ofMinutes(minutes));
    }

    private Lead lead(String vendorId, String vendorLeadId, String first, String last, String email, String phone,
                      String state, int minutesAgo) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("lead_id", vendorLeadId);
        fields.put("first_name", first);
        fields.put("last_name", last);
        fields.put("email", email);
        fields.put("phone", phone);
        fields.put("state", state);
        fields.put("country", "US");
        Lead lead = new Lead(0, UUID.randomUUID().toString(), vendorId, vendorLeadId, ago(minutesAgo),
                LeadStatus.ACCEPTED, "application/json", fields.toString(), fields, "203.0.113.7");
        c.leads.insertAll(List.of(lead));
        return lead;
    }

    private ObjectNode skip(String buyer, String reason, String message) {
        return JSON.createObjectNode().put("buyer", id(buyer)).put("name", buyer).put("reason", reason)
                .put("message", message);
    }

    private String decision(List<String> ordered, List<ObjectNode> skipped, List<String> chosen, int round) {
        ObjectNode d = JSON.createObjectNode();
        ArrayNode o = d.putArray("ordered");
        ordered.forEach(b -> o.addObject().put("buyer", id(b)).put("name", b));
        ArrayNode s = d.putArray("skipped");
        skipped.forEach(s::add);
        ArrayNode ch = d.putArray("chosen");
        chosen.forEach(ch::add);
        d.put("round", round);
        return d.toString();
    }

    /** One routing round that offers the lead to {@code buyer}. */
    private void offer(Lead lead, String buyer, int minutesAgo, List<ObjectNode> skipped) {
        c.deliveries.routeAccepted(10, ago(minutesAgo), (claimed, score, round) -> {
            round.createDelivery(id(buyer), versions.get(buyer), ago(minutesAgo), List.of());
            round.recordDecision(buyer, decision(List.of(buyer), skipped, List.of(buyer), round.round()));
            round.moveLead(LeadStatus.ROUTED, "routed", "round " + round.round() + ": offered to " + buyer);
            return LeadStatus.ROUTED;
        });
    }

    /**
     * The delivery's attempts as the engine makes them (claimed once per attempt, the earlier ones
     * scheduled for a retry) and its final outcome: no sale, so the lead goes back to routing.
     */
    private void fail(Lead lead, int minutesAgo, DeliveryStatus status, String errorClass, String reason,
                      AttemptRecord... attempts) {
        int rounds = Math.max(1, attempts.length);
        for (int i = 0; i < rounds; i++) {
            DueDelivery d = claim(lead);
            String buyer = buyerIds.entrySet().stream().filter(e -> e.getValue().equals(d.buyerId())).findFirst()
                    .orElseThrow().getKey();
            List<AttemptRecord> log = new ArrayList<>();
            if (attempts.length > 0) {
                AttemptRecord a = attempts[i];
                log.add(new AttemptRecord(a.attempt(), a.startedAt(), a.latencyMs(), a.method(), urls.get(buyer),
                        "Content-Type: application/json\nAuthorization: Bearer ****\nIdempotency-Key: " + d.id()
                                + "\nUser-Agent: Leadwire\n", a.requestBody().replace("$LEAD", body(lead)),
                        a.responseStatus(), a.responseHeaders(), a.responseBody(), a.outcome(), a.errorClass(),
                        a.errorMessage(), false, null));
            }
            boolean last = i == rounds - 1;
            if (!last) {
                c.deliveries.record(List.of(new DeliveryResult(d.id(), lead.id(), DeliveryStatus.RETRY, log,
                        NOW.minusSeconds(1), null, null, reason, errorClass, "retry_scheduled", buyer + ": "
                        + errorClass + "; attempt " + (i + 2) + " scheduled")), log.get(0).startedAt());
                continue;
            }
            String type = status == DeliveryStatus.REJECTED ? "delivery_rejected"
                    : status == DeliveryStatus.DUPLICATE ? "delivery_duplicate" : "delivery_failed";
            c.deliveries.record(List.of(new DeliveryResult(d.id(), lead.id(), status, log, null, null, null, reason,
                    errorClass, type, buyer + ": " + (errorClass == null ? "" : errorClass + " — ") + reason)),
                    ago(minutesAgo));
        }
    }

    private DueDelivery claim(Lead lead) {
        List<DueDelivery> due = new ArrayList<>();
        for (String buyer : buyerIds.values()) {
            due.addAll(c.deliveries.claimDue(buyer, 10, NOW, NOW.plusSeconds(30)));
        }
        return due.stream().filter(x -> x.leadId().equals(lead.id())).findFirst().orElseThrow();
    }

    private static String body(Lead lead) {
        Map<String, String> f = lead.fields();
        return "{\"first_name\":\"" + f.get("first_name") + "\",\"last_name\":\"" + f.get("last_name")
                + "\",\"email\":\"" + f.get("email") + "\",\"phone\":\"" + f.get("phone") + "\",\"state\":\""
                + f.get("state") + "\"}";
    }

    private static AttemptRecord attempt(int n, int minutesAgo, int status, String response, String errorClass) {
        String outcome = errorClass != null ? "error" : status == 409 || response.contains("duplicate\"")
                ? "duplicate" : status < 300 && !response.contains("rejected") ? "accepted" : "rejected";
        return new AttemptRecord(n, ago(minutesAgo), 180L + 37L * n, "POST", "", "", "$LEAD", status,
                "Content-Type: application/json\nServer: nginx\n", response, outcome, errorClass, null, false, null);
    }

    private static AttemptRecord timeout(int n, int minutesAgo) {
        return new AttemptRecord(n, ago(minutesAgo), 10_000L, "POST", "", "", "$LEAD", null, null, null, "error",
                "timeout", "no response within the 10s call timeout", false, null);
    }

    /** The last round: every buyer left was tried or skipped. */
    private void unsold(Lead lead, int minutesAgo, List<ObjectNode> skipped) {
        route(minutesAgo, skipped, "waterfall_exhausted", "no further buyer after the ones tried: ");
    }

    /** The only round: no buyer could take the lead. */
    private void unsoldAtOnce(Lead lead, int minutesAgo, List<ObjectNode> skipped) {
        route(minutesAgo, skipped, "no_eligible_buyer", "no buyer could take it: ");
    }

    private void route(int minutesAgo, List<ObjectNode> skipped, String reason, String prefix) {
        List<String> parts = new ArrayList<>();
        for (ObjectNode s : skipped) {
            if (!"already_tried".equals(s.get("reason").asText())) {
                parts.add(s.get("name").asText() + " (" + s.get("message").asText() + ")");
            }
        }
        String why = prefix + String.join("; ", parts);
        c.deliveries.routeAccepted(10, ago(minutesAgo), (claimed, score, round) -> {
            round.recordDecision("", decision(List.of(), skipped, List.of(), round.round()));
            round.deadLetter(reason, why);
            round.moveLead(LeadStatus.UNSOLD, "unsold", why);
            return LeadStatus.UNSOLD;
        });
    }
}
