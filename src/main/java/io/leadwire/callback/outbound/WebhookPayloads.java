package io.leadwire.callback.outbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadwire.lead.PiiMask;
import io.leadwire.store.WebhookRepository.BuyerFact;
import io.leadwire.store.WebhookRepository.EventFacts;
import io.leadwire.store.WebhookRepository.EventRow;
import io.leadwire.store.WebhookRepository.MessagePlanner;
import io.leadwire.store.WebhookRepository.NewMessage;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns a lead timeline row into webhook messages, one per enabled endpoint subscribed to its
 * type, each with the payload
 * <pre>{"type": "lead.delivered", "timestamp": "2026-03-04T15:00:01.250Z",
 *  "data": {"lead_id": "...", "vendor_lead_id": "L-1", "vendor": {"id": "...", "name": "Acme"},
 *           "status": "delivered", "event": "delivered", "buyer": {"id": "...", "name": "ABC"},
 *           "amount": "20.0000"}}</pre>
 *
 * <p>No person's data goes out: no name, email, phone, address or the timeline's free text (which
 * can quote a rejected email). A receiver that needs the lead looks it up by {@code lead_id}.
 * The payload is built once and stored, so every attempt sends the same bytes.
 */
public final class WebhookPayloads implements MessagePlanner {
    private final ObjectMapper json;
    private final Supplier<String> messageIds;

    /** @param messageIds makes {@code msg_...} ids, unique across engines (see {@link WebhookService#newMessageId}) */
    public WebhookPayloads(ObjectMapper json, Supplier<String> messageIds) {
        this.json = Objects.requireNonNull(json, "json");
        this.messageIds = Objects.requireNonNull(messageIds, "messageIds");
    }

    @Override
    public List<NewMessage> plan(EventRow event, EventFacts facts, Map<String, List<String>> subscriptions) {
        Optional<WebhookEventType> type = WebhookEventType.ofTimeline(event.type());
        if (type.isEmpty()) {
            return List.of();
        }
        List<String> endpoints = new ArrayList<>();
        subscriptions.forEach((id, subscribed) -> {
            if (type.get().matches(subscribed)) {
                endpoints.add(id);
            }
        });
        if (endpoints.isEmpty()) {
            return List.of();
        }
        String payload = payload(type.get(), event, facts);
        List<NewMessage> out = new ArrayList<>(endpoints.size());
        for (String endpoint : endpoints) {
            out.add(new NewMessage(messageIds.get(), endpoint, event.seq(), type.get().wireName(), event.leadId(),
                    payload));
        }
        return out;
    }

