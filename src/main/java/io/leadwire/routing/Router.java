package io.leadwire.routing;

import io.leadwire.quality.ConsentValidator;
import io.leadwire.quality.QualityPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides, for one lead, which buyers may get it and in what order. Pure apart from the
 * round-robin memory described below: no database, no clock of its own (the moment is an
 * argument), so the stage that calls it can be replayed and tested with fixed instants.
 *
 * <p>A candidate is skipped for the first of these that applies, checked in this order:
 * {@code disabled}, {@code already_tried} (the waterfall offered it this lead before),
 * {@code consent_missing} (it requires consent proof and the lead carries no well-formed
 * TrustedForm certificate or Jornaya LeadiD), {@code filter}, {@code schedule},
 * {@code breaker_open}. Caps are not checked here: the caller counts them atomically in the
 * store while walking down {@link RoutingPlan#ordered()}, and records {@link Skip#capReached}.
 *
 * <p>Eligible buyers are ordered by price, highest first, then by priority, lowest number first.
 * Buyers equal in both form a tie group whose order is decided by smooth weighted round robin
 * (the nginx algorithm): over many leads each gets first place in proportion to its weight, and
 * evenly spread (weights 3:1 give A A B A, A A B A, ...), never in bursts. The round-robin state
 * is kept per tie group, keyed by its buyer ids, in memory: it is deterministic given the
 * sequence of calls, is shared safely between threads, and starts afresh after a restart, which
 * only shifts who is next. At most {@value #MAX_TIE_GROUPS} groups are remembered, least recently
 * used forgotten first.
 */
public final class Router {
    /** How many tie groups' round-robin state is kept. */
    public static final int MAX_TIE_GROUPS = 10_000;
    private static final Comparator<RoutingCandidate> BEST_FIRST = Comparator
            .comparing(RoutingCandidate::price, Comparator.reverseOrder())
            .thenComparingInt(RoutingCandidate::priority)
            .thenComparing(RoutingCandidate::buyerId);

    private final List<String> trustedFormFields;
    private final List<String> jornayaFields;
    private final TieGroups tieGroups = new TieGroups();

    /** A router reading consent proof from the quality stage's default fields. */
    public Router() {
        this(QualityPolicy.DEFAULT_TRUSTEDFORM_FIELDS, QualityPolicy.DEFAULT_JORNAYA_FIELDS);
    }

    /**
     * A router reading consent proof from the given fields, as the quality policy in force names
     * them ({@link QualityPolicy#trustedFormFields()}, {@link QualityPolicy#jornayaFields()}).
     */
    public Router(List<String> trustedFormFields, List<String> jornayaFields) {
        this.trustedFormFields = List.copyOf(trustedFormFields);
        this.jornayaFields = List.copyOf(jornayaFields);
    }

    /**
     * Plans the routing of one lead.
     *
     * @param fields       the lead's normalized fields
     * @param score        its quality score, null if it has none
     * @param candidates   the buyers that could take it, with unique ids
     * @param now          the moment of routing, for the schedules
     * @param breakerOpen  whether a buyer's circuit breaker is open, by buyer id
     * @param alreadyTried ids of buyers this lead was offered to before (empty on the first pass)
     * @return the eligible buyers best first, and the skipped ones with their reasons
     * @throws IllegalArgumentException when two candidates share an id
     */
    public RoutingPlan plan(Map<String, String> fields, Integer score, List<RoutingCandidate> candidates, Instant now,
            Predicate<String> breakerOpen, Set<String> alreadyTried) {
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(candidates, "candidates");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(breakerOpen, "breakerOpen");
        Objects.requireNonNull(alreadyTried, "alreadyTried");
        Set<String> ids = new HashSet<>();
        List<RoutingCandidate> eligible = new ArrayList<>(candidates.size());
        List<Skip> skipped = new ArrayList<>();
        boolean consent = hasConsentProof(fields);
        for (RoutingCandidate c : candidates) {
            if (!ids.add(c.buyerId())) {
                throw new IllegalArgumentException("two candidates have the buyer id '" + c.buyerId() + "'");
            }
            Optional<Skip> skip = skip(c, fields, score, now, breakerOpen, alreadyTried, consent);
            if (skip.isPresent()) {
                skipped.add(skip.get());
            } else {
                eligible.add(c);
            }
        }
        return new RoutingPlan(order(eligible), skipped);
    }

    private Optional<Skip> skip(RoutingCandidate c, Map<String, String> fields, Integer score, Instant now,
            Predicate<String> breakerOpen, Set<String> alreadyTried, boolean consent) {
        if (!c.enabled()) {
            return Optional.of(Skip.of(c, SkipReason.DISABLED, "buyer is switched off"));
        }
        if (alreadyTried.contains(c.buyerId())) {
            return Optional.of(Skip.of(c, SkipReason.ALREADY_TRIED, "offered this lead before"));
        }
        if (c.consentRequired() && !consent) {
            return Optional.of(Skip.of(c, SkipReason.CONSENT_MISSING, "buyer requires consent proof; the lead has no "
                    + "valid " + String.join(", ", proofFields())));
        }
        Optional<String> why = c.filters().whyNot(fields, score);
        if (why.isPresent()) {
            return Optional.of(Skip.of(c, SkipReason.FILTER, why.get()));
        }
        why = c.schedule().whyClosed(now);
        if (why.isPresent()) {
            return Optional.of(Skip.of(c, SkipReason.SCHEDULE, why.get()));
        }
        if (breakerOpen.test(c.buyerId())) {
            return Optional.of(Skip.of(c, SkipReason.BREAKER_OPEN, "circuit breaker open after delivery failures"));
        }
        return Optional.empty();
    }

    private List<String> proofFields() {
        List<String> names = new ArrayList<>(trustedFormFields.size() + jornayaFields.size());
        names.addAll(trustedFormFields);
        names.addAll(jornayaFields);
        return names;
    }

    /** A malformed proof is no proof: the quality stage has already flagged it, the buyer would refuse it. */
    private boolean hasConsentProof(Map<String, String> fields) {
        for (String f : trustedFormFields) {
            if (ConsentValidator.isTrustedFormCertificate(fields.get(f))) {
                return true;
            }
        }
        for (String f : jornayaFields) {
            if (ConsentValidator.isJornayaToken(fields.get(f))) {
                return true;
            }
        }
        return false;
    }

    private List<RoutingCandidate> order(List<RoutingCandidate> eligible) {
        eligible.sort(BEST_FIRST);
        List<RoutingCandidate> out = new ArrayList<>(eligible.size());
        int i = 0;
        while (i < eligible.size()) {
            int j = i + 1;
            while (j < eligible.size() && tied(eligible.get(i), eligible.get(j))) {
                j++;
            }
            List<RoutingCandidate> group = eligible.subList(i, j);
            out.addAll(group.size() == 1 ? group : tieGroups.next(group));
            i = j;
        }
        return out;
    }

    private static boolean tied(RoutingCandidate a, RoutingCandidate b) {
        return a.price().compareTo(b.price()) == 0 && a.priority() == b.priority();
    }

    /**
     * Smooth weighted round-robin state per tie group. Each plan adds every member's weight to
     * its current value, puts the largest first and takes the group's total weight off it; the
     * rest follow by current value, so the waterfall's second choice is the one due next.
     * Ties between equal values go to the lower buyer id, which makes the sequence deterministic.
     */
    private static final class TieGroups {
        private final Map<List<String>, Map<String, Long>> current = new LinkedHashMap<>(64, 0.75f, true);

        /** @param group members sorted by buyer id */
        List<RoutingCandidate> next(List<RoutingCandidate> group) {
            List<String> key = group.stream().map(RoutingCandidate::buyerId).toList();
            Map<String, Long> snapshot;
            RoutingCandidate best = null;
            synchronized (current) {
                Map<String, Long> values = current.computeIfAbsent(key, k -> new HashMap<>());
                long total = 0;
                for (RoutingCandidate c : group) {
                    long v = values.merge(c.buyerId(), (long) c.weight(), Long::sum);
                    total += c.weight();
                    if (best == null || v > values.get(best.buyerId())) {
                        best = c;
                    }
                }
                values.merge(best.buyerId(), -total, Long::sum);
                snapshot = Map.copyOf(values);
                if (current.size() > MAX_TIE_GROUPS) {
                    current.remove(current.keySet().iterator().next());
                }
            }
            List<RoutingCandidate> rest = new ArrayList<>(group);
            rest.remove(best);
            rest.sort(Comparator.comparing((RoutingCandidate c) -> snapshot.get(c.buyerId()), Comparator.reverseOrder())
                    .thenComparing(RoutingCandidate::buyerId));
            List<RoutingCandidate> ordered = new ArrayList<>(group.size());
            ordered.add(best);
            ordered.addAll(rest);
            return ordered;
        }
    }
}
