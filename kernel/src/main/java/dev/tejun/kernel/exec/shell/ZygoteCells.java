package dev.tejun.kernel.exec.shell;

import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.sandbox.CellSandbox;
import dev.tejun.kernel.exec.sandbox.Zygote;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * A session's shell cells in its {@link Zygote}: started on the session's first cell (or taken from the ones made
 * ready when notebooks opened, {@link ZygotePool}), started again (and the cell
 * says so) when it has died, and given up for the session, with a warning, when it cannot start three times in a
 * row, so that cells start one by one as before. A cell that finds the zygote busy (another cell of the session still running, as a
 * flow may do) or belonging to another work folder or runbook folder ({@code cwd=}) starts on its own too: two cells never share a namespace.
 */
final class ZygoteCells implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ZygoteCells.class.getName());
    /** A zygote that has not started a cell within this is taken for wedged (stopped from inside, say). */
    private static final Duration START_LIMIT = Duration.ofSeconds(10);
    /** The monitor's TERM grace and its wait for output after the KILL, and some room. */
    private static final Duration STOP_LIMIT = ProcessGroup.GRACE.plusSeconds(5);

    /** Starts that fail in a row before the session gives up on its zygote (a busy machine can make one slow). */
    private static final int ATTEMPTS = 3;

    private final CellSandbox sandbox;
    private Zygote zygote;
    private int failedStarts;
    private String unavailable;

    /** Zygotes made ready when sessions opened, or null: the first cell takes its session's. */
    private final ZygotePool ready;

    ZygoteCells(CellSandbox sandbox, ZygotePool ready) {
        this.sandbox = sandbox;
        this.ready = ready;
    }

    /** A running cell, or null when this one starts on its own (no zygote here, or it is busy). */
    synchronized Zygote.Cell launch(
            Path workFolder,
            List<Path> readOnly,
            Path cwd,
            String script,
            Path shell,
            Zygote.Streams streams,
            Map<String, String> env,
            Output output) {
        if (!sandbox.zygotes() || unavailable != null) {
            return null;
        }
        Path work = workFolder.toAbsolutePath().normalize();
        if (zygote != null && zygote.ended() != null) {
            String why = zygote.ended();
            zygote.close();
            zygote = null;
            output.stderr("tejun: this session's sandbox process had ended (" + why + "); a new one was started\n");
        }
        if (zygote != null
                && (zygote.running() > 0
                        || !zygote.workFolder().equals(work)
                        || !zygote.readOnly().equals(readOnly))) {
            return null;
        }
        if (zygote == null && ready != null) {
            zygote = ready.take(work, readOnly); // made ready when the notebook opened, if it was
        }
        if (zygote == null) {
            try {
                zygote = sandbox.zygote(work, readOnly);
                failedStarts = 0;
            } catch (IOException e) {
                String why = "cannot start this session's sandbox process (" + e.getMessage() + "): ";
                if (++failedStarts < ATTEMPTS) {
                    LOG.log(System.Logger.Level.WARNING, why + "this cell starts in a sandbox of its own");
                    return null;
                }
                unavailable = why + "its shell cells start one by one, each in a sandbox of its own, a few ms slower";
                LOG.log(System.Logger.Level.WARNING, unavailable);
                output.stderr("tejun: WARNING: " + unavailable + "\n");
                return null;
            }
        }
        try {
            return zygote.launch(
                    cwd,
                    script,
                    shell,
                    streams,
                    env,
                    (stream, data, offset, length) -> output.write(stream, null, data, offset, length));
        } catch (IOException e) {
            return null; // it died just now: the next cell starts a new one and says so
        }
    }

    /** Waits for the cell as the executor waits for a process of its own: its timeout, a stop, its output. */
    CellOutcome await(Zygote.Cell cell, Duration timeout) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, timeout.toNanos());
        try {
            if (!cell.awaitStarted(START_LIMIT)) {
                abandon("it did not start the cell within " + START_LIMIT.toSeconds() + " s");
            }
            int code = cell.await(deadline == Long.MAX_VALUE ? null : Duration.ofNanos(deadline - System.nanoTime()));
            RuntimeException failure = cell.failure();
            if (failure != null) {
                return CellOutcome.failed(code, "the cell's output could not be delivered: " + failure.getMessage());
            }
            return code == 0 ? CellOutcome.ok(0, null) : CellOutcome.failed(code, "exit code " + code);
        } catch (TimeoutException e) {
            boolean interrupted = stop(cell);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return CellOutcome.timedOut(timeout);
        } catch (InterruptedException e) {
            stop(cell);
            // the caller learns it was stopped from the outcome and from its own interrupt flag
            Thread.currentThread().interrupt();
            return CellOutcome.stopped();
        } catch (IOException e) {
            return CellOutcome.failed(null, e.getMessage());
        }
    }

    /** Ends the cell's processes and waits for them; true if interrupted meanwhile. */
    private boolean stop(Zygote.Cell cell) {
        cell.stop();
        boolean interrupted = false;
        long deadline = System.nanoTime() + STOP_LIMIT.toNanos();
        while (true) {
            try {
                cell.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true; // the processes are being ended; wait for that all the same
            } catch (TimeoutException e) {
                cell.detach();
                abandon("it did not end a stopped cell within " + STOP_LIMIT.toSeconds() + " s");
                return interrupted;
            } catch (IOException e) {
                return interrupted;
            }
        }
    }

    /** Kills a zygote that no longer answers, and with it the session's cells; the next cell starts a new one. */
    private synchronized void abandon(String why) {
        LOG.log(System.Logger.Level.WARNING, "this session's sandbox process is killed: " + why);
        if (zygote != null) {
            zygote.close();
        }
    }

    @Override
    public synchronized void close() {
        if (zygote != null) {
            zygote.close();
            zygote = null;
        }
    }
}
