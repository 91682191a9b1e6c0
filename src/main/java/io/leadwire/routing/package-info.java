/**
 * Routing: which buyers may take a lead, and in what order. Pure and database-free; the stage
 * that claims ACCEPTED leads builds {@link io.leadwire.routing.RoutingCandidate}s from the buyer
 * configs, asks {@link io.leadwire.routing.Router#plan} for a {@link io.leadwire.routing.RoutingPlan},
 * then walks its ordered list, counting {@link io.leadwire.routing.CapLimits#windows cap windows}
 * atomically in the store, and stores the plan's {@code toJson} with the decision.
 *
 * <p>A buyer config's parts, each parsed once with precise errors and written back by {@code toJson}:
 * {@link io.leadwire.routing.BuyerFilters} ({@code filters}), {@link io.leadwire.routing.BuyerSchedule}
 * ({@code schedule}) and {@link io.leadwire.routing.CapLimits} ({@code caps}).
 *
 * <p>Skip reasons are the stable codes of {@link io.leadwire.routing.SkipReason}.
 */
package io.leadwire.routing;
