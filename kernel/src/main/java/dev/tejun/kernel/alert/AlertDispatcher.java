package dev.tejun.kernel.alert;

import dev.tejun.kernel.schedule.RunResult;
import dev.tejun.kernel.schedule.Target;
import dev.tejun.kernel.schedule.TargetRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Handles received events: records each, decides it ({@link Triage#admit}), records the decision, and starts what
 * was chosen on a bounded pool as the identity its {@link RuleGate} gave (on the server, the user who activated the
 * rule, through the {@code events} interface), trying again after the rule's
 * retry interval when a run fails. Receiving returns as soon as the decisions are recorded; runs go on after.
 * A worker only starts a run ({@link TargetRunner#start}): a run that goes on (a flow held for an approver, a runbook
 * at a pause cell) lets go of it, and its end records the outcome; retries wait on a timer, not on a worker.
 * A restarted server goes on with the runs and retries the previous one left unfinished ({@link #resume}),
 * following a started run to its end.
 */
public final class AlertDispatcher implements AutoCloseable {

    /** One event as handled: its ledger id and what was decided. */
    public record Handled(long eventId, AlertEvent event, Decision decision) {}

    /**
     * A run chosen for an event before the server stopped whose attempts were not all made: {@code attemptsMade}
     * ended (0 when the first was cut off by the stop), the last at {@code lastAttemptAt} (null for none);
     * {@code launched} is the run the next attempt started, which may still go on (a flow waiting at a hold point),
     * null for none.
     */
    public record Unfinished(
            long eventId,
            String ruleId,
            String key,
            Target target,
            Map<String, String> params,
            int attemptsMade,
            Instant lastAttemptAt,
            String launched) {}

    /** How late a retry may still be made after a restart; an older one is recorded as not made. */
    public static final Duration RESUME_WITHIN = Duration.ofHours(1);

    private final Triage triage;
    private final TargetRunner runner;
    private final EventLedger ledger;
    private final Clock clock;
    private final ExecutorService pool;
    private final AtomicInteger active = new AtomicInteger();
    /** Where the ends of started runs are recorded: a virtual thread each, none of the bounded workers. */
    private final ExecutorService ends = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("event-end-", 0).factory());
    /** The ends followed now, cancelled at close (the next start follows them again). */
    private final java.util.Set<CompletableFuture<RunResult>> following = ConcurrentHashMap.newKeySet();

    private volatile boolean closed;
    private final OpenAlerts open;
    private final GroupCommit<List<Handled>> commits;
    /** Wakes waiting matches ("A not followed by B") when their time is up. */
    private final java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("event-waits").daemon().factory());

    /** With the open alerts in memory only. */
    public AlertDispatcher(Triage triage, TargetRunner runner, EventLedger ledger, Clock clock, int workers) {
        this(triage, runner, ledger, OpenAlerts.inMemory(), clock, workers);
    }

    /** @param open the alerts firing now, for de-duplication and for matching resolved events (kept across restarts) */
    public AlertDispatcher(
            Triage triage, TargetRunner runner, EventLedger ledger, OpenAlerts open, Clock clock, int workers) {
        this.open = open;
        this.triage = triage;
        this.runner = runner;
        this.ledger = ledger;
        this.clock = clock;
        this.commits = new GroupCommit<>(ledger, this::record);
        this.pool = Executors.newFixedThreadPool(
                workers, Thread.ofVirtual().name("event-run-", 0).factory());
    }

    /**
     * The field a further match of a {@code hit: all} set is recorded with: the id of the event it is a match of. Each
     * further match is a ledger row of its own (a copy of the event linked to it), so its run, retries and outcome are
     * kept as any event's are; a replay reads only the event itself.
     */
    public static final String MATCH_OF = "match-of";

    /** One {@link Handled} per decision: one per event, or one per matching rule of a {@code hit: all} set. */
    public List<Handled> receive(List<AlertEvent> events) {
        List<Handled> out = new ArrayList<>();
        // recorded and decided in units (one commit in the server's store, shared with concurrent posts), acted on
        // once stored
        commits.record(events, decided -> {
            for (Handled h : decided) {
                if (h.decision() instanceof Decision.Run run) {
                    active.incrementAndGet();
                    pool.execute(() -> execute(h.eventId(), run));
                } else if (h.decision() instanceof Decision.Waiting w) {
                    await(h.eventId(), w);
                }
            }
            out.addAll(decided);
        });
        return out;
    }

    /** Records one event, decides it and records each decision (a further match of {@code hit: all} as its own row). */
    private List<Handled> record(AlertEvent event) {
        List<Handled> out = new ArrayList<>();
        long id = ledger.received(event, clock.instant());
        Dedupe.Outcome o = decide(id, event);
        for (int i = 0; i < o.decisions().size(); i++) {
            Decision d = o.decisions().get(i);
            long at = id;
            if (i > 0) {
                at = ledger.received(event.withField(MATCH_OF, String.valueOf(id)), clock.instant());
                ledger.identified(at, o.fingerprint(), id);
            }
            ledger.decided(at, d, clock.instant());
            out.add(new Handled(at, event, d));
        }
        return out;
    }

    /** Decides one recorded event with its alert's history ({@link Dedupe}), one event at a time. */
    private synchronized Dedupe.Outcome decide(long id, AlertEvent event) {
        Dedupe.Outcome o = Dedupe.decide(triage, open, id, event, clock.instant());
        ledger.identified(id, o.fingerprint(), o.related());
        return o;
    }

    /** What {@link #receive} would decide, with nothing recorded and nothing run: the decisions of each event. */
    public List<List<Decision>> dryRun(List<AlertEvent> events) {
        return events.stream().map(triage::decideAll).toList();
    }

    /**
     * Goes on with the runs a stopped server left unfinished, by the rules as they are now: an attempt cut off by
     * the stop counts as a failed attempt, a retry still allowed is made when it is due (at once if that passed
     * during the stop, but not when it was due more than {@link #RESUME_WITHIN} ago), and a rule that is gone
     * retries nothing. Each outcome is recorded in the ledger, so a later restart does not act on it again.
     *
     * @return how many runs will be tried again
     */
    public int resume(List<Unfinished> unfinished, List<Rule> rules) {
        Instant now = clock.instant();
        int resumed = 0;
        for (Unfinished u : unfinished) {
            if (u.launched() != null && follow(u, rules)) {
                resumed++;
                continue;
            }
            int made = u.attemptsMade();
            Instant last = u.lastAttemptAt();
            boolean cutOff = made == 0;
            if (cutOff) {
                made = 1;
                last = now;
                ledger.attempted(
                        u.eventId(), made, RunResult.notStarted("interrupted: the server stopped during the run"), now);
            }
            Rule rule = rules.stream()
                    .filter(r -> r.id().equals(u.ruleId()))
                    .findFirst()
                    .orElse(null);
            if (rule == null) {
                ledger.attempted(
                        u.eventId(),
                        made,
                        RunResult.notStarted("not tried again: rule " + u.ruleId() + " no longer exists"),
                        now);
                continue;
            }
            int attempts = 1 + rule.retry().times();
            if (made >= attempts) {
                if (cutOff) {
                    triage.failed(rule, u.key()); // as when a last attempt fails while the server runs
                }
                continue;
            }
            Instant due = (last == null ? now : last).plus(rule.retry().interval());
            if (due.isBefore(now.minus(RESUME_WITHIN))) {
                ledger.attempted(
                        u.eventId(),
                        attempts,
                        RunResult.notStarted(
                                "not tried again: the retry was due at " + due + ", while the server was stopped"),
                        now);
                continue;
            }
            RuleGate.Verdict verdict = triage.gate(rule);
            if (!verdict.allowed()) {
                ledger.attempted(u.eventId(), made, RunResult.notStarted("not tried again: " + verdict.refusal()), now);
                continue;
            }
            Decision.Run run = new Decision.Run(
                    rule, u.key(), new Target(u.target().name(), verdict.pin()), u.params(), verdict.as());
            Duration wait = due.isAfter(now) ? Duration.between(now, due) : Duration.ZERO;
            int next = made + 1;
            active.incrementAndGet();
            later(wait, () -> attempt(u.eventId(), run, next));
            resumed++;
        }
        return resumed;
    }

    /**
     * Follows the run an unfinished event's last attempt started, when the runner still knows it: its end is
     * recorded as that attempt's outcome, and a failure is retried as the rule allows now (a rule that is gone or
     * no longer allowed retries nothing). False when the run cannot be followed (then it counts as cut off).
     */
    private boolean follow(Unfinished u, List<Rule> rules) {
        Decision.Run run = rules.stream()
                .filter(r -> r.id().equals(u.ruleId()))
                .findFirst()
                .map(rule -> {
                    RuleGate.Verdict verdict = triage.gate(rule);
                    return verdict.allowed()
                            ? new Decision.Run(
                                    rule,
                                    u.key(),
                                    new Target(u.target().name(), verdict.pin()),
                                    u.params(),
                                    verdict.as())
                            : null;
                })
                .orElse(null);
        java.util.Optional<CompletableFuture<RunResult>> end;
        try {
            end = runner.follow(
                    u.target(),
                    u.launched(),
                    run != null ? run.as() : dev.tejun.kernel.schedule.ServiceIdentity.EVENTS);
        } catch (RuntimeException e) {
            end = java.util.Optional.empty();
        }
        if (end.isEmpty()) {
            return false;
        }
        active.incrementAndGet();
        whenEnded(u.eventId(), run, u.attemptsMade() + 1, end.get());
        return true;
    }

    /**
     * An approver released a held event: {@code run} (built from the held decision, as the rule's activation allows
     * now) is recorded as the event's decision and run like any other, with its retries.
     */
    public void release(long eventId, Decision.Run run) {
        ledger.decided(eventId, run, clock.instant());
        active.incrementAndGet();
        pool.execute(() -> execute(eventId, run));
    }

    /**
     * Decides a waiting match when its time is up (at once when that passed, e.g. during a restart): it runs, or is
     * recorded suppressed when a cancelling event came ({@link Triage#expired}).
     */
    public void await(long eventId, Decision.Waiting w) {
        long ms = Math.max(0, Duration.between(clock.instant(), w.until()).toMillis());
        try {
            timer.schedule(() -> expire(eventId, w), ms, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the dispatcher is closing: the next start finds the event still waiting and goes on with it
        }
    }

    private void expire(long eventId, Decision.Waiting w) {
        try {
            Decision d = triage.expired(w);
            ledger.decided(eventId, d, clock.instant());
            if (d instanceof Decision.Run run) {
                active.incrementAndGet();
                pool.execute(() -> execute(eventId, run));
            }
        } catch (RuntimeException e) {
            System.getLogger(AlertDispatcher.class.getName())
                    .log(System.Logger.Level.WARNING, "event " + eventId + "'s wait could not be decided", e);
        }
    }

    private void execute(long eventId, Decision.Run run) {
        attempt(eventId, run, 1);
    }

    /**
     * Makes attempt {@code attempt} on a worker: starts the run and lets go of the worker; the run's end records
     * the outcome ({@link #ended}). The started run's id is recorded first, so a restart follows it.
     */
    private void attempt(long eventId, Decision.Run run, int attempt) {
        CompletableFuture<RunResult> end;
        try {
            end = runner.start(
                    run.target(),
                    run.params(),
                    run.as(),
                    runId -> ledger.launched(eventId, attempt, runId, clock.instant()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: the next start goes on with it
            active.decrementAndGet();
            return;
        } catch (RuntimeException e) {
            end = CompletableFuture.completedFuture(RunResult.notStarted("run failed: " + e));
        }
        whenEnded(eventId, run, attempt, end);
    }

    private void whenEnded(long eventId, Decision.Run run, int attempt, CompletableFuture<RunResult> end) {
        following.add(end);
        try {
            end.whenCompleteAsync(
                    (result, error) -> {
                        following.remove(end);
                        ended(
                                eventId,
                                run,
                                attempt,
                                result != null ? result : RunResult.notStarted("run failed: " + error));
                    },
                    ends);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            active.decrementAndGet();
        }
    }

    /**
     * Records how attempt {@code attempt} ended and retries a failure after the rule's interval ({@code run} null:
     * no retry). Nothing is recorded once the dispatcher closed: the next start follows the run again.
     */
    private void ended(long eventId, Decision.Run run, int attempt, RunResult result) {
        if (closed) {
            active.decrementAndGet();
            return;
        }
        boolean retried = false;
        try {
            ledger.attempted(eventId, attempt, result, clock.instant());
            if (!result.ok() && run != null) {
                if (attempt < 1 + run.rule().retry().times()) {
                    later(run.rule().retry().interval(), () -> attempt(eventId, run, attempt + 1));
                    retried = true;
                } else {
                    triage.failed(run.rule(), run.key());
                }
            }
        } catch (RuntimeException e) {
            System.getLogger(AlertDispatcher.class.getName())
                    .log(System.Logger.Level.WARNING, "event " + eventId + "'s run outcome was not recorded", e);
        } finally {
            if (!retried) {
                active.decrementAndGet();
            }
        }
    }

    /** Runs {@code work} on a worker after {@code wait}, which passes on the timer (no worker waits). */
    private void later(Duration wait, Runnable work) {
        try {
            if (wait.isZero() || wait.isNegative()) {
                pool.execute(work);
            } else {
                timer.schedule(() -> pool.execute(work), wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            active.decrementAndGet(); // the next start goes on with it
        }
    }

    /** The decisions' maker. */
    public Triage triage() {
        return triage;
    }

    /** Waits until no event run is going (tests, shutdown); true when idle. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (active.get() > 0) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @Override
    public void close() {
        closed = true;
        following.forEach(f -> f.cancel(false));
        ends.shutdownNow();
        timer.shutdownNow();
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
