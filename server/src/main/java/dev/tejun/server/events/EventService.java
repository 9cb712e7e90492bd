package dev.tejun.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.alert.AlertDispatcher;
import dev.tejun.kernel.alert.AlertEvent;
import dev.tejun.kernel.alert.CircuitBreaker;
import dev.tejun.kernel.alert.Decision;
import dev.tejun.kernel.alert.EventPayloads;
import dev.tejun.kernel.alert.MalformedEvent;
import dev.tejun.kernel.alert.Replay;
import dev.tejun.kernel.alert.Rule;
import dev.tejun.kernel.alert.RuleFiles;
import dev.tejun.kernel.alert.RuleFilesCache;
import dev.tejun.kernel.alert.RuleStages;
import dev.tejun.kernel.alert.Triage;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.runbook.Problem;
import dev.tejun.kernel.schedule.TargetRunner;
import dev.tejun.server.ApiException;
import dev.tejun.server.Json;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import dev.tejun.server.auth.Principal;
import dev.tejun.server.schedules.Activations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Receives events: parses the payload (all or nothing: a malformed one is a 400 and nothing is recorded or run),
 * then hands the events to the kernel's dispatcher. The rules files are read again for every payload, so a
 * merged change to {@code rules/*.yaml} applies to the next alert, but a rule runs only once activated
 * ({@link RuleActivations}); an event an inactive or suspended rule matched runs nothing and is audited with why.
 */
public final class EventService implements AutoCloseable {

    /** What happened to one event, as the POST answers it. */
    public record Outcome(
            Long eventId,
            String status,
            Map<String, String> labels,
            String decision,
            String rule,
            String key,
            String target,
            Map<String, String> params,
            String reason) {}

    /** Why a held rule's match has not run yet. */
    public static final String HELD = "held for approval: an approver releases it (POST /api/events/ID/approve)";

    /** Why a staged rule's match ran nothing. */
    public static final String STAGED = "would run: the rule set is in staging, nothing runs";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventService.class);

    /** Rules files parsed again only when they change: every event asks for the rules. */
    private final RuleFilesCache ruleFiles = new RuleFilesCache();

    private final RunbookFolder folder;
    private final EventStore store;
    private final EventRows rows;
    private final SuppressionTable suppression;
    private final AlertDispatcher dispatcher;
    private final RuleActivations activations;
    private final Activations ruleStore;
    private final AuditLog audit;
    private final UnhandledEvents unhandled;
    private final EventDetails details;
    private final Clock clock;
    private final CircuitBreaker breaker;
    private final RuleStageStore stages;
    private final UnhandledNotices unhandledNotices;

    /** {@code RUNS/INTERVAL} (default {@value #BREAKER_DEFAULT}) or {@code off}: see {@link CircuitBreaker}. */
    public static final String BREAKER_ENV = "TEJUN_EVENT_BREAKER";

    public static final String BREAKER_DEFAULT = "50/10m";
    private volatile List<Problem> ruleProblems = List.of();

    /** @param activations the activations of rules, audited in {@code audit} as events refused by them are */
    /** Drift found by a scheduled check, handed to the rules as events. */
    private final DriftEvents drift = new DriftEvents(this);

    public EventService(
            RunbookFolder folder,
            EventStore store,
            SuppressionTable suppression,
            TargetRunner runner,
            Clock clock,
            int workers,
            Activations activations,
            AuditLog audit) {
        this.folder = folder;
        this.store = store;
        this.suppression = suppression;
        this.audit = audit;
        this.ruleStore = activations;
        this.clock = clock;
        this.unhandled = new UnhandledEvents(store.database(), Json.MAPPER, clock);
        this.details = new EventDetails(store, Json.MAPPER);
        this.rows = new EventRows(store);
        this.activations = new RuleActivations(folder, activations, this::rules);
        this.breaker = breaker(suppression, audit);
        this.stages = new RuleStageStore(store.database());
        this.unhandledNotices = new UnhandledNotices(audit, clock);
        this.dispatcher = new AlertDispatcher(
                new Triage(this::rules, clock, suppression, this.activations)
                        .breaker(breaker)
                        .stages(stages),
                runner,
                store,
                new OpenAlertsTable(store.database()),
                clock,
                workers);
        resumeUnfinished();
        audit.listen(drift::audited);
    }

    /** The breaker from {@link #BREAKER_ENV}; when it opens, the audit log and the server log say so. */
    private static CircuitBreaker breaker(SuppressionTable suppression, AuditLog audit) {
        String spec = System.getenv().getOrDefault(BREAKER_ENV, BREAKER_DEFAULT);
        if (spec.equalsIgnoreCase("off")) {
            return null;
        }
        return CircuitBreaker.parse(spec, suppression, why -> {
            LOG.warn("{}", why);
            audit.append(null, Via.EVENTS, "events.breaker-open", "events", "open", null, Json.object("reason", why));
        });
    }

    /** Whether event runs are stopped, and why; empty when they go (or there is no breaker). */
    public java.util.Optional<String> breakerOpen() {
        return breaker == null ? java.util.Optional.empty() : breaker.open(clock.instant());
    }

    /** A person closed the breaker: event runs go again. */
    public void closeBreaker() {
        if (breaker != null) {
            breaker.close(clock.instant());
        }
    }

    /**
     * Runs and retries this server's previous life left unfinished go on (see {@link AlertDispatcher#resume}): those
     * it owns, and those with no owner (from before owners). On a cluster, a run another server decided is left to it
     * while it lives, and taken over once it is gone ({@link #takeOver}).
     */
    private void resumeUnfinished() {
        try {
            String me = store.owner();
            resume(owner -> owner == null || owner.equals(me));
            resumeWaiting();
        } catch (RuntimeException e) {
            LOG.warn("could not go on with the event runs the last server left unfinished", e);
        }
    }

    /**
     * Goes on with the unfinished runs of servers that are gone (not in {@code alive}), as their own restart would
     * have: called on a cluster after each heartbeat. Each run is claimed first, so one server takes it.
     */
    public void takeOver(java.util.Set<String> alive) {
        try {
            String me = store.owner();
            resume(owner -> owner != null && !owner.equals(me) && !alive.contains(owner));
        } catch (RuntimeException e) {
            LOG.warn("could not take over the event runs of servers that are gone: {}", e.toString());
        }
    }

    private void resume(java.util.function.Predicate<String> free) {
        int resumed =
                dispatcher.resume(store.claimUnfinished(clock.instant().minus(Duration.ofDays(7)), free), rules());
        if (resumed > 0) {
            LOG.info("{} event run(s) left unfinished by a stopped server are tried again", resumed);
        }
    }

    /** Matches that waited ("A not followed by B") when the last server stopped wait on, or are decided at once. */
    private void resumeWaiting() {
        List<Rule> now = rules();
        for (EventStore.WaitingRow row : store.waiting()) {
            java.util.Optional<Decision.Waiting> w = now.stream()
                    .filter(r -> r.id().equals(row.rule()))
                    .findFirst()
                    .flatMap(r -> dispatcher.triage().waiting(r, row.event(), row.at()));
            if (w.isPresent()) {
                dispatcher.await(row.id(), w.get());
            } else {
                store.refused(row.id(), "rule " + row.rule() + " no longer waits (gone or changed); nothing runs");
            }
        }
    }

    private List<Rule> rules() {
        try {
            RuleFiles.Parsed parsed = ruleFiles.load(folder);
            ruleProblems = parsed.problems();
            return parsed.rules();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decides and records the events; one a rule matched that may not run is audited too, with why. */
    public List<Outcome> receive(JsonNode payload, String address) {
        return receive(parse(payload), address);
    }

    /** Decides and records events already read (a source's endpoint read them in its own format). */
    public List<Outcome> receive(List<AlertEvent> events, String address) {
        List<AlertDispatcher.Handled> handled = dispatcher.receive(events);
        for (AlertDispatcher.Handled h : handled) {
            if (h.decision() instanceof Decision.NoMatch) {
                unhandledNotices.unhandled(
                        h.eventId(), h.event().source(), h.event().labels().get("alertname"));
            } else if (h.decision() instanceof Decision.Inactive i) {
                audit.append(
                        null,
                        Via.EVENTS,
                        "rule.not-run",
                        i.rule().id(),
                        "refused",
                        address,
                        Json.quoted(Json.MAPPER
                                .createObjectNode()
                                .put("event", h.eventId())
                                .put("reason", i.reason())));
            }
        }
        List<Outcome> outcomes = handled.stream()
                .map(h -> Outcomes.of(h.eventId(), h.event(), h.decision()))
                .toList();
        outcomes.stream()
                .filter(this::told)
                .forEach(o -> audit.append(
                        null,
                        Via.EVENTS,
                        "events.matched",
                        o.rule(),
                        o.decision(),
                        address,
                        Json.quoted(Map.of(
                                "event", o.eventId(),
                                "alertname", o.labels().getOrDefault("alertname", ""),
                                "source", handled.getFirst().event().source(),
                                "target", o.target() == null ? "" : o.target()))));
        return outcomes;
    }

    /** Whether an outcome is a match of a {@code notify: true} rule that acts (runs, waits, is held, or only tells). */
    private boolean told(Outcome o) {
        boolean acts = switch (o.decision()) {
            case "run", "held", "waiting" -> true;
            case "suppressed" -> Triage.NOTIFIED.equals(o.reason());
            default -> false;
        };
        return acts && o.rule() != null && rules().stream().anyMatch(r -> r.id().equals(o.rule()) && r.tell());
    }

    /** The rules with whether each is activated, for the list with its buttons. */
    public List<RuleActivations.View> ruleStates() {
        return activations.list();
    }

    public RuleActivations.View activate(String ruleId, Principal who, String address) {
        return activations.activate(ruleId, who, address);
    }

    public RuleActivations.View deactivate(String ruleId, Principal who, String address) {
        return activations.deactivate(ruleId, who, address);
    }

    public List<Outcome> dryRun(JsonNode payload) {
        List<AlertEvent> events = parse(payload);
        List<List<Decision>> decisions = dispatcher.dryRun(events);
        return java.util.stream.IntStream.range(0, events.size())
                .boxed()
                .flatMap(i -> decisions.get(i).stream().map(d -> Outcomes.of(null, events.get(i), d)))
                .toList();
    }

    /** Problems found in the rules files the last time they were read. */
    public List<Problem> ruleProblems() {
        rules();
        return ruleProblems;
    }

    public List<EventRows.Row> recent(int limit) {
        return rows.recent(limit);
    }

    /** The most events a replay reads from the ledger. */
    public static final int REPLAY_MAX = 200_000;

    /**
     * A draft rule file ({@code text}, as it would be saved as {@code rules/NAME}) tried on the events of the last
     * {@code days} days: what it would decide beside what was decided. A draft with problems is refused with them all.
     */
    public Map<String, Object> replay(String name, String text, int days) {
        RuleFiles.Parsed draft = RuleFiles.parse(RuleFiles.FOLDER + "/" + name, text);
        if (!draft.problems().isEmpty()) {
            throw ApiException.badRequest("the draft has problems: "
                    + draft.problems().stream().map(Object::toString).toList());
        }
        List<Replay.Recorded> events = store.recorded(clock.instant().minus(Duration.ofDays(days)), REPLAY_MAX);
        Replay.Report report = Replay.run(draft.rules(), events);
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("events", events.size());
        out.put("changed", report.changed());
        out.put("was", report.was());
        out.put("would", report.would());
        out.put(
                "differences",
                report.results().stream()
                        .filter(Replay.Result::changed)
                        .limit(1000)
                        .toList());
        return out;
    }

    /**
     * An approver releases a held event: its rule (as it is now, and only while it may run) runs with the params the
     * event gave, audited as {@code event.approve}. An event that is not held, or whose rule is gone, is refused.
     */
    public synchronized Map<String, Object> approve(long eventId, Principal who, String address) {
        EventStore.HeldRow held = store.held(eventId)
                .orElseThrow(() -> new ApiException(409, "event " + eventId + " is not held for approval"));
        Rule rule = rules().stream()
                .filter(r -> r.id().equals(held.rule()))
                .findFirst()
                .orElseThrow(() -> new ApiException(409, "the rule " + held.rule() + " is gone; nothing runs"));
        dev.tejun.kernel.alert.RuleGate.Verdict verdict = activations.check(rule);
        if (!verdict.allowed()) {
            throw new ApiException(409, "the rule may not run: " + verdict.refusal());
        }
        audit.append(
                who.name(),
                who.via(),
                "event.approve",
                String.valueOf(eventId),
                "ok",
                address,
                Json.quoted(Map.of("rule", rule.id(), "params", held.params())));
        dispatcher.release(
                eventId,
                new Decision.Run(
                        rule,
                        held.key(),
                        new dev.tejun.kernel.schedule.Target(rule.target().name(), verdict.pin()),
                        held.params(),
                        verdict.as()));
        return Map.of("eventId", eventId, "rule", rule.id(), "decision", "run");
    }

    /** The stage of each rule set. */
    public RuleStageStore stages() {
        return stages;
    }

    /**
     * An approver moves a rule set ({@code rules/NAME.yaml}, which must exist) to {@code stage}; audited with the stage
     * it had. Promotion to production still leaves each rule waiting for its activation.
     */
    public RuleStageStore.Row stage(String file, RuleStages.Stage stage, Principal who, String address) {
        if (!file.matches(RuleFiles.FOLDER + "/[^/\\\\]+\\.ya?ml")) {
            throw ApiException.badRequest("file must be a rules file such as rules/ops.yaml");
        }
        if (!java.nio.file.Files.isRegularFile(folder.resolve(file))) {
            throw ApiException.notFound("no rules file " + file);
        }
        RuleStages.Stage was = stages.of(file);
        audit.append(
                who.name(),
                who.via(),
                "rules.stage",
                file,
                "ok",
                address,
                Json.quoted(Map.of("from", was.wire(), "to", stage.wire())));
        stages.set(file, stage, who.name(), clock.instant());
        return stages.list().stream()
                .filter(r -> r.file().equals(file))
                .findFirst()
                .orElseThrow();
    }

    public EventDetails details() {
        return details;
    }

    /** The outcome history: rows, exports and counts. */
    EventHistory history() {
        return new EventHistory(store.database());
    }

    /** The events no rule matched that nobody acknowledged yet. */
    public UnhandledEvents unhandled() {
        return unhandled;
    }

    public AlertDispatcher dispatcher() {
        return dispatcher;
    }

    private static List<AlertEvent> parse(JsonNode payload) {
        try {
            return EventPayloads.parse(payload);
        } catch (MalformedEvent e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    @Override
    public void close() {
        drift.close();
        dispatcher.close();
        store.close();
        ruleStore.close();
        suppression.close();
    }
}
