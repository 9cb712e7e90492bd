package dev.tejun.kernel.schedule;

import dev.tejun.kernel.flow.FlowEngine;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.permission.RunScope;
import dev.tejun.kernel.runbook.Runbook;
import dev.tejun.kernel.session.Params;
import dev.tejun.kernel.session.RunbookFile;
import dev.tejun.kernel.session.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs targets through the kernel as a service identity: a runbook in a fresh {@link Session} of its own (so a
 * scheduled run never shares cells or a JShell with an operator's notebook), a flow through the server's
 * {@link FlowEngine}. Either way the run writes normal evidence, with the identity's user and interface.
 */
public final class KernelRunner implements TargetRunner {

    /**
     * Told the moment a runbook run is queued in its session, before any cell runs, so the caller can record its
     * start with its run id and reach its events and stop it while it goes on. Called on the thread of {@link #run}.
     */
    @FunctionalInterface
    public interface Launch {
        Launch NONE = (session, run) -> {};

        void queued(Session session, Session.RunHandle run);
    }

    private final RunbookFolder folder;
    private final Session.Services services;
    private final Supplier<FlowEngine> flows;

    /** @param flows the server's flow engine, or a supplier of null where flows are not wired (flows then fail) */
    public KernelRunner(RunbookFolder folder, Session.Services services, Supplier<FlowEngine> flows) {
        this.folder = folder;
        this.services = services;
        this.flows = flows;
    }

    @Override
    public RunResult run(Target target, Map<String, String> params, ServiceIdentity as) throws InterruptedException {
        return run(target, params, as, Launch.NONE);
    }

    /** As {@link #run(Target, Map, ServiceIdentity)}, telling {@code launch} of a runbook run once it is queued. */
    public RunResult run(Target target, Map<String, String> params, ServiceIdentity as, Launch launch)
            throws InterruptedException {
        if (!target.isFlow()) {
            return runbook(target, params, as, launch);
        }
        try {
            String refused = refusal(target, as);
            if (refused != null) {
                return RunResult.notStarted(refused);
            }
            return flow(target, params, as);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // a name outside the folder, params that do not fit, an invalid flow: nothing ran
            return RunResult.notStarted(e.getMessage());
        }
    }

    /**
     * A flow starts and is followed to its end without holding the caller's thread (a hold point may wait for days);
     * a runbook runs on the caller's thread, as {@link #run} runs it.
     */
    @Override
    public CompletableFuture<RunResult> start(
            Target target, Map<String, String> params, ServiceIdentity as, Consumer<String> launched)
            throws InterruptedException {
        if (!target.isFlow()) {
            return CompletableFuture.completedFuture(run(target, params, as));
        }
        FlowEngine engine = flows.get();
        try {
            String refused = engine == null
                    ? "flows cannot be started headless on this server yet: " + target.name()
                    : refusal(target, as);
            if (refused != null) {
                return CompletableFuture.completedFuture(RunResult.notStarted(refused));
            }
            String id = engine.start(target.name(), params, as.user(), as.via());
            launched.accept(id);
            return flowEnd(engine, id);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return CompletableFuture.completedFuture(RunResult.notStarted(e.getMessage()));
        }
    }

    /** A flow instance's end, wherever it is driven now (this engine, after a restart or take-over, or another). */
    @Override
    public Optional<CompletableFuture<RunResult>> follow(Target target, String runId, ServiceIdentity as) {
        FlowEngine engine = flows.get();
        if (!target.isFlow() || engine == null || engine.get(runId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(flowEnd(engine, runId));
    }

    /**
     * Completes when instance {@code id} has finished, as a virtual thread of its own sees it: waiting on the
     * instance while this engine drives it, reading the store again each second while another server does.
     * Cancelling it ends the following.
     */
    private static CompletableFuture<RunResult> flowEnd(FlowEngine engine, String id) {
        CompletableFuture<RunResult> end = new CompletableFuture<>();
        Thread.ofVirtual().name("flow-end-" + id).start(() -> {
            try {
                while (!end.isDone()) {
                    FlowInstance fi = engine.await(id, Duration.ofSeconds(1));
                    if (fi.status().finished()) {
                        end.complete(new RunResult(fi.status().key(), id, null, fi.message()));
                    } else if (!engine.driven().contains(id)) {
                        Thread.sleep(Duration.ofSeconds(1));
                    }
                }
            } catch (InterruptedException e) {
                end.cancel(false);
            } catch (RuntimeException e) {
                end.completeExceptionally(e);
            }
        });
        return end;
    }

    /**
     * A runbook target checked as {@link #run} checks it: the text it would run, as read now, and the roles its
     * runbook requires; or why it may not run (then {@code text} is null).
     */
    public record Checked(String text, List<String> requires, String refusal) {

        static Checked refused(String why) {
            return new Checked(null, null, why);
        }
    }

    /**
     * Checks runbook {@code target} for a run as {@code as} with {@code params} without running it: the roles, the pin
     * of an activated schedule or rule, a protected runbook's review, the params. The text answered is what the run
     * must run (a run queued with it runs it whatever becomes of the file meanwhile).
     */
    public Checked check(Target target, Map<String, String> params, ServiceIdentity as) {
        if (target.isFlow()) {
            throw new IllegalArgumentException(target.name() + " is a flow, not a runbook");
        }
        try {
            String refused = refusal(target, as);
            if (refused != null) {
                return Checked.refused(refused);
            }
            Path file = folder.resolve(target.name());
            if (!Files.isRegularFile(file)) {
                return Checked.refused("no runbook " + target.name());
            }
            String unreleased = folder.releases().refusal(file, target.name());
            if (unreleased != null) {
                return Checked.refused(unreleased); // a protected runbook runs unattended only as reviewed
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Runbook runbook = RunbookFormat.parse(text);
            Params.resolve(runbook.metadata(), params);
            return new Checked(text, runbook.metadata().requires(), null);
        } catch (IOException e) {
            return Checked.refused("cannot read " + target.name() + ": " + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            // a name outside the folder, params that do not fit: nothing runs
            return Checked.refused(e.getMessage());
        }
    }

    private RunResult runbook(Target target, Map<String, String> params, ServiceIdentity as, Launch launch)
            throws InterruptedException {
        Checked checked = check(target, params, as);
        if (checked.refusal() != null) {
            return RunResult.notStarted(checked.refusal());
        }
        Path file = folder.resolve(target.name());
        String sessionId = as.via() + "-" + UUID.randomUUID();
        Path work;
        try {
            work = Files.createDirectories(services.dataDir().resolve("work").resolve(sessionId));
        } catch (IOException e) {
            return RunResult.notStarted("cannot create a work folder: " + e.getMessage());
        }
        try (Session session = new Session(
                sessionId, RunbookFile.pinned(target.name(), file, checked.text()), params, work, services)) {
            Session.RunHandle handle = session.run(List.of(), as.user(), as.via());
            launch.queued(session, handle);
            try {
                return RunResult.of(handle.runId(), handle.finished().get());
            } catch (InterruptedException e) {
                session.interrupt();
                throw e;
            } catch (ExecutionException e) {
                return new RunResult("failed", handle.runId(), null, String.valueOf(e.getCause()));
            }
        }
    }

    /**
     * Null when {@code as} may run every file of the target (operator and all roles each requires) and the files are
     * still what was pinned; else why not.
     */
    private String refusal(Target target, ServiceIdentity as) {
        if (target.pinnedHash() != null && !target.pinnedHash().equals(RunScope.hash(folder, target.name()))) {
            return target.name() + " (or a runbook it runs) changed since its schedule or alert rule was activated; "
                    + "activate it again";
        }
        String why = RunScope.runRefusal(folder, target.name(), as.roles());
        return why == null ? null : as.user() + " may not run " + target.name() + ": " + why;
    }

    private RunResult flow(Target target, Map<String, String> params, ServiceIdentity as) throws InterruptedException {
        FlowEngine engine = flows.get();
        if (engine == null) {
            return RunResult.notStarted("flows cannot be started headless on this server yet: " + target.name());
        }
        String id = engine.start(target.name(), params, as.user(), as.via());
        FlowInstance fi = engine.get(id).orElseThrow();
        try {
            while (!fi.status().finished()) {
                fi = engine.await(id, Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            engine.emergencyStop(id, as.user());
            throw e;
        }
        return new RunResult(fi.status().key(), id, null, fi.message());
    }
}
