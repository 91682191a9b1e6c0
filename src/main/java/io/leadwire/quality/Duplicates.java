package io.leadwire.quality;

import io.leadwire.lead.CanonicalField;
import io.leadwire.store.DuplicateMatch;
import io.leadwire.store.QualityMarks;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the quality stage makes of a verdict for de-duplication and the quality figures. */
final class Duplicates {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Duplicates() {
    }

    /** The email key of a judged lead: only for an address that is at least well-formed. */
    static String emailKey(Verdict v) {
        String email = v.fields().get(CanonicalField.EMAIL);
        return email == null || v.hasReason(ReasonCode.EMAIL_SYNTAX) ? null : DedupeKeys.email(email);
    }

    /** The phone key: the E.164 the judge derived for a valid phone. */
    static String phoneKey(Verdict v) {
        return v.fields().get(LeadJudge.PHONE_E164);
    }

    /** What the quality figures count for a verdict. */
    static QualityMarks marks(Verdict v) {
        return new QualityMarks(
                v.hasReason(ReasonCode.EMAIL_SYNTAX) || v.hasReason(ReasonCode.EMAIL_DISPOSABLE)
                        || v.hasReason(ReasonCode.EMAIL_NO_MX),
                v.hasReason(ReasonCode.PHONE_INVALID),
                v.hasReason(ReasonCode.GEO_MISMATCH),
                v.score().value());
    }

    /**
     * The verdict for a lead that repeats {@code m}: the policy's action decides (never milder than
     * the judge: a lead the judge rejected stays rejected), and the reasons gain the duplicate finding.
     */
    static Verdict asRepeat(Verdict v, DuplicateMatch m, DedupePolicy.Action action) {
        Decision decision;
        Severity severity = Severity.ERROR;
        switch (action) {
            case REJECT:
                decision = Decision.REJECTED;
                break;
            case QUARANTINE:
                decision = v.decision() == Decision.REJECTED ? Decision.REJECTED : Decision.QUARANTINED;
                break;
            case ACCEPT_AS_REPEAT:
                decision = v.decision();
                severity = Severity.WARNING;
                break;
            default:
                throw new IllegalArgumentException("unknown action " + action);
        }
        List<Finding> reasons = new ArrayList<>(v.reasons());
        reasons.add(new Finding(code(m), field(m), message(m, action), severity));
        return new Verdict(decision, reasons, v.fields(), v.score(), v.judgedAt());
    }

    static String code(DuplicateMatch m) {
        switch (m.key()) {
            case EMAIL:
                return ReasonCode.DUPLICATE_EMAIL;
            case PHONE:
                return ReasonCode.DUPLICATE_PHONE;
            default:
                return ReasonCode.DUPLICATE_VENDOR_LEAD_ID;
        }
    }

    private static String field(DuplicateMatch m) {
        switch (m.key()) {
            case EMAIL:
                return CanonicalField.EMAIL;
            case PHONE:
                return CanonicalField.PHONE;
            default:
                return CanonicalField.LEAD_ID;
        }
    }

    /**
     * "Duplicate of lead 0190… (vendor 'Acme', their lead FL-1, received 2026-03-06 14:00 UTC): same
     * email john@example.com, and the same phone. Release it if it is a new inquiry, else reject it."
     */
    static String message(DuplicateMatch m, DedupePolicy.Action action) {
        StringBuilder sb = new StringBuilder(action == DedupePolicy.Action.ACCEPT_AS_REPEAT
                ? "Repeat inquiry of lead " : "Duplicate of lead ")
                .append(m.originalId()).append(" (vendor '").append(m.originalVendorName()).append("', their lead ")
                .append(m.originalVendorLeadId()).append(", received ").append(WHEN.format(m.originalReceivedAt()))
                .append("): same ").append(name(m.key())).append(' ').append(m.value());
        for (int i = 1; i < m.keys().size(); i++) {
            sb.append(", and the same ").append(name(m.keys().get(i)));
        }
        sb.append('.');
        if (action == DedupePolicy.Action.QUARANTINE) {
            sb.append(" Release it if it is a new inquiry, else reject it.");
        }
        return sb.toString();
    }

    private static String name(io.leadwire.lead.DedupeKey k) {
        return k.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
