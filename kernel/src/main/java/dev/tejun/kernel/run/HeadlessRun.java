package dev.tejun.kernel.run;

import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.folder.Trees;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.retry.RetryPlan;
import dev.tejun.kernel.runbook.Runbook;
import dev.tejun.kernel.session.Params;
import dev.tejun.kernel.session.RunbookFile;
import dev.tejun.kernel.session.Session;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Runs a runbook top-down without anybody watching, for schedulers and CI: nothing prompts, progress goes to the
 * terminal, evidence is written, and the exit code says how it went.
 */
public final class HeadlessRun {

    public static final int OK = 0;
    public static final int CELL_FAILED = 1;
    public static final int USAGE = 2;

    /** Told when the run starts and ends (the CLI writes them to the audit log and the run index). */
    public interface Watcher {
        Watcher NONE = new Watcher() {};

        default void started(String runId) {}

        /** As above, with the way to stop the run (e.g. when a server on the same data folder is asked to). */
        default void started(String runId, Runnable stop) {
            started(runId);
        }

        default void finished(RunFinished done) {}
    }

    private final Session.Services services;
    private final PrintStream out;
    private final PrintStream err;
    private final Watcher watcher;

    public HeadlessRun(Session.Services services, PrintStream out, PrintStream err) {
        this(services, out, err, Watcher.NONE);
    }

    public HeadlessRun(Session.Services services, PrintStream out, PrintStream err, Watcher watcher) {
        this.services = services;
        this.out = out;
        this.err = err;
        this.watcher = watcher;
    }

    /** Returns the process exit code: 0 when every cell succeeded, 1 when one did not, 2 for usage errors and a runbook without cells. */
    public int run(Path file, Map<String, String> params, String user) throws InterruptedException {
        return run(file, params, user, null);
    }

    /**
     * As above; with {@code retry}, the run retries an earlier run's failed hosts ({@link RetryPlan}): refused when
     * the runbook is no longer the one that ran, else its failed cell on those hosts, then the cells after it.
     */
    public int run(Path file, Map<String, String> params, String user, RetryPlan retry) throws InterruptedException {
        if (!Files.isRegularFile(file)) {
            err.println("tejun run: no runbook at " + file);
            return USAGE;
        }
        Runbook runbook;
        try {
            runbook = RunbookFormat.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            err.println("tejun run: cannot read " + file + ": " + e.getMessage());
            return USAGE;
        }
        if (runbook.codeCells().isEmpty()) {
            // a run that runs nothing must not look like a run that went well
            err.println("tejun run: no cells to run in " + file);
            runbook.problems().forEach(p -> err.println("tejun run: " + p));
            return USAGE;
        }
        List<String> cells = List.of();
        if (retry != null) {
            try {
                retry.requireSameRunbook(Files.readAllBytes(file));
                cells = retry.cellsFrom(runbook);
                params = retry.params(params, runbook);
            } catch (IOException | IllegalArgumentException e) {
                err.println("tejun run: " + e.getMessage());
                return USAGE;
            }
            out.println(retry.describe());
        }
        try {
            Params.resolve(runbook.metadata(), params);
        } catch (Params.InvalidParams e) {
            e.problems().forEach(p -> err.println("tejun run: " + p));
            return USAGE;
        }
        Path work;
        try {
            work = Files.createDirectories(services.dataDir()
                    .resolve("work")
                    .resolve("cli-" + ProcessHandle.current().pid()));
        } catch (IOException e) {
            err.println("tejun run: cannot create a work folder in " + services.dataDir() + ": " + e.getMessage());
            return USAGE;
        }
        try (Session session = new Session("cli", new RunbookFile(file.toString(), file), params, work, services);
                AutoCloseable printing = session.events().subscribe(new CliPrinter(out, err))) {
            Thread stopOnCtrlC = new Thread(session::interrupt);
            Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
            Session.RunHandle run = session.run(cells, user, "cli", retry == null ? null : retry.link(), null);
            watcher.started(run.runId(), session::interrupt);
            RunFinished finished = run.finished().get();
            watcher.finished(finished);
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // already on the way out: the hook is running
            }
            return finished.status() == CellStatus.OK ? OK : CELL_FAILED;
        } catch (ExecutionException e) {
            err.println("tejun run: " + e.getCause());
            return CELL_FAILED;
        } catch (Exception e) {
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            err.println("tejun run: " + e.getMessage());
            return CELL_FAILED;
        } finally {
            forget(work);
        }
    }

    /** The work folder held only this run's scratch files (evidence is kept elsewhere), so it goes with the run. */
    private void forget(Path work) {
        try {
            Trees.delete(work);
        } catch (IOException e) {
            err.println("tejun run: could not remove the work folder " + work + ": " + e.getMessage());
        }
    }
}
