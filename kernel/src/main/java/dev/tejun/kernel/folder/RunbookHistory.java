package dev.tejun.kernel.folder;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * A runbook's history in Git, for review: the commits that touched it on any branch (so each user's saves on their
 * own branch show too), its text at any of them, and a {@link CellDiff} between two versions. Reading only: the
 * repository is the one saves commit into, or else whichever holds the runbooks folder.
 */
public final class RunbookHistory {

    /** What names the file as it is on disk now, uncommitted changes and all, wherever a version is asked for. */
    public static final String DISK = "disk";

    /** One commit that changed the runbook; {@code time} is when it was authored. */
    public record Commit(String id, String author, Instant time, String message) {}

    private final RunbookFolder folder;
    private final GitSaves saves;

    public RunbookHistory(RunbookFolder folder, GitSaves saves) {
        this.folder = folder;
        this.saves = saves;
    }

    /** The commits that changed {@code name} on any branch, newest first; empty when it is in no repository. */
    public List<Commit> log(String name) throws IOException {
        try (Repository repo = open()) {
            if (repo == null) {
                return List.of();
            }
            try (RevWalk walk = new RevWalk(repo)) {
                for (Ref ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
                    walk.markStart(walk.parseCommit(ref.getObjectId()));
                }
                // newest first, but never a parent before its child: saves within one second share a time
                walk.sort(RevSort.TOPO, true);
                walk.sort(RevSort.COMMIT_TIME_DESC, true);
                walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(path(repo, name)), TreeFilter.ANY_DIFF));
                List<Commit> out = new ArrayList<>();
                for (RevCommit c : walk) {
                    out.add(new Commit(
                            c.getId().getName(),
                            c.getAuthorIdent().getName(),
                            c.getAuthorIdent().getWhenAsInstant(),
                            c.getFullMessage().strip()));
                }
                return out;
            }
        }
    }

    /**
     * The text of {@code name} at {@code version}: a commit id (or its prefix), a branch, or {@link #DISK}; empty
     * when the file does not exist there.
     *
     * @throws IllegalArgumentException when the version names nothing in the repository
     */
    public String text(String name, String version) throws IOException {
        Path file = folder.resolve(RunbookFolder.runbookName(name));
        if (version == null || version.isBlank() || version.equals(DISK)) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return "";
            }
        }
        try (Repository repo = open()) {
            if (repo == null) {
                throw new IllegalArgumentException("runbooks are in no Git repository: there is no version " + version);
            }
            return at(repo, path(repo, name), version);
        }
    }

    /** The cell-aware diff of {@code name} from version {@code from} to version {@code to} (see {@link #text}). */
    public CellDiff diff(String name, String from, String to) throws IOException {
        return CellDiff.between(text(name, from), text(name, to));
    }

    /** The file's text at {@code version} in {@code repo}; empty when absent there. */
    static String at(Repository repo, String path, String version) throws IOException {
        ObjectId id = repo.resolve(version + "^{commit}");
        if (id == null) {
            throw new IllegalArgumentException("no commit or branch " + version);
        }
        try (RevWalk walk = new RevWalk(repo);
                TreeWalk tw = TreeWalk.forPath(repo, path, walk.parseCommit(id).getTree())) {
            return tw == null ? "" : new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
        }
    }

    /** {@code name}'s path inside the repository's work tree, with '/'. */
    String path(Repository repo, String name) throws IOException {
        Path file = folder.resolve(RunbookFolder.runbookName(name));
        Path tree = repo.getWorkTree().toPath().toRealPath();
        Path real = folder.root().toRealPath().resolve(folder.root().relativize(file));
        return tree.relativize(real).toString().replace(File.separatorChar, '/');
    }

    /** The repository saves commit into, else the one holding the runbooks folder; null when there is none. */
    private Repository open() throws IOException {
        Repository repo = saves.repository();
        if (repo != null) {
            return repo;
        }
        FileRepositoryBuilder builder =
                new FileRepositoryBuilder().findGitDir(folder.root().toFile());
        if (builder.getGitDir() == null) {
            return null;
        }
        Repository found = builder.setMustExist(true).build();
        if (found.isBare()) {
            found.close();
            return null;
        }
        return found;
    }
}
