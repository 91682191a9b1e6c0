package io.leadwire.callback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.delivery.CallbackSettings;
import io.leadwire.lead.DeliveryStatus;
import io.leadwire.store.CallbackRepository;
import io.leadwire.store.CallbackRepository.Applying;
import io.leadwire.store.CallbackRepository.CallbackRow;
import io.leadwire.store.CallbackRepository.DeliveryFacts;
import io.leadwire.store.CallbackRepository.Verdict;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What one buyer event means and does: a status change, a return, a conversion, feedback, or an
 * asynchronous buyer's final word on a delivery it acknowledged. Applied events set the
 * delivery's facts, add a readable lead timeline row and one {@code lead_outcome} row (a
 * {@code converted} status that is the delivery's conversion adds both, the status and the
 * conversion, each with its own timeline row). Events it
 * cannot apply (unknown type, unknown lead, a return outside the window) are flagged with a note
 * for an operator ({@code leadwire callback list --flagged}) and, when they name a lead sold to
 * the buyer, a {@code callback_flagged} row on its timeline; never thrown.
 */
public final class CallbackApplier implements CallbackRepository.CallbackWork {
    /** The kinds of event, as {@code lead_outcome.kind} names them. */
    enum Kind {
        STATUS, RETURN, CONVERSION, FEEDBACK, OUTCOME;

        /** The buyer's type word, lower case, without a {@code lead.} prefix, '-' and ' ' as '_'. */
        static Kind of(String type) {
            if (type == null) {
                return null;
            }
            String t = normalize(type);
            if (t.startsWith("lead.")) {
                t = t.substring(5);
            }
            return switch (t) {
                case "status", "status_change", "status_changed", "status_update" -> STATUS;
                case "return", "return_request", "returned", "return_requested" -> RETURN;
                case "conversion", "converted", "sale" -> CONVERSION;
                case "feedback", "disposition" -> FEEDBACK;
                case "accepted", "rejected", "outcome", "final", "decision" -> OUTCOME;
                default -> null;
            };
        }
    }

    private static final Set<String> ACCEPT_WORDS = Set.of("accepted", "accept", "sold", "approved");
    private static final Set<String> REJECT_WORDS = Set.of("rejected", "reject", "declined", "refused");
    private static final String CONVERTED = "converted";

    private final CallbackBuyers buyers;
    private final ObjectMapper json;

    public CallbackApplier(CallbackBuyers buyers, ObjectMapper json) {
        this.buyers = buyers;
        this.json = json;
    }

    @Override
    public Verdict apply(CallbackRow event, Applying tx) {
        Optional<CallbackBuyers.CallbackBuyer> found = buyers.byId(event.buyerId());
        String buyer = found.map(CallbackBuyers.CallbackBuyer::name).orElse(event.buyerId());
        CallbackSettings settings = found.map(CallbackBuyers.CallbackBuyer::settings).orElse(null);
        CallbackSettings.Fields f = settings == null ? CallbackSettings.Fields.DEFAULT : settings.fields();
        JsonNode body;
        try {
            body = json.readTree(event.body());
        } catch (JsonProcessingException e) {
            return flagged("the stored body is not JSON", null, null);
        }
        String type = CallbackFields.text(body, f.type());
        String status = CallbackFields.text(body, f.status());
        Kind kind = Kind.of(type);
        if (kind == null && type == null && status != null) {
            kind = Kind.STATUS; // a bare {"lead_id": ..., "status": ...} is a status change
        }
        String reference = CallbackFields.text(body, f.leadId());
        Optional<DeliveryFacts> delivery = reference == null ? Optional.empty()
                : tx.findDelivery(event.buyerId(), reference);
        if (kind == null) {
            String why = type == null ? "no event type at '" + f.type() + "'"
                    : "unknown event type '" + clip(type, 60) + "' (expected status, return, conversion, feedback, "
                    + "accepted or rejected)";
            // Kept, not applied; when it names a lead we sold the buyer, that lead's timeline says so too.
            return delivery.isPresent() ? notApplied(tx, delivery.get(), buyer, why) : flagged(why, null, null);
        }
        if (reference == null) {
            return flagged("no lead reference at '" + f.leadId() + "'", null, null);
        }
        if (delivery.isEmpty()) {
            return flagged("no lead '" + clip(reference, 60) + "' was delivered to " + buyer
                    + " (by our lead id, our delivery id or their lead id)", null, null);
        }
        DeliveryFacts d = delivery.get();
        String reason = CallbackFields.text(body, f.reason());
        BigDecimal amount;
        try {
            amount = CallbackFields.amount(body, f.amount());
        } catch (NumberFormatException e) {
            return notApplied(tx, d, buyer, "the amount at '" + f.amount() + "' is not a number");
        }
        String typeWord = type == null ? null : normalize(type).replaceFirst("^lead\\.", "");
        if (kind == Kind.STATUS && d.status() == DeliveryStatus.AWAITING && status != null
                && (ACCEPT_WORDS.contains(normalize(status)) || REJECT_WORDS.contains(normalize(status)))) {
            kind = Kind.OUTCOME; // the final word of an asynchronous buyer, sent as a status change
        }
        return switch (kind) {
            case STATUS -> status(tx, d, buyer, status, amount);
            case RETURN -> returned(tx, d, buyer, settings, reason != null ? reason : status, event.receivedAt());
            case CONVERSION -> conversion(tx, d, buyer, amount);
            case FEEDBACK -> feedback(tx, d, buyer, status != null ? status : reason);
            case OUTCOME -> outcome(tx, d, buyer, "accepted".equals(typeWord) || "rejected".equals(typeWord)
                    ? typeWord : status, reason);
        };
    }

