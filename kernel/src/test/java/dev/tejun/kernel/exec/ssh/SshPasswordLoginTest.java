package dev.tejun.kernel.exec.ssh;

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
import dev.tejun.kernel.runbook.Attributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Password credentials: the hosts sheet's credential is a password rather than a key, for a real local account
 * ({@link LoginAccount}) on a real sshd that accepts passwords.
 */
@Tag("e2e")
class SshPasswordLoginTest {

    private static final String ACCOUNT = LoginAccount.NAME;

    @SshdHosts(value = 1, passwords = true)
    static Sshd sshd;

    static String password;

    @TempDir
    Path data;

    CmdbStore cmdb;
    Executor executor;

    @BeforeAll
    static void account() throws Exception {
        password = "pw-" + UUID.randomUUID();
        LoginAccount.ensure(password);
    }

    @BeforeEach
    void seed() throws IOException {
        cmdb = TestHosts.store(data);
        Files.writeString(SshExecutorFactory.knownHosts(data), sshd.knownHostsLines());
        executor = new SshExecutorFactory(cmdb).create(new SessionContext("s1", data.resolve("work"), data));
    }

    @AfterEach
    void close() {
        executor.close();
        cmdb.close();
    }

    private static CellRequest cell(String code) {
        return new CellRequest(
                "run1",
                "c1",
                "ssh",
                code,
                new Attributes("c1", List.of(), Map.of("hosts", "box")),
                null,
                null,
                Map.of());
    }

    @Test
    void execute_passwordCredential_logsInAsThatUserAndNeverShowsIt() throws IOException {
        TestHosts.addHost(cmdb, "box", sshd.address(0), sshd.port(), ACCOUNT, password, "boxes");
        HostOutput out = new HostOutput();

        CellOutcome outcome = executor.execute(cell("id -un; echo \"typed: " + password + "\""), out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + out.all());
        assertTrue(out.out("box").startsWith(ACCOUNT + "\n"), out.out("box"));
        assertFalse(out.all().contains(password), "the password is masked: " + out.all());
        assertTrue(out.out("box").contains("typed: ****"), out.out("box"));
        assertEquals(List.of(), TestHosts.filesContaining(data, password));
    }

    @Test
    void execute_wrongPassword_hostUnreachableWithAuthReason() {
        TestHosts.addHost(cmdb, "box", sshd.address(0), sshd.port(), ACCOUNT, password + "-wrong", "boxes");
        HostOutput out = new HostOutput();

        CellOutcome outcome = executor.execute(cell("id -un"), out);

        assertEquals(CellStatus.FAILED, outcome.status());
        assertEquals("unreachable", out.lastStatus("box"));
        assertTrue(out.all().toLowerCase().contains("auth"), "the reason names authentication: " + out.all());
    }
}
