package dev.tejun.kernel.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.evidence.EvidenceVerifier;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.ansible.AnsibleExecutorFactory;
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
 * A preview runs nothing: a sh cell that would create a file does not, an ansible play that would write a file runs
 * with --check --diff and writes none, an ssh cell names its hosts; the same runbook run for real does both (cells
 * unsandboxed, so the real run can write where the test looks).
 */
@Tag("e2e")
@ExtendWith(CellsUnsandboxed.class)
class PreviewTest {

    @TempDir
    Path tmp;

    @Test
    void preview_showsEveryCell_runsNothing_realRunDoes() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path touched = tmp.resolve("touched it");
        Path copied = tmp.resolve("copied");
        Path runbook = Files.writeString(tmp.resolve("change.md"), """
                ---
                params:
                  target: { default: "%s" }
                ---
                ```sh {#make}
                touch ${params.target}
                ```

                ```ansible {#play connection=local}
                - hosts: here
                  gather_facts: false
                  tasks:
                    - ansible.builtin.copy: { dest: "%s", content: "x" }
                ```

                ```ssh {#remote hosts=web continue-on-error=true}
                echo hi
                ```
                """.formatted(touched, copied));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CmdbStore cmdb = TestHosts.store(data)) {
            TestHosts.addHost(cmdb, "here1", "127.0.0.1", 22, null, null, "here");
            TestHosts.addHost(cmdb, "w1", "127.0.0.2", 22, null, null, "web");
            TestHosts.addHost(cmdb, "w2", "127.0.0.3", 22, null, null, "web");
            ExecutorRegistry real = new ExecutorRegistry(List.of(
                    new ShellExecutorFactory(), new AnsibleExecutorFactory(cmdb, null), new SshExecutorFactory(cmdb)));
            Session.Services services = new Session.Services(
                    Previews.of(real, cmdb),
                    new EvidenceStore(data.resolve("evidence"), Clock.systemUTC()),
                    data,
                    Clock.systemUTC(),
                    ref -> Optional.empty());
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);

            int code = new HeadlessRun(services, print, print).run(runbook, Map.of(), "ci");

            String shown = out.toString(StandardCharsets.UTF_8);
            assertEquals(HeadlessRun.OK, code, shown);
            assertFalse(Files.exists(touched), "the sh cell did not run");
            assertFalse(Files.exists(copied), "ansible ran in check mode");
            assertTrue(shown.contains("touch '" + touched + "'"), "substituted, quoted as data: " + shown);
            assertTrue(shown.contains("ansible-playbook --check --diff"), shown);
            assertTrue(shown.contains("changed=1"), "check mode says what would change: " + shown);
            assertTrue(shown.contains("hosts (2): w1, w2"), shown);
            assertTrue(EvidenceVerifier.verifyAll(data.resolve("evidence")).ok(), "the preview is kept as evidence");
            assertEquals(1, EvidenceVerifier.runIds(data.resolve("evidence")).size());

            // the control: the same runbook for real does what the preview only showed
            new HeadlessRun(services.withExecutors(real), print, print).run(runbook, Map.of(), "ci");
            assertTrue(Files.exists(touched) && Files.exists(copied), out.toString(StandardCharsets.UTF_8));
        }
    }
}
