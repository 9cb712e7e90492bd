package dev.tejun.kernel.folder;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.EmptyCommitException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Commit on save: a runbook saved from the browser or the API becomes a commit of that one file on the work tree's
 * current branch, authored by the signed-in user (Tejun is the committer), so review and history happen in Git. A
 * folder that is no Git work tree is saved as before, without a commit. Other changes in the work tree, staged or
 * not, are left out of the commit and alone.
 */
public final class GitSaves {

    /** The e-mail domain of authors and committer: Tejun knows user names, not addresses. */
    static final String DOMAIN = "tejun.invalid";

    /**
     * Commits {@code file} as it is now.
     *
     * @return the new commit's id; empty when the file is in no work tree or did not change
     * @throws IOException when the repository refuses the commit; the file stays saved
     */
    public Optional<String> commit(Path file, String author, String message) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        FileRepositoryBuilder builder =
                new FileRepositoryBuilder().findGitDir(abs.getParent().toFile());
        if (builder.getGitDir() == null) {
            return Optional.empty();
        }
        try (Repository repo = builder.setMustExist(true).build();
                Git git = Git.wrap(repo)) {
            File tree = repo.isBare() ? null : repo.getWorkTree();
            if (tree == null) {
                return Optional.empty();
            }
            String path = tree.toPath()
                    .toRealPath()
                    .relativize(abs.toRealPath())
                    .toString()
                    .replace(File.separatorChar, '/');
            if (git.status().addPath(path).call().isClean()) {
                return Optional.empty(); // saved as it was: nothing to commit
            }
            git.add().addFilepattern(path).call();
            RevCommit commit = git.commit()
                    .setOnly(path)
                    .setAllowEmpty(false)
                    .setAuthor(new PersonIdent(author, author + "@" + DOMAIN))
                    .setCommitter(new PersonIdent("Tejun", "tejun@" + DOMAIN))
                    .setMessage(message)
                    .setSign(false)
                    .call();
            return Optional.of(commit.getId().getName());
        } catch (EmptyCommitException e) {
            return Optional.empty();
        } catch (GitAPIException | RuntimeException e) {
            throw new IOException("saved, but not committed: " + e.getMessage(), e);
        }
    }
}