    private Verdict status(Applying tx, DeliveryFacts d, String buyer, String status, BigDecimal revenue) {
        if (status == null) {
            return notApplied(tx, d, buyer, "a status event without a status");
        }
        String word = normalize(status);
        tx.setBuyerStatus(d.deliveryId(), word);
        String text = "buyer " + buyer + ": " + word.replace('_', ' ');
        tx.timeline(d.leadId(), "buyer_status", text);
        tx.outcome(d, "status", word, null);
        // A buyer that only ever sends status changes still converts leads: the first "converted"
        // of a standing sale is its conversion. One already recorded (by a conversion event or an
        // earlier status) is not counted again.
        if (CONVERTED.equals(word) && standingSale(d) && d.convertedAt() == null) {
            return applied(text + "; " + convert(tx, d, buyer, revenue, " (counted from its status change)"), d);
        }
        return applied(text, d);
    }

    private Verdict returned(Applying tx, DeliveryFacts d, String buyer, CallbackSettings settings, String why,
                             Instant requestedAt) {
        String reason = why == null ? "unspecified" : normalize(why);
        String said = "buyer " + buyer + ": return (" + reason.replace('_', ' ') + ") refused, no credit: ";
        if (d.status() != DeliveryStatus.ACCEPTED) {
            return flaggedOnTimeline(tx, d, said + "the lead was not sold to them (delivery " + d.status().wireName()
                    + ")");
        }
        if (d.returnedAt() != null) {
            return flaggedOnTimeline(tx, d, said + "already returned at " + d.returnedAt());
        }
        Duration window = settings == null ? null : settings.returnWindow();
        if (window == null) {
            return flaggedOnTimeline(tx, d, said + "no return window is agreed with " + buyer);
        }
        if (d.finishedAt() == null || requestedAt.isAfter(d.finishedAt().plus(window))) {
            Duration age = d.finishedAt() == null ? null : Duration.between(d.finishedAt(), requestedAt);
            return flaggedOnTimeline(tx, d, said + "outside the return window of " + human(window)
                    + (age == null ? "" : " (requested " + human(age) + " after the sale)"));
        }
        BigDecimal credit = d.price() == null ? BigDecimal.ZERO : d.price();
        tx.markReturned(d.deliveryId(), reason, credit);
        tx.setBuyerStatus(d.deliveryId(), "returned");
        String routed = "";
        if (settings.rerouteReturns()) {
            routed = tx.sendBackToRouting(d.leadId()) ? ", sent back to routing"
                    : ", not sent back to routing (another sale or delivery still holds the lead)";
        }
        String text = "buyer " + buyer + ": returned (" + reason.replace('_', ' ') + "), credit " + money(credit)
                + routed;
        tx.timeline(d.leadId(), "returned", text);
        tx.outcome(d, "return", reason, credit);
        return applied(text, d);
    }

    /**
     * A conversion counts once per delivery, whether it came as a conversion event or as a
     * {@code converted} status. A later one only fills in a revenue none was recorded with (the
     * usual order: a {@code converted} status, then the conversion with its amount); anything else
     * (no revenue, or another revenue than recorded) is flagged for an operator, as a second return is.
     */
    private Verdict conversion(Applying tx, DeliveryFacts d, String buyer, BigDecimal revenue) {
        if (d.status() != DeliveryStatus.ACCEPTED) {
            return flaggedOnTimeline(tx, d, "buyer " + buyer + ": conversion reported for a lead not sold to them "
                    + "(delivery " + d.status().wireName() + ")");
        }
        if (d.convertedAt() == null) {
            return applied(convert(tx, d, buyer, revenue, ""), d);
        }
        if (revenue != null && d.revenue() == null && tx.setRevenue(d.deliveryId(), revenue)) {
            String text = "buyer " + buyer + ": conversion revenue " + money(revenue) + " (converted at "
                    + d.convertedAt() + ", counted once)";
            // Not "converted" again: that would announce a second lead.converted to the webhooks.
            tx.timeline(d.leadId(), "conversion_revenue", text);
            // Adds the revenue to the figures' conversion value, not another conversion.
            tx.outcome(d, "revenue", "converted", revenue);
            return applied(text, d);
        }
        return flaggedOnTimeline(tx, d, "buyer " + buyer + ": conversion" + (revenue == null ? ""
                : " (revenue " + money(revenue) + ")") + " not counted again: already converted at " + d.convertedAt()
                + (d.revenue() == null ? "" : " with revenue " + money(d.revenue())));
    }

