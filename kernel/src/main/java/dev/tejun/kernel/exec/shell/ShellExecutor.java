package dev.tejun.kernel.exec.shell;

import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.sandbox.CellSandbox;
import dev.tejun.kernel.exec.sandbox.Zygote;
import dev.tejun.kernel.format.Transcript;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs each shell cell as a new process. Nothing is kept between cells (a shell cell cannot set a variable for
 * the next one, as in a terminal tab, because each cell must be rerunnable on its own); the executor only
 * remembers the cells still running so that closing the session ends them. Under bubblewrap the session's cells
 * are forked by its long-lived sandbox ({@link ZygoteCells}) rather than each set up in namespaces of its own.
 */
final class ShellExecutor implements Executor {

    /**
     * How long background processes may hold the cell's output open after the shell has exited. They are part
     * of the cell, which is over, so after this they are ended; a daemon that redirected its output is not
     * holding anything and is left alone.
     */
    static final Duration LINGER = Duration.ofSeconds(1);
    /** How long to wait for output still in the pipes once every process has been killed. */
    private static final Duration DRAIN_AFTER_KILL = Duration.ofSeconds(2);

    private static final File NO_INPUT = new File("/dev/null");
    private static final System.Logger LOG = System.getLogger(ShellExecutor.class.getName());

    private final SessionContext session;
    private final Programs programs;
    private final CellSandbox sandbox;
    private final Set<ProcessGroup> running = ConcurrentHashMap.newKeySet();
    private final ZygoteCells zygote;
    /** The runbooks folder {@code cwd=} stays in, or null: the runbook's own folder ({@link CellFolder}). */
    private final Path runbooksDir;
    /** Whether a cell of this session said already why it starts in its work folder (once is enough). */
    private volatile boolean toldFolder;

    ShellExecutor(SessionContext session, Programs programs, Path runbooksDir) {
        this(session, programs, runbooksDir, null);
    }

    /** @param ready sandbox processes made ready for sessions' first cells, or null */
    ShellExecutor(SessionContext session, Programs programs, Path runbooksDir, ZygotePool ready) {
        this.session = session;
        this.programs = programs;
        this.runbooksDir = runbooksDir;
        this.sandbox = session != null ? session.sandbox() : CellSandbox.configured(null);
        this.zygote = new ZygoteCells(sandbox, ready);
    }

    @Override
    public CellOutcome execute(CellRequest request, Output output) {
        if (Thread.currentThread().isInterrupted()) {
            return CellOutcome.stopped();
        }
        Optional<Transcript> transcript = Transcript.read(request.language(), request.code());
        if (transcript.isEmpty()) {
            return runCode(request, request.code(), output);
        }
        Transcript t = transcript.get();
        note(output, "tejun: " + t.describe() + "\n");
        if (t.steps().isEmpty()) {
            return runCode(request, t.commands(), output);
        }
        // each command's output is told apart and shown beside the output pasted under it
        TranscriptOutput compared = new TranscriptOutput(output, t);
        CellOutcome outcome = runCode(request, compared.script(), compared);
        int differ = compared.finish();
        if (differ > 0) {
            note(
                    output,
                    "tejun: " + differ + " of " + t.steps().size() + (t.steps().size() == 1 ? " command" : " commands")
                            + " wrote other output than the pasted session shows\n");
        }
        return outcome;
    }

    private CellOutcome runCode(CellRequest request, String code, Output output) {
        Path work = request.workDir() != null ? request.workDir() : defaultDir();
        CellFolder folder;
        try {
            folder = CellFolder.of(
                    request.attributes() == null
                            ? null
                            : request.attributes().get("cwd").orElse(null),
                    work,
                    session,
                    runbooksDir,
                    sandbox);
        } catch (ShellCommand.Refused e) {
            return CellOutcome.failed(null, e.getMessage());
        }
        if (folder.note() != null && !toldFolder) {
            // in the server's log, not the cell's output: that stays what the cell wrote
            toldFolder = true;
            LOG.log(System.Logger.Level.WARNING, folder.note());
        }
        if (sandbox.zygotes()) {
            CellOutcome outcome = inZygote(request, code, work, folder, output);
            if (outcome != null) {
                return outcome;
            }
        }
        ShellCommand command;
        try {
            command = ShellCommand.prepare(
                    request, code, folder.cwd(), programs, Path.of(System.getProperty("java.io.tmpdir")));
        } catch (ShellCommand.Refused e) {
            return CellOutcome.failed(null, e.getMessage());
        } catch (IOException e) {
            return CellOutcome.failed(null, "cannot write the cell's script file: " + e.getMessage());
        }
        try {
            return run(command, request, work, folder, output);
        } finally {
            command.deleteScript();
        }
    }

