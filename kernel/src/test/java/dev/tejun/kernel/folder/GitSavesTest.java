package dev.tejun.kernel.folder;

import static dev.tejun.kernel.folder.TestGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.folder.GitSaves.Branches;
import dev.tejun.kernel.folder.GitSaves.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which repository and branch a save commits into; real git reads what JGit wrote. */
class GitSavesTest {

    @TempDir
    Path temp;

    /** A repository at {@code root} with {@code file} committed once on main. */
    static Path repository(Path root, String file) throws Exception {
        Files.createDirectories(root.resolve(file).getParent());
        Files.writeString(root.resolve(file), "# Disk\n");
        git(root, "init", "-q", "-b", "main");
        git(root, "add", ".");
        git(root, "commit", "-q", "-m", "start");
        return root.resolve(file);
    }

    @Test
    void commit_runbooksInsideALargerRepository_leavesItAlone() throws Exception {
        Path outer = temp.resolve("checkout");
        Path file = repository(outer, "runbooks/disk.md");
        Files.writeString(file, "# Disk, edited\n");

        Optional<String> c = new GitSaves(outer.resolve("runbooks"), Policy.currentBranch()).commit(file, "alice", "x");

        assertTrue(c.isEmpty());
        assertEquals("1", git(outer, "rev-list", "--count", "HEAD"));
        assertEquals("M runbooks/disk.md", git(outer, "status", "--porcelain"));
    }

    @Test
    void commit_largerRepositoryConfigured_commitsThere() throws Exception {
        Path outer = temp.resolve("checkout");
        Path file = repository(outer, "runbooks/disk.md");
        Files.writeString(file, "# Disk, edited\n");

        Optional<String> c = new GitSaves(outer.resolve("runbooks"), new Policy(true, outer, Branches.CURRENT))
                .commit(file, "alice", "edit");

        assertEquals(c.orElseThrow(), git(outer, "rev-parse", "HEAD"));
        assertEquals("runbooks/disk.md", git(outer, "show", "--name-only", "--format=", "HEAD"));
    }

    @Test
    void commit_off_commitsNothingEvenAtTheRunbooksRoot() throws Exception {
        Path runbooks = temp.resolve("runbooks");
        Path file = repository(runbooks, "disk.md");
        Files.writeString(file, "# Disk, edited\n");

        assertTrue(
                new GitSaves(runbooks, Policy.off()).commit(file, "alice", "x").isEmpty());
        assertEquals("1", git(runbooks, "rev-list", "--count", "HEAD"));
    }

    @Test
    void commit_perUser_eachUserOnTheirOwnBranchWorkTreeStaysOnMain() throws Exception {
        Path runbooks = temp.resolve("runbooks");
        Path file = repository(runbooks, "disk.md");
        Files.writeString(runbooks.resolve("other.md"), "not to be committed\n");
        GitSaves saves = new GitSaves(runbooks, new Policy(true, null, Branches.PER_USER));

        Files.writeString(file, "# Disk by alice\n");
        String a1 = saves.commit(file, "alice", "first").orElseThrow();
        Files.writeString(file, "# Disk by alice, again\n");
        String a2 = saves.commit(file, "alice", "second").orElseThrow();
        Files.writeString(file, "# Disk by bob\n");
        String b1 = saves.commit(file, "bob", "bob's").orElseThrow();

        assertEquals("main", git(runbooks, "branch", "--show-current"));
        assertEquals("1", git(runbooks, "rev-list", "--count", "main"));
        assertEquals(a2, git(runbooks, "rev-parse", "tejun/alice"));
        assertEquals(a1, git(runbooks, "rev-parse", "tejun/alice~1"));
        assertEquals(git(runbooks, "rev-parse", "main"), git(runbooks, "rev-parse", "tejun/bob~1"));
        assertEquals(b1, git(runbooks, "rev-parse", "tejun/bob"));
        assertEquals(
                "alice|alice@tejun.invalid|Tejun|second", git(runbooks, "log", "-1", "--format=%an|%ae|%cn|%s", a2));
        assertEquals("# Disk by alice, again", git(runbooks, "show", "tejun/alice:disk.md"));
        assertEquals("# Disk by bob", git(runbooks, "show", "tejun/bob:disk.md"));
        assertEquals("disk.md", git(runbooks, "show", "--name-only", "--format=", "tejun/bob"));
        assertEquals("", git(runbooks, "fsck", "--no-progress", "--no-dangling"));
        // the same content again is no new commit
        assertTrue(saves.commit(file, "bob", "again").isEmpty());
    }

    @Test
    void commit_perUserWhileOnTheirBranch_commitsTheWorkTree() throws Exception {
        Path runbooks = temp.resolve("runbooks");
        Path file = repository(runbooks, "disk.md");
        git(runbooks, "checkout", "-q", "-b", "tejun/alice");
        Files.writeString(file, "# Disk by alice\n");

        String c = new GitSaves(runbooks, new Policy(true, null, Branches.PER_USER))
                .commit(file, "alice", "edit")
                .orElseThrow();

        assertEquals(c, git(runbooks, "rev-parse", "HEAD"));
        assertEquals("", git(runbooks, "status", "--porcelain"));
    }

    @Test
    void userBranch_oddNames_becomeValidBranchNames() throws Exception {
        Path runbooks = temp.resolve("runbooks");
        repository(runbooks, "disk.md");
        for (String user : List.of("alice", "a b", "x..y", "ops@example.com", ".hidden", "~^:?*[\\")) {
            String branch = GitSaves.userBranch(user);
            git(runbooks, "check-ref-format", "--branch", branch);
        }
        assertEquals("tejun/ops-example.com", GitSaves.userBranch("ops@example.com"));
    }
}
