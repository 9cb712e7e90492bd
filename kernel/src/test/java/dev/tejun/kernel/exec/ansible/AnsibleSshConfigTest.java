package dev.tejun.kernel.exec.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.remote.HostOutput;
import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.exec.remote.SshdHosts;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ansible cell whose host's credential names the team's own OpenSSH config ({@code ssh-config:/path}), as ssh and
 * dialog cells honour it: the row's name is only an alias, the file gives the address, port, user and key.
 */
@Tag("e2e")
class AnsibleSshConfigTest {

    @SshdHosts(1)
    static Sshd sshd;

    @TempDir
    Path data;

    private CellOutcome run(CmdbStore cmdb, HostOutput out) throws Exception {
        Files.writeString(SshExecutorFactory.knownHosts(data), sshd.knownHostsLines());
        Path work = Files.createDirectories(data.resolve("work").resolve("s1"));
        Executor executor = new AnsibleExecutorFactory(cmdb, null).create(new SessionContext("s1", work, data));
        try {
            return executor.execute(
                    new CellRequest(
                            "run1",
                            "c1",
                            "ansible",
                            """
                    - hosts: team
                      gather_facts: false
                      tasks:
                        - ansible.builtin.command: echo "reached $SSH_CONNECTION"
                          register: where
                          changed_when: false
                        - ansible.builtin.debug: { msg: "{{ where.stdout }}" }
                    """,
                            new Attributes("c1", List.of(), Map.of()),
                            null,
                            null,
                            Map.of(),
                            Map.of()),
                    out);
        } finally {
            executor.close();
        }
    }

    @Test
    void execute_credentialNamesAnSshConfig_reachesTheHostThatFileNames(@TempDir Path team) throws Exception {
        Path config = team.resolve("ssh_config");
        Files.writeString(config, """
                Host alias1
                  HostName %s
                  Port %d
                  User %s
                  IdentityFile %s
                  IdentitiesOnly yes
                """.formatted(sshd.address(0), sshd.port(), sshd.user(), sshd.clientKey()));
        HostOutput out = new HostOutput();
        CellOutcome outcome;
        try (CmdbStore cmdb = TestHosts.store(data)) {
            cmdb.register(
                    "hosts",
                    RowDraft.host("alias1", Map.of("groups", "team", "credential", "ssh-config:" + config)),
                    TestHosts.WHO);
            outcome = run(cmdb, out);
        }

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.all());
        assertTrue(out.all().contains("reached "), out.all());
        assertTrue(out.all().contains(sshd.address(0) + " " + sshd.port()), out.all());
    }

    @Test
    void execute_credentialNamesAMissingFile_failsSayingSo(@TempDir Path team) throws Exception {
        HostOutput out = new HostOutput();
        CellOutcome outcome;
        try (CmdbStore cmdb = TestHosts.store(data)) {
            cmdb.register(
                    "hosts",
                    RowDraft.host("alias1", Map.of("groups", "team", "credential", "ssh-config:" + team.resolve("no"))),
                    TestHosts.WHO);
            outcome = run(cmdb, out);
        }

        assertEquals(CellStatus.FAILED, outcome.status(), out.all());
        assertTrue(
                (outcome.message() + out.all()).contains("which is not a file (write ssh-config:/absolute/path)"),
                outcome.message() + out.all());
    }
}
