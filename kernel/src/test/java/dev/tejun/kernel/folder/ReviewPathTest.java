package dev.tejun.kernel.folder;

import static dev.tejun.kernel.folder.TestGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.folder.GitSaves.Branches;
import dev.tejun.kernel.folder.GitSaves.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review path against real Git: two users, saves on per-user branches, the runbook's history, a cell-aware diff,
 * a four-eyes merge into main, and the protected run that is refused before the merge and allowed after it.
 */
class ReviewPathTest {

    static final String V1 = """
            ---
            release: reviewed
            ---
            # Disk

            Check the disk.

            ```sh {#df}
            df -h /
            ```

            ```sh {#du}
            du -s /tmp
            ```
            """;

    @TempDir
    Path runbooks;

    RunbookFolder folder;
    GitSaves saves;
    Path file;

    @BeforeEach
    void repository() throws Exception {
        file = runbooks.resolve("disk.md");
        Files.writeString(file, V1);
        git(runbooks, "init", "-q", "-b", "main");
        git(runbooks, "add", ".");
        git(runbooks, "commit", "-q", "-m", "start");
        folder = new RunbookFolder(runbooks);
        saves = new GitSaves(runbooks, new Policy(true, null, Branches.PER_USER));
    }

    String aliceEdits() throws Exception {
        Files.writeString(file, V1.replace("df -h /", "df -h / /var").replace("Check the disk.", "Check disks."));
        return saves.commit(file, "alice", "check /var too").orElseThrow();
    }

    @Test
    void log_twoUsersOnTheirBranches_listsEveryCommitNewestFirst() throws Exception {
        aliceEdits();
        Files.writeString(file, V1 + "\nBob was here.\n");
        saves.commit(file, "bob", "a note");

        List<RunbookHistory.Commit> log = new RunbookHistory(folder, saves).log("disk.md");

        // alice and bob saved within one second on two branches: either may come first, their parent comes last
        assertEquals(
                Set.of("bob", "alice"),
                Set.copyOf(log.subList(0, 2).stream()
                        .map(RunbookHistory.Commit::author)
                        .toList()));
        assertEquals("setup", log.get(2).author());
        assertTrue(log.stream().anyMatch(c -> c.message().equals("check /var too")));
    }

    @Test
    void diff_mainToUserBranch_namesTheChangedCellAndProseOnly() throws Exception {
        aliceEdits();

        CellDiff diff = new RunbookHistory(folder, saves).diff("disk.md", "main", "tejun/alice");

        assertEquals(
                List.of("prose at start", "df"),
                diff.parts().stream().map(CellDiff.Part::key).toList());
        assertEquals(
                List.of(" ```sh {#df}", "-df -h /", "+df -h / /var", " ```"),
                diff.part("df").lines());
        assertEquals(CellDiff.Kind.CHANGED, diff.part("df").kind());
        assertTrue(diff.part("prose at start").lines().contains("+Check disks."));
        assertNull(diff.part("du"));
    }

    @Test
    void diff_cellMovedAndOneRemoved_linesUpById() {
        String moved = V1.replace("```sh {#df}\ndf -h /\n```\n\n", "") + "\n```sh {#df}\ndf -h /\n```\n";
        String removed = moved.replace("```sh {#du}\ndu -s /tmp\n```\n", "");

        CellDiff diff = CellDiff.between(V1, removed);

        assertEquals(CellDiff.Kind.REMOVED, diff.part("du").kind());
        assertNull(diff.part("df"));
    }

    @Test
    void merge_byAnotherApprover_releasesTheFileAndTheProtectedRunMayGo() throws Exception {
        String change = aliceEdits();
        assertTrue(Releases.MAIN.refusal(file, "disk.md").contains("differs"));

        String merged = new ReviewedMerge(folder, saves, "main").merge("disk.md", "tejun/alice", change, "bob");

        assertEquals(merged, git(runbooks, "rev-parse", "main"));
        assertTrue(git(runbooks, "log", "-1", "--format=%an %B", "main").contains("alice Merge disk.md"));
        assertTrue(git(runbooks, "log", "-1", "--format=%B", "main").contains("Approved-by: bob"));
        assertEquals("", git(runbooks, "status", "--porcelain"));
        assertNull(Releases.MAIN.refusal(file, "disk.md"));
    }

    @Test
    void merge_byTheAuthor_isRefusedAndNothingMoves() throws Exception {
        String change = aliceEdits();
        String before = git(runbooks, "rev-parse", "main");

        ReviewedMerge.Refused e = assertThrows(
                ReviewedMerge.Refused.class,
                () -> new ReviewedMerge(folder, saves, "main").merge("disk.md", "tejun/alice", change, "alice"));

        assertTrue(e.getMessage().contains("four eyes"), e.getMessage());
        assertEquals(before, git(runbooks, "rev-parse", "main"));
        assertTrue(Releases.MAIN.refusal(file, "disk.md").contains("differs"));
    }

    @Test
    void merge_branchMovedSinceTheReview_isRefused() throws Exception {
        String reviewed = aliceEdits();
        Files.writeString(file, V1.replace("du -s /tmp", "rm -rf /tmp/x"));
        saves.commit(file, "alice", "one more thing");

        ReviewedMerge.Refused e = assertThrows(
                ReviewedMerge.Refused.class,
                () -> new ReviewedMerge(folder, saves, "main").merge("disk.md", "tejun/alice", reviewed, "bob"));

        assertTrue(e.getMessage().contains("review its diff again"), e.getMessage());
    }
}
