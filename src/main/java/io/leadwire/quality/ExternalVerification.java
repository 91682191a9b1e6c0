package io.leadwire.quality;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What external verification services said about a lead's email and phone, as {@link LeadJudge}
 * asks for it. Implementations must answer at once from what they already know (see
 * {@link ExternalChecks#prefetch}): the judge runs inside the claim's transaction and must never
 * wait for the network.
 */
@FunctionalInterface
public interface ExternalVerification {
    /** No external checks: the default, and what the benchmark runs. */
    ExternalVerification NONE = (email, e164) -> Result.NONE;

    /**
     * @param email the normalized email if it passed the local checks, else null (not looked up)
     * @param e164  the phone in E.164 if it is a valid number, else null (not looked up)
     */
    Result check(String email, String e164);

    /**
     * The findings and their effect on scoring.
     *
     * @param emailUndeliverable the service says the email is not usable: scored as invalid email
     * @param phoneUnverifiable  the service says the phone is not valid or not in service: scored as
     *                           unverifiable phone
     * @param findings           what to add to the lead's reasons
     * @param fields             fields to add to the lead, e.g. {@code phone_carrier}
     */
    record Result(boolean emailUndeliverable, boolean phoneUnverifiable, List<Finding> findings,
                  Map<String, String> fields) {
        public static final Result NONE = new Result(false, false, List.of(), Map.of());

        public Result {
            findings = List.copyOf(findings);
            fields = Map.copyOf(Objects.requireNonNull(fields, "fields"));
        }
    }
}
