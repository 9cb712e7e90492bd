package dev.tejun.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.cli.Main;
import dev.tejun.server.cmdb.CmdbSamples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Every logging API a library or our own code may use (SLF4J, java.util.logging, System.Logger, Log4j API) ends in
 * the one backend, Logback; before, POI's Log4j API calls found no provider and printed an error on every Excel use.
 */
class OneLoggingBackendTest {

    @TempDir
    Path temp;

    private final ListAppender<ILoggingEvent> seen = new ListAppender<>();
    private Logger root;

    @BeforeEach
    void listen() {
        root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        seen.start();
        root.addAppender(seen);
    }

    @AfterEach
    void stopListening() {
        root.detachAppender(seen);
    }

    @Test
    void everyLoggingApi_endsInLogback() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        LoggerFactory.getLogger("tejun.slf4j").warn("from slf4j");
        java.util.logging.Logger.getLogger("tejun.jul").warning("from jul");
        System.getLogger("tejun.system").log(System.Logger.Level.WARNING, "from system logger");
        LogManager.getLogger("tejun.log4j").warn("from log4j api");

        List<String> messages = seen.list.stream()
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
                .toList();
        assertTrue(messages.contains("tejun.slf4j: from slf4j"), messages.toString());
        assertTrue(messages.contains("tejun.jul: from jul"), messages.toString());
        assertTrue(messages.contains("tejun.system: from system logger"), messages.toString());
        assertTrue(messages.contains("tejun.log4j: from log4j api"), messages.toString());
    }

    /** In its own JVM, as the launcher runs it: POI logs through Log4j API while it reads and writes workbooks. */
    @Test
    @Tag("e2e")
    void cmdbExportAndImport_inItsOwnJvm_printNoLog4jProviderError() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        try (CmdbStore store = new CmdbStore(TestDatabases.settings(home), Clock.systemUTC())) {
            CmdbSamples.fill(store);
        }
        Path book = temp.resolve("cmdb.xlsx");
        String export = tejun(home, 0, "cmdb", "export", "-o", book.toString());
        String dryRun = tejun(home, 0, "cmdb", "import", book.toString(), "--dry-run");

        for (String output : List.of(export, dryRun)) {
            assertFalse(output.contains("could not find a logging provider"), output);
            assertFalse(output.contains("ERROR"), output);
        }
    }

    private String tejun(Path home, int expectedCode, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command =
                new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(temp, "cli", ".log");
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("TEJUN_HOME", home.toString());
        pb.environment().putAll(TestDatabases.environment(home));
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tejun did not end");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(expectedCode, p.exitValue(), output);
        return output;
    }
}
