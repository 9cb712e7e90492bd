package dev.tejun.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.template.Quoting;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timing a factory's cells keeps what else the factory is told: a session opening ({@code prepare}: the JShell JVM
 * started ahead of a notebook's first java cell) and the server stopping ({@code close}: that JVM let go). The timed
 * wrapper had dropped both, so the server no longer started a java session's JVM ahead of time.
 */
class MeteredFactoriesTest {

    @TempDir
    Path temp;

    /** Says what it was told. */
    private static final class Told implements ExecutorFactory {
        final List<String> calls = new ArrayList<>();

        @Override
        public Set<String> languages() {
            return Set.of("told");
        }

        @Override
        public Executor create(SessionContext session) {
            return (request, output) -> CellOutcome.ok(0, null);
        }

        @Override
        public void prepare(SessionContext session) {
            calls.add("prepare " + session.sessionId());
        }

        @Override
        public void close() {
            calls.add("close");
        }

        @Override
        public Quoting quoting() {
            return null;
        }
    }

    @Test
    void metered_prepareAndClose_reachTheRealFactory() {
        Told told = new Told();
        ExecutorRegistry metered =
                new CellMetrics(new SimpleMeterRegistry()).metered(new ExecutorRegistry(List.of(told)));

        metered.forLanguage("told").orElseThrow().prepare(new SessionContext("s1", temp, temp));
        metered.close();

        assertEquals(List.of("prepare s1", "close"), told.calls);
    }
}
