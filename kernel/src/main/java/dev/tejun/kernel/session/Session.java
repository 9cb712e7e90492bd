package dev.tejun.kernel.session;

import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Event;
import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.event.RunStarted;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.evidence.RunInfo;
import dev.tejun.kernel.evidence.RunJson;
import dev.tejun.kernel.evidence.RunRecorder;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.retry.RecordedFields;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.Runbook;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The live state of one runbook being worked on: parameter values, results of cells that ran, executors
 * (a JShell, …) and the event log. Runs are queued and executed one at a time, top-down, on the session's own
 * thread, so execution never depends on a browser being connected. A run's cells are run by {@link SessionCells}; the
 * session queues runs, resolves their params, opens their evidence and takes their locks.
 */
public final class Session implements AutoCloseable {

    /**
     * What every session of a server shares. {@code cmdb} answers {@code cmdb.SHEET.HOST.COLUMN} references.
     */
    public record Services(
            ExecutorRegistry executors,
            EvidenceStore evidence,
            Path dataDir,
            Clock clock,
            Function<String, Optional<String>> cmdb,
            RunGuard guard,
            CellLimits limits) {

        public Services {
            guard = guard == null ? RunGuard.NONE : guard;
            limits = limits == null ? CellLimits.DEFAULTS : limits;
        }

        /** Services with the default cell limits. */
        public Services(
                ExecutorRegistry executors,
                EvidenceStore evidence,
                Path dataDir,
                Clock clock,
                Function<String, Optional<String>> cmdb,
                RunGuard guard) {
            this(executors, evidence, dataDir, clock, cmdb, guard, null);
        }

        /** Services whose runs hold nothing (no resource locks). */
        public Services(
                ExecutorRegistry executors,
                EvidenceStore evidence,
                Path dataDir,
                Clock clock,
                Function<String, Optional<String>> cmdb) {
            this(executors, evidence, dataDir, clock, cmdb, RunGuard.NONE, null);
        }

        /** The same services with other executors. */
        public Services withExecutors(ExecutorRegistry other) {
            return new Services(other, evidence, dataDir, clock, cmdb, guard, limits);
        }

        /** The same services with another run guard (one that knows the locks a flow holds already). */
        public Services with(RunGuard other) {
            return new Services(executors, evidence, dataDir, clock, cmdb, other, limits);
        }

        /** The same services with other cell limits. */
        public Services with(CellLimits other) {
            return new Services(executors, evidence, dataDir, clock, cmdb, guard, other);
        }
    }

    /**
     * A queued or running run; {@code finished} completes with the run's last event, on the session's thread: what
     * depends on it directly runs there, where closing the session interrupts it (use {@link #afterEnd}).
     */
    public record RunHandle(String runId, CompletableFuture<RunFinished> finished) {

        /**
         * Calls {@code action} with the run's last event on a thread of its own, never the session's: a session
         * closed just as its run ends interrupts its thread, and an interrupt cuts a database write short (a
         * PostgreSQL connection is given up) as it does a write through a file channel. Done when {@code action} is.
         */
        public CompletableFuture<Void> afterEnd(Consumer<RunFinished> action) {
            return finished.thenAcceptAsync(
                    action, task -> Thread.ofVirtual().name("run-end-" + runId).start(task));
        }
    }

    private final String id;
    private final RunbookFile file;
    private volatile Map<String, String> givenParams;
    /** Params masked as secret although the runbook does not declare them so (see {@link #alsoSecret}). */
    private volatile Set<String> alsoSecret = Set.of();

    private final Services services;
    private final EventLog log;
    private final ExecutorService worker;
    private final SessionCells cells;
    private final CellSlots slots;
    private final AtomicLong generation = new AtomicLong();
    /** Runs queued or running: each counts from {@link #run} until its {@link RunFinished} is in the log. */
    private final AtomicInteger unfinished = new AtomicInteger();

    private volatile String activeRunId;

    private final ParseCache parsed = new ParseCache();
    /** The evidence of the run being executed, the stream's second sink; null between runs. */
    private volatile RunRecorder recording;

