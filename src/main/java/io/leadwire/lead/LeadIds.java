package io.leadwire.lead;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Makes time-ordered UUIDs (version 7, RFC 9562): sortable by creation time, which keeps the
 * primary-key index append-mostly, and unguessable enough to hand to vendors.
 */
public final class LeadIds {
    private final Clock clock;
    private final SecureRandom random;

    public LeadIds(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    public String next() {
        return at(clock.millis(), random);
    }

    private static final SecureRandom SHARED = new SecureRandom();

    /**
     * A time-ordered id for a row made at {@code millis} (deliveries, callbacks): rows made together
     * sit together in every index on the id, so a store that writes many of them rewrites a few
     * index pages instead of one page per row.
     */
    public static String at(long millis) {
        return at(millis, SHARED);
    }

    private static String at(long millis, SecureRandom random) {
        long randA = random.nextInt() & 0xFFFL;
        long msb = (millis << 16) | (0x7L << 12) | randA;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
