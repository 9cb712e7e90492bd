package dev.tejun.kernel.flow.pause;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The pending approvals of one server: a {@code pause} cell {@link #request}s one and waits; an approver
 * {@link #decide}s it. Only what is waiting is held here; what was decided is in the cell's output and evidence.
 * One instance per server (or per CLI run), handed to the pause executor factory and to the REST layer.
 */
public final class Approvals {

    /** Thrown by {@link #decide} for an id that is not (or no longer) waiting. */
    public static final class NotPending extends IllegalArgumentException {
        NotPending(String id) {
            super("no pending approval " + id);
        }
    }

    private record Pending(Approval approval, CompletableFuture<Decision> decision, Path runbook) {}

    private final Clock clock;
    private final boolean attended;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final List<Consumer<Approval>> requested = new CopyOnWriteArrayList<>();
    /** Every requested approval until its cell withdraws it, decided or not. */
    private final Map<String, CompletableFuture<Decision>> decisions = new ConcurrentHashMap<>();

    private Approvals(Clock clock, boolean attended) {
        this.clock = clock;
        this.attended = attended;
    }

    /** For a server: requests wait until someone decides. */
    public static Approvals attended(Clock clock) {
        return new Approvals(clock, true);
    }

    /**
     * For a headless run: nobody can answer, and nothing may prompt, so a pause cell fails at once instead of
     * hanging a scheduled job.
     */
    public static Approvals unattended(Clock clock) {
        return new Approvals(clock, false);
    }

    public boolean isAttended() {
        return attended;
    }

    /**
     * Registers a pending approval; the caller then {@link #await}s it and must {@link #withdraw} it on its way out.
     * {@code runbook}: the file the run runs, or null (told to listeners through {@link #runbook}).
     */
    public Approval request(
            String session,
            String runId,
            String cellId,
            String message,
            String approver,
            String startedBy,
            boolean approverNotStarter,
            boolean preview,
            Path runbook) {
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        Approval a = new Approval(
                "appr-" + HexFormat.of().formatHex(random),
                session,
                runId,
                cellId,
                message,
                approver,
                clock.instant(),
                startedBy,
                approverNotStarter,
                preview);
        CompletableFuture<Decision> decision = new CompletableFuture<>();
        decisions.put(a.id(), decision);
        pending.put(a.id(), new Pending(a, decision, runbook));
        for (Consumer<Approval> listener : requested) {
            try {
                listener.accept(a);
            } catch (RuntimeException e) {
                // telling someone is not the hold point's business: the cell waits all the same
            }
        }
        return a;
    }

    /** The runbook file of the run that waits at {@code id}, while it waits and when the run named one. */
    public Optional<Path> runbook(String id) {
        Pending p = pending.get(id);
        return p == null ? Optional.empty() : Optional.ofNullable(p.runbook());
    }

    /** Calls {@code listener} with each approval as it is requested (the server audits it, which notifies). */
    public void onRequest(Consumer<Approval> listener) {
        requested.add(listener);
    }

    /**
     * Blocks until {@code id} is decided; empty after {@code timeout} (null: no limit). An interrupt of the waiting
     * thread (a stop) ends the wait with {@link InterruptedException}.
     */
    public Optional<Decision> await(String id, Duration timeout) throws InterruptedException {
        // Not from the pending list: a decision may come before the cell starts waiting, and must not be lost.
        CompletableFuture<Decision> decision = decisions.get(id);
        if (decision == null) {
            throw new NotPending(id);
        }
        try {
            return Optional.of(
                    timeout == null ? decision.get() : decision.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Takes the approval off the list (decided, stopped or timed out). */
    public void withdraw(String id) {
        pending.remove(id);
        decisions.remove(id);
    }

    /** Releases the waiting cell; the approval leaves the list at once, so a second decision is refused. */
    public Approval decide(String id, boolean approve, String user, String comment) {
        Pending p = pending.remove(id);
        if (p == null) {
            throw new NotPending(id);
        }
        p.decision().complete(new Decision(approve, user, comment));
        return p.approval();
    }

    /** What waits now, oldest first. */
    public List<Approval> pending() {
        return pending.values().stream()
                .map(Pending::approval)
                .sorted(Comparator.comparing(Approval::requestedAt).thenComparing(Approval::id))
                .toList();
    }

    public Optional<Approval> get(String id) {
        return Optional.ofNullable(pending.get(id)).map(Pending::approval);
    }
}
