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
     * One row of GET /api/schedules. {@code state} is {@code inactive}, {@code active} or {@code suspended} (a
     * schedule created through the API is active); {@code activatedBy} and {@code stateSince} say who activated it
     * and since when (or when it was suspended), {@code stateReason} why it does not run.
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
        rescan();
        ScheduleDef d = declared().stream()
                .map(Activations.Reviewed::declared)
                .filter(x -> x.id().equals(id))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("no schedule " + id));
        activations.activate(d, who, address, store);
        rescan();
        return list().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
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

    /**
     * Validates and stores a schedule, activated as its creator; every refusal is a 400 saying why (a bad cron with
     * cron-utils' reason), or 403 when the creator may not run what it runs.
     */
    public View create(Create c, Principal who, String address) {
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
        ScheduleDef def = store.create(
                new Target(c.target()),
                cron,
                zone,
                c.params() == null ? Map.of() : c.params(),
                misfire,
                c.webhook(),
                who.name(),
                clock.instant());
        try {
            // Also anchors now, so the new schedule fires from its next fire time and never counts as a misfire.
            activations.activate(def, who, address, store);
        } catch (ApiException e) {
            store.delete(Long.parseLong(def.id().substring(ScheduleDef.API.length() + 1)));
            throw e;
        }
        rescan();
        return list().stream().filter(v -> v.id().equals(def.id())).findFirst().orElseThrow();
    }

    public void delete(String id) {
        Optional<Long> n = id.startsWith(ScheduleDef.API + ":") ? parse(id.substring(4)) : Optional.empty();
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

    private static Optional<Long> parse(String s) {
        try {
            return Optional.of(Long.parseLong(s));
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
