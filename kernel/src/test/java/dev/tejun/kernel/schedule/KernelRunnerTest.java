package dev.tejun.kernel.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.folder.TestGit;
import dev.tejun.kernel.permission.RunScope;
import dev.tejun.kernel.session.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(CellsUnsandboxed.class) // its cells leave marker files in the test's temp folder
class KernelRunnerTest {

    @TempDir
    Path tmp;

    private KernelRunner runner() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Session.Services services = new Session.Services(
                new ExecutorRegistry(List.of(new ShellExecutorFactory())),
                new EvidenceStore(data.resolve("evidence"), Clock.systemUTC()),
                data,
                Clock.systemUTC(),
                r -> Optional.empty());
        return new KernelRunner(new RunbookFolder(tmp.resolve("runbooks")), services, () -> null);
    }

    @Test
    void run_runbook_writesMarkerAndEvidenceAsServiceUser() throws Exception {
        KernelRunner runner = runner();
        Path marker = tmp.resolve("marker");
        Files.writeString(tmp.resolve("runbooks/touch.md"), """
                ---
                params:
                  who: { default: nobody }
                ---
                ```sh
                echo "${params.who}" > %s
                ```
                """.formatted(marker));
        RunResult r = runner.run(new Target("touch.md"), Map.of("who", "cron"), ServiceIdentity.SCHEDULER);
        assertEquals("ok", r.status(), r.message());
        assertEquals("cron\n", Files.readString(marker));
        assertNotNull(r.evidence());
        String run = Files.readString(Path.of(r.evidence()).resolve("run.json"));
        assertTrue(run.contains("\"scheduler\""), run);
    }

    @Test
    void run_requiresAnotherRole_refusedAndNothingRuns() throws Exception {
        KernelRunner runner = runner();
        Path marker = tmp.resolve("marker");
        Files.writeString(
                tmp.resolve("runbooks/admin.md"), "---\nrequires: [admin]\n---\n```sh\ntouch " + marker + "\n```\n");
        RunResult r = runner.run(
                new Target("admin.md"), Map.of(), new ServiceIdentity("scheduler", "scheduler", Set.of("operator")));
        assertEquals("failed", r.status());
        assertNull(r.runId());
        assertTrue(r.message().contains("requires"), r.message());
        assertTrue(Files.notExists(marker));
    }

    @Test
    void run_requiresTwoRolesHoldingOne_refusedAndNothingRuns() throws Exception {
        // requires: lists roles that must ALL be held; any-of let an operator run an admin runbook
        KernelRunner runner = runner();
        Path marker = tmp.resolve("marker");
        Files.writeString(
                tmp.resolve("runbooks/both.md"),
                "---\nrequires: [operator, admin]\n---\n```sh\ntouch " + marker + "\n```\n");
        RunResult r = runner.run(new Target("both.md"), Map.of(), ServiceIdentity.SCHEDULER);
        assertEquals("failed", r.status());
        assertTrue(r.message().contains("requires role admin"), r.message());
        assertTrue(Files.notExists(marker));
    }

    @Test
    void run_filesChangedSincePinned_refusedAndNothingRuns() throws Exception {
        KernelRunner runner = runner();
        Path marker = tmp.resolve("marker");
        Files.writeString(tmp.resolve("runbooks/pinned.md"), "```sh\necho activated\n```\n");
        String pin = RunScope.hash(new RunbookFolder(tmp.resolve("runbooks")), "pinned.md");
        Files.writeString(tmp.resolve("runbooks/pinned.md"), "```sh\ntouch " + marker + "\n```\n");
        RunResult r = runner.run(new Target("pinned.md", pin), Map.of(), ServiceIdentity.SCHEDULER);
        assertEquals("failed", r.status());
        assertTrue(r.message().contains("changed since"), r.message());
        assertTrue(Files.notExists(marker));
    }

    @Test
    void check_runbook_answersTheTextItWouldRunAndItsRoles_orWhyNot() throws Exception {
        KernelRunner runner = runner();
        String text = "---\nrequires: [operator]\nparams:\n  n: { type: integer }\n---\n```sh\necho checked\n```\n";
        Files.writeString(tmp.resolve("runbooks/check.md"), text);

        KernelRunner.Checked ok = runner.check(new Target("check.md"), Map.of("n", "3"), ServiceIdentity.SCHEDULER);
        assertNull(ok.refusal());
        assertEquals(text, ok.text(), "the run is queued with the text as it was checked");
        assertEquals(List.of("operator"), ok.requires());

        KernelRunner.Checked badParams =
                runner.check(new Target("check.md"), Map.of("n", "three"), ServiceIdentity.SCHEDULER);
        assertNull(badParams.text());
        assertTrue(badParams.refusal().contains("n"), badParams.refusal());
        KernelRunner.Checked missing = runner.check(new Target("gone.md"), Map.of(), ServiceIdentity.SCHEDULER);
        assertEquals("no runbook gone.md", missing.refusal());
    }

    @Test
    void run_flowWithoutEngine_failsWithReason() throws Exception {
        RunResult r = runner().run(new Target("x.flow.yaml"), Map.of(), ServiceIdentity.SCHEDULER);
        assertEquals("failed", r.status());
        assertTrue(r.message().contains("flows"), r.message());
    }

    @Test
    void run_protectedRunbookDirty_refusedAndNothingRuns() throws Exception {
        KernelRunner runner = runner();
        Path runbooks = tmp.resolve("runbooks");
        Path marker = tmp.resolve("marker");
        Files.writeString(runbooks.resolve("prod.md"), "---\nrelease: reviewed\n---\n```sh\necho reviewed\n```\n");
        TestGit.git(runbooks, "init", "-q", "-b", "main");
        TestGit.git(runbooks, "add", ".");
        TestGit.git(runbooks, "commit", "-q", "-m", "reviewed");
        assertEquals(
                "ok",
                runner.run(new Target("prod.md"), Map.of(), ServiceIdentity.SCHEDULER)
                        .status());

        Files.writeString(
                runbooks.resolve("prod.md"), "---\nrelease: reviewed\n---\n```sh\ntouch " + marker + "\n```\n");
        RunResult r = runner.run(new Target("prod.md"), Map.of(), ServiceIdentity.SCHEDULER);

        assertEquals("failed", r.status());
        assertNull(r.runId());
        assertTrue(r.message().contains("merged into main"), r.message());
        assertTrue(Files.notExists(marker));
    }
}