    private CellOutcome run(ShellCommand command, CellRequest request, Path work, CellFolder folder, Output output) {
        if (!Files.isExecutable(Path.of(command.command().getFirst()))) {
            // inside the sandbox a missing shell would only show as exit code 127
            return CellOutcome.failed(
                    null, "cannot start " + String.join(" ", command.command()) + ": no such program");
        }
        Process process;
        try {
            // one pipe for stdout and stderr unless the cell asks for two (see ShellCommand.streams)
            boolean merged = ShellCommand.streams(request) != Zygote.Streams.SEPARATE;
            sandbox.handOver(command.script());
            process = CellSandbox.start(sandbox.builder(
                            command.command(),
                            command.workDir(),
                            work,
                            sandbox.environment(request.attributes(), request.env(), work),
                            List.of(command.script()),
                            readOnly(folder),
                            programs.setsid() != null)
                    .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
                    .redirectErrorStream(merged));
        } catch (ShellCommand.Refused | IllegalArgumentException e) {
            return CellOutcome.failed(null, e.getMessage());
        } catch (IOException e) {
            return CellOutcome.failed(
                    null, "cannot start " + String.join(" ", command.command()) + ": " + e.getMessage());
        }
        ProcessGroup group = new ProcessGroup(process, programs.setsid() != null && sandbox.groups());
        running.add(group);
        try {
            return new Run(
                            process,
                            group,
                            Pump.start(process.getInputStream(), Stream.STDOUT, output),
                            Pump.start(process.getErrorStream(), Stream.STDERR, output))
                    .await(request.timeout());
        } finally {
            running.remove(group);
        }
    }

    /** The cell run by the session's zygote, or null when it starts on its own (see {@link ZygoteCells}). */
    private CellOutcome inZygote(CellRequest request, String code, Path work, CellFolder folder, Output output) {
        Path shell = programs.shellFor(request.language());
        Zygote.Cell cell;
        try {
            if (!Files.isExecutable(shell)) {
                return CellOutcome.failed(null, "cannot start " + shell + ": no such program");
            }
            Map<String, String> env = sandbox.environment(request.attributes(), request.env(), work);
            cell = zygote.launch(
                    work, readOnly(folder), folder.cwd(), code, shell, ShellCommand.streams(request), env, output);
        } catch (ShellCommand.Refused | IllegalArgumentException e) {
            return CellOutcome.failed(null, e.getMessage());
        }
        return cell == null ? null : zygote.await(cell, request.timeout());
    }

    static List<Path> readOnly(CellFolder folder) {
        return folder.readOnly() == null ? List.of() : List.of(folder.readOnly());
    }

    /** A word from Tejun itself, on stderr so that stdout stays the program's own. */
    private static void note(Output output, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        output.write(Stream.STDERR, null, bytes, 0, bytes.length);
    }

    private Path defaultDir() {
        return session != null && session.workDir() != null
                ? session.workDir()
                : Path.of("").toAbsolutePath();
    }

    /** Ends any cell still running, for a session that closes without stopping its cells first. */
    @Override
    public void close() {
        zygote.close();
        for (ProcessGroup group : running) {
            group.kill();
        }
    }

    /** One started cell: its process, its group and the two pumps. */
    private record Run(Process process, ProcessGroup group, Pump out, Pump err) {

        CellOutcome await(Duration timeout) {
            long deadline = deadline(timeout);
            try {
                if (!exited(deadline)) {
                    restoreInterruptIf(endAll());
                    return CellOutcome.timedOut(timeout);
                }
                int code = process.exitValue();
                Duration linger = min(LINGER, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                if (!drained(linger)) {
                    restoreInterruptIf(endAll());
                }
                return outcome(code);
            } catch (InterruptedException e) {
                endAll();
                // the caller learns it was stopped from the outcome and from its own interrupt flag
                Thread.currentThread().interrupt();
                return CellOutcome.stopped();
            }
        }

        private boolean exited(long deadline) throws InterruptedException {
            if (deadline == Long.MAX_VALUE) {
                process.waitFor();
                return true;
            }
            return process.waitFor(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        private boolean drained(Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            return out.awaitDrained(limit) && err.awaitDrained(Duration.ofNanos(deadline - System.nanoTime()));
        }

        /** Kills every process of the cell and collects what they wrote; true if interrupted meanwhile. */
        private boolean endAll() {
            boolean interrupted = group.kill();
            boolean drained;
            try {
                drained = drained(DRAIN_AFTER_KILL);
            } catch (InterruptedException e) {
                interrupted = true;
                drained = false;
            }
            if (!drained) {
                // something outside the group still holds a pipe: stop delivering so no output follows the outcome
                out.detach();
                err.detach();
            }
            return interrupted;
        }

        private CellOutcome outcome(int code) {
            RuntimeException failure = out.failure() != null ? out.failure() : err.failure();
            if (failure != null) {
                return CellOutcome.failed(code, "the cell's output could not be delivered: " + failure.getMessage());
            }
            return code == 0 ? CellOutcome.ok(0, null) : CellOutcome.failed(code, "exit code " + code);
        }

        private static long deadline(Duration timeout) {
            if (timeout == null) {
                return Long.MAX_VALUE;
            }
            long now = System.nanoTime();
            long nanos = timeout.compareTo(Duration.ofDays(3650)) > 0
                    ? Duration.ofDays(3650).toNanos()
                    : timeout.toNanos();
            return now + Math.max(0, nanos);
        }

        private static Duration min(Duration a, Duration b) {
            return a.compareTo(b) <= 0 ? a : b;
        }

        private static void restoreInterruptIf(boolean interrupted) {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
