package dev.tejun.server.cli;

import static dev.tejun.kernel.folder.TestGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tejun run FILE.flow.yaml} on a data folder whose {@code tejun.yaml} names the release branch
 * ({@code git.release-branch: release}): a protected runbook of the flow is checked against that branch, as a server
 * on the same folder checks it — not against {@code main}. Real git holds both branches.
 */
@ExtendWith(CellsUnsandboxed.class)
class FlowReleaseBranchCliTest {

    private static final String FLOW =
            "nodes:\n  - { id: go, type: runbook, runbook: prod.md, next: end }\n  - { id: end, type: end }\n";

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** prod.md (release: reviewed) as {@code text} on branch release, something else on main; release checked out. */
    private Path books(String released) throws Exception {
        Path books = Files.createDirectories(temp.resolve("books"));
        Files.writeString(books.resolve("go.flow.yaml"), FLOW);
        Files.writeString(books.resolve("prod.md"), prod("echo on-main"));
        git(books, "init", "-q", "-b", "main");
        git(books, "add", ".");
        git(books, "commit", "-q", "-m", "main");
        git(books, "checkout", "-q", "-b", "release");
        Files.writeString(books.resolve("prod.md"), released);
        git(books, "commit", "-q", "-am", "released");
        return books;
    }

    private static String prod(String command) {
        return "---\nrelease: reviewed\n---\n# Prod\n\n```sh {#change}\n" + command + "\n```\n";
    }

    private Path home() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        Files.writeString(home.resolve("tejun.yaml"), "git:\n  release-branch: release\n");
        return home;
    }

    @Test
    void runFlow_protectedRunbookAsTheConfiguredReleaseBranchHoldsIt_runs() throws Exception {
        Path books = books(prod("echo released"));

        int exit = LocalCli.run(
                out, err, home(), Map.of(), "run", books.resolve("go.flow.yaml").toString());

        String said = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, said);
        assertTrue(said.contains(": ok"), said);
    }

    @Test
    void runFlow_protectedRunbookEditedAfterTheRelease_refusedNamingTheConfiguredBranch() throws Exception {
        Path books = books(prod("echo released"));
        Files.writeString(books.resolve("prod.md"), prod("echo edited-by-hand"));

        int exit = LocalCli.run(
                out, err, home(), Map.of(), "run", books.resolve("go.flow.yaml").toString());

        String said = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(1, exit, said);
        assertTrue(said.contains("branch release"), said);
        assertFalse(said.contains("edited-by-hand\n"), said);
    }
}
