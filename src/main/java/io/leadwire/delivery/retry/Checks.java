package io.leadwire.delivery.retry;

import java.time.Duration;
import java.util.Objects;

/** The builders' range checks, with messages that name the member as its JSON key. */
final class Checks {
    private Checks() {
    }

    static void duration(String key, Duration v, Duration min, Duration max) {
        Objects.requireNonNull(v, key);
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + " must be between " + Durations.format(min) + " and "
                    + Durations.format(max) + ", not " + Durations.format(v));
        }
    }

    static void range(String key, double v, double min, double max) {
        if (!(v >= min && v <= max)) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", not " + v);
        }
    }

    static void range(String key, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", not " + v);
        }
    }
}
