package dev.tejun.server.guard.windows;

import dev.tejun.kernel.guard.windows.TargetWindows;
import dev.tejun.kernel.guard.windows.WindowGate;
import dev.tejun.kernel.guard.windows.WindowRules;
import dev.tejun.kernel.schedule.RunResult;
import dev.tejun.kernel.schedule.ScheduleDef;
import dev.tejun.kernel.schedule.Scheduler;
import dev.tejun.kernel.schedule.ServiceIdentity;
import dev.tejun.kernel.schedule.Target;
import dev.tejun.kernel.schedule.TargetRunner;
import dev.tejun.server.ApiException;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import dev.tejun.server.auth.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The one place that asks the maintenance windows, whatever starts a run. A manual run (notebook, REST, CLI against
 * a server, flow start) outside its windows is refused unless an approver granted an override for its runbook or
 * flow that is still valid; a scheduled run is deferred or skipped ({@link #scheduleGate}). Every refusal, deferral,
 * skip, override and use of an override is audited.
 */
public final class WindowGuard {

    /** The longest an override may last: it is for one change, not a standing exemption. */
    public static final Duration LONGEST = Duration.ofHours(24);

    /** What {@code GET /api/windows?target=} answers: the rules, the decision now, and any override. */
    public record Status(
            String target,
            List<String> windows,
            List<String> blackouts,
            String policy,
            boolean open,
            String reason,
            Instant nextAllowed,
            List<WindowGate.Active> active,
            WindowGate.Next next,
            OverrideStore.Override override) {}

    private final TargetWindows windows;
    private final OverrideStore overrides;
    private final AuditLog audit;
    private final Clock clock;

    public WindowGuard(TargetWindows windows, OverrideStore overrides, AuditLog audit, Clock clock) {
        this.windows = windows;
        this.overrides = overrides;
        this.audit = audit;
        this.clock = clock;
    }

    public TargetWindows windows() {
        return windows;
    }

    public Status status(String target) {
        Instant now = clock.instant();
        WindowRules rules = windows.rules(target);
        WindowGate.Verdict v = windows.decide(target, now);
        return new Status(
                target,
                rules.windows(),
                rules.blackouts(),
                rules.policy().name().toLowerCase(java.util.Locale.ROOT),
                v.open(),
                v.reason(),
                v.nextAllowed(),
                v.active(),
                v.next(),
                v.open() ? null : overrides.valid(target, now).orElse(null));
    }

    /**
     * Null when {@code who} may start {@code target} by hand now (inside its windows, or under a valid override,
     * whose use is audited); else why not, audited as {@code window.refused}.
     */
    public String manualRefusal(String who, Via via, String target, String address) {
        Instant now = clock.instant();
        WindowGate.Verdict v = windows.decide(target, now);
        if (v.open()) {
            return null;
        }
        Optional<OverrideStore.Override> granted = overrides.valid(target, now);
        if (granted.isPresent()) {
            OverrideStore.Override o = granted.get();
            audit.append(
                    who,
                    via,
                    "window.override-used",
                    target,
                    "ok",
                    address,
                    "override " + o.id() + " by " + o.grantedBy() + " until " + o.expiresAt() + ": " + o.reason() + " ("
                            + v.reason() + ")");
            return null;
        }
        String why = target + " may not start now: " + v.reason()
                + (v.nextAllowed() == null ? "" : "; next allowed at " + v.nextAllowed())
                + ". An approver can grant an override: tejun windows override " + target + " --reason \"…\"";
        audit.append(who, via, "window.refused", target, "refused", address, why);
        return why;
    }

    /** As {@link #manualRefusal}, thrown as a 409 for the REST doors. */
    public void requireOpen(Principal who, String target, String address) {
        String why = manualRefusal(who.name(), who.via(), target, address);
        if (why != null) {
            throw new ApiException(409, why);
        }
    }

    /** An approver lets {@code target} start by hand outside its windows for {@code minutes}; audited with why. */
    public OverrideStore.Override grant(Principal who, String target, String reason, Integer minutes, String address) {
        if (target == null || target.isBlank()) {
            throw ApiException.badRequest("target: name the runbook or flow the override is for");
        }
        if (reason == null || reason.isBlank()) {
            throw ApiException.badRequest("reason is required: say why this run may not wait for its window");
        }
        Duration lasts = Duration.ofMinutes(minutes == null ? 60 : minutes);
        if (lasts.isNegative() || lasts.isZero() || lasts.compareTo(LONGEST) > 0) {
            throw ApiException.badRequest("minutes must be between 1 and " + LONGEST.toMinutes());
        }
        if (!windows.rules(target).any()) {
            throw ApiException.badRequest(target + " names no windows or blackouts: it needs no override");
        }
        Instant now = clock.instant();
        OverrideStore.Override o = overrides.grant(target, who.name(), reason.strip(), now, now.plus(lasts));
        audit.append(
                who.name(),
                who.via(),
                "window.override",
                target,
                "ok",
                address,
                "override " + o.id() + " until " + o.expiresAt() + ": " + o.reason());
        return o;
    }

    public List<OverrideStore.Override> overrides() {
        return overrides.list(null, clock.instant());
    }

    /** The schedules' gate: {@link TargetWindows}' decision, each deferral or skip audited. */
    public Scheduler.Gate scheduleGate() {
        return (ScheduleDef def, Instant now) -> {
            Optional<Scheduler.Hold> hold = windows.hold(def, now);
            hold.ifPresent(h -> audit.append(
                    ServiceIdentity.SCHEDULER.user(),
                    Via.SCHEDULER,
                    h.until() == null ? "window.skipped" : "window.deferred",
                    def.target().name(),
                    "ok",
                    null,
                    def.id() + (h.until() == null ? " skipped: " : " deferred to " + h.until() + ": ") + h.reason()));
            return hold;
        };
    }

    /**
     * The runner alert rules start runs through, obeying the target's windows: outside them a run is skipped
     * ({@code window-policy: skip}, or when no allowed time comes) or waits for the next allowed time (defer, the
     * default), then runs. Both are audited. Started ({@link TargetRunner#start}), a deferred run waits on a virtual
     * thread of its own, not on the caller's (an event worker).
     */
    public TargetRunner eventRunner(TargetRunner runner) {
        return new TargetRunner() {
            @Override
            public RunResult run(Target target, Map<String, String> params, ServiceIdentity as)
                    throws InterruptedException {
                Optional<RunResult> closed = closed(target, as);
                if (closed.isPresent()) {
                    return closed.get();
                }
                return runner.run(target, params, as);
            }

            @Override
            public CompletableFuture<RunResult> start(
                    Target target, Map<String, String> params, ServiceIdentity as, Consumer<String> launched)
                    throws InterruptedException {
                WindowGate.Verdict v = windows.decide(target.name(), clock.instant());
                if (v.open()) {
                    return runner.start(target, params, as, launched);
                }
                CompletableFuture<RunResult> end = new CompletableFuture<>();
                Thread.ofVirtual().name("window-wait").start(() -> {
                    try {
                        Optional<RunResult> closed = closed(target, as);
                        if (end.isDone()) {
                            return; // no longer waited for (the server closes): the next start decides it again
                        }
                        CompletableFuture<RunResult> started = closed.isPresent()
                                ? CompletableFuture.completedFuture(closed.get())
                                : runner.start(target, params, as, launched);
                        started.whenComplete((r, e) -> {
                            if (e != null) {
                                end.completeExceptionally(e);
                            } else {
                                end.complete(r);
                            }
                        });
                        end.whenComplete((r, e) -> started.cancel(false));
                    } catch (InterruptedException e) {
                        end.cancel(false);
                    } catch (RuntimeException e) {
                        end.completeExceptionally(e);
                    }
                });
                return end;
            }

            @Override
            public Optional<CompletableFuture<RunResult>> follow(Target target, String runId, ServiceIdentity as) {
                return runner.follow(target, runId, as);
            }
        };
    }

    /**
     * Empty once {@code target} may run now; until then waits for its next allowed time (deferred, audited), or
     * answers why it is skipped (audited).
     */
    private Optional<RunResult> closed(Target target, ServiceIdentity as) throws InterruptedException {
        while (true) {
            WindowGate.Verdict v = windows.decide(target.name(), clock.instant());
            if (v.open()) {
                return Optional.empty();
            }
            boolean skip = windows.rules(target.name()).policy() == WindowRules.Policy.SKIP || v.nextAllowed() == null;
            audit.append(
                    as.user(),
                    Via.EVENTS,
                    skip ? "window.skipped" : "window.deferred",
                    target.name(),
                    "ok",
                    null,
                    skip ? v.reason() : "deferred to " + v.nextAllowed() + ": " + v.reason());
            if (skip) {
                return Optional.of(RunResult.notStarted("skipped outside its maintenance windows: " + v.reason()));
            }
            waitUntil(v.nextAllowed()); // then asks again: the calendars may have changed
        }
    }

    private void waitUntil(Instant when) throws InterruptedException {
        // short naps against the clock rather than one long sleep, so a clock that jumps (or a test's) is followed
        while (clock.instant().isBefore(when)) {
            long left = Duration.between(clock.instant(), when).toMillis();
            Thread.sleep(Math.max(1, Math.min(left, 1000)));
        }
    }
}
