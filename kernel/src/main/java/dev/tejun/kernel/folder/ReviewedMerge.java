package dev.tejun.kernel.folder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * A reviewed change reaching the release branch inside Tejun, four eyes: an approver merges one runbook as a branch
 * holds it (a user's {@code tejun/USER} branch) into the release branch, and only if someone else wrote every commit
 * of that branch not yet released, and only the commit the approver looked at (the branch must not have moved since).
 * The merge commits that one file, so other unreviewed files on the branch stay where they are. Where the release
 * branch is checked out, the file on disk follows it, so a protected run finds it released.
 */
public final class ReviewedMerge {

    /** Why a merge was refused; nothing changed. */
    public static final class Refused extends IllegalStateException {
        public Refused(String message) {
            super(message);
        }
    }

    private final RunbookFolder folder;
    private final GitSaves saves;
    private final String release;

    /** {@code release}: the branch reviewed content goes into. */
    public ReviewedMerge(RunbookFolder folder, GitSaves saves, String release) {
        this.folder = folder;
        this.saves = saves;
        this.release = release;
    }

    /**
     * Merges {@code name} as {@code branch} holds it at {@code reviewed} (the commit id the approver saw) into the
     * release branch, {@code approver} signing it off.
     *
     * @return the id of the release branch's new commit
     * @throws Refused when the approver wrote part of the change, the branch moved, there is nothing to merge, or the
     *     file on disk has edits that are on neither branch
     */
    public String merge(String name, String branch, String reviewed, String approver) throws IOException {
        if (!saves.enabled()) {
            throw new Refused("commit on save is off (git.commit-on-save): Tejun merges only where it commits");
        }
        try (Repository repo = saves.repository()) {
            if (repo == null) {
                throw new Refused("the runbooks folder is not the root of a Git work tree Tejun may commit into");
            }
            ObjectId tip = repo.resolve(Constants.R_HEADS + branch);
            ObjectId main = repo.resolve(Constants.R_HEADS + release);
            if (tip == null || main == null) {
                throw new Refused("no branch " + (tip == null ? branch : release));
            }
            if (reviewed == null
                    || !tip.getName().startsWith(reviewed.strip())
                    || reviewed.strip().length() < 7) {
                throw new Refused(branch + " is at " + tip.getName() + ", not at the reviewed commit " + reviewed
                        + ": review its diff again");
            }
            String path = new RunbookHistory(folder, saves).path(repo, name);
            try (ObjectReader reader = repo.newObjectReader();
                    RevWalk walk = new RevWalk(reader);
                    ObjectInserter inserter = repo.newObjectInserter()) {
                RevCommit head = walk.parseCommit(main);
                checkAuthors(walk, walk.parseCommit(tip), head, approver, branch);
                String change = RunbookHistory.at(repo, path, tip.getName());
                String before = RunbookHistory.at(repo, path, main.getName());
                if (change.isEmpty() || change.equals(before)) {
                    throw new Refused(release + " already holds " + name + " as " + branch + " has it");
                }
                Path disk = folder.resolve(name);
                boolean checkedOut = release.equals(repo.getBranch());
                byte[] now = Files.exists(disk) ? Files.readAllBytes(disk) : new byte[0];
                byte[] after = change.getBytes(StandardCharsets.UTF_8);
                if (checkedOut
                        && !Arrays.equals(now, after)
                        && !Arrays.equals(now, before.getBytes(StandardCharsets.UTF_8))) {
                    throw new Refused(name + " on disk has edits that are on neither " + release + " nor " + branch
                            + ": save them (they go on your branch) or restore the file, then merge");
                }
                ObjectId id = commit(reader, inserter, head, path, after, walk.parseCommit(tip), branch, approver);
                RefUpdate update = repo.updateRef(Constants.R_HEADS + release);
                update.setNewObjectId(id);
                update.setExpectedOldObjectId(main);
                update.setRefLogMessage("merge " + name + " from " + branch + ", approved by " + approver, false);
                RefUpdate.Result result = update.update(walk);
                if (result != RefUpdate.Result.FAST_FORWARD) {
                    throw new Refused(release + " moved while merging (" + result + "): review again");
                }
                if (checkedOut) {
                    // the work tree follows its branch: the file becomes what was released, and clean in the index
                    Files.write(disk, after);
                    Git.wrap(repo).add().addFilepattern(path).call();
                }
                return id.getName();
            }
        } catch (GitAPIException e) {
            throw new IOException("merged, but the work tree was not updated: " + e.getMessage(), e);
        }
    }

    /** Four eyes: every commit the merge releases was written by someone other than the approver. */
    private static void checkAuthors(RevWalk walk, RevCommit tip, RevCommit main, String approver, String branch)
            throws IOException {
        walk.reset();
        walk.markStart(tip);
        walk.markUninteresting(main);
        for (RevCommit c : walk) {
            if (c.getAuthorIdent().getName().equals(approver)) {
                throw new Refused(approver + " wrote " + c.getId().abbreviate(8).name() + " on " + branch
                        + ": a change is approved by a second person (four eyes)");
            }
        }
        walk.reset();
    }

    /** The release branch's tree with the one file replaced, authored as the change was, signed off by the approver. */
    private static ObjectId commit(
            ObjectReader reader,
            ObjectInserter inserter,
            RevCommit head,
            String path,
            byte[] content,
            RevCommit change,
            String branch,
            String approver)
            throws IOException {
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(GitSaves.treeWith(reader, inserter, head, path, content));
        commit.setParentId(head);
        commit.setAuthor(change.getAuthorIdent());
        commit.setCommitter(GitSaves.tejun());
        commit.setMessage("Merge " + path + " from " + branch + "\n\n"
                + change.getFullMessage().strip() + "\n\nReviewed-commit: "
                + change.getId().getName() + "\nApproved-by: " + approver + "\n");
        ObjectId id = inserter.insert(commit);
        inserter.flush();
        return id;
    }
}
