package dev.tejun.kernel.exec.ssh;

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
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.runbook.Attributes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How an ssh cell finds its way and its keys, against a real sshd: the server's ssh_config, an ssh-agent holding
 * the only key, a hashed known_hosts, and the fingerprints of a changed host key.
 */
@Tag("e2e")
class SshReachTest {

    @TempDir
    static Path sshdDir;

    static Sshd sshd;

    @TempDir
    Path data;

    CmdbStore cmdb;
    Executor executor;
    Process agent;

    @BeforeAll
    static void startSshd() throws Exception {
        sshd = Sshd.start(sshdDir, 2);
    }

    @AfterAll
    static void stopSshd() throws Exception {
        sshd.close();
    }

    @BeforeEach
    void seed() throws IOException {
        cmdb = TestHosts.store(data);
        Files.writeString(SshExecutorFactory.knownHosts(data), sshd.knownHostsLines());
        executor = new SshExecutorFactory(cmdb).create(new SessionContext("s1", data.resolve("work"), data));
    }

    @AfterEach
    void close() throws InterruptedException {
        executor.close();
        cmdb.close();
        if (agent != null) {
            agent.destroy();
            agent.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static CellRequest cell(String hosts) {
        return new CellRequest(
                "run1",
                "c1",
                "ssh",
                "echo $SSH_CONNECTION",
                new Attributes("c1", List.of(), Map.of("hosts", hosts)),
                null,
                null,
                Map.of());
    }

    @Test
    void execute_hostKnownOnlyBySshConfigAlias_reachedWithItsSettings() throws IOException {
        // the row says nothing but the name: address, port, user and key come from the server's ssh_config
        cmdb.register("hosts", RowDraft.host("cfg1", Map.of("groups", "cfg")), TestHosts.WHO);
        Files.writeString(data.resolve(SshConfig.FILE), """
                Host cfg1
                  HostName %s
                  Port %d
                  User %s
                  IdentityFile %s
                  ConnectTimeout 5
                """.formatted(
                        sshd.address(1), sshd.port(), sshd.user(), sshd.clientKey()));
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(cell("cfg1"), out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + out.all());
        assertTrue(out.out("cfg1").contains(sshd.address(1) + " " + sshd.port()), out.out("cfg1"));
    }

    @Test
    void execute_credentialNamesItsOwnSshConfig_reachedWithThatFilesSettings(@TempDir Path team) throws IOException {
        // no server ssh_config: the row's credential names the team's own file, which has the alias and the key
        Path config = team.resolve("ssh_config");
        Files.writeString(config, """
                Host own1
                  HostName %s
                  Port %d
                  User %s
                  IdentityFile %s
                """.formatted(sshd.address(1), sshd.port(), sshd.user(), sshd.clientKey()));
        cmdb.register(
                "hosts",
                RowDraft.host("own1", Map.of("groups", "own", "credential", "ssh-config:" + config)),
                TestHosts.WHO);
        cmdb.register(
                "hosts",
                RowDraft.host("own2", Map.of("credential", "ssh-config:" + team.resolve("missing"))),
                TestHosts.WHO);
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(cell("own1"), out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + out.all());
        assertTrue(out.out("own1").contains(sshd.address(1) + " " + sshd.port()), out.out("own1"));
        CellOutcome missing = executor.execute(cell("own2"), new HostOutput());
        assertTrue(missing.message().contains("names the ssh_config " + team.resolve("missing")), missing.message());
    }

    @Test
    void execute_credentialIsAgentSocket_agentHoldsTheOnlyKey() throws Exception {
        Path socket = data.resolve("agent.sock");
        agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        awaitFile(socket);
        ProcessBuilder add = new ProcessBuilder("ssh-add", sshd.clientKey().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        add.environment().put("SSH_AUTH_SOCK", socket.toString());
        assertEquals(0, add.start().waitFor(), "ssh-add");
        TestHosts.addHost(cmdb, "agented", sshd.address(0), sshd.port(), sshd.user(), "ssh-agent:" + socket, "agent");
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(cell("agented"), out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + out.all());
        assertTrue(out.out("agented").contains(sshd.address(0)), out.out("agented"));
    }

    @Test
    void execute_agentWithoutTheKey_refusedByTheServer() throws Exception {
        Path socket = data.resolve("empty-agent.sock");
        agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        awaitFile(socket);
        TestHosts.addHost(cmdb, "agented", sshd.address(0), sshd.port(), sshd.user(), "ssh-agent:" + socket, "x");
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(cell("agented"), out);

        assertEquals(CellStatus.FAILED, outcome.status());
        assertEquals("unreachable", out.lastStatus("agented"));
    }

    @Test
    void execute_hashedKnownHosts_matches() throws Exception {
        Path known = SshExecutorFactory.knownHosts(data);
        Process hash = new ProcessBuilder("ssh-keygen", "-H", "-f", known.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertEquals(0, hash.waitFor());
        assertTrue(Files.readString(known).startsWith("|1|"), "ssh-keygen hashed the file");
        TestHosts.addHost(cmdb, "h1", sshd.address(0), sshd.port(), sshd.user(), sshd.clientKeyText(), "h");
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(cell("h1"), out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + out.all());
    }

    @Test
    void execute_changedHostKey_messageNamesBothFingerprints() throws IOException {
        Files.writeString(SshExecutorFactory.knownHosts(data), sshd.wrongKnownHostsLines());
        TestHosts.addHost(cmdb, "h1", sshd.address(0), sshd.port(), sshd.user(), sshd.clientKeyText(), "h");
        HostOutput out = new HostOutput();
        executor.execute(cell("h1"), out);

        String detail = out.statuses().getLast().detail();
        assertTrue(detail.matches(".*known ssh-ed25519 SHA256:\\S+, offered ssh-ed25519 SHA256:\\S+.*"), detail);
        assertTrue(detail.contains(fingerprint(sshdDir.resolve("host_key.pub"))), detail);
        assertTrue(detail.contains(fingerprint(sshdDir.resolve("other_host_key.pub"))), detail);
    }

    @Test
    void execute_hostCertificateSignedByKnownCa_accepted(@TempDir Path certDir) throws Exception {
        Sshd.certifiedBy(certDir);
        try (Sshd certified = Sshd.start(certDir, 1)) {
            // no key of the host is known: only the CA that signed its certificate
            Files.writeString(SshExecutorFactory.knownHosts(data), certified.certAuthorityLine());
            TestHosts.addHost(
                    cmdb,
                    "c1",
                    certified.address(0),
                    certified.port(),
                    certified.user(),
                    certified.clientKeyText(),
                    "c");
            HostOutput out = new HostOutput();
            CellOutcome outcome = executor.execute(cell("c1"), out);

            assertEquals(CellStatus.OK, outcome.status(), outcome.message() + out.all());
        }
    }

    /** What {@code ssh-keygen -l} says the key's fingerprint is. */
    private static String fingerprint(Path pub) throws IOException {
        Process p = new ProcessBuilder("ssh-keygen", "-l", "-f", pub.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return out.split("\\s+")[1];
    }

    private static void awaitFile(Path socket) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(socket)) {
            assertTrue(System.nanoTime() < deadline, "ssh-agent made no socket");
            Thread.sleep(20);
        }
    }
}
