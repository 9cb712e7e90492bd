package dev.tejun.kernel.evidence;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Answers {@link GitInfo} for runbook files, keeping each repository open and remembering the last answer per
 * file, so a run of a one-line cell does not pay for opening a repository and walking a tree (milliseconds).
 * An answer is reused only while HEAD and the file's content are the same.
 */
public final class GitLookup implements AutoCloseable {

    private record Answer(ObjectId head, ObjectId blob, GitInfo info) {}

    private final Map<Path, Optional<Repository>> repositories = new ConcurrentHashMap<>();
    private final Map<Path, Answer> answers = new ConcurrentHashMap<>();

    /** Never throws: a folder that is not a work tree, or an unreadable repository, gives {@link GitInfo#NONE}. */
    public GitInfo of(Path file, byte[] content) {
        Path abs = file.toAbsolutePath().normalize();
        Optional<Repository> repo = repositories.computeIfAbsent(abs.getParent(), GitLookup::open);
        if (repo.isEmpty() || repo.get().getWorkTree() == null) {
            return GitInfo.NONE;
        }
        try {
            ObjectId head = repo.get().resolve(Constants.HEAD);
            if (head == null) {
                return GitInfo.NONE;
            }
            ObjectId blob;
            try (ObjectInserter.Formatter f = new ObjectInserter.Formatter()) {
                blob = f.idFor(Constants.OBJ_BLOB, content);
            }
            Answer last = answers.get(abs);
            if (last != null && last.head().equals(head) && last.blob().equals(blob)) {
                return last.info();
            }
            GitInfo info = compare(repo.get(), head, abs, blob);
            answers.put(abs, new Answer(head, blob, info));
            return info;
        } catch (IOException | RuntimeException e) {
            return GitInfo.NONE;
        }
    }

    private static GitInfo compare(Repository repo, ObjectId head, Path abs, ObjectId blob) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            var commit = walk.parseCommit(head);
            String relative = repo.getWorkTree()
                    .toPath()
                    .toAbsolutePath()
                    .normalize()
                    .relativize(abs)
                    .toString()
                    .replace(File.separatorChar, '/');
            try (TreeWalk tw = TreeWalk.forPath(repo, relative, commit.getTree())) {
                boolean same = tw != null && tw.getObjectId(0).equals(blob);
                return new GitInfo(commit.getName(), !same);
            }
        }
    }

    private static Optional<Repository> open(Path folder) {
        FileRepositoryBuilder builder =
                new FileRepositoryBuilder().readEnvironment().findGitDir(folder.toFile());
        if (builder.getGitDir() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(builder.build());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        repositories.values().forEach(r -> r.ifPresent(Repository::close));
        repositories.clear();
        answers.clear();
    }
}
