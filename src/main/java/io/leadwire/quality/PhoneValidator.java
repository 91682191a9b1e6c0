package io.leadwire.quality;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a phone number with libphonenumber: parsed with the lead's country as the default region
 * (so national formats like {@code (512) 555-0147} work), valid for its numbering plan, formatted
 * in E.164, its line type, and whether its country is the lead's stated country.
 *
 * <p>Thread-safe; shares libphonenumber's one {@link PhoneNumberUtil} instance.
 */
public final class PhoneValidator {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    /**
     * Checks a phone field.
     *
     * @param field        the field's name, used in messages
     * @param raw          the value as stored, or null if the lead has none
     * @param statedRegion the lead's country as an ISO alpha-2 region, or null if unknown; used
     *                     to parse national formats and to compare with the number's country
     */
    public PhoneCheck check(String field, String raw, String statedRegion) {
        if (raw == null || raw.isBlank()) {
            return new PhoneCheck(null, null, null, List.of());
        }
        PhoneNumber number;
        try {
            number = UTIL.parse(raw, statedRegion == null ? "ZZ" : statedRegion);
        } catch (NumberParseException e) {
            String why = e.getErrorType() == NumberParseException.ErrorType.INVALID_COUNTRY_CODE
                    ? " It has no country code and the lead states no known country: send it as +<country code>..."
                    : " Send it in international form, e.g. +44 20 7123 4567.";
            return invalid(field, raw, why);
        }
        if (!UTIL.isValidNumber(number)) {
            return invalid(field, raw, " It is not an assignable number in "
                    + describeRegion(UTIL.getRegionCodeForCountryCode(number.getCountryCode())) + ".");
        }
        String region = UTIL.getRegionCodeForNumber(number);
        String e164 = UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        List<Finding> findings = new ArrayList<>(1);
        if (statedRegion != null && !statedRegion.equals(region)) {
            findings.add(Finding.warning(ReasonCode.PHONE_COUNTRY_MISMATCH, field,
                    "Field '" + field + "' is a number of " + describeRegion(region)
                            + " but the lead's country is " + describeRegion(statedRegion) + "."));
        }
        return new PhoneCheck(e164, region, lineType(UTIL.getNumberType(number)), findings);
    }

    private static PhoneCheck invalid(String field, String raw, String why) {
        return new PhoneCheck(null, null, null, List.of(Finding.error(ReasonCode.PHONE_INVALID, field,
                "Field '" + field + "' is not a valid phone number: '" + EmailValidator.clip(raw) + "'." + why)));
    }

    private static String describeRegion(String region) {
        return region == null || region.equals("ZZ") ? "no known country" : region;
    }

    private static LineType lineType(PhoneNumberUtil.PhoneNumberType t) {
        switch (t) {
            case MOBILE:
                return LineType.MOBILE;
            case FIXED_LINE:
                return LineType.FIXED_LINE;
            case FIXED_LINE_OR_MOBILE:
                return LineType.FIXED_LINE_OR_MOBILE;
            case VOIP:
                return LineType.VOIP;
            case TOLL_FREE:
                return LineType.TOLL_FREE;
            case PREMIUM_RATE:
                return LineType.PREMIUM_RATE;
            case SHARED_COST:
                return LineType.SHARED_COST;
            case PERSONAL_NUMBER:
                return LineType.PERSONAL_NUMBER;
            case PAGER:
                return LineType.PAGER;
            case UAN:
                return LineType.UAN;
            case VOICEMAIL:
                return LineType.VOICEMAIL;
            default:
                return LineType.UNKNOWN;
        }
    }
}
