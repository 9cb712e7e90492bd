package dev.tejun.kernel.folder;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.EmptyCommitException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * Commit on save, when the server's configuration asks for it: a runbook saved from the browser or the API becomes a
 * commit of that one file, authored by the signed-in user (Tejun is the committer), so review and history happen in
 * Git. Opt-in and confined: only a repository whose work tree root is the runbooks folder itself, or the one the
 * configuration names, takes commits. A runbooks folder that merely lies inside some other checkout (Tejun's own
 * {@code runbooks/}, served from a clone of Tejun) is never committed into by accident. Other changes in the work
 * tree, staged or not, are left out of the commit and alone.
 */
public final class GitSaves {

    /** The e-mail domain of authors and committer: Tejun knows user names, not addresses. */
    static final String DOMAIN = "tejun.invalid";

    /** Where a save's commit goes. */
    public enum Branches {
        /** The branch the work tree has checked out: the commit moves it and the file is clean afterwards. */
        CURRENT,
        /**
         * {@code tejun/USER}, made from the checked-out commit on a user's first save; the work tree and its branch
         * stay where they are, so each user's edits wait on their own branch for review and merge.
         */
        PER_USER;

        /** {@code current} or {@code per-user}, as {@code tejun.yaml} writes it. */
        public static Branches parse(String word) {
            return switch (word.strip().toLowerCase(Locale.ROOT)) {
                case "current" -> CURRENT;
                case "per-user" -> PER_USER;
                default -> throw new IllegalArgumentException("'" + word + "' is not current or per-user");
            };
        }
    }

    /**
     * @param enabled    whether saves commit at all (off unless configured)
     * @param repository the work tree root that takes commits; null: only a repository rooted at the runbooks folder
     * @param branches   which branch a commit goes on
     */
    public record Policy(boolean enabled, Path repository, Branches branches) {
        public Policy {
            if (branches == null) {
                throw new IllegalArgumentException("a branch policy is needed");
            }
        }

        /** Saves are plain file writes. */
        public static Policy off() {
            return new Policy(false, null, Branches.CURRENT);
        }

        /** Commits into a repository rooted at the runbooks folder, on its checked-out branch. */
        public static Policy currentBranch() {
            return new Policy(true, null, Branches.CURRENT);
        }
    }

    private final Path runbooks;
    private final Policy policy;
    private final Object writes = new Object();

    /** {@code runbooks}: the runbooks folder whose saves this commits. */
    public GitSaves(Path runbooks, Policy policy) {
        this.runbooks = runbooks.toAbsolutePath().normalize();
        this.policy = policy;
    }

    /**
     * The monitor every change to this work tree and its repository holds while it works: a save (the file written and
     * its commit), a merge, a pull's merge (not its fetch, which may wait on a slow remote). They all take Git's index
     * lock and move branches, so two at once would fail one of them half done; whoever changes the repository shares
     * this one {@code GitSaves}.
     */
    public Object writes() {
        return writes;
    }

    /** The branch a user's saves go on under {@link Branches#PER_USER}; characters Git refuses become '-'. */
    public static String userBranch(String user) {
        String safe = user.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("\\.{2,}", "-");
        safe = safe.replaceAll("^[.-]+|\\.lock$|[.]+$", "");
        return "tejun/" + (safe.isEmpty() ? "user" : safe);
    }

    /**
     * Commits {@code file} as it is now.
     *
     * @return the new commit's id; empty when commits are off, the file is in no repository allowed to take them, or
     *     it did not change
     * @throws IOException when the repository refuses the commit; the file stays saved
     */
    public Optional<String> commit(Path file, String author, String message) throws IOException {
        if (!policy.enabled()) {
            return Optional.empty();
        }
        synchronized (writes) {
            return commitNow(file, author, message);
        }
    }

