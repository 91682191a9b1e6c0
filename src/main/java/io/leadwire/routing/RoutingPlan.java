package io.leadwire.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link Router}'s answer for one lead: the buyers to offer it to, best first, and every
 * other candidate with the reason it was left out. Both are stored with the routing decision,
 * so an operator can always see why a lead went where it went, or nowhere.
 *
 * @param ordered the eligible buyers, best first: the caller walks this list, checking caps in
 *                the store, and offers the lead to the first one with room (and on in the waterfall)
 * @param skipped the candidates left out, in the order they were given
 */
public record RoutingPlan(List<RoutingCandidate> ordered, List<Skip> skipped) {
    public RoutingPlan {
        ordered = List.copyOf(ordered);
        skipped = List.copyOf(skipped);
    }

    /** Whether no buyer is eligible. */
    public boolean isEmpty() {
        return ordered.isEmpty();
    }

    /** The best eligible buyer. */
    public Optional<RoutingCandidate> first() {
        return ordered.isEmpty() ? Optional.empty() : Optional.of(ordered.get(0));
    }

    /**
     * This plan with one more skip: the buyer leaves {@link #ordered} and the skip joins
     * {@link #skipped}. For what the caller finds after planning, e.g. {@link Skip#capReached},
     * so the stored decision carries every reason in one place.
     */
    public RoutingPlan withSkip(Skip skip) {
        Objects.requireNonNull(skip, "skip");
        List<RoutingCandidate> kept = new ArrayList<>(ordered);
        kept.removeIf(c -> c.buyerId().equals(skip.buyerId()));
        List<Skip> more = new ArrayList<>(skipped);
        more.add(skip);
        return new RoutingPlan(kept, more);
    }

    /**
     * The compact summary stored with the routing decision:
     *
     * <pre>{@code
     * {"ordered": [{"buyer": "b2", "name": "Beta", "price": 12.5, "priority": 1}],
     *  "skipped": [{"buyer": "b3", "name": "Gamma", "reason": "filter", "message": "score 52 below 60"}]}
     * }</pre>
     */
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode out = mapper.createObjectNode();
        ArrayNode list = out.putArray("ordered");
        for (RoutingCandidate c : ordered) {
            list.addObject().put("buyer", c.buyerId()).put("name", c.name()).put("price", c.price())
                    .put("priority", c.priority());
        }
        ArrayNode skips = out.putArray("skipped");
        skipped.forEach(s -> skips.add(s.toJson(mapper)));
        return out;
    }
}
