package io.leadwire.ui.buyers;

import io.leadwire.lead.DeliveryStatus;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.store.DeliveryRepository;
import io.leadwire.store.DeliveryRepository.AttemptRecord;
import io.leadwire.store.DeliveryRepository.CapSlot;
import io.leadwire.store.DeliveryRepository.DeliveryResult;
import io.leadwire.store.LeadRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Buyer files and recorded delivery attempts for the Buyers screen's tests. */
final class BuyerFixtures {
    private BuyerFixtures() {
    }

    /** A JSON buyer file; {@code extra} adds to or overrides the buyer block's settings. */
    static String buyerFile(String name, String production, String sandbox, String extra) {
        String endpoints = "\"endpoints\": {\"production\": \"" + production + "\""
                + (sandbox == null ? "" : ", \"sandbox\": \"" + sandbox + "\"") + "}";
        return "{\"name\": \"" + name + "\", \"format\": \"json\", \"fields\": ["
                + "{\"target\": \"first_name\", \"source\": \"first_name\", \"required\": true},"
                + "{\"target\": \"last_name\", \"source\": \"last_name\"},"
                + "{\"target\": \"email\", \"source\": \"email\"},"
                + "{\"target\": \"state\", \"source\": \"state\"}],"
                + "\"buyer\": {" + endpoints + ", \"price\": \"20.00\""
                + (extra == null || extra.isBlank() ? "" : ", " + extra) + "}}";
    }

    /**
     * Routes fresh ACCEPTED leads to the buyer (counting them against {@code caps}) and records one
     * attempt per outcome, as the delivery engine would: {@code accepted}, {@code rejected} or
     * {@code error}, each with the latency given.
     */
    static void recordAttempts(LeadRepository leads, DeliveryRepository deliveries, String vendorId, String buyerId,
                               List<CapSlot> caps, Instant at, List<String> outcomes, List<Long> latencies) {
        List<Lead> stored = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Map<String, String> fields = new LinkedHashMap<>();
            String leadId = "F-" + UUID.randomUUID().toString().substring(0, 8);
            fields.put("lead_id", leadId);
            fields.put("first_name", "Ann");
            fields.put("last_name", "Lee");
            fields.put("email", "ann." + i + "@example.com");
            fields.put("state", "TX");
            stored.add(new Lead(0, UUID.randomUUID().toString(), vendorId, leadId, at, LeadStatus.ACCEPTED,
                    "application/json", "{}", fields, "127.0.0.1"));
        }
        leads.insertAll(stored);
        List<DeliveryRepository.Routed> routed = deliveries.routeAccepted(outcomes.size(), at, (lead, score, round) -> {
            round.reserveCaps(buyerId, caps);
            round.createDelivery(buyerId, null, at, caps);
            round.moveLead(LeadStatus.ROUTED, "routed", "test fixture");
            return LeadStatus.ROUTED;
        });
        List<DeliveryResult> results = new ArrayList<>();
        for (int i = 0; i < routed.size(); i++) {
            DeliveryRepository.Routed r = routed.get(i);
            String outcome = outcomes.get(i);
            boolean error = outcome.equals("error");
            DeliveryStatus status = switch (outcome) {
                case "accepted" -> DeliveryStatus.ACCEPTED;
                case "rejected" -> DeliveryStatus.REJECTED;
                default -> DeliveryStatus.FAILED;
            };
            AttemptRecord attempt = new AttemptRecord(1, at, latencies.get(i), "POST", "https://buyer.example/leads",
                    "Content-Type: application/json", "{}", error ? 500 : 200, "", error ? "boom" : "{}", outcome,
                    error ? "server_error" : null, error ? "HTTP 500" : null, false, null);
            results.add(new DeliveryResult(r.deliveryIds().get(0), r.lead().id(), status, List.of(attempt), null,
                    null, null, outcome.equals("rejected") ? "declined" : null, error ? "server_error" : null,
                    outcome, null));
        }
        deliveries.record(results, at);
    }
}
