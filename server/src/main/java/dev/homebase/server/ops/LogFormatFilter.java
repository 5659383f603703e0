package dev.homebase.server.ops;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Locale;

/**
 * Lets through only the appender of the log format in force ({@code logback.xml}: {@code HOMEBASE_LOG_FORMAT}):
 * {@code json} passes the JSON appender, anything else the text one. Both appenders stay referenced, so logback has
 * nothing to warn about on stdout (where {@code service-token} prints its token).
 */
public final class LogFormatFilter extends Filter<ILoggingEvent> {
    private String format = "text";
    private String selected = "text";
    private boolean pass;

    /** This appender's format: {@code text} or {@code json}. */
    public void setFormat(String format) {
        this.format = format.strip().toLowerCase(Locale.ROOT);
    }

    /** The format asked for ({@code ${HOMEBASE_LOG_FORMAT:-text}}). */
    public void setSelected(String selected) {
        this.selected = selected.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public void start() {
        boolean json = selected.equals("json");
        pass = format.equals("json") == json;
        super.start();
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        return pass ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
