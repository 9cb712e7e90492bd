package dev.tejun.server.schedules;

import dev.tejun.cmdb.db.Database;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.permission.RunScope;
import dev.tejun.kernel.schedule.ScheduleDef;
import dev.tejun.kernel.schedule.ServiceIdentity;
import dev.tejun.server.ApiException;
import dev.tejun.server.Json;
import dev.tejun.server.audit.AuditEntry;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import dev.tejun.server.auth.Principal;
import dev.tejun.server.auth.RunPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A schedule declared in a file runs only what a user allowed to run it activated. Whoever may edit a runbook may
 * write {@code schedule:} into it, so a new or changed schedule stays inactive until a user holding operator and
 * every role the files require activates it; it then runs as that user (with the roles they hold when it fires).
 * The activation pins the schedule text and the hash of every file a run would execute ({@link RunScope}): any later
 * change suspends it until it is activated again, and the suspension names who saved the file when the web editor
 * did. A schedule made through the API is activated by its creator as it is made, and pinned the same way, since
 * the runbook it names can be edited too. Activating, suspending and deactivating are audited.
 *
 * <p>Alert rules ({@code rules/*.yaml}, in the same folder) are the same hole and get the same gate: one instance
 * per kind ({@code schedule} fired by the {@code scheduler}, {@code rule} fired by {@code events}), each
 * {@link Subject} pinned with the files that decide it runs (a rule's own file) as well as those it executes.
 */
public final class Activations implements AutoCloseable {

    /**
     * What can be activated: its id, the text activated (a schedule's cron, a rule's target; a different one is
     * inactive, not suspended), the runbook or flow it runs and the other files that decide it runs.
     */
    public record Subject(String id, String text, String target, List<String> alsoFiles) {
        public Subject {
            alsoFiles = List.copyOf(alsoFiles);
        }

        static Subject of(ScheduleDef d) {
            return new Subject(d.id(), d.cron().text(), d.target().name(), List.of());
        }

        String hash(RunbookFolder folder) {
            return RunScope.hash(folder, target, alsoFiles.toArray(String[]::new));
        }
    }

    /**
     * What a list shows: {@code inactive}, {@code active} (by whom since when), {@code suspended} (its files changed)
     * or {@code paused} (by whom since when: a user stopped it for a while, and resumes it by activating it again).
     */
    public record Status(String state, String by, Instant since, String reason) {
        public static final String INACTIVE = "inactive";
        public static final String ACTIVE = "active";
        public static final String SUSPENDED = "suspended";
        public static final String PAUSED = "paused";
    }

    /** A pause is kept as a suspension whose reason starts so, naming who paused it. */
    private static final String PAUSED_BY = "paused by ";

    /** A declared schedule with its status and, only when active, the content hash it is pinned to. */
    record Reviewed(ScheduleDef declared, Status status, String pin) {}

    /** A subject's status and, only when active, the content hash it is pinned to. */
    public record Checked(Status status, String pin) {}

    private final RunbookFolder folder;
    private final ActivationStore store;
    private final AuditLog audit;
    private final RunPolicy policy;
    private final Clock clock;
    private final String kind;
    private final Via via;

    /**
     * @param policy  who may activate (run every file the subject would execute), and the roles its runs get
     * @param kind    the audit actions' prefix ({@code schedule}, {@code rule})
     * @param via     the interface the runs and the suspensions are recorded under ({@code scheduler}, {@code events})
     */
    Activations(
            RunbookFolder folder,
            ActivationStore store,
            AuditLog audit,
            RunPolicy policy,
            Clock clock,
            String kind,
            Via via) {
        this.folder = folder;
        this.store = store;
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
        this.kind = kind;
        this.via = via;
    }

    /** Activations of subjects of {@code kind} kept in {@code database}'s activations table; as the constructor. */
    public static Activations over(
            Database database,
            RunbookFolder folder,
            AuditLog audit,
            RunPolicy policy,
            Clock clock,
            String kind,
            Via via) {
        return new Activations(folder, new ActivationStore(database), audit, policy, clock, kind, via);
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
        Checked c = check(Subject.of(d));
        return new Reviewed(d, c.status(), c.pin());
    }

    /** The status of {@code s}, suspending it (and auditing that, once) when its files changed since activated. */
    public Checked check(Subject s) {
        Optional<ActivationStore.Activation> found = store.find(s.id());
        if (found.isEmpty()) {
            return new Checked(new Status(Status.INACTIVE, null, null, "never activated"), null);
        }
        ActivationStore.Activation a = found.get();
        if (!a.cron().equals(s.text())) {
            return new Checked(
                    new Status(
                            Status.INACTIVE,
                            a.activatedBy(),
                            a.activatedAt(),
                            "the " + kind + " changed from \"" + a.cron() + "\" since " + a.activatedBy()
                                    + " activated it; activate it again"),
                    null);
        }
        if (a.suspendedAt() == null && !a.contentHash().equals(s.hash(folder))) {
            String why = changedBy(s, a.activatedAt());
            if (store.suspend(s.id(), clock.instant(), why)) {
                audit.append(null, via, kind + ".suspend", s.id(), "ok", null, Json.object("reason", why));
            }
            a = store.find(s.id()).orElseThrow();
        }
        if (a.suspendedAt() != null
                && a.suspendedWhy() != null
                && a.suspendedWhy().startsWith(PAUSED_BY)) {
            String by = a.suspendedWhy().substring(PAUSED_BY.length());
            return new Checked(new Status(Status.PAUSED, by, a.suspendedAt(), a.suspendedWhy()), null);
        }
        if (a.suspendedAt() != null) {
            return new Checked(new Status(Status.SUSPENDED, a.activatedBy(), a.suspendedAt(), a.suspendedWhy()), null);
        }
        return new Checked(new Status(Status.ACTIVE, a.activatedBy(), a.activatedAt(), null), a.contentHash());
    }

    /** Who an active subject runs as: its activator with the roles they hold now, through this kind's interface. */
    public ServiceIdentity identity(String activatedBy) {
        return new ServiceIdentity(activatedBy, via.wire(), policy.rolesOf(activatedBy));
    }

    /**
     * The schedule to fire for an active one: as who activated it, with the roles they hold now (a user who lost
     * operator or was disabled is refused by the runner), and only over the files as they were activated.
     */
    Optional<ScheduleDef> runnable(Reviewed r) {
        if (r.pin() == null) {
            return Optional.empty();
        }
        return Optional.of(r.declared().activated(identity(r.status().by()), r.pin()));
    }

    /** Why the files changed, naming the last web editor save of one of them since the activation, if any. */
    private String changedBy(Subject s, Instant since) {
        Set<String> paths = new java.util.HashSet<>();
        s.alsoFiles().forEach(f -> paths.add("/api/runbooks/" + f));
        RunScope.of(folder, s.target()).forEach(f -> paths.add("/api/runbooks/" + f.name()));
        for (AuditEntry e : audit.query(new AuditLog.Filter(null, "PUT /api/runbooks/", since, null, 1000))) {
            String path = e.target() == null ? "" : e.target().replaceFirst("/cells/\\d+$", "");
            if ("ok".equals(e.outcome()) && paths.contains(path)) {
                return "file changed by " + e.user() + " at " + e.at() + " ("
                        + path.substring("/api/runbooks/".length()) + "); activate it again";
            }
        }
        return "file changed outside Tejun since it was activated; activate it again";
    }

    /**
     * Activates {@code d} as {@code who}: 403 (audited) unless they may run every file it would execute. The
     * schedule fires from its next fire time on; nothing missed before counts.
     */
    Status activate(ScheduleDef d, Principal who, String address, ScheduleStore ledger) {
        Status s = activate(Subject.of(d), who, address);
        ledger.advance(d.id(), s.since());
        return s;
    }

    /** Activates {@code s} as {@code who}: 403 (audited) unless they may run every file it would execute. */
    public Status activate(Subject s, Principal who, String address) {
        requireAllowed(s, who, address);
        Instant now = clock.instant();
        String hash = s.hash(folder);
        store.activate(s.id(), s.text(), hash, who.name(), now);
        audit.append(
                who.name(),
                who.via(),
                kind + ".activate",
                s.id(),
                "ok",
                address,
                "{\"" + (kind.equals("schedule") ? "cron" : "target") + "\":" + quoted(s.text()) + ",\"contentHash\":\""
                        + hash + "\"}");
        return new Status(Status.ACTIVE, who.name(), now, null);
    }

    /**
     * Refuses with 403 (audited as a refused activation) unless {@code who} may run every file {@code s} would
     * execute: what activating it needs, checked before a change that would activate it.
     */
    void requireAllowed(Subject s, Principal who, String address) {
        String why = policy.scopeRefusal(who, folder, s.target());
        if (why != null) {
            audit.append(
                    who.name(), who.via(), kind + ".activate", s.id(), "refused", address, Json.object("reason", why));
            throw new ApiException(403, why);
        }
    }

    /**
     * Pauses an active subject as {@code who}, audited: it keeps who activated it and over what, but does not run
     * until somebody allowed to run it activates it again (which pins it anew, as them). 409 when it is not active.
     */
    public void pause(String id, Principal who, String address) {
        if (!store.suspend(id, clock.instant(), PAUSED_BY + who.name())) {
            throw new ApiException(409, kind + " " + id + " is not active, so it cannot be paused");
        }
        audit.append(who.name(), who.via(), kind + ".pause", id, "ok", address, null);
    }

    /** Turns an activation off (404 when there is none), audited. */
    public void deactivate(String id, Principal who, String address) {
        if (!store.deactivate(id)) {
            throw ApiException.notFound(kind + " " + id + " is not activated");
        }
        audit.append(who.name(), who.via(), kind + ".deactivate", id, "ok", address, null);
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
        return Json.quoted(s);
    }
}
