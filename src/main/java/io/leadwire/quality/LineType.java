package io.leadwire.quality;

import java.util.Locale;

/** What kind of line a valid phone number is, as far as the numbering plan tells. */
public enum LineType {
    MOBILE,
    FIXED_LINE,
    /** Plans such as the US do not tell fixed and mobile apart. */
    FIXED_LINE_OR_MOBILE,
    VOIP,
    TOLL_FREE,
    PREMIUM_RATE,
    SHARED_COST,
    PERSONAL_NUMBER,
    PAGER,
    UAN,
    VOICEMAIL,
    UNKNOWN;

    /** The lower-case name used in lead fields, e.g. {@code fixed_line_or_mobile}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
