package io.leadwire.routing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A buyer as routing sees it: what it pays, how it ranks, and what it accepts. The caller builds
 * these from the buyer configs (filters and schedule parsed once, not per lead).
 *
 * @param buyerId         the buyer's id, unique among the candidates of one plan
 * @param name            its display name, kept in skip reasons
 * @param price           what it pays per lead; higher is offered first
 * @param priority        the rank among buyers paying the same: <b>lower number first</b>
 *                        (1 before 2), as in MX preferences, so "priority 1" reads as "first choice"
 * @param weight          the share of leads among buyers with the same price and priority,
 *                        at least 1 (3 against 1 gets three leads in four)
 * @param exclusive       whether the buyer buys the lead exclusively; not used for ordering, carried
 *                        for the delivery stage, which stops the waterfall after an exclusive sale
 * @param filters         which leads it takes; {@code null} means none
 * @param schedule        when it takes them; {@code null} means always
 * @param consentRequired whether it takes only leads with TrustedForm or Jornaya consent proof
 * @param enabled         whether it is switched on
 */
public record RoutingCandidate(
        String buyerId,
        String name,
        BigDecimal price,
        int priority,
        int weight,
        boolean exclusive,
        BuyerFilters filters,
        BuyerSchedule schedule,
        boolean consentRequired,
        boolean enabled) {

    public RoutingCandidate {
        Objects.requireNonNull(buyerId, "buyerId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(price, "price");
        if (price.signum() < 0) {
            throw new IllegalArgumentException("price must not be negative: " + price);
        }
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be at least 1: " + weight);
        }
        filters = filters == null ? BuyerFilters.none() : filters;
        schedule = schedule == null ? BuyerSchedule.always() : schedule;
    }
}