    /**
     * Records the conversion of a delivery not converted yet; returns the timeline text. If another
     * event converted it meanwhile (another engine's worker, same moment), nothing is counted.
     */
    private static String convert(Applying tx, DeliveryFacts d, String buyer, BigDecimal revenue, String how) {
        if (!tx.markConverted(d.deliveryId(), revenue)) {
            String text = "buyer " + buyer + ": conversion not counted again: another event converted the lead "
                    + "at the same moment";
            tx.timeline(d.leadId(), "conversion_not_counted", text);
            return text;
        }
        tx.setBuyerStatus(d.deliveryId(), CONVERTED);
        String text = "buyer " + buyer + ": converted" + how + (revenue == null ? "" : ", revenue " + money(revenue));
        tx.timeline(d.leadId(), "converted", text);
        tx.outcome(d, "conversion", CONVERTED, revenue);
        return text;
    }

    /** Sold to the buyer and not returned. */
    private static boolean standingSale(DeliveryFacts d) {
        return d.status() == DeliveryStatus.ACCEPTED && d.returnedAt() == null;
    }

    private Verdict feedback(Applying tx, DeliveryFacts d, String buyer, String word) {
        if (word == null) {
            return notApplied(tx, d, buyer, "a feedback event without a word (status or reason)");
        }
        String w = normalize(word);
        String text = "buyer " + buyer + ": feedback " + w.replace('_', ' ');
        tx.timeline(d.leadId(), "buyer_feedback", text);
        tx.outcome(d, "feedback", w, null);
        return applied(text, d);
    }

    private Verdict outcome(Applying tx, DeliveryFacts d, String buyer, String word, String reason) {
        String w = word == null ? "" : normalize(word);
        boolean accepted = ACCEPT_WORDS.contains(w);
        if (!accepted && !REJECT_WORDS.contains(w)) {
            return notApplied(tx, d, buyer, "a final-word event must say accepted or rejected, not '" + clip(w, 40)
                    + "'");
        }
        if (d.status() != DeliveryStatus.AWAITING) {
            return notApplied(tx, d, buyer, "the final word (" + w + ") came for a delivery that is "
                    + d.status().wireName() + ", not awaiting one");
        }
        String why = reason == null ? "rejected" : reason;
        String text = accepted ? "sold to " + buyer + " (its final word by callback)"
                : buyer + " rejected it: " + why + " (its final word by callback)";
        if (!tx.settleAwaiting(d, accepted, why, accepted ? "delivered" : "delivery_rejected", text)) {
            return notApplied(tx, d, buyer, "the delivery stopped awaiting meanwhile");
        }
        // A sale carries its price, as a synchronous sale's outcome row does: the figures' sold value.
        tx.outcome(d, accepted ? "accepted" : "rejected", accepted ? null : normalize(why), accepted ? d.price() : null);
        return applied(text, d);
    }

    private static Verdict applied(String note, DeliveryFacts d) {
        return new Verdict(CallbackRepository.APPLIED, note, d.leadId(), d.deliveryId());
    }

    private static Verdict flagged(String note, String leadId, String deliveryId) {
        return new Verdict(CallbackRepository.FLAGGED, note, leadId, deliveryId);
    }

    /** Flagged, and said on the lead's timeline too: an operator looking at the lead sees the refusal. */
    private static Verdict flaggedOnTimeline(Applying tx, DeliveryFacts d, String note) {
        tx.timeline(d.leadId(), "callback_flagged", note);
        return flagged(note, d.leadId(), d.deliveryId());
    }

    /**
     * Flagged for a reason about the event itself (its type, a missing or bad field), with a
     * timeline row on the lead it names, so an operator looking at the lead sees it came and why
     * it did nothing.
     */
    private static Verdict notApplied(Applying tx, DeliveryFacts d, String buyer, String why) {
        tx.timeline(d.leadId(), "callback_flagged", "buyer " + buyer + ": event not applied, " + why);
        return flagged(why, d.leadId(), d.deliveryId());
    }

    static String normalize(String word) {
        return word.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    }

    private static String money(BigDecimal amount) {
        BigDecimal plain = amount.stripTrailingZeros();
        return plain.setScale(Math.max(2, plain.scale())).toPlainString();
    }

    private static String human(Duration d) {
        if (d.toHours() >= 48 && d.toHoursPart() == 0 && d.toMinutesPart() == 0) {
            return d.toDays() + " days";
        }
        if (d.toHours() >= 1) {
            return d.toHours() + " h" + (d.toMinutesPart() == 0 ? "" : " " + d.toMinutesPart() + " min");
        }
        return d.toMinutes() + " min";
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