    /** The JSON body for one event (the same for every endpoint). */
    String payload(WebhookEventType type, EventRow e, EventFacts facts) {
        ObjectNode root = json.createObjectNode();
        root.put("type", type.wireName());
        root.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(e.at()));
        ObjectNode data = root.putObject("data");
        data.put("lead_id", e.leadId());
        data.put("vendor_lead_id", e.vendorLeadId());
        ObjectNode vendor = data.putObject("vendor");
        vendor.put("id", e.vendorId());
        vendor.put("name", e.vendorName());
        data.put("status", type.leadStatus().orElse(e.leadStatus() == null ? null
                : e.leadStatus().toLowerCase(Locale.ROOT)));
        data.put("event", e.type());
        switch (type) {
            case LEAD_ACCEPTED, LEAD_QUARANTINED, LEAD_REJECTED -> {
                ArrayNode reasons = data.putArray("reasons");
                facts.reasonCodes().forEach(reasons::add);
            }
            case LEAD_DELIVERED -> delivery(data, pick(facts.deliveriesAt(), Set.of("ACCEPTED"), e), false);
            case LEAD_ACKNOWLEDGED -> delivery(data, pick(facts.deliveriesAt(), Set.of("AWAITING"), e), false);
            case DELIVERY_REJECTED -> delivery(data, pick(facts.deliveriesAt(), Set.of("REJECTED", "DUPLICATE"), e),
                    true);
            case DELIVERY_FAILED -> delivery(data, pick(facts.deliveriesAt(), Set.of("FAILED"), e), true);
            case DELIVERY_RETRYING -> delivery(data, pick(facts.deliveriesAt(), Set.of("RETRY"), e), true);
            case LEAD_WATERFALL -> delivery(data, pick(facts.deliveriesAt(),
                    Set.of("REJECTED", "DUPLICATE", "FAILED"), e), true);
            case LEAD_RETURNED, LEAD_CONVERTED, LEAD_BUYER_STATUS, LEAD_FEEDBACK -> {
                Optional<BuyerFact> outcome = pick(facts.outcomesAt(), outcomeKinds(type), e);
                if (outcome.isPresent()) {
                    buyer(data, outcome.get());
                    putIfPresent(data, "reason", PiiMask.remove(outcome.get().reason()));
                    if (outcome.get().amount() != null) {
                        data.put("amount", outcome.get().amount().toPlainString());
                    }
                } else {
                    facts.lastSale().ifPresent(sale -> buyer(data, sale));
                }
            }
            case LEAD_DEAD_LETTERED -> facts.deadLetterReasonAt().ifPresent(r -> data.put("reason", PiiMask.remove(r)));
            default -> {
                // received, routed, discarded: the lead and its status say it all.
            }
        }
        try {
            return json.writeValueAsString(root);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("a tree always serializes", ex);
        }
    }

    /**
     * The {@code lead_outcome} kinds a buyer-callback event is made from. One callback can write
     * several at one instant (a {@code converted} status is a status and a conversion), and a
     * worker batch applies several events at one instant, so the kind decides, not the order.
     */
    private static Set<String> outcomeKinds(WebhookEventType type) {
        return switch (type) {
            case LEAD_RETURNED -> Set.of("return");
            case LEAD_CONVERTED -> Set.of("conversion", "revenue");
            case LEAD_BUYER_STATUS -> Set.of("status");
            case LEAD_FEEDBACK -> Set.of("feedback");
            default -> Set.of();
        };
    }

    private static void delivery(ObjectNode data, Optional<BuyerFact> fact, boolean failure) {
        if (fact.isEmpty()) {
            return;
        }
        BuyerFact d = fact.get();
        buyer(data, d);
        data.put("delivery_status", d.status().toLowerCase(Locale.ROOT));
        data.put("attempts", d.attempts());
        if (failure) {
            // A buyer's error answer may echo the lead's email or phone back: neither leaves.
            putIfPresent(data, "reason", clip(PiiMask.remove(d.reason())));
            putIfPresent(data, "error_class", d.errorClass());
        } else if (d.amount() != null) {
            data.put("amount", d.amount().toPlainString());
        }
    }

    private static void buyer(ObjectNode data, BuyerFact f) {
        ObjectNode buyer = data.putObject("buyer");
        buyer.put("id", f.buyerId());
        buyer.put("name", f.buyerName());
    }

    /**
     * The fact the event is about. Several deliveries of one lead can end in the same batch (one
     * instant), so a candidate whose buyer the timeline text names wins, the longest name first
     * ("ABC Direct" over "ABC"); the text itself never leaves.
     */
    private static Optional<BuyerFact> pick(List<BuyerFact> facts, Set<String> statuses, EventRow e) {
        List<BuyerFact> candidates = facts.stream()
                .filter(f -> statuses.isEmpty() || statuses.contains(f.status()))
                .toList();
        if (candidates.size() <= 1) {
            return candidates.stream().findFirst();
        }
        String detail = e.detail() == null ? "" : e.detail();
        return candidates.stream()
                .filter(f -> f.buyerName() != null && detail.contains(f.buyerName()))
                .max(Comparator.comparingInt(f -> f.buyerName().length()))
                .or(() -> candidates.stream().findFirst());
    }

    private static void putIfPresent(ObjectNode o, String key, String value) {
        if (value != null && !value.isBlank()) {
            o.put(key, value);
        }
    }

    private static String clip(String s) {
        return s == null || s.length() <= 300 ? s : s.substring(0, 299) + "…";
    }
}
