package dev.tejun.kernel.flow;

import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellOutput;
import dev.tejun.kernel.event.CellResult;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Event;
import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.flow.def.Node;
import dev.tejun.kernel.flow.def.Outcome;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.session.RunbookFile;
import dev.tejun.kernel.session.Session;
import dev.tejun.kernel.template.Template;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * One run of a runbook node: its own {@link Session} (and work folder), so evidence is recorded exactly as for a
 * run from the notebook, plus what its cells printed, kept for later branches and params.
 */
final class RunbookStep implements AutoCloseable {

    /** Enough for a branch to compare a value; the full output is in the evidence. */
    private static final int MAX_CAPTURE = 64 * 1024;

    private final Session session;
    private final Session.RunHandle handle;
    private final AutoCloseable subscription;
    private final Map<String, StringBuilder> stdout = new HashMap<>();
    private final Map<String, String> fields = new LinkedHashMap<>();

    /** Starts the run at once (it is queued on the session's own thread); {@link #await()} waits for it. */
    RunbookStep(
            Session.Services services,
            String sessionId,
            RunbookFile runbook,
            Map<String, String> params,
            Set<String> secretNames,
            String user,
            String via) {
        Path work = services.dataDir().resolve("work").resolve(sessionId);
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create work folder " + work, e);
        }
        session = new Session(sessionId, runbook, params, work, services);
        session.alsoSecret(secretNames);
        subscription = session.events().subscribe(this::capture);
        handle = session.run(List.of(), user, via);
    }

    /**
     * Starts runbook node {@code r} of instance {@code instanceId}, its params (and CMDB operation) resolved from
     * the flow's values. Throws {@link IllegalArgumentException} with a message fit for the node when it cannot.
     */
    static RunbookStep start(
            FlowEngine engine, FlowInstance instance, Node.RunbookNode r, FlowValues values, String user) {
        String instanceId = instance.id();
        String via = instance.via();
        RunbookFile file = engine.runbookFile(instanceId, r.runbook());
        String refused = engine.nodeRefusal(instance.startedBy(), via, file);
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
        Map<String, String> params = values.resolve(r.params());
        if (r.operation() != null) {
            params.put("operation", Template.FLOWS.fill(r.operation(), values::lookup));
        }
        RunbookStep step;
        try {
            step = new RunbookStep(
                    engine.services(instanceId, r.id()),
                    "flow-" + instanceId + "-" + r.id(),
                    file,
                    params,
                    values.carryingSecrets(r.params()),
                    user,
                    via);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot start runbook " + r.runbook() + ": " + e.getMessage(), e);
        }
        engine.nodeRunStarted(step.session, step.handle, user, via);
        return step;
    }

    /** One iteration of a for-each node: {@code params} are resolved already; the run is announced as a node run. */
    static RunbookStep iteration(
            FlowEngine engine,
            FlowInstance instance,
            String nodeId,
            String sessionId,
            String runbook,
            Map<String, String> params,
            Set<String> secretNames,
            String user) {
        RunbookStep step = new RunbookStep(
                engine.services(instance.id(), nodeId),
                sessionId,
                engine.runbookFile(instance.id(), runbook),
                params,
                secretNames,
                user,
                instance.via());
        engine.nodeRunStarted(step.session, step.handle, user, instance.via());
        return step;
    }

    String runId() {
        return handle.runId();
    }

    /** Stops the running cell and its whole process tree; {@link #await()} then returns soon. */
    void interrupt() {
        session.interrupt();
    }

    /** Blocks until the run ended; an interrupt of the waiting thread also stops the run. */
    RunFinished await() throws InterruptedException {
        try {
            return handle.finished().get();
        } catch (ExecutionException e) {
            return null;
        }
    }

    static Outcome outcome(RunFinished finished) {
        if (finished == null) {
            return Outcome.FAILED;
        }
        return switch (finished.status()) {
            case OK -> Outcome.OK;
            case STOPPED -> Outcome.STOPPED;
            case SKIPPED -> Outcome.SKIPPED;
            default -> Outcome.FAILED;
        };
    }

    /** {@code CELL.stdout}, {@code CELL.exit}, {@code CELL.status} and {@code CELL.value} of each cell that ran. */
    synchronized Map<String, String> outputs() {
        Map<String, String> out = new LinkedHashMap<>(fields);
        stdout.forEach((cell, text) -> {
            String s = text.toString();
            out.put(cell + ".stdout", s.endsWith("\n") ? s.substring(0, s.length() - (s.endsWith("\r\n") ? 2 : 1)) : s);
        });
        return out;
    }

    private synchronized void capture(Event event) {
        switch (event) {
            case CellOutput o
            when o.stream() == Stream.STDOUT -> {
                StringBuilder sb = stdout.computeIfAbsent(o.cellId(), k -> new StringBuilder());
                if (sb.length() < MAX_CAPTURE) {
                    sb.append(o.text(), 0, Math.min(o.text().length(), MAX_CAPTURE - sb.length()));
                }
            }
            case CellResult r when "text/plain".equals(r.mime()) -> fields.put(r.cellId() + ".value", r.data());
            case CellFinished f -> {
                stdout.computeIfAbsent(f.cellId(), k -> new StringBuilder());
                fields.put(
                        f.cellId() + ".exit",
                        f.exitCode() == null ? "" : f.exitCode().toString());
                fields.put(
                        f.cellId() + ".status",
                        f.status() == CellStatus.TIMED_OUT
                                ? "timed_out"
                                : f.status().name().toLowerCase());
            }
            default -> {}
        }
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception ignored) {
            // removing a listener from a list does not fail
        }
        session.close();
    }
}
