package io.leadwire.quality;

import java.util.List;

/**
 * What {@link PhoneValidator} made of a phone number.
 *
 * @param e164     the number in E.164 ({@code +442071234567}) if it is valid, else null
 * @param region   the ISO region the number belongs to if valid, else null
 * @param lineType the line type if valid, else null
 * @param findings what is wrong with it; a country mismatch is a warning on a valid number
 */
public record PhoneCheck(String e164, String region, LineType lineType, List<Finding> findings) {
    public PhoneCheck {
        findings = List.copyOf(findings);
    }

    /** Whether the number is a valid, assignable number. */
    public boolean valid() {
        return e164 != null;
    }
}
