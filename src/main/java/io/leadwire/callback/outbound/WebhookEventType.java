package io.leadwire.callback.outbound;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The event types an outbound webhook endpoint can subscribe to, and the lead timeline
 * ({@code lead_event.type}) rows each one is made from. Timeline types not listed here (a vendor's
 * repeat of a lead, an operator's edit) make no webhook.
 */
public enum WebhookEventType {
    /** Intake stored the lead. */
    LEAD_RECEIVED("lead.received", "received", List.of("received")),
    /** Quality accepted the lead, or an operator released it from quarantine. */
    LEAD_ACCEPTED("lead.accepted", "accepted", List.of("accepted", "released")),
    /** Quality held the lead for a person. */
    LEAD_QUARANTINED("lead.quarantined", "quarantined", List.of("quarantined")),
    /** Quality or an operator refused the lead (an operator's duplicate link included). */
    LEAD_REJECTED("lead.rejected", "rejected", List.of("rejected", "duplicate_linked", "linked_duplicate")),
    /** Routing offered the lead to buyers (again, after a dead-letter replay or re-route). */
    LEAD_ROUTED("lead.routed", "routed", List.of("routed", "routed_again", "replayed")),
    /** A buyer bought the lead. */
    LEAD_DELIVERED("lead.delivered", "delivered", List.of("delivered")),
    /** An asynchronous buyer acknowledged the lead; its final word comes later. */
    LEAD_ACKNOWLEDGED("lead.acknowledged", null, List.of("acknowledged")),
    /** A buyer answered a status callback. */
    LEAD_BUYER_STATUS("lead.buyer_status", null, List.of("buyer_status")),
    /** A buyer returned the lead. */
    LEAD_RETURNED("lead.returned", null, List.of("returned")),
    /** A buyer reported a conversion. */
    LEAD_CONVERTED("lead.converted", null, List.of("converted")),
    /** A buyer sent feedback on the lead. */
    LEAD_FEEDBACK("lead.feedback", null, List.of("buyer_feedback")),
    /** A buyer turned the lead down (or already had it); the waterfall moves on. */
    DELIVERY_REJECTED("delivery.rejected", null, List.of("delivery_rejected", "delivery_duplicate")),
    /** A delivery to one buyer was given up (retries used, breaker open, bad configuration). */
    DELIVERY_FAILED("delivery.failed", null, List.of("delivery_failed")),
    /** A delivery attempt failed and another is scheduled. */
    DELIVERY_RETRYING("delivery.retrying", null, List.of("retry_scheduled")),
    /** A delivery ended without a sale and the lead went back to routing. */
    LEAD_WATERFALL("lead.waterfall", null, List.of("waterfall")),
    /** No buyer took the lead: it is on the dead-letter desk. */
    LEAD_DEAD_LETTERED("lead.dead_lettered", "unsold", List.of("unsold")),
    /** An operator discarded a dead-lettered lead. */
    LEAD_DISCARDED("lead.discarded", null, List.of("discarded"));

    /** Subscribes an endpoint to every type, including types added later. */
    public static final String ALL = "*";

    private static final Map<String, WebhookEventType> BY_WIRE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(WebhookEventType::wireName, Function.identity()));
    private static final Map<String, WebhookEventType> BY_TIMELINE = Arrays.stream(values())
            .flatMap(t -> t.timelineTypes.stream().map(s -> Map.entry(s, t)))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private final String wireName;
    private final String leadStatus;
    private final List<String> timelineTypes;

    WebhookEventType(String wireName, String leadStatus, List<String> timelineTypes) {
        this.wireName = wireName;
        this.leadStatus = leadStatus;
        this.timelineTypes = timelineTypes;
    }

    /** The {@code type} of the webhook payload, e.g. {@code "lead.delivered"}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The lead status the event means, or empty when the event does not move the lead (the payload
     * then carries the lead's status when the message was made).
     */
    public Optional<String> leadStatus() {
        return Optional.ofNullable(leadStatus);
    }

    /** The {@code lead_event.type} values this webhook type is made from. */
    public List<String> timelineTypes() {
        return timelineTypes;
    }

    /** The webhook type a timeline row makes, if any. */
    public static Optional<WebhookEventType> ofTimeline(String leadEventType) {
        return Optional.ofNullable(BY_TIMELINE.get(leadEventType));
    }

    public static Optional<WebhookEventType> ofWire(String wireName) {
        return Optional.ofNullable(BY_WIRE.get(wireName));
    }

    /**
     * Reads an operator's subscription list ({@code "lead.delivered,delivery.failed"}, {@code "*"}),
     * trimmed, de-duplicated and in enum order ({@code *} alone when present).
     *
     * @throws IllegalArgumentException naming an unknown type and listing the known ones
     */
    public static List<String> parseSubscription(List<String> given) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : given) {
            for (String s : part.split(",")) {
                String t = s.strip().toLowerCase(Locale.ROOT);
                if (t.isEmpty()) {
                    continue;
                }
                if (t.equals(ALL)) {
                    return List.of(ALL);
                }
                if (!BY_WIRE.containsKey(t)) {
                    throw new IllegalArgumentException("unknown event type '" + s.strip() + "'; known types: "
                            + Arrays.stream(values()).map(WebhookEventType::wireName).collect(Collectors.joining(", "))
                            + ", or * for all");
                }
                out.add(t);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("say which event types the endpoint gets (--events), or * for all");
        }
        return Arrays.stream(values()).map(WebhookEventType::wireName).filter(out::contains).toList();
    }

    /** Whether an endpoint subscribed to {@code subscription} gets this type. */
    public boolean matches(List<String> subscription) {
        return subscription.contains(ALL) || subscription.contains(wireName);
    }
}
