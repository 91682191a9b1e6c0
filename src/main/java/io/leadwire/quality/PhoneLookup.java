package io.leadwire.quality;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A phone-lookup service's answer, read from Numverify-style ({@code {"valid":true,"line_type":
 * "mobile","carrier":"…","country_code":"US"}}) or Twilio Lookup v2-style JSON ({@code {"valid":true,
 * "line_type_intelligence":{"type":"mobile","carrier_name":"…"},"line_status":{"status":"active"}}}).
 *
 * @param valid       the service knows the number as valid
 * @param lineType    {@code mobile}, {@code landline}, {@code voip}, … as the service says, if it says
 * @param carrier     the carrier's name, if given
 * @param countryCode the number's ISO country, if given
 * @param lineStatus  {@code active}, {@code inactive}, {@code disconnected}, … if the service reports it
 */
public record PhoneLookup(boolean valid, Optional<String> lineType, Optional<String> carrier,
                          Optional<String> countryCode, Optional<String> lineStatus) {
    public PhoneLookup {
        Objects.requireNonNull(lineType, "lineType");
        Objects.requireNonNull(carrier, "carrier");
        Objects.requireNonNull(countryCode, "countryCode");
        Objects.requireNonNull(lineStatus, "lineStatus");
    }

    /** Whether the service reports the line as no longer in service. */
    public boolean disconnected() {
        return lineStatus.map(s -> s.equals("inactive") || s.equals("disconnected") || s.equals("unreachable"))
                .orElse(false);
    }

    /**
     * Reads an answer.
     *
     * @throws VerificationService.UnreadableAnswerException for an error object or no {@code valid}
     */
    public static PhoneLookup parse(JsonNode answer) {
        if (answer.hasNonNull("error") || !answer.path("success").asBoolean(true)) {
            throw new VerificationService.UnreadableAnswerException("answered with an error");
        }
        JsonNode valid = answer.get("valid");
        if (valid == null || !valid.isBoolean()) {
            throw new VerificationService.UnreadableAnswerException("answered without 'valid'");
        }
        JsonNode lti = answer.path("line_type_intelligence");
        JsonNode status = answer.path("line_status");
        return new PhoneLookup(valid.booleanValue(),
                text(answer.path("line_type")).or(() -> text(lti.path("type"))),
                text(answer.path("carrier")).or(() -> text(lti.path("carrier_name"))),
                text(answer.path("country_code")).map(s -> s.toUpperCase(Locale.ROOT)),
                (status.isObject() ? text(status.path("status")) : text(status)).map(s -> s.toLowerCase(Locale.ROOT)));
    }

    private static Optional<String> text(JsonNode n) {
        if (!n.isTextual() || n.asText().isBlank()) {
            return Optional.empty();
        }
        String s = n.asText().strip();
        return Optional.of(s.length() > 80 ? s.substring(0, 80) : s);
    }
}
