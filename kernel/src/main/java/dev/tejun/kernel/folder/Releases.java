package dev.tejun.kernel.folder;

import dev.tejun.kernel.format.RunbookFormat;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Protected runbooks: front matter {@code release: reviewed}, or a place in one of the reviewed folders
 * ({@code git.reviewed-folders}), means that unattended and production runs (flows, schedules, runs with a
 * {@code protected} param value) run only content that is committed on the release branch ({@code
 * git.release-branch}, default {@code main}): the file must be byte for byte what that branch holds. A change reaches
 * the branch by review (a merge), never by a save alone, so nobody runs an unreviewed edit in production. Reading
 * only: the repository is the one that holds the file, wherever its root.
 *
 * @param branch  the branch reviewed content is merged into
 * @param folders folders (relative to the runbooks folder, forward slashes) whose runbooks are all protected
 */
public record Releases(String branch, List<String> folders) {

    /** The default: branch {@code main}, no reviewed folders. */
    public static final Releases MAIN = new Releases("main", List.of());

    public Releases {
        if (branch == null || branch.isBlank() || !Repository.isValidRefName(Constants.R_HEADS + branch)) {
            throw new IllegalArgumentException("'" + branch + "' is not a branch name (git.release-branch)");
        }
        folders = folders.stream()
                .map(f -> f.strip().replace('\\', '/').replaceAll("^/+|/+$", ""))
                .filter(f -> !f.isEmpty())
                .toList();
    }

    /**
     * Whether the runbook is protected: its front matter says {@code release: reviewed}, or {@code name} (relative to
     * the runbooks folder) lies in a reviewed folder.
     */
    public boolean reviewed(String name, String text) {
        return protection(name, text) != null;
    }

    /** Why the runbook is protected ("has release: reviewed", "is in the reviewed folder prod"), or null. */
    private String protection(String name, String text) {
        String n = name.replace('\\', '/');
        for (String f : folders) {
            if (n.startsWith(f + "/")) {
                return "is in the reviewed folder " + f;
            }
        }
        Object release = RunbookFormat.parse(text).metadata().extra().get("release");
        return release != null && release.toString().strip().equals("reviewed") ? "has release: reviewed" : null;
    }

    /**
     * Null when {@code file} may run unattended as it is (not protected, or exactly what the release branch holds);
     * otherwise why not and what to do.
     */
    public String refusal(Path file, String name) throws IOException {
        return refusal(file, name, Files.readAllBytes(file));
    }

    /**
     * As {@link #refusal(Path, String)} for {@code content}, the text that is to run from {@code file} (a flow
     * node runs the text its instance was started with, which the file may no longer hold).
     */
    public String refusal(Path file, String name, byte[] content) throws IOException {
        String why = protection(name, new String(content, StandardCharsets.UTF_8));
        if (why == null) {
            return null;
        }
        return unreleased(
                file, content, "runbook " + name + " " + why + " and runs only as committed on branch " + branch);
    }

    /**
     * Null when {@code content}, the text that is to run from {@code file}, is byte for byte what the release branch
     * holds at that path; otherwise {@code what} followed by why not and what to do.
     */
    public String unreleased(Path file, byte[] content, String what) throws IOException {
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
                if (!Arrays.equals(released, content)) {
                    return what + ", and the file differs from it (an unreviewed or uncommitted change): have the"
                            + " change reviewed and merged into " + branch + ", or restore the file to " + branch
                            + " (git checkout " + branch + " -- " + path + "), then run again";
                }
                return null;
            }
        }
    }
}
