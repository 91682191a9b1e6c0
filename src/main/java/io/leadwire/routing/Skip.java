package io.leadwire.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * A buyer left out of a lead's routing, and why, in words an operator can act on.
 *
 * @param buyerId the buyer
 * @param name    its name at the time, so the stored decision reads well even after a rename
 * @param reason  the stable reason
 * @param message the detail ({@code country 'FR' not in [US, CA]})
 */
public record Skip(String buyerId, String name, SkipReason reason, String message) {
    public Skip {
        Objects.requireNonNull(buyerId, "buyerId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    /** A skip of a candidate for a reason. */
    public static Skip of(RoutingCandidate candidate, SkipReason reason, String message) {
        return new Skip(candidate.buyerId(), candidate.name(), reason, message);
    }

    /**
     * The skip the caller records when the store finds a buyer's cap used up, so that caps speak
     * the same vocabulary as the {@link Router}'s own reasons.
     *
     * @param used how many leads the buyer already had in that window
     */
    public static Skip capReached(RoutingCandidate candidate, CapWindow window, long used) {
        return of(candidate, SkipReason.CAP_REACHED, window.period() + " cap " + window.limit() + " reached ("
                + used + " since " + DateTimeFormatter.ISO_INSTANT.format(window.bucketStart()) + ")");
    }

    /** {@code {"buyer": "b7", "name": "Acme", "reason": "filter", "message": "score 52 below 60"}}. */
    public ObjectNode toJson(ObjectMapper mapper) {
        return mapper.createObjectNode().put("buyer", buyerId).put("name", name).put("reason", reason.code())
                .put("message", message);
    }
}
