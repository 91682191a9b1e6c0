package io.leadwire.lead;

import java.util.regex.Pattern;

/**
 * Masks or removes e-mail addresses and phone-like digit runs in free text that leaves the
 * engine: log lines, and the reasons outbound webhooks carry (a buyer's error answer may echo the
 * lead's email or phone back).
 */
public final class PiiMask {
    private static final Pattern EMAIL = Pattern.compile("([\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]*@([\\p{L}\\p{N}.-]+)");
    private static final Pattern PHONE = Pattern.compile("(?<![\\w-])\\+?\\d[\\d ().-]{6,}\\d(\\d{2})(?![\\w-])");

    private PiiMask() {
    }

    /** The text with e-mail local parts and all but the last two digits of phone numbers masked; null stays null. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String s = EMAIL.matcher(text).replaceAll("$1***@$2");
        return PHONE.matcher(s).replaceAll("***$1");
    }

    /**
     * The text with every e-mail address and phone number replaced by {@code [email]} and
     * {@code [phone]}: for text sent to other systems, which need the gist, not a trace of whom
     * it was about. Null stays null.
     */
    public static String remove(String text) {
        if (text == null) {
            return null;
        }
        String s = EMAIL.matcher(text).replaceAll("[email]");
        return PHONE.matcher(s).replaceAll("[phone]");
    }
}
