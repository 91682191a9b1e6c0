package io.leadwire.callback;

import io.leadwire.delivery.BuyerDefinition;
import io.leadwire.delivery.BuyerService;
import io.leadwire.delivery.CallbackSettings;
import io.leadwire.intake.Cidr;
import io.leadwire.store.BuyerRepository;
import io.leadwire.store.BuyerRow;
import io.leadwire.store.SecretBox;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The buyers' callback settings, ready to check requests: allowlists parsed, secrets opened and
 * signature checkers built. Rebuilt when any buyer or secret changes (one small probe at most
 * once per {@code refreshEvery}), so a request costs no store read until then. Independent of
 * whether the buyer can receive leads right now: a buyer whose mapping broke still reports
 * returns and conversions of what it bought.
 */
public final class CallbackBuyers {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackBuyers.class);

    private final BuyerRepository buyers;
    private final BuyerService service;
    private final SecretBox secrets;
    private final Clock clock;
    private final Duration refreshEvery;
    private volatile Snapshot snapshot = new Snapshot(Long.MIN_VALUE, Map.of(), Map.of());
    private volatile Instant checkedAt = Instant.MIN;

    /**
     * One buyer as the callback endpoint sees it.
     *
     * @param settings  its callback settings, or null when it does not call back
     * @param signature the checker, or null when a secret is missing ({@code problem} says which)
     * @param problem   why callbacks of this buyer cannot be checked, or null
     */
    public record CallbackBuyer(String id, String name, CallbackSettings settings, List<Cidr> allow,
            CallbackSignature signature, String problem) {

        /** Whether callbacks may come from the address (an empty allowlist allows any). */
        public boolean allows(InetAddress address) {
            return allow.isEmpty() || allow.stream().anyMatch(c -> c.contains(address));
        }
    }

    private record Snapshot(long stamp, Map<String, CallbackBuyer> byName, Map<String, CallbackBuyer> byId) {
    }

    public CallbackBuyers(BuyerRepository buyers, BuyerService service, SecretBox secrets, Clock clock,
                          Duration refreshEvery) {
        this.buyers = buyers;
        this.service = service;
        this.secrets = secrets;
        this.clock = clock;
        this.refreshEvery = refreshEvery;
    }

    /** The buyer a callback path names: its name (as imported) or its id. */
    public Optional<CallbackBuyer> find(String nameOrId) {
        Snapshot s = current();
        CallbackBuyer b = s.byName().get(nameOrId);
        return Optional.ofNullable(b != null ? b : s.byId().get(nameOrId));
    }

    public Optional<CallbackBuyer> byId(String buyerId) {
        return Optional.ofNullable(current().byId().get(buyerId));
    }

    /** Re-reads the store now (after an import or a secret change in this process). */
    public void refreshNow() {
        checkedAt = Instant.MIN;
        current();
    }

    private Snapshot current() {
        Instant now = clock.instant();
        if (checkedAt != Instant.MIN && Duration.between(checkedAt, now).compareTo(refreshEvery) < 0) {
            return snapshot;
        }
        synchronized (this) {
            if (checkedAt != Instant.MIN && Duration.between(checkedAt, now).compareTo(refreshEvery) < 0) {
                return snapshot;
            }
            long stamp = buyers.changeStamp();
            if (stamp != snapshot.stamp()) {
                snapshot = rebuild(stamp);
            }
            // Only now: a reader that sees the new check time must also see the rebuilt snapshot
            // (set first, the first requests after a start answered 404 from the empty one).
            checkedAt = now;
            return snapshot;
        }
    }

    private Snapshot rebuild(long stamp) {
        Map<String, CallbackBuyer> byName = new HashMap<>();
        Map<String, CallbackBuyer> byId = new HashMap<>();
        for (BuyerRow row : buyers.all()) {
            CallbackBuyer b = build(row);
            byName.put(row.name(), b);
            byId.put(row.id(), b);
        }
        return new Snapshot(stamp, Map.copyOf(byName), Map.copyOf(byId));
    }

    private CallbackBuyer build(BuyerRow row) {
        CallbackSettings settings;
        try {
            BuyerDefinition def = service.definition(row);
            settings = def.callbacks();
        } catch (IllegalArgumentException e) {
            LOG.warn("callbacks of buyer {} cannot be checked: {}", row.name(), e.getMessage());
            return new CallbackBuyer(row.id(), row.name(), null, List.of(), null, "its settings cannot be read");
        }
        if (settings == null) {
            return new CallbackBuyer(row.id(), row.name(), null, List.of(), null, null);
        }
        List<Cidr> allow = settings.allowedNetworks();
        try {
            Map<String, String> clear = new HashMap<>();
            buyers.sealedSecrets(row.id()).forEach((k, v) -> clear.put(k, secrets.open(v)));
            return new CallbackBuyer(row.id(), row.name(), settings, allow, new CallbackSignature(settings, clear::get),
                    null);
        } catch (RuntimeException e) {
            LOG.warn("callbacks of buyer {} cannot be checked: {}", row.name(), e.getMessage());
            return new CallbackBuyer(row.id(), row.name(), settings, allow, null, e.getMessage());
        }
    }
}
