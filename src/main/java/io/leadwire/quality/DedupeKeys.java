package io.leadwire.quality;

import java.util.Locale;

/**
 * The normalizers of the de-duplication keys: two leads whose keys are equal are the same
 * person's inquiry.
 *
 * <p><b>Email</b>: {@link EmailValidator#normalize} (trimmed, IDN domain to punycode, trailing
 * dots dropped), then the whole address lower-cased: the local part too, because practically
 * every mailbox provider ignores its case even though RFC 5321 lets them not to. For Gmail
 * ({@code gmail.com}, and {@code googlemail.com}, which is the same mailbox) the local part also
 * loses its dots and everything from the first {@code +} (a "+tag"), since Gmail delivers
 * {@code j.o.h.n+promo@gmail.com} to {@code john@gmail.com}; the domain becomes {@code gmail.com}.
 * Other providers keep dots and plus signs: several treat them as part of the mailbox name.
 *
 * <p><b>Phone</b>: E.164 as {@link PhoneValidator} derives it, parsing national formats with
 * the lead's country.
 *
 * <p>Both are total and idempotent.
 */
public final class DedupeKeys {
    private static final PhoneValidator PHONES = new PhoneValidator();

    private DedupeKeys() {
    }

    /** The email key, or null for null or blank input. */
    public static String email(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String n = EmailValidator.normalize(raw).toLowerCase(Locale.ROOT);
        int at = n.lastIndexOf('@');
        if (at < 0) {
            return n;
        }
        String local = n.substring(0, at);
        String domain = n.substring(at + 1);
        if (domain.equals("gmail.com") || domain.equals("googlemail.com")) {
            int plus = local.indexOf('+');
            local = (plus < 0 ? local : local.substring(0, plus)).replace(".", "");
            domain = "gmail.com";
        }
        return local + "@" + domain;
    }

    /**
     * The phone key: the number in E.164, or null when it is absent or not a valid number.
     *
     * @param region the lead's country (ISO alpha-2) for national formats, or null
     */
    public static String phone(String raw, String region) {
        return PHONES.check("phone", raw, region).e164();
    }
}