    public Session(String id, RunbookFile file, Map<String, String> params, Path workDir, Services services) {
        this.id = id;
        this.file = file;
        this.givenParams = Map.copyOf(params);
        this.services = services;
        this.log = new EventLog(services.clock());
        this.slots = new CellSlots(services.cmdb());
        this.cells = new SessionCells(id, workDir, file.path(), services, log);
        // The event stream's sinks, in order: the log's own tail, then the running run's evidence, then whoever
        // subscribes later (a CLI printer, browsers). Subscribed first, evidence has each event before they do.
        log.subscribe(this::record);
        this.worker = Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("session-" + id).factory());
    }

    public String id() {
        return id;
    }

    /**
     * Masks these params in later runs as if the runbook declared them {@code secret: true}: a flow gives a node's
     * runbook its own secret param under a name the runbook may call plain.
     */
    public void alsoSecret(Set<String> names) {
        alsoSecret = Set.copyOf(names);
    }

    /** The params masked as secret beyond those the runbook declares so ({@link #alsoSecret(Set)}). */
    public Set<String> alsoSecret() {
        return alsoSecret;
    }

    public RunbookFile file() {
        return file;
    }

    /** Where this session's runs keep their evidence (a run's summary once sealed: {@link EvidenceStore#sealedSummary}). */
    public EvidenceStore evidence() {
        return services.evidence();
    }

    /** Parameter values for the runs queued from now on (front matter defaults fill the rest). */
    public void setParams(Map<String, String> params) {
        this.givenParams = Map.copyOf(params);
    }

    public Map<String, String> params() {
        return givenParams;
    }

    public EventLog events() {
        return log;
    }

    /** Runs the given cells in file order, or every code cell when {@code cellIds} is empty. */
    public RunHandle run(List<String> cellIds, String user, String via) {
        return run(cellIds, user, via, null, null);
    }

    /**
     * As {@link #run(List, String, String)}; with {@code retry}, the run retries an earlier run's failed hosts: its
     * failed cell runs on those hosts only, and its evidence names the run it retries. {@code givenId} is the run's
     * id when a queue handed it out before the run was placed here (a REST run waits in the server's run queue
     * under it); null: a new one.
     */
    public RunHandle run(List<String> cellIds, String user, String via, RunJson.Retry retry, String givenId) {
        String runId = givenId != null ? givenId : services.evidence().newRunId();
        long gen = generation.get();
        unfinished.incrementAndGet();
        CompletableFuture<RunFinished> done = new CompletableFuture<>();
        worker.execute(() -> {
            RunFinished finished;
            if (gen != generation.get()) {
                finished = log.append(seq ->
                        new RunFinished(seq, now(), runId, CellStatus.STOPPED, null, "stopped before it started"));
            } else {
                finished = execute(runId, cellIds, user, via, gen, retry);
            }
            done.complete(finished);
        });
        return new RunHandle(runId, done);
    }

    /**
     * True from the moment a run is queued until the last queued run's {@link RunFinished} is in the event log, so
     * a client that has seen that event finds the session idle.
     */
    public boolean busy() {
        return unfinished.get() > 0;
    }

    /**
     * Ends the kernel cell {@code cellId} runs in (its variables with it; the session's other kernels stay): its next
     * cell starts a fresh one. Without a cell, the whole executor of {@code language}. Refused while a run is queued
     * or going on, which may be using it.
     */
    public synchronized boolean restart(String language, String cellId) {
        if (busy()) {
            throw new IllegalStateException("a run is going on in this session: stop it first, then restart");
        }
        CodeCell cell = cellId == null
                ? null
                : runbook()
                        .codeCell(cellId)
                        .filter(c -> c.language().equals(language))
                        .orElseThrow(() -> new IllegalArgumentException("no " + language + " cell " + cellId));
        return cells.restart(language, cell);
    }

    /** Stops the running cell (killing its processes) and drops queued runs. */
    public void interrupt() {
        generation.incrementAndGet();
        cells.interrupt();
    }

    public SessionSnapshot snapshot() {
        return new SessionSnapshot(id, file.name(), cells.states(), activeRunId, log.lastSeq());
    }

    private RunFinished execute(
            String runId, List<String> cellIds, String user, String via, long gen, RunJson.Retry retry) {
        activeRunId = runId;
        RunGuard.Held held = RunGuard.Held.NONE;
        try {
            byte[] bytes = file.read();
            Runbook runbook = parsed.of(bytes);
            Map<String, String> params;
            try {
                params = Params.resolve(runbook.metadata(), givenParams);
            } catch (Params.InvalidParams e) {
                return log.append(seq -> new RunFinished(seq, now(), runId, CellStatus.FAILED, null, e.getMessage()));
            }
            List<CodeCell> chosen = select(runbook, cellIds);
            if (retry != null) {
                // the cells before the one it goes on from are not run again: later cells read what they left
                slots.restore(RecordedFields.of(services.evidence().root(), retry.runId()));
            }
            Optional<String> noSpace = services.limits().refusal(services.dataDir());
            if (noSpace.isPresent()) {
                return log.append(seq -> new RunFinished(seq, now(), runId, CellStatus.FAILED, null, noSpace.get()));
            }
            // resource locks (issue 23): may wait here, queued, or refuse by throwing
            held = services.guard().enter(runId, file.name(), runbook, params, () -> generation.get() != gen);
            RunInfo info = new RunInfo(
                    runId,
                    file.name(),
                    bytes,
                    services.evidence().gitInfo(file.path(), bytes),
                    SecretParams.masked(runbook, params, alsoSecret),
                    user,
                    via,
                    now());
            try (RunRecorder recorder = services.evidence().begin(info)) {
                recording = recorder;
                if (retry != null) {
                    recorder.retryOf(retry);
                }
                try {
                    log.append(seq -> new RunStarted(
                            seq,
                            now(),
                            runId,
                            file.name(),
                            chosen.stream().map(CodeCell::id).toList(),
                            user));
                    RunPlan plan = new RunPlan(
                            services,
                            file.name(),
                            info,
                            params,
                            SecretParams.masker(runbook, params, alsoSecret),
                            recorder,
                            retry,
                            parsed,
                            slots);
                    CellStatus runStatus = cells.run(plan, chosen, () -> generation.get() != gen);
                    // the recorder seals the run as it gets this event, before any later sink sees it
                    return log.append(seq -> new RunFinished(
                            seq, now(), runId, runStatus, recorder.dir().toString(), null));
                } finally {
                    recording = null;
                }
            }
        } catch (RuntimeException | IOException e) {
            return log.append(
                    seq -> new RunFinished(seq, now(), runId, CellStatus.FAILED, null, String.valueOf(e.getMessage())));
        } finally {
            held.close();
            activeRunId = null;
        }
    }

    /**
     * A browser opened the session: the executors of the languages its runbook's cells are written in may make ready
     * now what their first cell needs (a JShell's JVM), so that cell does not wait for it. Best effort: a runbook
     * that cannot be read now prepares nothing, and its cells say why when they run.
     */
    public void prepare() {
        Set<String> languages;
        try {
            languages = runbook().codeCells().stream().map(CodeCell::language).collect(Collectors.toSet());
        } catch (RuntimeException unreadable) {
            return;
        }
        cells.prepare(languages);
    }

    /**
     * This session runs one run of {@code cellIds} (all when empty) and closes (an API run, a schedule's, an alert
     * rule's), so the executor of a language with one cell in that run keeps nothing for a next one: a lone shell
     * cell starts in a sandbox of its own instead of a sandbox process started for it alone, about half the CPU of a
     * one-cell run. Call it before {@link #run}; a runbook that cannot be read changes nothing (its run says why).
     */
    public void runsOnce(List<String> cellIds) {
        Map<String, Long> perLanguage;
        try {
            perLanguage = select(runbook(), cellIds).stream()
                    .collect(Collectors.groupingBy(CodeCell::language, Collectors.counting()));
        } catch (RuntimeException unreadable) {
            return;
        }
        cells.once(perLanguage.entrySet().stream()
                .filter(e -> e.getValue() == 1)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet()));
    }

    /** The runbook as its file reads now (read at every call, parsed again only when its bytes changed). */
    public Runbook runbook() {
        return parsed.of(file.read());
    }

    private List<CodeCell> select(Runbook runbook, List<String> cellIds) {
        if (cellIds == null || cellIds.isEmpty()) {
            return runbook.codeCells();
        }
        List<CodeCell> chosen = new ArrayList<>();
        for (String cellId : cellIds) {
            chosen.add(runbook.codeCell(cellId)
                    .orElseThrow(() -> new IllegalArgumentException("no cell '" + cellId + "' in " + file.name())));
        }
        return chosen;
    }

    /** The evidence sink of the event stream: every event of the running run, once, in seq order. */
    private void record(Event event) {
        RunRecorder recorder = recording;
        if (event instanceof RunFinished) {
            unfinished.decrementAndGet();
        }
        if (recorder != null) {
            recorder.accept(event);
        }
    }

    private Instant now() {
        return services.clock().instant();
    }

    @Override
    public void close() {
        interrupt();
        worker.shutdownNow();
        cells.close();
        log.close();
    }
}
