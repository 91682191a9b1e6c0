package io.leadwire.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per log line ({@code --log-format json}), for log shippers: {@code ts},
 * {@code level}, {@code thread}, {@code logger}, {@code message} and, for a failure,
 * {@code error}, then the event's key-value pairs (SLF4J's {@code addKeyValue}) as fields of their
 * own, e.g. {@code intake_url}, so that a program need not parse the message. Message, error and
 * values are redacted like the text format (logback's own JSON encoder would write them
 * unredacted).
 */
public final class JsonLogLayout extends LayoutBase<ILoggingEvent> {
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String doLayout(ILoggingEvent event) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ts", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("thread", event.getThreadName());
            g.writeStringField("logger", event.getLoggerName());
            g.writeStringField("message", RedactingConverter.redact(event.getFormattedMessage()));
            if (event.getThrowableProxy() != null) {
                g.writeStringField("error",
                        RedactingConverter.redact(ThrowableProxyUtil.asString(event.getThrowableProxy())));
            }
            if (event.getKeyValuePairs() != null) {
                for (KeyValuePair pair : event.getKeyValuePairs()) {
                    g.writeStringField(pair.key, RedactingConverter.redact(String.valueOf(pair.value)));
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append(CoreConstants.LINE_SEPARATOR).toString();
    }
}
