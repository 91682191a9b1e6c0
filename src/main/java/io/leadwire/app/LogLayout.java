package io.leadwire.app;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.LayoutBase;

/**
 * The one stdout layout: text lines in the configured pattern, or {@link JsonLogLayout} when
 * {@code LEADWIRE_LOG_FORMAT} (set by {@link Main} from {@code --log-format}, the environment or
 * the config file) says {@code json}. One appender with a switching layout rather than two
 * appenders, because logback reports an unused appender by printing its whole configuration
 * status on every start.
 */
public final class LogLayout extends LayoutBase<ILoggingEvent> {
    private String pattern;
    private Layout<ILoggingEvent> delegate;

    /** The text pattern (logback.xml sets it). */
    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    @Override
    public void start() {
        if (jsonSelected()) {
            JsonLogLayout json = new JsonLogLayout();
            json.setContext(getContext());
            json.start();
            delegate = json;
        } else {
            PatternLayout text = new PatternLayout();
            text.setContext(getContext());
            text.setPattern(pattern);
            text.start();
            delegate = text;
        }
        super.start();
    }

    /**
     * Whether log lines are JSON in this process; code that would otherwise print its own line
     * on stdout asks this, so that in JSON mode every stdout line stays a JSON object.
     */
    static boolean jsonSelected() {
        return "json".equals(System.getProperty("LEADWIRE_LOG_FORMAT", System.getenv("LEADWIRE_LOG_FORMAT")));
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        return delegate.doLayout(event);
    }
}
