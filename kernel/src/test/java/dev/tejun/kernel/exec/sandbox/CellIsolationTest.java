package dev.tejun.kernel.exec.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.RecordingOutput;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.ansible.AnsibleExecutorFactory;
import dev.tejun.kernel.exec.java.JavaExecutorFactory;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.kernel.runbook.Attributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real cells, as an attacker writes them, go for the control plane in a data folder laid out as the server's,
 * with the sandbox as a server configures it by default (bubblewrap and the {@code tejun-cell} account, which
 * {@code ./tejun test} provides: it runs as root, installs bubblewrap and creates the account).
 */
@Tag("e2e")
class CellIsolationTest {

    @TempDir
    Path data;

    ControlPlane plane;

    @BeforeEach
    void layOut() throws IOException {
        plane = ControlPlane.layOut(data, true);
    }

    private SessionContext session() {
        return new SessionContext("mine", plane.work, data);
    }

    private RecordingOutput runShell(String code, Attributes attributes) {
        Executor shell = new ShellExecutorFactory().create(session());
        RecordingOutput out = new RecordingOutput();
        CellOutcome outcome = shell.execute(
                new CellRequest(
                        "run-1", "c1", "sh", code, attributes, plane.work, null, Map.of("TEJUN_PARAM_HOST", "web1")),
                out);
        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.stderrText());
        return out;
    }

    @Test
    void shellCell_triesControlPlane_readsAndWritesNothing() throws IOException {
        String out = runShell(plane.shellAttack(), Attributes.NONE).stdoutText();

        String attempts = ControlPlane.attempts(out);
        assertFalse(
                attempts.contains("READ")
                        || attempts.contains("WROTE")
                        || attempts.contains("CREATED")
                        || attempts.contains("LISTED"),
                out);
        plane.assertUntouched();
        assertTrue(out.contains("WROTE own\n"), "the cell still writes its own work folder:\n" + out);
        assertEquals("mine\n", Files.readString(plane.work.resolve("own.txt")), "the server reads what the cell wrote");
    }

    @Test
    void shellCell_runsAsCellUserWithScrubbedEnvironment() throws IOException {
        String out = runShell(plane.shellAttack(), Attributes.NONE).stdoutText();

        assertTrue(out.contains("uid=" + ControlPlane.cellUid() + "\n"), out);
        String variable = ControlPlane.serverOnlyVariable();
        assertFalse(out.contains(variable + "="), "server variable " + variable + " leaked:\n" + out);
        assertTrue(out.contains("TEJUN_PARAM_HOST=web1\n"), out);
        assertTrue(out.contains("HOME=" + plane.work + "\n"), out);
    }

    @Test
    void shellCell_seesNoServerProcessAndHasPrivateTmp() throws IOException {
        String out = runShell(
                        "for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline; echo; done\n"
                                + "echo x > /tmp/t && echo 'TMP ok'\n",
                        Attributes.NONE)
                .stdoutText();

        // the program of each process, not its arguments: the session's zygote carries its script, which may name Java
        assertFalse(
                out.lines().anyMatch(l -> l.split(" ", 2)[0].endsWith("java") || l.contains("surefire")),
                "the test JVM is in the cell's /proc:\n" + out);
        assertTrue(out.contains("TMP ok"), "a private /tmp the cell can write:\n" + out);
    }

    @Test
    void shellCell_namesServerSettingInEnv_refused() {
        Executor shell = new ShellExecutorFactory().create(session());
        CellOutcome outcome = shell.execute(
                new CellRequest(
                        "run-1",
                        "c1",
                        "sh",
                        "env",
                        new Attributes("c1", List.of(), Map.of("env", "TEJUN_ADMIN_PASSWORD")),
                        plane.work,
                        null,
                        Map.of()),
                new RecordingOutput());

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(String.valueOf(outcome.message()).contains("env=TEJUN_ADMIN_PASSWORD"), outcome.message());
    }

    @Test
    void shellCell_namesServerVariableInEnv_getsIt() {
        String name = ControlPlane.serverOnlyVariable();
        String out = runShell("env", new Attributes("c1", List.of(), Map.of("env", name)))
                .stdoutText();

        assertTrue(out.contains(name + "=" + System.getenv(name) + "\n"), out);
    }

    @Test
    void javaCell_triesControlPlane_readsNothingAndRunsAsCellUser() throws IOException {
        String variable = ControlPlane.serverOnlyVariable();
        Executor java = new JavaExecutorFactory().create(session());
        try {
            RecordingOutput out = new RecordingOutput();
            CellOutcome outcome = java.execute(
                    new CellRequest(
                            "run-1",
                            "c1",
                            "java",
                            plane.javaAttack(variable),
                            Attributes.NONE,
                            plane.work,
                            null,
                            Map.of()),
                    out);

            assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.stderrText());
            assertEquals("\"|null|" + ControlPlane.CELL_USER + "\"", outcome.value());
        } finally {
            java.close();
        }
        plane.assertUntouched();
    }

    @Test
    void ansibleCell_hostSecret_inA0600FileOfTheCellUserOnlyForTheRun() throws IOException {
        // a folder of its own: the laid-out secret.key beside the database would be taken for the CMDB's key
        Path db = Files.createDirectories(data.resolve("cmdb")).resolve("cmdb.db");
        try (CmdbStore cmdb = new CmdbStore(db);
                Executor ansible = new AnsibleExecutorFactory(cmdb, null).create(session())) {
            TestHosts.addHost(cmdb, "localhost", "127.0.0.1", 22, null, "pw-of-localhost", "here");
            RecordingOutput out = new RecordingOutput();
            CellOutcome outcome = ansible.execute(
                    new CellRequest(
                            "run-1",
                            "c1",
                            "ansible",
                            """
                    - hosts: here
                      gather_facts: false
                      tasks:
                        - ansible.builtin.command: stat -c 'owner=%U mode=%a' {{ inventory_dir }}/host_vars/localhost/secrets.yml
                          register: st
                          changed_when: false
                        - ansible.builtin.debug: { msg: "{{ st.stdout }}" }
                    """,
                            new Attributes("c1", List.of(), Map.of("connection", "local")),
                            null,
                            null,
                            Map.of()),
                    out);

            String all = out.stdoutText() + out.stderrText();
            assertEquals(CellStatus.OK, outcome.status(), all);
            assertTrue(all.contains("owner=" + ControlPlane.CELL_USER + " mode=600"), all);
            assertFalse(
                    Files.exists(plane.work.resolve("ansible/run-1-c1/host_vars/localhost/secrets.yml")),
                    "removed after the run");
        }
    }

    @Test
    void ansibleCell_localConnection_cannotReadDatabase() {
        Path db = data.resolve("cmdb.db");
        try (CmdbStore cmdb = new CmdbStore(db);
                Executor ansible = new AnsibleExecutorFactory(cmdb, null).create(session())) {
            RecordingOutput out = new RecordingOutput();
            CellOutcome outcome = ansible.execute(
                    new CellRequest("run-1", "c1", "ansible", """
                    - hosts: localhost
                      connection: local
                      gather_facts: false
                      tasks:
                        - ansible.builtin.command: cat %s
                          changed_when: false
                    """.formatted(db), Attributes.NONE, null, null, Map.of()),
                    out);

            String all = out.stdoutText() + out.stderrText();
            assertEquals(CellStatus.FAILED, outcome.status(), all);
            assertTrue(all.contains("No such file or directory"), all);
            assertFalse(all.contains("SQLite format"), all);
        }
    }
}
