package dev.tejun.kernel.folder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * The runbooks repository's remote (issue 21 §3): a pull brings the remote's branch into the local one, a push sends
 * the local branch (and each user's {@code tejun/USER} branch) there. The remote is a URL, never a configured Git
 * remote, so what Tejun talks to is what {@code tejun.yaml} says. A pull never loses anything: when an incoming file
 * is one with uncommitted edits (a browser save without commit on save), or the two histories change the same lines,
 * it is refused as a conflict and the work tree, index and branch stay exactly as they were.
 */
public final class GitRemote {

    /** Where the remote is and which branch of it pairs with the local branch of the same name. */
    public record Target(String url, String branch) {
        public Target {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("a remote needs a URL (git.remote.url)");
            }
            if (branch == null || branch.isBlank() || !Repository.isValidRefName(Constants.R_HEADS + branch)) {
                throw new IllegalArgumentException("'" + branch + "' is not a branch name (git.remote.branch)");
            }
        }

        /** The URL as it may be shown: a password or token in it hidden ({@link RemoteUrls}). */
        public String shown() {
            return RemoteUrls.shown(url);
        }

        /** {@code text} about this remote with the URL's secret hidden wherever it appears. */
        public String masked(String text) {
            return RemoteUrls.masked(url, text);
        }
    }

    /**
     * What a pull did.
     *
     * @param before    the local branch before (null: it did not exist)
     * @param after     the local branch after
     * @param changed   the files (paths in the repository) that the pull changed
     * @param conflicts files it could not bring in; non-empty means nothing changed
     */
    public record Pulled(String before, String after, List<String> changed, List<String> conflicts) {
        public boolean ok() {
            return conflicts.isEmpty();
        }
    }

    /** What a push did: per ref, {@code OK}, {@code UP_TO_DATE} or why the remote refused it. */
    public record Pushed(List<String> refs, List<String> refused) {
        public boolean ok() {
            return refused.isEmpty();
        }
    }

    /** Why a pull or push could not talk to the remote at all (unreachable, refused login, no such branch). */
    public static final class Failed extends Exception {
        Failed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final String TRACKING = Constants.R_REMOTES + "tejun/";

    private final GitSaves repository;
    private final Target target;
    private final RemoteLogin login;

    /** {@code repository}: the same repository saves commit into (the runbooks folder's own, or the configured one). */
    public GitRemote(GitSaves repository, Target target, RemoteLogin login) {
        this.repository = repository;
        this.target = target;
        this.login = login;
    }

    public Target target() {
        return target;
    }

    /**
     * Fetches the remote branch and merges it into the local branch of the same name. The fetch (the network, however
     * slow the remote) happens while saves go on; the merge takes {@link GitSaves#writes()}, so a save waits for it
     * and it for a save, since both take the index lock and move the branch.
     */
    public Pulled pull() throws IOException, Failed {
        try (Repository repo = open()) {
            Git git = Git.wrap(repo);
            String tracking = TRACKING + target.branch();
            try {
                login.apply(git.fetch()
                                .setRemote(target.url())
                                .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + target.branch() + ":" + tracking)))
                        .call();
            } catch (GitAPIException | RuntimeException e) {
                throw new Failed(target.masked("fetch from " + target.url() + " failed: " + e.getMessage()), e);
            }
            ObjectId theirs = repo.resolve(tracking);
            if (theirs == null) {
                throw new Failed("the remote has no branch " + target.branch(), null);
            }
            synchronized (repository.writes()) {
                String local = Constants.R_HEADS + target.branch();
                ObjectId ours = repo.resolve(local);
                if (ours == null || ours.equals(theirs)) {
                    return ours == null
                            ? create(repo, local, theirs)
                            : new Pulled(ours.name(), ours.name(), List.of(), List.of());
                }
                return local.equals(repo.getFullBranch())
                        ? intoWorkTree(repo, ours, theirs)
                        : fastForwardOnly(repo, local, ours, theirs);
            }
        }
    }

    /** Pushes the local branch and every {@code tejun/USER} branch; a push that is not a fast-forward is refused. */
    public Pushed push() throws IOException, Failed {
        // no turn taken: a push reads refs and touches neither the index nor the work tree, and a save meanwhile
        // only moves a branch forward (the next push sends it)
        try (Repository repo = open()) {
            if (repo.resolve(Constants.R_HEADS + target.branch()) == null) {
                throw new Failed("there is no local branch " + target.branch() + " to push", null);
            }
            Iterable<PushResult> results;
            try {
                results = login.apply(Git.wrap(repo)
                                .push()
                                .setRemote(target.url())
                                .setRefSpecs(
                                        new RefSpec(Constants.R_HEADS + target.branch()),
                                        new RefSpec(Constants.R_HEADS + "tejun/*:" + Constants.R_HEADS + "tejun/*")))
                        .call();
            } catch (GitAPIException | RuntimeException e) {
                throw new Failed(target.masked("push to " + target.url() + " failed: " + e.getMessage()), e);
            }
            List<String> refs = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            for (PushResult r : results) {
                for (RemoteRefUpdate u : r.getRemoteUpdates()) {
                    String name = Repository.shortenRefName(u.getRemoteName());
                    refs.add(name + ": " + u.getStatus());
                    if (u.getStatus() != RemoteRefUpdate.Status.OK
                            && u.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                        refused.add(name + ": " + refusal(u));
                    }
                }
            }
            return new Pushed(refs, refused);
        }
    }

    private static String refusal(RemoteRefUpdate u) {
        return switch (u.getStatus()) {
            case REJECTED_NONFASTFORWARD -> "the remote has commits this repository lacks: pull first, then push";
            default -> u.getStatus() + (u.getMessage() == null ? "" : " (" + u.getMessage() + ")");
        };
    }

    private Repository open() throws IOException {
        Repository repo = repository.repository();
        if (repo == null) {
            throw new IOException("the runbooks folder is not the root of a Git work tree (nor is git.repository)");
        }
        return repo;
    }

    private static Pulled create(Repository repo, String local, ObjectId theirs) throws IOException {
        RefUpdate u = repo.updateRef(local);
        u.setNewObjectId(theirs);
        u.setExpectedOldObjectId(ObjectId.zeroId());
        u.setRefLogMessage("tejun pull: created", false);
        RefUpdate.Result r = u.update();
        if (r != RefUpdate.Result.NEW) {
            throw new IOException("branch " + local + " was not created: " + r);
        }
        return new Pulled(null, theirs.name(), List.of(), List.of());
    }

    /** A branch that is not checked out moves only forward: there is no work tree to merge in. */
    private Pulled fastForwardOnly(Repository repo, String local, ObjectId ours, ObjectId theirs) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit o = walk.parseCommit(ours);
            RevCommit t = walk.parseCommit(theirs);
            if (walk.isMergedInto(t, o)) {
                return new Pulled(ours.name(), ours.name(), List.of(), List.of()); // the remote is behind
            }
            if (!walk.isMergedInto(o, t)) {
                return new Pulled(
                        ours.name(),
                        ours.name(),
                        List.of(),
                        List.of(Repository.shortenRefName(local)
                                + " (not checked out) and the remote have both moved: check it out and pull again"));
            }
            RefUpdate u = repo.updateRef(local);
            u.setNewObjectId(theirs);
            u.setExpectedOldObjectId(ours);
            u.setRefLogMessage("tejun pull: fast-forward", false);
            RefUpdate.Result r = u.update(walk);
            if (r != RefUpdate.Result.FAST_FORWARD) {
                throw new IOException("branch " + local + " was not moved: " + r);
            }
            return new Pulled(ours.name(), theirs.name(), changed(repo, o.getTree(), t.getTree()), List.of());
        }
    }

    /**
     * The checked-out branch: first the merge is tried in memory, and only when it is clean and touches no file with
     * uncommitted edits is it made for real, so a refused pull leaves everything as it was.
     */
    private Pulled intoWorkTree(Repository repo, ObjectId ours, ObjectId theirs) throws IOException, Failed {
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit o = walk.parseCommit(ours);
            RevCommit t = walk.parseCommit(theirs);
            if (walk.isMergedInto(t, o)) {
                return new Pulled(ours.name(), ours.name(), List.of(), List.of());
            }
            ResolveMerger trial = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repo, true);
            if (!trial.merge(o, t)) {
                Set<String> both = new TreeSet<>(trial.getUnmergedPaths());
                if (trial.getFailingPaths() != null) {
                    both.addAll(trial.getFailingPaths().keySet());
                }
                return refused(
                        ours,
                        both.stream()
                                .map(p -> p + ": changed here and on the remote")
                                .toList());
            }
            // what the merge changes in this work tree: ours against the merged tree, not against theirs
            List<String> incoming = changed(repo, o.getTree(), trial.getResultTreeId());
            Status status = Git.wrap(repo).status().call();
            Set<String> dirty = new TreeSet<>(status.getUncommittedChanges());
            dirty.addAll(status.getUntracked());
            List<String> clash = incoming.stream()
                    .filter(dirty::contains)
                    .map(p -> p + ": has edits not committed here (save them with commit on save, or commit them),"
                            + " and the pull changes it")
                    .toList();
            if (!clash.isEmpty()) {
                return refused(ours, clash);
            }
            Set<String> staged = new TreeSet<>(status.getAdded());
            staged.addAll(status.getChanged());
            staged.addAll(status.getRemoved());
            if (!staged.isEmpty()) {
                // a merge commit takes the whole index: staged work would be committed in Tejun's name
                return refused(
                        ours,
                        staged.stream()
                                .map(p -> p + ": staged but not committed: commit or unstage it, then pull")
                                .toList());
            }
            String message = "Merge " + target.branch() + " of " + target.shown() + " (tejun pull)";
            Git git = Git.wrap(repo);
            MergeResult merged = git.merge()
                    .include(theirs)
                    .setCommit(false)
                    .setMessage(message)
                    .call();
            if (merged.getMergeStatus() == MergeResult.MergeStatus.MERGED_NOT_COMMITTED) {
                // committed here, so the merge is Tejun's (as saves are) and never signed with a key it lacks
                git.commit()
                        .setAuthor(GitSaves.tejun())
                        .setCommitter(GitSaves.tejun())
                        .setMessage(message)
                        .setSign(false)
                        .call();
            } else if (!merged.getMergeStatus().isSuccessful()) {
                throw new IOException("the merge did not complete: " + merged.getMergeStatus());
            }
            ObjectId after = repo.resolve(Constants.HEAD);
            return new Pulled(ours.name(), after.name(), incoming, List.of());
        } catch (GitAPIException e) {
            throw new IOException("pull: " + e.getMessage(), e);
        }
    }

    private static Pulled refused(ObjectId ours, List<String> conflicts) {
        return new Pulled(ours.name(), ours.name(), List.of(), conflicts);
    }

    /** The paths that differ between the two trees (added, changed, renamed or deleted). */
    static List<String> changed(Repository repo, AnyObjectId from, AnyObjectId to) throws IOException {
        try (ObjectReader reader = repo.newObjectReader()) {
            CanonicalTreeParser a = new CanonicalTreeParser(null, reader, from);
            CanonicalTreeParser b = new CanonicalTreeParser(null, reader, to);
            Set<String> paths = new TreeSet<>();
            for (DiffEntry d : Git.wrap(repo).diff().setOldTree(a).setNewTree(b).call()) {
                if (!d.getOldPath().equals(DiffEntry.DEV_NULL)) {
                    paths.add(d.getOldPath());
                }
                if (!d.getNewPath().equals(DiffEntry.DEV_NULL)) {
                    paths.add(d.getNewPath());
                }
            }
            return List.copyOf(paths);
        } catch (GitAPIException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
