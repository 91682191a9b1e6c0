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
        long millis = clock.millis();
        long randA = random.nextInt() & 0xFFFL;
        long msb = (millis << 16) | (0x7L << 12) | randA;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
