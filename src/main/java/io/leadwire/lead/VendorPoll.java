package io.leadwire.lead;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * How Leadwire polls one vendor's API, and how that went.
 *
 * @param vendorId the vendor
 * @param settings what to poll and how
 * @param state    the durable cursor and the poller's last results
 */
public record VendorPoll(String vendorId, Settings settings, State state) {

    public VendorPoll {
        Objects.requireNonNull(vendorId, "vendorId");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(state, "state");
    }

    /** Whether the vendor is polled at all, and whether push is its primary channel. */
    public enum Mode {
        /** Polling is switched off; the cursor is kept for when it is switched on again. */
        OFF,
        /** The vendor's API is the only channel. */
        PULL,
        /** The vendor pushes; a backup poll catches what push missed. */
        HYBRID;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How the poll request authenticates. */
    public enum AuthKind {
        NONE, HEADER, BEARER, BASIC;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What to poll.
     *
     * @param url           the vendor's endpoint, without the cursor and page-size parameters
     * @param authName      the header name for {@link AuthKind#HEADER}, the user for {@link AuthKind#BASIC}, else null
     * @param sealedSecret  the API key, token or password, encrypted; null for {@link AuthKind#NONE}
     * @param cursorParam   the query parameter that carries the cursor ("since")
     * @param pageSizeParam the query parameter that carries the page size ("limit")
     * @param itemsPath     dotted path to the lead array in an object response, or null to look for
     *                      {@code leads}, {@code data}, {@code items} or {@code results}
     * @param cursorField   for bare-array responses: the lead field whose value in the last lead is the
     *                      next cursor; null when the response carries {@code next_cursor}
     */
    public record Settings(Mode mode, String url, AuthKind authKind, String authName, String sealedSecret,
                           Duration interval, String cursorParam, String pageSizeParam, int pageSize,
                           String itemsPath, String cursorField) {
        public Settings {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(authKind, "authKind");
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(cursorParam, "cursorParam");
            Objects.requireNonNull(pageSizeParam, "pageSizeParam");
        }
    }

    /**
     * The durable cursor and the last results.
     *
     * @param cursor              where the next poll starts; advanced only after a page's leads are committed
     * @param nextAttemptAt       when the poller polls next; null means at once
     * @param consecutiveFailures failed rounds since the last success (drives the backoff)
     * @param lastRoundNew        leads the last successful round stored
     * @param lastRoundDuplicates leads the last successful round found already stored (pushed or polled before)
     */
    public record State(String cursor, Instant lastSuccessAt, String lastError, Instant lastErrorAt,
                        Instant nextAttemptAt, int consecutiveFailures, int lastRoundNew, int lastRoundDuplicates) {
        public static final State NEW = new State(null, null, null, null, null, 0, 0, 0);

        /** Whether the last round failed. */
        public boolean failing() {
            return consecutiveFailures > 0;
        }
    }
}
