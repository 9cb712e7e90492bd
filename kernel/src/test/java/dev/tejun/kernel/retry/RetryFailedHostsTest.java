package dev.tejun.kernel.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.evidence.EvidenceLayout;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.evidence.EvidenceVerifier;
import dev.tejun.kernel.evidence.RunJson;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.ansible.AnsibleExecutorFactory;
import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
import dev.tejun.kernel.run.HeadlessRun;
import dev.tejun.kernel.session.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retry of failed hosts against real processes: an ssh cell over a real sshd (three loopback hosts) and an ansible
 * cell through real ansible-playbook each fail on one host; the retry runs that cell on that host only (ssh:
 * {@code hosts=} narrowed; Ansible: {@code --limit}), then the cells after it, and its evidence names the run it
 * retried.
 */
@Tag("e2e")
@ExtendWith(CellsUnsandboxed.class)
class RetryFailedHostsTest {

    @TempDir
    Path tmp;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(Session.Services services, Path runbook, RetryPlan retry) throws Exception {
        out.reset();
        err.reset();
        return new HeadlessRun(
                        services,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(runbook, Map.of(), "ci", retry);
    }

    String lastRunId(Path evidence) throws Exception {
        List<String> ids = EvidenceVerifier.runIds(evidence);
        return ids.getLast();
    }

    Session.Services services(Path data, CmdbStore cmdb) {
        return new Session.Services(
                new ExecutorRegistry(List.of(
                        new ShellExecutorFactory(),
                        new SshExecutorFactory(cmdb),
                        new AnsibleExecutorFactory(cmdb, null))),
                new EvidenceStore(data.resolve("evidence"), Clock.systemUTC()),
                data,
                Clock.systemUTC(),
                ref -> Optional.empty());
    }

    @Test
    void retry_sshCellFailedOnOneHost_runsThatHostOnlyThenTheRest() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path log = tmp.resolve("ssh.log");
        Path mark = tmp.resolve("mark");
        try (Sshd sshd = Sshd.start(Files.createDirectories(tmp.resolve("sshd")), 3);
                CmdbStore cmdb = TestHosts.store(data)) {
            TestHosts.seed(cmdb, sshd);
            Files.writeString(SshExecutorFactory.knownHosts(data), sshd.knownHostsLines());
            Path runbook = Files.writeString(tmp.resolve("check.md"), """
                    ```ssh {#check hosts=web}
                    echo "$SSH_CONNECTION" >> %s
                    case "$SSH_CONNECTION" in *" %s "*) test -f %s || exit 3 ;; esac
                    ```

                    ```sh {#after}
                    echo after
                    ```
                    """.formatted(log, sshd.address(1), mark));
            Session.Services services = services(data, cmdb);

            assertEquals(HeadlessRun.CELL_FAILED, run(services, runbook, null), out.toString());
            String first = lastRunId(data.resolve("evidence"));
            RetryPlan plan = RetryPlan.of(data.resolve("evidence"), first);
            assertEquals("check", plan.cellId());
            assertEquals(List.of("web2"), plan.hosts());

            Files.writeString(mark, "fixed");
            assertEquals(HeadlessRun.OK, run(services, runbook, plan), out + "\n" + err);

            List<String> lines = Files.readAllLines(log);
            assertEquals(4, lines.size(), "three hosts, then web2 alone: " + lines);
            assertTrue(lines.getLast().contains(" " + sshd.address(1) + " "), lines.getLast());
            // the other run: ids sort by second and then a random part, so two runs in one second may sort either way
            String retryId = EvidenceVerifier.runIds(data.resolve("evidence")).stream()
                    .filter(id -> !id.equals(first))
                    .findFirst()
                    .orElseThrow();
            Path retry = data.resolve("evidence").resolve(retryId);
            RunJson run = EvidenceLayout.readRun(retry);
            assertEquals(new RunJson.Retry(first, "check", List.of("web2")), run.retryOf());
            assertEquals(
                    List.of("check", "after"),
                    run.cells().stream().map(RunJson.CellEntry::cellId).toList());
            assertEquals("OK", run.status());
            var result = EvidenceLayout.readResult(
                            EvidenceLayout.cellDir(retry, run.cells().getFirst())
                                    .orElseThrow())
                    .orElseThrow();
            assertEquals(List.of("web2"), List.copyOf(result.hosts().keySet()));
            assertTrue(EvidenceVerifier.verifyAll(data.resolve("evidence")).ok());
        }
    }

    @Test
    void retry_ansibleCellFailedOnOneHost_limitsThePlayToIt() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path log = tmp.resolve("ansible.log");
        Path mark = tmp.resolve("mark");
        try (CmdbStore cmdb = TestHosts.store(data)) {
            for (String h : List.of("h1", "h2", "h3")) {
                TestHosts.addHost(cmdb, h, "127.0.0.1", 22, null, null, "here");
            }
            Path runbook = Files.writeString(tmp.resolve("play.md"), FlakyRunbooks.ansible(log, mark));
            Session.Services services = services(data, cmdb);

            assertEquals(HeadlessRun.CELL_FAILED, run(services, runbook, null), out.toString());
            RetryPlan plan = RetryPlan.of(data.resolve("evidence"), lastRunId(data.resolve("evidence")));
            assertEquals(List.of("h2"), plan.hosts());

            Files.writeString(mark, "fixed");
            assertEquals(HeadlessRun.OK, run(services, runbook, plan), out + "\n" + err);

            List<String> lines = Files.readAllLines(log);
            assertEquals(4, lines.size(), "three hosts, then h2 alone: " + lines);
            assertEquals(
                    List.of("h1", "h2", "h3"),
                    lines.subList(0, 3).stream().sorted().toList());
            assertEquals("h2", Files.readAllLines(log).getLast());
            assertTrue(out.toString().contains("retrying run"), out.toString());
        }
    }

    @Test
    void of_runWithoutFailedHosts_refusedSayingWhy() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        try (CmdbStore cmdb = TestHosts.store(data)) {
            Path runbook = Files.writeString(tmp.resolve("sh.md"), "```sh {#boom}\nexit 4\n```\n");
            assertEquals(HeadlessRun.CELL_FAILED, run(services(data, cmdb), runbook, null));
            String runId = lastRunId(data.resolve("evidence"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> RetryPlan.of(data.resolve("evidence"), runId))
                    .getMessage()
                    .contains("not an ssh, dialog or ansible cell"));
            assertTrue(assertThrows(
                            IllegalArgumentException.class,
                            () -> RetryPlan.of(data.resolve("evidence"), "20990101-000000-abcdef"))
                    .getMessage()
                    .contains("no run"));
        }
    }
}
