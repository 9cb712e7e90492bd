package dev.tejun.server.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;

/** {@code log.format}: text is logback.xml as it loaded; json swaps in logback-json.xml before the server starts. */
final class LogFormat {

    private LogFormat() {}

    static void apply(boolean json) {
        if (!json || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        if (System.getProperty("logback.configurationFile") != null) {
            return; // the operator's own file wins over the setting
        }
        context.reset();
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        try {
            joran.doConfigure(LogFormat.class.getResource("/logback-json.xml"));
        } catch (JoranException e) {
            throw new IllegalStateException("logback-json.xml does not load", e);
        }
    }
}
