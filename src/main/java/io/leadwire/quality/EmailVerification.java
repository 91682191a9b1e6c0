package io.leadwire.quality;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Objects;

/**
 * An email-verification service's answer, read from ZeroBounce-style ({@code {"status":"valid",
 * "sub_status":""}}) or NeverBounce-style ({@code {"status":"success","result":"valid"}}) JSON.
 *
 * @param verdict       what the answer means for the lead
 * @param serviceStatus the service's own word, lower case, e.g. {@code catch-all}
 */
public record EmailVerification(Verdict verdict, String serviceStatus) {
    /** What an answer means for the lead. */
    public enum Verdict {
        /** The mailbox exists. */
        VALID,
        /** Mail would bounce, or must not be sent (invalid, spam trap, do-not-mail). */
        UNDELIVERABLE,
        /** A throw-away mailbox. */
        DISPOSABLE,
        /** The service cannot vouch for it: catch-all domain, unknown, abuse, or a word we do not know. */
        RISKY
    }

    public EmailVerification {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(serviceStatus, "serviceStatus");
    }

    /**
     * Reads an answer.
     *
     * @throws VerificationService.UnreadableAnswerException for an error object or no status
     */
    public static EmailVerification parse(JsonNode answer) {
        if (answer.hasNonNull("error") || !answer.path("success").asBoolean(true)) {
            throw new VerificationService.UnreadableAnswerException("answered with an error");
        }
        String word = answer.path("result").asText("");
        if (word.isBlank()) {
            word = answer.path("status").asText("");
        }
        word = word.strip().toLowerCase(Locale.ROOT);
        if (word.isEmpty() || word.equals("success") || word.equals("failure") || word.length() > 40) {
            throw new VerificationService.UnreadableAnswerException("answered without a verification status");
        }
        return new EmailVerification(verdictOf(word), word);
    }

    private static Verdict verdictOf(String word) {
        switch (word.replace('-', '_')) {
            case "valid":
            case "deliverable":
                return Verdict.VALID;
            case "invalid":
            case "undeliverable":
            case "spamtrap":
            case "do_not_mail":
                return Verdict.UNDELIVERABLE;
            case "disposable":
                return Verdict.DISPOSABLE;
            default:
                return Verdict.RISKY; // catch_all, catchall, accept_all, unknown, abuse, ...
        }
    }
}
