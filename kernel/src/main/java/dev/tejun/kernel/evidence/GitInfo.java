package dev.tejun.kernel.evidence;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a runbook stands in Git: the commit of HEAD and whether the bytes that ran differ from that commit.
 *
 * @param commit   HEAD's commit id, null when the file is not in a Git work tree
 * @param modified true when the file's content is not the one HEAD holds (or HEAD does not hold it)
 */
public record GitInfo(String commit, boolean modified) {

    public static final GitInfo NONE = new GitInfo(null, false);

    /** Never throws: a folder that is not a work tree, or an unreadable repository, gives {@link #NONE}. */
    public static GitInfo of(Path file, byte[] content) {
        Path abs = file.toAbsolutePath().normalize();
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(abs.getParent().toFile());
        if (builder.getGitDir() == null) {
            return NONE;
        }
        try (Repository repo = builder.build(); RevWalk walk = new RevWalk(repo)) {
            ObjectId head = repo.resolve(Constants.HEAD);
            if (head == null || repo.getWorkTree() == null) {
                return NONE;
            }
            RevCommit commit = walk.parseCommit(head);
            String relative = repo.getWorkTree().toPath().toAbsolutePath().normalize().relativize(abs)
                    .toString().replace('\\', '/');
            ObjectId blob;
            try (ObjectInserter.Formatter f = new ObjectInserter.Formatter()) {
                blob = f.idFor(Constants.OBJ_BLOB, content);
            }
            try (TreeWalk tw = TreeWalk.forPath(repo, relative, commit.getTree())) {
                boolean same = tw != null && tw.getObjectId(0).equals(blob);
                return new GitInfo(commit.getName(), !same);
            }
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
    }
}
