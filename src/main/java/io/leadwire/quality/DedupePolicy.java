package io.leadwire.quality;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.leadwire.lead.DedupeKey;
import io.leadwire.store.DuplicateSearch;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How the quality stage treats a lead that repeats an earlier one: which keys it compares, how far
 * back it looks, whether another vendor's lead counts, and what it does with the repeat.
 *
 * <p>Immutable; build with {@link #builder()}, which starts from the named defaults and validates
 * on {@link Builder#build()}. Jackson reads and writes it as
 * {@code {"window":"P30D","scope":"ALL_VENDORS","action":"QUARANTINE","keys":["EMAIL","PHONE"]}}
 * (missing members take the defaults), so a settings screen can store and edit it.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.NONE, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonPropertyOrder({"window", "scope", "action", "keys"})
public final class DedupePolicy {
    /** Where an original may come from. */
    public enum Scope {
        /** Only the same vendor's earlier leads count. */
        THIS_VENDOR,
        /** Any vendor's earlier leads count: the same person bought twice costs the same. */
        ALL_VENDORS
    }

    /** What happens to a lead that repeats an original. */
    public enum Action {
        /** Rejected for good ({@link ReasonCode#DUPLICATE_EMAIL} etc. as the reason). */
        REJECT,
        /** Held on the quarantine desk, where sales ops release it as new or reject it. */
        QUARANTINE,
        /**
         * Not held for being a repeat: it keeps the judge's decision (accepted when otherwise good)
         * and is marked as a repeat inquiry (linked to its original, with a warning reason).
         */
        ACCEPT_AS_REPEAT
    }

    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
    /** The longest window: a year and a day, beyond which the look-up would read too much. */
    public static final Duration MAX_WINDOW = Duration.ofDays(366);
    public static final Scope DEFAULT_SCOPE = Scope.ALL_VENDORS;
    public static final Action DEFAULT_ACTION = Action.QUARANTINE;
    /**
     * Email and phone. The vendor lead id is off by default: vendors number their leads
     * independently, so "1001" from two vendors is usually two people (see {@link DedupeKey#VENDOR_LEAD_ID}).
     */
    public static final Set<DedupeKey> DEFAULT_KEYS = Set.of(DedupeKey.EMAIL, DedupeKey.PHONE);

    private static final DedupePolicy DEFAULTS = builder().build();

    private final Duration window;
    private final Scope scope;
    private final Action action;
    private final Set<DedupeKey> keys;

    private DedupePolicy(Builder b) {
        this.window = b.window;
        this.scope = b.scope;
        this.action = b.action;
        this.keys = b.keys.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(b.keys));
    }

    /** The policy with every named default. */
    public static DedupePolicy defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().window(window).scope(scope).action(action).keys(keys);
    }

    /** An earlier lead counts if it was received at most this long before (or after) the new one. */
    public Duration window() {
        return window;
    }

    public Scope scope() {
        return scope;
    }

    public Action action() {
        return action;
    }

    /** The keys compared; empty means de-duplication is off. */
    public Set<DedupeKey> keys() {
        return keys;
    }

    /** Whether any key is compared. */
    public boolean enabled() {
        return !keys.isEmpty();
    }

    /** What the store's look-up needs of this policy. */
    public DuplicateSearch toSearch() {
        return new DuplicateSearch(window, scope == Scope.ALL_VENDORS, keys);
    }

    /** The window as ISO-8601: whole days as {@code P30D}, anything else as {@code PT36H}. */
    @JsonProperty("window")
    String windowText() {
        long days = window.toDays();
        return Duration.ofDays(days).equals(window) ? "P" + days + "D" : window.toString();
    }

    @JsonProperty("scope")
    Scope scopeJson() {
        return scope;
    }

    @JsonProperty("action")
    Action actionJson() {
        return action;
    }

    /** The keys in their declared order, for stable JSON. */
    @JsonProperty("keys")
    Set<DedupeKey> keysJson() {
        return keys.isEmpty() ? Set.of() : EnumSet.copyOf(keys);
    }

    /**
     * Reads the JSON form; a missing member takes its default.
     *
     * @throws IllegalArgumentException when the window is not an ISO-8601 duration or out of range
     */
    @JsonCreator
    static DedupePolicy fromJson(@JsonProperty("window") String window, @JsonProperty("scope") Scope scope,
                                 @JsonProperty("action") Action action, @JsonProperty("keys") Set<DedupeKey> keys) {
        Builder b = builder();
        if (window != null) {
            try {
                b.window(Duration.parse(window));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("window '" + window
                        + "' is not an ISO-8601 duration such as P30D or PT12H", e);
            }
        }
        if (scope != null) {
            b.scope(scope);
        }
        if (action != null) {
            b.action(action);
        }
        if (keys != null) {
            b.keys(keys);
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DedupePolicy p && window.equals(p.window) && scope == p.scope && action == p.action
                && keys.equals(p.keys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(window, scope, action, keys);
    }

    @Override
    public String toString() {
        return "DedupePolicy[window=" + windowText() + ", scope=" + scope + ", action=" + action + ", keys="
                + keysJson() + "]";
    }

    /** Builds a {@link DedupePolicy}; starts from the named defaults. Not thread-safe. */
    public static final class Builder {
        private Duration window = DEFAULT_WINDOW;
        private Scope scope = DEFAULT_SCOPE;
        private Action action = DEFAULT_ACTION;
        private Set<DedupeKey> keys = DEFAULT_KEYS;

        private Builder() {
        }

        public Builder window(Duration v) {
            this.window = v;
            return this;
        }

        public Builder scope(Scope v) {
            this.scope = v;
            return this;
        }

        public Builder action(Action v) {
            this.action = v;
            return this;
        }

        /** The keys to compare; an empty set turns de-duplication off. */
        public Builder keys(Set<DedupeKey> v) {
            this.keys = v;
            return this;
        }

        /**
         * @throws IllegalArgumentException for a window that is not positive or longer than
         *         {@link #MAX_WINDOW}, or a null key
         * @throws NullPointerException for a null window, scope, action or key set
         */
        public DedupePolicy build() {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(keys, "keys");
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("the dedupe window must be positive, not " + window);
            }
            if (window.compareTo(MAX_WINDOW) > 0) {
                throw new IllegalArgumentException("the dedupe window must be at most " + MAX_WINDOW.toDays()
                        + " days, not " + window.toDays());
            }
            for (DedupeKey k : keys) {
                if (k == null) {
                    throw new IllegalArgumentException("dedupe keys must not be null");
                }
            }
            return new DedupePolicy(this);
        }
    }
}