    /**
     * Commits a runbook's removal ({@code added} null) or its move from {@code gone} to {@code added}, as they are now
     * on disk, the way {@link #commit} commits a save: one commit of both paths, the rest of the index left alone.
     *
     * @return the new commit's id; empty when commits are off or the files are in no repository allowed to take them
     * @throws IOException when the repository refuses the commit; the files stay as they are
     */
    public Optional<String> commitMove(Path gone, Path added, String author, String message) throws IOException {
        if (!policy.enabled()) {
            return Optional.empty();
        }
        synchronized (writes) {
            try (Repository repo = repository()) {
                if (repo == null) {
                    return Optional.empty();
                }
                Path tree = repo.getWorkTree().toPath().toRealPath();
                Map<String, Optional<byte[]>> files = new LinkedHashMap<>();
                String from = inTree(tree, gone);
                if (from == null) {
                    return Optional.empty();
                }
                files.put(from, Optional.empty());
                String to = added == null ? null : inTree(tree, added);
                if (added != null && to == null) {
                    return Optional.empty();
                }
                if (to != null) {
                    files.put(to, Optional.of(Files.readAllBytes(added)));
                }
                PersonIdent who = new PersonIdent(author, author + "@" + DOMAIN);
                String current = repo.getFullBranch();
                String branch = policy.branches() == Branches.PER_USER
                                && !userBranch(author).equals(repo.getBranch())
                        ? userBranch(author)
                        : current != null && current.startsWith(Constants.R_HEADS)
                                ? Repository.shortenRefName(current)
                                : null;
                if (branch == null) {
                    throw new IOException("a detached HEAD takes no move or removal");
                }
                Optional<String> id = onBranch(repo, branch, files, who, message);
                if (branch.equals(repo.getBranch())) {
                    unstaged(repo, from);
                    if (to != null) {
                        staged(repo, to, tree.resolve(to), files.get(to).get());
                    }
                }
                return id;
            } catch (RuntimeException e) {
                throw new IOException("changed, but not committed: " + e.getMessage(), e);
            }
        }
    }

