package dev.tejun.kernel.exec.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.remote.HostOutput;
import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
import dev.tejun.kernel.runbook.Attributes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code become=true} with the sudo password from a credential, over a real sshd on loopback, as an account of
 * this test's own that sudo asks a password of (the tests run as root, as {@code ./tejun test} does; the account
 * gets a new random password each time, so none is fixed anywhere).
 */
@Tag("e2e")
class AnsibleBecomeTest {

    static final String ACCOUNT = "tejun-become-test";
    static final Path SUDOERS = Path.of("/etc/sudoers.d/" + ACCOUNT);

    @TempDir
    static Path sshdDir;

    static Sshd sshd;
    static String password;

    @TempDir
    Path data;

    CmdbStore cmdb;
    Executor executor;

    @BeforeAll
    static void account() throws Exception {
        password = "sudo-" + UUID.randomUUID();
        if (run(List.of("id", "-u", ACCOUNT), null) != 0) {
            assertEquals(
                    0,
                    run(List.of("useradd", "--create-home", "--shell", "/bin/sh", ACCOUNT), null),
                    "useradd: these tests need root, as ./tejun test runs");
        }
        assertEquals(0, run(List.of("chpasswd"), ACCOUNT + ":" + password + "\n"));
        Files.createDirectories(SUDOERS.getParent());
        Files.writeString(SUDOERS, ACCOUNT + " ALL=(ALL) ALL\n");
        Files.setPosixFilePermissions(SUDOERS, PosixFilePermissions.fromString("r--r-----"));
        // the account reads the sshd's authorized_keys file itself: the folder must let it in
        Files.setPosixFilePermissions(sshdDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        sshd = Sshd.start(sshdDir.resolve("sshd"), 1);
        sshd.loginAs(ACCOUNT);
    }

    @AfterAll
    static void stop() throws Exception {
        sshd.close();
        Files.deleteIfExists(SUDOERS);
    }

    @BeforeEach
    void seed() throws IOException {
        cmdb = TestHosts.store(data);
        TestHosts.addHost(cmdb, "box", sshd.address(0), sshd.port(), ACCOUNT, sshd.clientKeyText(), "boxes");
        Files.writeString(SshExecutorFactory.knownHosts(data), sshd.knownHostsLines());
        cmdb.putSheet(
                SheetDef.data(
                        "credentials",
                        "passwords cells name",
                        ColumnDef.of("name", ColumnType.STRING),
                        ColumnDef.of("secret", ColumnType.SECRET)),
                TestHosts.WHO);
        cmdb.register("credentials", RowDraft.data(Map.of("name", "box-sudo", "secret", password)), TestHosts.WHO);
        Path work = Files.createDirectories(data.resolve("work").resolve("s1"));
        executor = new AnsibleExecutorFactory(cmdb, null).create(new SessionContext("s1", work, data));
    }

    @AfterEach
    void close() {
        executor.close();
        cmdb.close();
    }

    private CellOutcome run(HostOutput out, String... kv) {
        Map<String, String> attrs = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            attrs.put(kv[i], kv[i + 1]);
        }
        return executor.execute(
                new CellRequest(
                        "run1",
                        "c1",
                        "ansible",
                        """
                        - hosts: boxes
                          gather_facts: false
                          tasks:
                            - ansible.builtin.command: id -u
                              register: uid
                              changed_when: false
                            - ansible.builtin.debug: { msg: "uid={{ uid.stdout }}" }
                        """,
                        new Attributes("c1", List.of(), attrs),
                        null,
                        null,
                        Map.of(),
                        Map.of()),
                out);
    }

    @Test
    void execute_becomeWithPasswordFromCredential_runsAsRootAndThePasswordIsInNoOutputOrFile() throws IOException {
        HostOutput out = new HostOutput();
        CellOutcome outcome = run(out, "become", "true", "become-password", "credential:box-sudo", "var-check", "off");

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.all());
        assertTrue(out.out(null).contains("uid=0"), out.out(null));
        assertFalse(out.all().contains(password));
        assertEquals(List.of(), TestHosts.filesContaining(data, password));
    }

    @Test
    void execute_becomeWithoutPassword_failsOnSudo() {
        HostOutput out = new HostOutput();
        CellOutcome outcome = run(out, "become", "true", "var-check", "off");

        assertEquals(CellStatus.FAILED, outcome.status(), out.all());
        assertTrue(out.out(null).toLowerCase().contains("password"), out.out(null));
    }

    private static int run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        return p.waitFor();
    }
}
