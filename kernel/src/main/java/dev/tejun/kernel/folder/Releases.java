package dev.tejun.kernel.folder;

import dev.tejun.kernel.format.RunbookFormat;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Protected runbooks: front matter {@code release: reviewed} means that unattended and production runs (flows,
 * schedules) run only content that is committed on the release branch: the file on disk must be byte for byte what
 * that branch holds. A change reaches the branch by review (a merge), never by a save alone, so nobody runs an
 * unreviewed edit in production. Reading only: the repository is the one that holds the file, wherever its root.
 */
public final class Releases {

    /** The branch reviewed content is merged into. */
    public static final String BRANCH = "main";

    private Releases() {}

    /** Whether the runbook's front matter asks for reviewed content only. */
    public static boolean reviewed(String text) {
        Object release = RunbookFormat.parse(text).metadata().extra().get("release");
        return release != null && release.toString().strip().equals("reviewed");
    }

    /**
     * Null when {@code file} may run as it is (not protected, or exactly what {@code branch} holds); otherwise why
     * not and what to do.
     */
    public static String refusal(Path file, String name, String branch) throws IOException {
        byte[] disk = Files.readAllBytes(file);
        if (!reviewed(new String(disk, StandardCharsets.UTF_8))) {
            return null;
        }
        String what = "runbook " + name + " has release: reviewed and runs only as committed on branch " + branch;
        Path abs = file.toAbsolutePath().normalize();
        FileRepositoryBuilder builder =
                new FileRepositoryBuilder().findGitDir(abs.getParent().toFile());
        if (builder.getGitDir() == null) {
            return what + ", but it is in no Git repository: put the runbooks folder under Git and merge it there";
        }
        try (Repository repo = builder.setMustExist(true).build();
                RevWalk walk = new RevWalk(repo)) {
            ObjectId tip = repo.isBare() ? null : repo.resolve(Constants.R_HEADS + branch);
            if (tip == null) {
                return what + ", and the repository has no branch " + branch + ": merge the reviewed runbook there";
            }
            String path = repo.getWorkTree()
                    .toPath()
                    .toRealPath()
                    .relativize(abs.toRealPath())
                    .toString()
                    .replace(File.separatorChar, '/');
            try (TreeWalk tw =
                    TreeWalk.forPath(repo, path, walk.parseCommit(tip).getTree())) {
                if (tw == null) {
                    return what + ", where it is not yet: have the change reviewed and merged into " + branch
                            + ", then run again";
                }
                byte[] released = repo.open(tw.getObjectId(0)).getBytes();
                if (!Arrays.equals(released, disk)) {
                    return what + ", and the file differs from it (an unreviewed or uncommitted change): have the"
                            + " change reviewed and merged into " + branch + ", or restore the file to " + branch
                            + " (git checkout " + branch + " -- " + path + "), then run again";
                }
                return null;
            }
        }
    }
}
