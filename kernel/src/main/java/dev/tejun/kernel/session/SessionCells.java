package dev.tejun.kernel.session;

import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellStarted;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.Restartable;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.secret.Masker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Runs the cells of a session's runs, one at a time on the session's thread: each cell in order under the locks it
 * declares, through its language's executor (made on first use and kept for the session, so a JShell or a Jupyter
 * kernel carries its variables from cell to cell), its start and end written to the event log and its state kept
 * for the session's snapshot. A stop interrupts the cell that is running; the cells after it are skipped.
 */
final class SessionCells implements AutoCloseable {

    private final String sessionId;
    private final Path workDir;
    private final Path runbook;
    private final Session.Services services;
    private final EventLog log;
    private final Map<String, Executor> executors = new ConcurrentHashMap<>();
    /** The factories told that this session opened ({@link #prepare}): told again when it closes. */
    private final Set<ExecutorFactory> told =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    private final Map<String, CellState> states = new ConcurrentHashMap<>();
    /** Languages with one cell in the session's one run ({@link #once}). */
    private volatile Set<String> once = Set.of();
    /** The thread running a cell's executor, interrupted to stop it; null between cells. */
    private volatile Thread runningThread;

    SessionCells(String sessionId, Path workDir, Path runbook, Session.Services services, EventLog log) {
        this.sessionId = sessionId;
        this.workDir = workDir;
        this.runbook = runbook;
        this.services = services;
        this.log = log;
    }

    /**
     * Lets the executors of {@code languages} make ready what their first cell needs ({@link ExecutorFactory#prepare}),
     * for those with no executor in this session yet.
     */
    void prepare(Set<String> languages) {
        for (String language : languages) {
            if (!executors.containsKey(language)) {
                services.executors().forLanguage(language).filter(told::add).ifPresent(f -> f.prepare(context()));
            }
        }
    }

    private SessionContext context() {
        return new SessionContext(sessionId, workDir, services.dataDir(), runbook);
    }

    /** The context an executor of {@code language} is made with: see {@link #once}. */
    private SessionContext context(String language) {
        SessionContext context = context();
        return once.contains(language)
                ? new SessionContext(
                        sessionId,
                        workDir,
                        services.dataDir(),
                        runbook,
                        context.sandbox().withoutZygotes())
                : context;
    }

    /**
     * The session runs one run and ends, with one cell of each of {@code languages}: their executors keep nothing
     * for a next cell (a shell cell starts in a sandbox of its own, not in a sandbox process it would be alone in).
     */
    void once(Set<String> languages) {
        once = Set.copyOf(languages);
    }

    /**
     * Runs {@code cells} in order; after one that did not succeed the rest are skipped, and once {@code stopped}
     * says so the rest are skipped as stopped. Returns the run's status: OK, or the first cell's that was not.
     */
    CellStatus run(RunPlan plan, List<CodeCell> cells, BooleanSupplier stopped) {
        String runId = plan.runId();
        CellStatus worst = CellStatus.OK;
        String stoppedBy = null;
        for (CodeCell cell : cells) {
            if (stoppedBy == null && stopped.getAsBoolean()) {
                worst = CellStatus.STOPPED;
                stoppedBy = "(stop requested)";
            }
            if (stoppedBy != null) {
                String why = "skipped: cell " + stoppedBy + " did not succeed";
                finish(runId, cell.id(), CellStatus.SKIPPED, null, 0, why);
                continue;
            }
            if (cell.attributes().flag("freeze")) {
                // frozen by its author: not run; what it left in this session (or the run resumed) stays readable
                finish(runId, cell.id(), CellStatus.FROZEN, null, 0, "frozen (freeze=true): not run");
                continue;
            }
            CellStatus status = locked(plan, cell, stopped);
            if (status != CellStatus.OK) {
                boolean goOn = status == CellStatus.FAILED && cell.attributes().flag("continue-on-error");
                worst = status == CellStatus.STOPPED ? CellStatus.STOPPED : worst == CellStatus.OK ? status : worst;
                if (!goOn) {
                    stoppedBy = cell.id();
                }
            }
        }
        return worst;
    }

