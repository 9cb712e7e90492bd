package dev.tejun.server.schedules;

import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.schedule.CronSpec;
import dev.tejun.kernel.schedule.DeclaredSchedules;
import dev.tejun.kernel.schedule.FailureNotifier;
import dev.tejun.kernel.schedule.Misfire;
import dev.tejun.kernel.schedule.ScheduleDef;
import dev.tejun.kernel.schedule.Scheduler;
import dev.tejun.kernel.schedule.Target;
import dev.tejun.kernel.schedule.TargetRunner;
import dev.tejun.server.ApiException;
import dev.tejun.server.auth.Principal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server's schedules: those declared in files (the folder is scanned again at most every few seconds, so an
 * edited front matter takes effect without a restart) and those created through REST, fired by one
 * {@link Scheduler}. A schedule fires only while it is activated ({@link Activations}): one made through the API
 * is activated by its creator when made; one declared in a file by an operator later.
 */
public final class ScheduleService implements AutoCloseable {

    private static final Duration RESCAN = Duration.ofSeconds(5);

    /**
     * One row of GET /api/schedules. {@code state} is {@code inactive}, {@code active}, {@code suspended} or
     * {@code paused} (a schedule created through the API is active); {@code activatedBy} and {@code stateSince} say
     * who activated it and since when (or when it was suspended; for a paused one who paused it and when),
     * {@code stateReason} why it does not run.
     */
    public record View(
            String id,
            String origin,
            String target,
            String cron,
            String timezone,
            Map<String, String> params,
            String misfire,
            String webhook,
            Instant nextRun,
            boolean running,
            ScheduleStore.LastRun lastRun,
            String state,
            String activatedBy,
            Instant stateSince,
            String stateReason) {}

    /** The body of POST /api/schedules. */
    public record Create(
            String target, String cron, String timezone, Map<String, String> params, String misfire, String webhook) {}

    private final RunbookFolder folder;
    private final ScheduleStore store;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Activations activations;
    private volatile List<Activations.Reviewed> declared = List.of();
    private volatile long scannedAt = Long.MIN_VALUE;

    public ScheduleService(
            RunbookFolder folder,
            ScheduleStore store,
            Activations activations,
            TargetRunner runner,
            FailureNotifier notifier,
            Clock clock,
            int workers) {
        this.folder = folder;
        this.store = store;
        this.activations = activations;
        this.clock = clock;
        this.scheduler = new Scheduler(clock, this::all, store, runner, notifier, workers, Duration.ofSeconds(30));
    }