    /** {@code file}'s path in the work tree {@code tree} (the file itself need not exist), or null outside it. */
    private static String inTree(Path tree, Path file) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        Path real = abs.getParent().toRealPath().resolve(abs.getFileName());
        return real.startsWith(tree) ? tree.relativize(real).toString().replace(File.separatorChar, '/') : null;
    }

    /** The index entry of {@code path} removed, as the commit just made on the checked-out branch removed the file. */
    private static void unstaged(Repository repo, String path) throws IOException {
        DirCache index = repo.lockDirCache();
        DirCacheEditor editor = index.editor();
        editor.add(new DirCacheEditor.DeletePath(path));
        editor.commit();
    }

    private Optional<String> commitNow(Path file, String author, String message) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        try (Repository repo = repository()) {
            if (repo == null) {
                return Optional.empty();
            }
            Path tree = repo.getWorkTree().toPath().toRealPath();
            Path real = abs.toRealPath();
            if (!real.startsWith(tree)) {
                return Optional.empty();
            }
            String path = tree.relativize(real).toString().replace(File.separatorChar, '/');
            PersonIdent who = new PersonIdent(author, author + "@" + DOMAIN);
            String branch = userBranch(author);
            if (policy.branches() == Branches.PER_USER && !branch.equals(repo.getBranch())) {
                return onBranch(repo, branch, path, Files.readAllBytes(real), who, message);
            }
            String current = repo.getFullBranch();
            if (current == null || !current.startsWith(Constants.R_HEADS)) {
                return onCurrent(repo, path, who, message); // a detached HEAD: git's own commit moves it
            }
            byte[] content = Files.readAllBytes(real);
            Optional<String> id = onBranch(repo, Repository.shortenRefName(current), path, content, who, message);
            staged(repo, path, real, content);
            return id;
        } catch (GitAPIException | RuntimeException e) {
            throw new IOException("saved, but not committed: " + e.getMessage(), e);
        }
    }

    /**
     * The repository allowed to take commits, or null. Its work tree root must be the configured one, or without one
     * the runbooks folder itself: a {@code .git} further up belongs to some other project.
     */
    Repository repository() throws IOException {
        Path root = policy.repository() != null
                ? policy.repository().toAbsolutePath().normalize()
                : runbooks;
        if (!Files.exists(root.resolve(Constants.DOT_GIT))) {
            return null;
        }
        Path dotGit = root.resolve(Constants.DOT_GIT);
        // a .git folder: the repository comes from JGit's cache, so a save does not read its config and refs afresh
        Repository repo = Files.isDirectory(dotGit)
                ? RepositoryCache.open(RepositoryCache.FileKey.exact(dotGit.toFile(), FS.DETECTED), true)
                : new FileRepositoryBuilder()
                        .setWorkTree(root.toFile())
                        .setMustExist(true)
                        .build();
        if (repo.isBare()
                || !repo.getWorkTree().toPath().toRealPath().equals(root.toRealPath())
                || !runbooks.toRealPath().startsWith(root.toRealPath())) {
            repo.close();
            return null;
        }
        return repo;
    }

    private static Optional<String> onCurrent(Repository repo, String path, PersonIdent who, String message)
            throws GitAPIException {
        Git git = Git.wrap(repo);
        if (git.status().addPath(path).call().isClean()) {
            return Optional.empty(); // saved as it was: nothing to commit
        }
        git.add().addFilepattern(path).call();
        try {
            RevCommit commit = git.commit()
                    .setOnly(path)
                    .setAllowEmpty(false)
                    .setAuthor(who)
                    .setCommitter(tejun())
                    .setMessage(message)
                    .setSign(false)
                    .call();
            return Optional.of(commit.getId().getName());
        } catch (EmptyCommitException e) {
            return Optional.empty();
        }
    }

    /**
     * The index entry of {@code path} made to match the file just committed on the checked-out branch, so the work
     * tree reads clean. Only that entry changes: what else is staged stays staged. Cheaper than git's own commit of
     * one path, which reads the whole work tree (116 ms a save in a small repository).
     */
    private static void staged(Repository repo, String path, Path file, byte[] content) throws IOException {
        ObjectId blob = new ObjectInserter.Formatter().idFor(Constants.OBJ_BLOB, content);
        Instant modified = Files.getLastModifiedTime(file).toInstant();
        DirCache index = repo.lockDirCache();
        DirCacheEditor editor = index.editor();
        editor.add(new DirCacheEditor.PathEdit(path) {
            @Override
            public void apply(DirCacheEntry entry) {
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(blob);
                entry.setLength(content.length);
                entry.setLastModified(modified);
            }
        });
        editor.commit(); // writes the index and releases its lock
    }

    /**
     * A commit of {@code path} with {@code content} on {@code branch}, written straight into the object database: the
     * branch's tree with one blob replaced. The index and work tree are not touched (another branch is checked out).
     */
    private static Optional<String> onBranch(
            Repository repo, String branch, String path, byte[] content, PersonIdent who, String message)
            throws IOException {
        return onBranch(repo, branch, Map.of(path, Optional.of(content)), who, message);
    }

    /** {@link #onBranch(Repository, String, String, byte[], PersonIdent, String)} of several files, some removed. */
    private static Optional<String> onBranch(
            Repository repo, String branch, Map<String, Optional<byte[]>> files, PersonIdent who, String message)
            throws IOException {
        String ref = Constants.R_HEADS + branch;
        ObjectId tip = repo.resolve(ref);
        ObjectId parent = tip != null ? tip : repo.resolve(Constants.HEAD);
        try (ObjectInserter inserter = repo.newObjectInserter();
                ObjectReader reader = repo.newObjectReader();
                RevWalk walk = new RevWalk(reader)) {
            RevCommit base = parent == null ? null : walk.parseCommit(parent);
            ObjectId treeId = treeWith(reader, inserter, base, files);
            if (base != null && base.getTree().equals(treeId)) {
                return Optional.empty(); // the branch has this content already
            }
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(treeId);
            if (base != null) {
                commit.setParentId(base);
            }
            commit.setAuthor(who);
            commit.setCommitter(tejun());
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repo.updateRef(ref);
            update.setNewObjectId(id);
            update.setExpectedOldObjectId(tip != null ? tip : ObjectId.zeroId());
            update.setRefLogMessage("commit: " + message.lines().findFirst().orElse(""), false);
            RefUpdate.Result result = update.update(walk);
            if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
                throw new IOException("saved, but " + ref + " was not moved: " + result);
            }
            return Optional.of(id.getName());
        }
    }

    /** {@code base}'s tree (none: empty) with the file at {@code path} holding {@code content}, written as objects. */
    static ObjectId treeWith(ObjectReader reader, ObjectInserter inserter, RevCommit base, String path, byte[] content)
            throws IOException {
        return treeWith(reader, inserter, base, Map.of(path, Optional.of(content)));
    }

    /** {@code base}'s tree (none: empty) with each path holding its content, or removed where it has none. */
    static ObjectId treeWith(
            ObjectReader reader, ObjectInserter inserter, RevCommit base, Map<String, Optional<byte[]>> files)
            throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        if (base != null) {
            builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, base.getTree());
        }
        builder.finish();
        DirCacheEditor editor = index.editor();
        for (Map.Entry<String, Optional<byte[]>> file : files.entrySet()) {
            if (file.getValue().isEmpty()) {
                editor.add(new DirCacheEditor.DeletePath(file.getKey()));
                continue;
            }
            ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue().get());
            editor.add(new DirCacheEditor.PathEdit(file.getKey()) {
                @Override
                public void apply(DirCacheEntry entry) {
                    entry.setFileMode(FileMode.REGULAR_FILE);
                    entry.setObjectId(blob);
                }
            });
        }
        editor.finish();
        return index.writeTree(inserter);
    }

    /** Whether saves commit at all: what writes into the repository (a merge) asks first. */
    boolean enabled() {
        return policy.enabled();
    }

    static PersonIdent tejun() {
        return new PersonIdent("Tejun", "tejun@" + DOMAIN);
    }
}