    /** Interrupts the cell that is running, if one is (its executor kills its processes). */
    void interrupt() {
        Thread t = runningThread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** The state of every cell that ran in this session, by cell id. */
    Map<String, CellState> states() {
        return Map.copyOf(states);
    }

    /**
     * Ends the kernel {@code cell} runs in when its executor keeps one per cell ({@link Restartable}), else the whole
     * executor of {@code language}, so its next cell starts a fresh one; false when there was nothing to end.
     */
    boolean restart(String language, CodeCell cell) {
        if (cell != null && executors.get(language) instanceof Restartable part) {
            return part.restart(new CellRequest(
                    null, cell.id(), language, cell.code(), cell.attributes(), workDir, null, Map.of()));
        }
        Executor gone = executors.remove(language);
        if (gone != null) {
            gone.close();
        }
        return gone != null;
    }

    /** Runs {@code cell} holding the locks it declares (issue 23): it may wait for them, or fail when refused. */
    private CellStatus locked(RunPlan plan, CodeCell cell, BooleanSupplier stopped) {
        RunGuard.Held held;
        try {
            held = plan.enterCell(cell, stopped);
        } catch (IllegalStateException e) {
            started(plan.runId(), cell, cell.code());
            return finish(plan.runId(), cell.id(), CellStatus.FAILED, null, 0, e.getMessage());
        }
        try (held) {
            return runOne(plan, cell, stopped);
        }
    }

    private CellStatus runOne(RunPlan plan, CodeCell cell, BooleanSupplier stopped) {
        String runId = plan.runId();
        Masker secrets = plan.secrets();
        Instant start = now();
        Optional<ExecutorFactory> factory = services.executors().forLanguage(cell.language());
        RunPlan.ReadyCell ready;
        try {
            ready = plan.ready(cell, factory);
        } catch (IllegalArgumentException e) {
            started(runId, cell, cell.code());
            return finish(runId, cell.id(), CellStatus.FAILED, null, 0, e.getMessage());
        }
        String code = ready.rendered().text();
        // The input as run goes to evidence and browsers too: a substituted secret is masked there as well.
        started(runId, cell, secrets.mask(code));
        if (factory.isEmpty()) {
            return finish(
                    runId,
                    cell.id(),
                    CellStatus.FAILED,
                    null,
                    0,
                    "no executor for language '" + cell.language() + "' on this server");
        }
        Executor executor =
                executors.computeIfAbsent(cell.language(), l -> factory.get().create(context(l)));
        RunPlan.CellOutput output = plan.output(cell, log);
        CellRequest request = plan.request(cell, ready, workDir);
        CellOutcome outcome;
        runningThread = Thread.currentThread();
        if (stopped.getAsBoolean()) {
            // A stop that came between cells must still reach this one.
            Thread.currentThread().interrupt();
        }
        try {
            outcome = executor.execute(request, output.target());
        } catch (RuntimeException e) {
            outcome = CellOutcome.failed(null, "executor failed: " + e);
        } finally {
            runningThread = null;
            // The interrupt was meant for the cell, and the executor has acted on it; the thread goes on.
            Thread.interrupted();
        }
        output.finish(outcome);
        long millis = Duration.between(start, now()).toMillis();
        return finish(runId, cell.id(), outcome.status(), outcome.exitCode(), millis, secrets.mask(outcome.message()));
    }

    private void started(String runId, CodeCell cell, String code) {
        states.put(cell.id(), new CellState(cell.id(), CellStatus.RUNNING, null, runId, null, null));
        log.append(seq -> new CellStarted(seq, now(), runId, cell.id(), cell.language(), code));
    }

    private CellStatus finish(
            String runId, String cellId, CellStatus status, Integer exit, long millis, String message) {
        states.put(cellId, new CellState(cellId, status, exit, runId, millis, message));
        log.append(seq -> new CellFinished(seq, now(), runId, cellId, status, exit, millis, message));
        return status;
    }

    private Instant now() {
        return services.clock().instant();
    }

    /** Closes every executor the session made. */
    @Override
    public void close() {
        executors.values().forEach(Executor::close);
        executors.clear();
        List<ExecutorFactory> opened;
        synchronized (told) {
            opened = List.copyOf(told);
            told.clear();
        }
        opened.forEach(f -> f.forget(context()));
    }
}
