package io.leadwire.delivery.response;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadwire.delivery.ErrorClass;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The answers recognised without any configuration, so a new buyer with a conventional JSON API
 * works on the first day. See {@link ResponseRules#defaults()} for the list.
 */
final class WellKnownShapes {
    static final Set<String> ACCEPTED = Set.of("accepted", "success", "ok");
    static final Set<String> REJECTED = Set.of("rejected", "declined", "error");
    static final Set<String> DUPLICATE = Set.of("duplicate");
    private static final String KNOWN = "accepted, success, ok, rejected, declined, error, duplicate";

    private WellKnownShapes() {
    }

    /** The outcome of an answer by status and well-known JSON shape; adds a note when the shape is odd. */
    static Outcome classify(Answer answer, List<String> notes) {
        if (answer.is2xx()) {
            return classify2xx(answer, notes);
        }
        if (answer.status == 409) {
            return Outcome.DUPLICATE;
        }
        if (ErrorClass.ofStatus(answer.status) == ErrorClass.CLIENT_ERROR && answer.json() != null) {
            String status = word(answer.json().get("status"));
            if (DUPLICATE.contains(status)) {
                return Outcome.DUPLICATE;
            }
            if ("rejected".equals(status) || "declined".equals(status)) {
                return Outcome.REJECTED;
            }
        }
        return Outcome.ERROR;
    }

    private static Outcome classify2xx(Answer answer, List<String> notes) {
        if (answer.looksLikeHtml()) {
            notes.add("HTTP " + answer.status + " with a web page (" + (answer.contentType.isEmpty() ? "HTML"
                    : Answer.clip(answer.contentType)) + "), not an API answer");
            return Outcome.ACCEPTED;
        }
        JsonNode json = answer.json();
        if (json == null) {
            String start = answer.text.stripLeading();
            if (start.startsWith("{") || start.startsWith("[")) {
                notes.add(answer.jsonProblem() + ", though it starts like JSON");
            }
            return Outcome.ACCEPTED;
        }
        JsonNode status = json.get("status");
        if (status != null && status.isTextual()) {
            String word = word(status);
            if (ACCEPTED.contains(word)) {
                return Outcome.ACCEPTED;
            }
            if (REJECTED.contains(word)) {
                return Outcome.REJECTED;
            }
            if (DUPLICATE.contains(word)) {
                return Outcome.DUPLICATE;
            }
            notes.add("$.status is '" + Answer.clip(status.asText()) + "', expected one of " + KNOWN);
            return Outcome.ACCEPTED;
        }
        JsonNode success = json.get("success");
        if (success != null && !success.isNull()) {
            String word = success.isBoolean() || success.isTextual() ? word(success) : "";
            if (word.equals("true")) {
                return Outcome.ACCEPTED;
            }
            if (word.equals("false")) {
                return Outcome.REJECTED;
            }
            notes.add("$.success is '" + Answer.clip(success.asText(success.toString())) + "', expected true or false");
        }
        return Outcome.ACCEPTED;
    }

    private static String word(JsonNode node) {
        return node == null || !node.isValueNode() ? "" : node.asText().strip().toLowerCase(Locale.ROOT);
    }

    /** The buyer's lead id under {@code lead_id}, {@code leadId} or {@code id}. */
    static String buyerLeadId(JsonNode json) {
        return first(json, "lead_id", "leadId", "id");
    }

    /** The price under {@code price} or {@code payout}. */
    static String price(JsonNode json) {
        return first(json, "price", "payout");
    }

    /** The reason under {@code reason}, {@code message}, {@code error}, or the first of {@code errors}. */
    static String reason(JsonNode json) {
        String reason = firstText(json, "reason", "message", "error");
        if (reason != null || json == null || !json.isObject()) {
            return reason;
        }
        JsonNode errors = json.get("errors");
        if (errors != null && errors.isArray() && !errors.isEmpty()) {
            JsonNode error = errors.get(0);
            return error.isTextual() ? ValueSource.text(error) : firstText(error, "message", "reason");
        }
        return null;
    }

    private static String firstText(JsonNode json, String... names) {
        if (json == null || !json.isObject()) {
            return null;
        }
        for (String name : names) {
            JsonNode value = json.get(name);
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                return value.asText().strip();
            }
        }
        return null;
    }

    private static String first(JsonNode json, String... names) {
        if (json == null || !json.isObject()) {
            return null;
        }
        for (String name : names) {
            JsonNode value = json.get(name);
            if (value != null && value.isValueNode()) {
                String text = ValueSource.text(value);
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }
}
