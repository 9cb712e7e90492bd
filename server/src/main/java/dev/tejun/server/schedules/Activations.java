package dev.tejun.server.schedules;

import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.permission.RunScope;
import dev.tejun.kernel.schedule.ScheduleDef;
import dev.tejun.kernel.schedule.ServiceIdentity;
import dev.tejun.server.ApiException;
import dev.tejun.server.audit.AuditEntry;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.Principal;
import dev.tejun.server.auth.Role;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A schedule declared in a file runs only what a user allowed to run it activated. Whoever may edit a runbook may
 * write {@code schedule:} into it, so a new or changed schedule stays inactive until a user holding operator and
 * every role the files require activates it; it then runs as that user (with the roles they hold when it fires).
 * The activation pins the schedule text and the hash of every file a run would execute ({@link RunScope}): any later
 * change suspends it until it is activated again, and the suspension names who saved the file when the web editor
 * did. A schedule made through the API is activated by its creator as it is made, and pinned the same way, since
 * the runbook it names can be edited too. Activating, suspending and deactivating are audited.
 */
final class Activations implements AutoCloseable {

    /** What the schedule list shows: {@code inactive}, {@code active} (by whom since when) or {@code suspended}. */
    record Status(String state, String by, Instant since, String reason) {
        static final String INACTIVE = "inactive";
        static final String ACTIVE = "active";
        static final String SUSPENDED = "suspended";
    }

    /** A declared schedule with its status and, only when active, the content hash it is pinned to. */
    record Reviewed(ScheduleDef declared, Status status, String pin) {
    }

    private final RunbookFolder folder;
    private final ActivationStore store;
    private final AuditLog audit;
    private final Function<String, Set<String>> rolesOf;
    private final Clock clock;

    /** @param rolesOf a user's role names now; empty for a user who is disabled or gone */
    Activations(RunbookFolder folder, ActivationStore store, AuditLog audit, Function<String, Set<String>> rolesOf,
                Clock clock) {
        this.folder = folder;
        this.store = store;
        this.audit = audit;
        this.rolesOf = rolesOf;
        this.clock = clock;
    }

    /** The status of each declared schedule, suspending (and auditing, once) those whose files changed. */
    List<Reviewed> review(List<ScheduleDef> declared) {
        List<Reviewed> out = new ArrayList<>();
        for (ScheduleDef d : declared) {
            out.add(review(d));
        }
        return out;
    }

    private Reviewed review(ScheduleDef d) {
        Optional<ActivationStore.Activation> found = store.find(d.id());
        if (found.isEmpty()) {
            return new Reviewed(d, new Status(Status.INACTIVE, null, null, "never activated"), null);
        }
        ActivationStore.Activation a = found.get();
        if (!a.cron().equals(d.cron().text())) {
            return new Reviewed(d, new Status(Status.INACTIVE, a.activatedBy(), a.activatedAt(), "the schedule changed from \""
                    + a.cron() + "\" since " + a.activatedBy() + " activated it; activate it again"), null);
        }
        if (a.suspendedAt() == null && !a.contentHash().equals(RunScope.hash(folder, d.target().name()))) {
            String why = changedBy(d.target().name(), a.activatedAt());
            if (store.suspend(d.id(), clock.instant(), why)) {
                audit.append(null, "scheduler", "schedule.suspend", d.id(), "ok", null, Access.jsonString("reason", why));
            }
            a = store.find(d.id()).orElseThrow();
        }
        if (a.suspendedAt() != null) {
            return new Reviewed(d, new Status(Status.SUSPENDED, a.activatedBy(), a.suspendedAt(), a.suspendedWhy()),
                    null);
        }
        return new Reviewed(d, new Status(Status.ACTIVE, a.activatedBy(), a.activatedAt(), null), a.contentHash());
    }

    /**
     * The schedule to fire for an active one: as who activated it, with the roles they hold now (a user who lost
     * operator or was disabled is refused by the runner), and only over the files as they were activated.
     */
    Optional<ScheduleDef> runnable(Reviewed r) {
        if (r.pin() == null) {
            return Optional.empty();
        }
        String by = r.status().by();
        return Optional.of(r.declared().activated(new ServiceIdentity(by, "scheduler", rolesOf.apply(by)), r.pin()));
    }

    /** Why the files changed, naming the last web editor save of one of them since the activation, if any. */
    private String changedBy(String target, Instant since) {
        Set<String> paths = new java.util.HashSet<>();
        RunScope.of(folder, target).forEach(f -> paths.add("/api/runbooks/" + f.name()));
        for (AuditEntry e : audit.query(new AuditLog.Filter(null, "PUT /api/runbooks/", since, null, 1000))) {
            String path = e.target() == null ? "" : e.target().replaceFirst("/cells/\\d+$", "");
            if ("ok".equals(e.outcome()) && paths.contains(path)) {
                return "file changed by " + e.user() + " at " + e.at() + " (" + path.substring("/api/runbooks/".length())
                        + "); activate it again";
            }
        }
        return "file changed outside Tejun since it was activated; activate it again";
    }

    /**
     * Activates {@code d} as {@code who}: 403 (audited) unless they may run every file it would execute. The
     * schedule fires from its next fire time on; nothing missed before counts.
     */
    Status activate(ScheduleDef d, Principal who, String address, ScheduleStore ledger) {
        String why = RunScope.runRefusal(folder, d.target().name(), Role.wires(who.roles()));
        if (why != null) {
            audit.append(who.name(), who.via(), "schedule.activate", d.id(), "refused", address,
                    Access.jsonString("reason", why));
            throw new ApiException(403, why);
        }
        Instant now = clock.instant();
        String hash = RunScope.hash(folder, d.target().name());
        store.activate(d.id(), d.cron().text(), hash, who.name(), now);
        ledger.advance(d.id(), now);
        audit.append(who.name(), who.via(), "schedule.activate", d.id(), "ok", address,
                "{\"cron\":" + quoted(d.cron().text()) + ",\"contentHash\":\"" + hash + "\"}");
        return new Status(Status.ACTIVE, who.name(), now, null);
    }

    /** Turns an activation off (404 when there is none), audited. */
    void deactivate(String id, Principal who, String address) {
        if (!store.deactivate(id)) {
            throw ApiException.notFound("schedule " + id + " is not activated");
        }
        audit.append(who.name(), who.via(), "schedule.deactivate", id, "ok", address, null);
    }

    /** Drops the activation of a schedule that is gone. */
    void forget(String id) {
        store.deactivate(id);
    }

    @Override
    public void close() {
        store.close();
    }

    private static String quoted(String s) {
        String json = Access.jsonString("v", s);
        return json.substring(5, json.length() - 1);
    }
}
