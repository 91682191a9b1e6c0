package io.leadwire.app;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import io.leadwire.lead.PiiMask;

/**
 * Masks e-mail addresses and phone-like digit runs in log messages (and exception texts) so
 * that PII never lands in a log file, whatever a message happens to contain.
 */
public final class RedactingConverter extends ClassicConverter {
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
        return PiiMask.mask(text);
    }
}
