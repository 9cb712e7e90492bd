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
import dev.tejun.kernel.exec.remote.JumpFleet;
import dev.tejun.kernel.exec.remote.Netns;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real ansible-playbook through a bastion that is the only way in ({@link Netns}): the generated ssh_config
 * names the bastion with its own row's key, and hosts behind it get {@code ProxyJump} in their connection arguments.
 */
@Tag("e2e")
class AnsibleJumpTest {

    @TempDir
    static Path sshdDir;

    static JumpFleet fleet;

    @TempDir
    Path data;

    @BeforeAll
    static void start() throws Exception {
        fleet = JumpFleet.start(sshdDir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void execute_hostsBehindBastion_playbookReachesThemThroughIt() throws Exception {
        try (CmdbStore cmdb = TestHosts.store(data)) {
            fleet.seed(cmdb, data);
            Path work = Files.createDirectories(data.resolve("work").resolve("s1"));
            HostOutput out = new HostOutput();
            CellOutcome outcome;
            try (Executor executor =
                    new AnsibleExecutorFactory(cmdb, null).create(new SessionContext("s1", work, data))) {
                outcome = executor.execute(
                        new CellRequest(
                                "run1",
                                "c1",
                                "ansible",
                                """
                                - hosts: app
                                  gather_facts: false
                                  tasks:
                                    - name: from
                                      ansible.builtin.command: sh -c 'echo "$SSH_CONNECTION"'
                                      changed_when: false
                                """,
                                new Attributes("c1", List.of(), Map.of("hosts", "app")),
                                null,
                                null,
                                Map.of()),
                        out);
            }

            assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.all());
            assertEquals("ok", out.lastStatus("app1"));
            assertEquals("ok", out.lastStatus("app2"));
            Path ws = work.resolve("ansible/run1-c1");
            String vars = Files.readString(ws.resolve("host_vars/app1/vars.yml"));
            assertTrue(vars.contains("ProxyJump=tejun-jump-bastion"), vars);
            assertTrue(Files.readString(ws.resolve("ssh_config")).contains("HostName " + fleet.net.bastionAddress()));
            assertFalse(Files.exists(ws.resolve(".secrets")), "the bastion's key file is gone after the run");
        }
    }
}