    /** Starts ticking on the real clock (once a second, so Quartz-style every-second schedules work). */
    public void start() {
        scheduler.start(Duration.ofMillis(250));
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** What the scheduler fires: the active schedules, declared or made through the API, as who activated them. */
    public List<ScheduleDef> all() {
        List<ScheduleDef> out = new ArrayList<>();
        declared().forEach(r -> activations.runnable(r).ifPresent(out::add));
        return out;
    }

    private List<Activations.Reviewed> declared() {
        long now = System.nanoTime();
        if (scannedAt == Long.MIN_VALUE || now - scannedAt > RESCAN.toNanos()) {
            try {
                // an API schedule's runbook can be edited too: it is pinned to what its creator saw, like a file's
                List<ScheduleDef> defs = new ArrayList<>(DeclaredSchedules.scan(folder));
                defs.addAll(store.apiSchedules());
                declared = activations.review(defs);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            scannedAt = now;
        }
        return declared;
    }

    /** Forgets the cached scan, so the next tick or list reads the files again. */
    public void rescan() {
        scannedAt = Long.MIN_VALUE;
    }

    public List<View> list() {
        rescan();
        List<View> out = new ArrayList<>();
        for (Activations.Reviewed r : declared()) {
            out.add(view(r.declared(), r.status()));
        }
        return out;
    }

    private View view(ScheduleDef d, Activations.Status s) {
        boolean active = s.state().equals(Activations.Status.ACTIVE);
        return new View(
                d.id(),
                d.origin(),
                d.target().name(),
                d.cron().text(),
                d.zone().getId(),
                d.params(),
                d.misfire().key(),
                d.webhook(),
                active ? scheduler.nextRun(d).orElse(null) : null,
                scheduler.isRunning(d.id()),
                store.history(d.id(), 1).stream().findFirst().orElse(null),
                s.state(),
                s.by(),
                s.since(),
                s.reason());
    }

    /**
     * Activates a schedule declared in a file as {@code who} (see {@link Activations}): 404 for no such valid
     * declared schedule, 403 when {@code who} may not run what it runs.
     */
    public View activate(String id, Principal who, String address) {
        activations.activate(find(id), who, address, store);
        rescan();
        return view(id);
    }

    /** Turns an activation off: the schedule stays declared but does not run. */
    public View deactivate(String id, Principal who, String address) {
        activations.deactivate(id, who, address);
        rescan();
        return list().stream()
                .filter(v -> v.id().equals(id))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("no schedule " + id));
    }

    public List<ScheduleStore.LastRun> history(String id, int limit) {
        return store.history(id, limit);
    }

    /** A {@link Create} body checked: every refusal a 400 saying why (a bad cron with cron-utils' reason). */
    private record Checked(Target target, CronSpec cron, ZoneId zone, Map<String, String> params, Misfire misfire) {}

    private Checked checked(Create c) {
        if (c == null || c.target() == null || c.target().isBlank()) {
            throw ApiException.badRequest("target: name a runbook or flow in the runbooks folder");
        }
        if (!Files.isRegularFile(folder.resolve(c.target()))) {
            throw ApiException.badRequest("target: no runbook or flow " + c.target());
        }
        CronSpec cron;
        try {
            cron = CronSpec.parse(c.cron());
        } catch (CronSpec.BadCron e) {
            throw ApiException.badRequest(e.getMessage());
        }
        ZoneId zone;
        try {
            zone = c.timezone() == null || c.timezone().isBlank() ? ZoneId.of("UTC") : ZoneId.of(c.timezone());
        } catch (DateTimeException e) {
            throw ApiException.badRequest("timezone: unknown zone '" + c.timezone() + "'");
        }
        Misfire misfire;
        try {
            misfire = Misfire.parse(c.misfire());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (c.webhook() != null && !c.webhook().isBlank() && !c.webhook().matches("https?://\\S+")) {
            throw ApiException.badRequest("webhook must be an http(s) URL");
        }
        return new Checked(new Target(c.target()), cron, zone, c.params() == null ? Map.of() : c.params(), misfire);
    }

    /**
     * Validates and stores a schedule, activated as its creator; every refusal is a 400 saying why (a bad cron with
     * cron-utils' reason), or 403 when the creator may not run what it runs.
     */
    public View create(Create c, Principal who, String address) {
        Checked k = checked(c);
        ScheduleDef def = store.create(
                k.target(), k.cron(), k.zone(), k.params(), k.misfire(), c.webhook(), who.name(), clock.instant());
        try {
            // Also anchors now, so the new schedule fires from its next fire time and never counts as a misfire.
            activations.activate(def, who, address, store);
        } catch (ApiException e) {
            store.delete(apiNumber(def.id()).orElseThrow());
            throw e;
        }
        rescan();
        return view(def.id());
    }

    /**
     * Changes a schedule made through the API (one declared in a file is changed in its file). An active schedule
     * stays active only as the user who changed it, so they must be allowed to run what it now runs (403, audited,
     * and nothing changes otherwise); it fires from its next fire time on. One that was not active stays so until
     * somebody allowed to run it activates it. 404 for no such schedule.
     */
    public View update(String id, Create c, Principal who, String address) {
        Optional<Long> n = apiNumber(id);
        if (n.isEmpty()) {
            throw ApiException.badRequest(id + " is declared in its file: change schedule:, timezone:, "
                    + "schedule-params:, misfire: or schedule-webhook: in its front matter");
        }
        Activations.Reviewed before = reviewed(id);
        Checked k = checked(c);
        ScheduleDef def = new ScheduleDef(
                id, ScheduleDef.API, k.target(), k.cron(), k.zone(), k.params(), k.misfire(), c.webhook());
        boolean active = before.status().state().equals(Activations.Status.ACTIVE);
        if (active) {
            activations.requireAllowed(Activations.Subject.of(def), who, address);
        }
        if (!store.update(n.get(), def)) {
            throw ApiException.notFound("no schedule " + id);
        }
        if (active) {
            activations.activate(def, who, address, store);
        }
        rescan();
        return view(id);
    }

    /** Pauses an active schedule as {@code who} (see {@link Activations#pause}); 409 when it is not active. */
    public View pause(String id, Principal who, String address) {
        Activations.Reviewed r = reviewed(id);
        if (!r.status().state().equals(Activations.Status.ACTIVE)) {
            throw new ApiException(409, "schedule " + id + " is " + r.status().state() + ", so it cannot be paused");
        }
        activations.pause(id, who, address);
        rescan();
        return view(id);
    }

    /** A schedule as it is declared now, whatever its state: what "run now" runs. 404 for none. */
    public ScheduleDef find(String id) {
        return reviewed(id).declared();
    }

    private Activations.Reviewed reviewed(String id) {
        rescan();
        return declared().stream()
                .filter(r -> r.declared().id().equals(id))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("no schedule " + id));
    }

    private View view(String id) {
        return list().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
    }

    public void delete(String id) {
        Optional<Long> n = apiNumber(id);
        if (n.isEmpty()) {
            throw ApiException.badRequest("only schedules created through the API (api:N) can be deleted; "
                    + "remove schedule: from the file for " + id);
        }
        if (!store.delete(n.get())) {
            throw ApiException.notFound("no schedule " + id);
        }
        activations.forget(id);
        rescan();
    }

    /** The number of a schedule made through the API ({@code api:N}); empty for one declared in a file. */
    private static Optional<Long> apiNumber(String id) {
        if (!id.startsWith(ScheduleDef.API + ":")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(id.substring(ScheduleDef.API.length() + 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        scheduler.close();
        store.close();
        activations.close();
    }
}
