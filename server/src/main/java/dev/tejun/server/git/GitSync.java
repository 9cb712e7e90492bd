package dev.tejun.server.git;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.remote.NamedCredentials;
import dev.tejun.kernel.folder.GitRemote;
import dev.tejun.kernel.folder.GitSaves;
import dev.tejun.kernel.folder.RemoteLogin;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the runbooks repository's remote: one pull or push at a time, whoever asks (a user over REST or the CLI, the
 * schedule, the push webhook); after a pull every changed file is checked as {@code tejun check} checks it, and the
 * latest result per file is kept for the page and REST. The login is the configured CMDB credential, revealed for
 * each pull or push and not kept.
 */
public final class GitSync implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GitSync.class);
    private static final int KEPT = 20;

    /** What {@code tejun check} said of one changed file after a pull. */
    public record FileCheck(String path, String commit, Instant at, boolean ok, List<String> problems) {}

    /**
     * One pull or push.
     *
     * @param outcome ok, conflict (a pull refused, nothing changed), refused (a push the remote refused) or failed
     */
    public record Report(
            String action,
            String by,
            String via,
            Instant at,
            String outcome,
            String message,
            String before,
            String after,
            List<String> changed,
            List<String> conflicts,
            List<FileCheck> checks) {
        public boolean ok() {
            return outcome.equals("ok");
        }
    }

    /**
     * What the page shows: the remote, whether a pull or push is going on or waiting ({@code busy}), the last pulls
     * and pushes, and each checked file's latest result.
     */
    public record State(
            String url, String branch, boolean configured, boolean busy, List<Report> recent, List<FileCheck> files) {}

    /** No remote is configured (git.remote.url). */
    public static final class NotConfigured extends Exception {
        NotConfigured() {
            super("no remote: set git.remote.url (and git.remote.credential) in tejun.yaml");
        }
    }

    private final GitRemote.Target target;
    private final String credential;
    private final GitSaves saves;
    private final ChangedFiles files;
    private final CmdbStore cmdb;
    private final Path knownHosts;
    private final AuditLog audit;
    private final Clock clock;
    private final Deque<Report> recent = new ArrayDeque<>();
    private final Map<String, FileCheck> latest = new TreeMap<>();
    /** One pull or push at a time; the page reads the last results meanwhile (they are guarded by {@code this}). */
    private final ReentrantLock running = new ReentrantLock();
    /** A pull started by a push is waiting for its turn (guarded by {@code this}). */
    private boolean pullWaiting;

    private Thread schedule;

    /**
     * @param target     the remote, or null when none is configured
     * @param credential {@code credential:NAME}, or empty for no login
     */
    GitSync(
            GitRemote.Target target,
            String credential,
            GitSaves saves,
            ChangedFiles files,
            CmdbStore cmdb,
            Path knownHosts,
            AuditLog audit,
            Clock clock) {
        this.target = target;
        this.credential = credential;
        this.saves = saves;
        this.files = files;
        this.cmdb = cmdb;
        this.knownHosts = knownHosts;
        this.audit = audit;
        this.clock = clock;
    }

    public Report pull(String user, Via via) throws NotConfigured {
        return pull(user, via, false);
    }

    /**
     * Starts a pull on a thread of its own and returns at once: the push webhook answers before the pull, since Git
     * hosts give up on a call after ~10 s and a remote may be slower than that. The pull's report is kept and audited
     * as a scheduled one's is. A pull already waiting to start serves this push too (it fetches whatever is there
     * when it starts).
     *
     * @return false when a pull was already waiting to start and none was added
     */
    public boolean pullBehind(String user, Via via) throws NotConfigured {
        configured();
        synchronized (this) {
            if (pullWaiting) {
                return false;
            }
            pullWaiting = true;
        }
        Thread.ofVirtual().name("git-pull-behind").start(() -> {
            running.lock();
            try {
                synchronized (this) {
                    pullWaiting = false; // from here a new push needs a pull after this one
                }
                pull(user, via, true);
            } catch (NotConfigured | RuntimeException e) {
                LOG.warn("git pull after a push failed: {}", target.masked(String.valueOf(e.getMessage())));
            } finally {
                running.unlock();
            }
        });
        return true;
    }

    /** {@code behind}: nobody waits for the report, so it is audited here (a request is audited by the route table). */
    private Report pull(String user, Via via, boolean behind) throws NotConfigured {
        configured();
        running.lock();
        Instant at = clock.instant();
        Report r;
        try {
            GitRemote.Pulled p = remote().pull();
            List<FileCheck> checks = p.ok() ? files.check(p.changed(), p.after(), at) : List.of();
            String message = !p.ok()
                    ? "nothing pulled: " + p.conflicts().size() + " conflict(s); every file is as it was"
                    : p.changed().isEmpty()
                            ? "up to date"
                            : p.changed().size() + " file(s) changed, "
                                    + checks.stream().filter(c -> !c.ok()).count() + " failed the check";
            r = new Report(
                    "pull",
                    user,
                    via.wire(),
                    at,
                    p.ok() ? "ok" : "conflict",
                    message,
                    p.before(),
                    p.after(),
                    p.changed(),
                    p.conflicts(),
                    checks);
        } catch (GitRemote.Failed | IOException | IllegalArgumentException e) {
            r = failed("pull", user, via, at, e);
        } finally {
            running.unlock();
        }
        return kept(r, via, behind);
    }

    public Report push(String user, Via via) throws NotConfigured {
        configured();
        running.lock();
        Instant at = clock.instant();
        Report r;
        try {
            GitRemote.Pushed p = remote().push();
            r = new Report(
                    "push",
                    user,
                    via.wire(),
                    at,
                    p.ok() ? "ok" : "refused",
                    p.ok() ? "pushed" : String.join("; ", p.refused()),
                    null,
                    null,
                    p.refs(),
                    p.refused(),
                    List.of());
        } catch (GitRemote.Failed | IOException | IllegalArgumentException e) {
            r = failed("push", user, via, at, e);
        } finally {
            running.unlock();
        }
        return kept(r, via, false);
    }

    public synchronized State state() {
        return new State(
                target == null ? null : target.shown(),
                target == null ? null : target.branch(),
                target != null,
                running.isLocked() || pullWaiting,
                List.copyOf(recent),
                List.copyOf(latest.values()));
    }

    /** The branch the webhook's pushes must name to start a pull; null without a remote. */
    String branch() {
        return target == null ? null : target.branch();
    }

    /** Pulls every {@code every} on a virtual thread until {@link #close}; a failed pull is reported, not fatal. */
    public synchronized void schedule(Duration every) {
        if (target == null || every.isZero() || schedule != null) {
            return;
        }
        schedule = Thread.ofVirtual().name("git-pull").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(every);
                    pull("scheduler", Via.SCHEDULER);
                } catch (InterruptedException e) {
                    return;
                } catch (NotConfigured | RuntimeException e) {
                    LOG.warn("scheduled git pull failed: {}", target.masked(String.valueOf(e.getMessage())));
                }
            }
        });
    }

    @Override
    public synchronized void close() {
        if (schedule != null) {
            schedule.interrupt();
        }
    }

    private void configured() throws NotConfigured {
        if (target == null) {
            throw new NotConfigured();
        }
    }

    /** The remote with its login revealed now, for one pull or push. */
    private GitRemote remote() {
        return new GitRemote(saves, target, login());
    }

    private RemoteLogin login() {
        if (credential.isEmpty()) {
            return RemoteLogin.none();
        }
        String name = credential.substring(NamedCredentials.PREFIX.length()).strip();
        try {
            return RemoteLogin.of(NamedCredentials.reveal(cmdb, name), knownHosts);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("git.remote.credential=" + credential + ": " + e.getMessage(), e);
        }
    }

    /**
     * The report with the remote's password or token hidden wherever a message quotes it (a Git error quoting the
     * URL): what is kept, shown, answered and audited never holds it.
     */
    private Report masked(Report r) {
        return new Report(
                r.action(),
                r.by(),
                r.via(),
                r.at(),
                r.outcome(),
                target.masked(r.message()),
                r.before(),
                r.after(),
                r.changed(),
                r.conflicts().stream().map(target::masked).toList(),
                r.checks());
    }

    private Report failed(String action, String user, Via via, Instant at, Exception e) {
        return new Report(
                action, user, via.wire(), at, "failed", e.getMessage(), null, null, List.of(), List.of(), List.of());
    }

    /** Remembers a report for the page (its checks as each file's latest) and audits one nobody asked for in a request. */
    private synchronized Report kept(Report found, Via via, boolean behind) {
        Report r = masked(found);
        if (via == Via.SCHEDULER && r.ok() && r.changed().isEmpty()) {
            return r; // a schedule that found nothing new: neither the page nor the audit log fills up with those
        }
        r.checks().forEach(c -> latest.put(c.path(), c));
        recent.addFirst(r);
        while (recent.size() > KEPT) {
            recent.removeLast();
        }
        if (via == Via.SCHEDULER || behind) {
            // a request is audited by the route table; a schedule has no request, a pull behind a webhook outlives its
            audit.append(r.by(), via, "git." + r.action(), target.shown(), r.outcome(), null, r.message());
        }
        return r;
    }
}
