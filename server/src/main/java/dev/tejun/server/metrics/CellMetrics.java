package dev.tejun.server.metrics;

import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.Restartable;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.template.Quoting;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The figures of the cells this server runs, whatever started them (notebook, REST, schedule, alert rule, flow): each
 * cell's time by language ({@code tejun_cell_duration_seconds{language}}), the JShell agent JVMs alive (a Java
 * session starts its agent at its first cell and stops it when the session closes) and the bytes of evidence the
 * runs wrote (counted when a run ends, from its evidence folder: evidence is only ever added to).
 */
public final class CellMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(CellMetrics.class);
    /** The language whose executor starts a JShell agent JVM. */
    private static final String JAVA = "java";

    private final MeterRegistry registry;
    // Micrometer holds a gauge's object weakly: this field keeps it
    private final AtomicInteger agents = new AtomicInteger();

    CellMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("tejun.jshell.agents", agents, AtomicInteger::get)
                .description("JShell agent JVMs alive: Java sessions that ran a cell and are not closed")
                .register(registry);
    }

    /** {@code cells} whose every executor is timed, by the language of the cell it runs. */
    public ExecutorRegistry metered(ExecutorRegistry cells) {
        Map<ExecutorFactory, Boolean> seen = new IdentityHashMap<>();
        List<ExecutorFactory> timed = new ArrayList<>();
        for (String language : cells.languages()) {
            ExecutorFactory f = cells.forLanguage(language).orElseThrow();
            if (seen.put(f, true) == null) {
                timed.add(new Timed(f, this));
            }
        }
        return new ExecutorRegistry(timed);
    }

    /** Counts the bytes of evidence the runs of this server write, as {@code evidence} seals them. */
    public void counting(EvidenceStore evidence) {
        FunctionCounter.builder("tejun.evidence.written", evidence, EvidenceStore::writtenBytes)
                .baseUnit("bytes")
                .description("bytes of evidence the runs of this server wrote")
                .register(registry);
    }

    private void time(String language, long nanos) {
        Timer.builder("tejun.cell.duration")
                .description("cells run, by language, and how long each took")
                .tag("language", language)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    private record Timed(ExecutorFactory real, CellMetrics metrics) implements ExecutorFactory {
        @Override
        public Set<String> languages() {
            return real.languages();
        }

        @Override
        public Executor create(SessionContext session) {
            Executor made = real.create(session);
            // "restart kernel" on one cell finds a Jupyter executor by this interface: the timed one keeps it
            return made instanceof Restartable part
                    ? new TimedRestartable(made, part, metrics)
                    : new TimedExecutor(made, metrics);
        }

        @Override
        public void prepare(SessionContext session) {
            real.prepare(session);
        }

        @Override
        public void forget(SessionContext session) {
            real.forget(session);
        }

        @Override
        public void close() {
            real.close();
        }

        @Override
        public Quoting quoting() {
            return real.quoting();
        }
    }

    private static final class TimedRestartable extends TimedExecutor implements Restartable {
        private final Restartable part;

        TimedRestartable(Executor real, Restartable part, CellMetrics metrics) {
            super(real, metrics);
            this.part = part;
        }

        @Override
        public boolean restart(CellRequest cell) {
            return part.restart(cell);
        }
    }

    private static class TimedExecutor implements Executor {
        private final Executor real;
        private final CellMetrics metrics;
        private boolean agentStarted;

        TimedExecutor(Executor real, CellMetrics metrics) {
            this.real = real;
            this.metrics = metrics;
        }

        @Override
        public CellOutcome execute(CellRequest request, Output output) {
            synchronized (this) {
                if (request.language().equals(JAVA) && !agentStarted) {
                    agentStarted = true;
                    metrics.agents.incrementAndGet();
                }
            }
            long t0 = System.nanoTime();
            try {
                return real.execute(request, output);
            } finally {
                metrics.time(request.language(), System.nanoTime() - t0);
            }
        }

        @Override
        public void close() {
            try {
                real.close();
            } finally {
                synchronized (this) {
                    if (agentStarted) {
                        agentStarted = false;
                        metrics.agents.decrementAndGet();
                    }
                }
            }
        }
    }
}
