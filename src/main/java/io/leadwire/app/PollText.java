package io.leadwire.app;

import io.leadwire.lead.VendorPoll;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How poll settings and state are written and read on the command line. */
final class PollText {
    private PollText() {
    }

    static VendorPoll.Mode mode(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("pull")) {
            return VendorPoll.Mode.PULL;
        }
        if (t.equals("hybrid")) {
            return VendorPoll.Mode.HYBRID;
        }
        throw new IllegalArgumentException("mode '" + text + "' is not pull or hybrid");
    }

    static VendorPoll.AuthKind auth(String kind) {
        for (VendorPoll.AuthKind k : VendorPoll.AuthKind.values()) {
            if (k.wireName().equals(kind.strip().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("auth '" + kind + "' is not none, bearer, header:NAME or basic:USER");
    }

    /** {@code 30s}, {@code 5m}, {@code 1h} or plain seconds. */
    static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                throw new NumberFormatException();
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("interval '" + text + "' is not like 30s, 5m or 1h");
        }
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    /** The INTAKE column: push, or the poll mode marked when failing. */
    static String intake(VendorPoll p) {
        if (p == null || p.settings().mode() == VendorPoll.Mode.OFF) {
            return "push";
        }
        return p.settings().mode().wireName() + (p.state().failing() ? "!" : "");
    }

    static List<String> status(VendorPoll p) {
        VendorPoll.State s = p.state();
        List<String> out = new ArrayList<>();
        out.add("cursor:          " + (s.cursor() == null ? "(start)" : s.cursor()));
        out.add("last success:    " + time(s.lastSuccessAt()) + (s.lastSuccessAt() == null ? ""
                : " (" + s.lastRoundNew() + " new, " + s.lastRoundDuplicates() + " already stored)"));
        out.add("last error:      " + (s.lastError() == null ? "none" : time(s.lastErrorAt()) + " " + s.lastError()));
        out.add("failures in a row: " + s.consecutiveFailures());
        out.add("next attempt:    " + (p.settings().mode() == VendorPoll.Mode.OFF ? "(polling is off)"
                : s.nextAttemptAt() == null ? "now" : time(s.nextAttemptAt())));
        return out;
    }

    private static String time(Instant at) {
        return at == null ? "never" : at.toString().substring(0, 19).replace('T', ' ') + " UTC";
    }
}
