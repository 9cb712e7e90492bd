package dev.tejun.kernel.exec.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.remote.HostOutput;
import dev.tejun.kernel.exec.remote.LoginAccount;
import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.exec.remote.SshdHosts;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ansible cell whose host's credential is a password (Ansible hands it to {@code sshpass}, which
 * {@code ./tejun test} installs), against a real sshd that accepts passwords and a real local account.
 */
@Tag("e2e")
class AnsiblePasswordLoginTest {

    @SshdHosts(value = 1, passwords = true)
    static Sshd sshd;

    static String password;

    @TempDir
    Path data;

    @BeforeAll
    static void account() throws Exception {
        password = "pw-" + UUID.randomUUID();
        LoginAccount.ensure(password);
    }

    @Test
    void execute_passwordCredential_playRunsAsThatUserAndThePasswordIsInNoOutputOrFile() throws Exception {
        HostOutput out = new HostOutput();
        CellOutcome outcome;
        try (CmdbStore cmdb = TestHosts.store(data)) {
            TestHosts.addHost(cmdb, "box", sshd.address(0), sshd.port(), LoginAccount.NAME, password, "boxes");
            Files.writeString(SshExecutorFactory.knownHosts(data), sshd.knownHostsLines());
            Path work = Files.createDirectories(data.resolve("work").resolve("s1"));
            Executor executor = new AnsibleExecutorFactory(cmdb, null).create(new SessionContext("s1", work, data));
            try {
                outcome = executor.execute(
                        new CellRequest(
                                "run1",
                                "c1",
                                "ansible",
                                """
                        - hosts: boxes
                          gather_facts: false
                          tasks:
                            - ansible.builtin.command: id -un
                              register: who
                              changed_when: false
                            - ansible.builtin.debug: { msg: "login={{ who.stdout }} password={{ ansible_password }}" }
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

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.all());
        assertTrue(out.out(null).contains("login=" + LoginAccount.NAME + " password=********"), out.out(null));
        assertFalse(out.all().contains(password));
        assertEquals(List.of(), TestHosts.filesContaining(data, password));
    }
}
