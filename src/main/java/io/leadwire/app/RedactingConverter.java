package io.leadwire.app;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import java.util.regex.Pattern;

/**
 * Masks e-mail addresses and phone-like digit runs in log messages (and exception texts) so
 * that PII never lands in a log file, whatever a message happens to contain.
 */
public final class RedactingConverter extends ClassicConverter {
    private static final Pattern EMAIL = Pattern.compile("([\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]*@([\\p{L}\\p{N}.-]+)");
    private static final Pattern PHONE = Pattern.compile("(?<![\\w-])\\+?\\d[\\d ().-]{6,}\\d(\\d{2})(?![\\w-])");

    @Override
    public String convert(ILoggingEvent event) {
        StringBuilder sb = new StringBuilder(event.getFormattedMessage());
        if (event.getThrowableProxy() != null) {
            sb.append(System.lineSeparator()).append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        return redact(sb.toString());
    }

    /** The text with e-mail local parts and all but the last two digits of phone numbers masked. */
    public static String redact(String text) {
        String s = EMAIL.matcher(text).replaceAll("$1***@$2");
        return PHONE.matcher(s).replaceAll("***$1");
    }
}
