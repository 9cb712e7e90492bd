package dev.tejun.kernel.exec.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.remote.HostOutput;
import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.exec.remote.SshdHosts;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.runbook.Attributes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ssh executor against a real sshd on three loopback addresses, with hosts from a real CMDB. */
@Tag("e2e")
class SshExecutorTest {

    @SshdHosts(3)
    static Sshd sshd;

    @TempDir
    Path data;

    CmdbStore cmdb;
    Executor executor;

    @BeforeEach
    void seed() throws IOException {
        cmdb = TestHosts.store(data);
        TestHosts.seed(cmdb, sshd);
        Files.writeString(SshExecutorFactory.knownHosts(data), sshd.knownHostsLines());
        executor = new SshExecutorFactory(cmdb).create(new SessionContext("s1", data.resolve("work"), data));
    }

    @AfterEach
    void close() {
        executor.close();
        cmdb.close();
    }

    private static CellRequest cell(String code, Map<String, String> attrs) {
        return new CellRequest("run1", "c1", "ssh", code, new Attributes("c1", List.of(), attrs), null, null, Map.of());
    }

    private static CellRequest cell(String code, Map<String, String> attrs, Duration timeout) {
        return new CellRequest(
                "run1", "c1", "ssh", code, new Attributes("c1", List.of(), attrs), null, timeout, Map.of());
    }

    private static Map<String, String> attrs(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void execute_streamsSeparate_stderrKeptApart() {
        HostOutput out = new HostOutput();
        CellOutcome outcome =
                executor.execute(cell("echo out; echo warn >&2", attrs("hosts", "web1", "streams", "separate")), out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message());
        // endsWith: sshd runs the command through the user's shell, whose rc files may write to stderr first
        // (root's .bashrc here runs `pyenv init`, and three hosts at once race on its rehash lock)
        assertTrue(out.text(Stream.STDERR, "web1").endsWith("warn\n"), out.text(Stream.STDERR, "web1"));
        assertFalse(out.out("web1").contains("warn"), "stderr kept apart from stdout");
    }

    @Test
    void execute_mergedByDefault_outputInTheOrderWritten() {
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(
                cell(
                        "for i in 1 2 3 4 5; do if [ $((i % 2)) = 1 ]; then echo $i-out; else echo $i-err >&2; fi;"
                                + " sleep 0.001; done",
                        attrs("hosts", "web1")),
                out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message());
        assertTrue(out.out("web1").endsWith("1-out\n2-err\n3-out\n4-err\n5-out\n"), out.out("web1"));
    }

    @Test
    void execute_groupOfHosts_eachHostHasItsOwnOutputAndStatus() {
        HostOutput out = new HostOutput();
        CellOutcome outcome =
                executor.execute(cell("echo \"on $SSH_CONNECTION\"; echo warn >&2", attrs("hosts", "web")), out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message());
        for (int i = 0; i < 3; i++) {
            String host = "web" + (i + 1);
            assertTrue(out.out(host).contains(sshd.address(i) + " " + sshd.port()), out.out(host));
            // endsWith: sshd runs the command through the user's shell, whose rc files may write to stderr first
            // (root's .bashrc here runs `pyenv init`, and three hosts at once race on its rehash lock)
            // by default the cell's stderr is its stdout on the host, in the order written
            assertTrue(out.out(host).endsWith(sshd.port() + "\nwarn\n"), out.out(host));
            assertEquals("ok", out.lastStatus(host));
        }
        assertEquals("3 ok\n", out.out(null));
        assertTrue(
                out.results().getFirst().contains("\"exit\":0"), out.results().toString());
    }

    @Test
    void execute_cellOverTheArgumentLimit_runsWholeAndLeavesNoFileBehind() {
        // a command line carries at most 128 KiB in one argument (MAX_ARG_STRLEN): such a cell failed on every host
        String code = "# " + "x".repeat(200_000) + "\necho \"script at $0\"\necho big-ok; exit 4\n";
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(cell(code, attrs("hosts", "web1")), out);

        assertEquals(CellStatus.FAILED, outcome.status(), "exit 4 is the cell's own status");
        assertTrue(out.out("web1").contains("big-ok\n"), out.out("web1") + out.text(Stream.STDERR, "web1"));
        String script = out.out("web1")
                .lines()
                .filter(l -> l.startsWith("script at "))
                .findFirst()
                .orElseThrow()
                .substring("script at ".length());
        HostOutput after = new HostOutput();
        executor.execute(
                cell("test -e '" + script + "' && echo still-there || echo removed", attrs("hosts", "web1")), after);
        assertTrue(after.out("web1").contains("removed"), after.out("web1"));
    }

    @Test
    void execute_oneHostFails_cellFailsUnlessAllowed() {
        String code = "case \"$SSH_CONNECTION\" in *\" " + sshd.address(1)
                + " \"*) echo broken >&2; exit 3;; esac; echo fine";
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(cell(code, attrs("hosts", "web")), out);

        assertEquals(CellStatus.FAILED, outcome.status());
        assertEquals("failed", out.lastStatus("web2"));
        assertEquals("ok", out.lastStatus("web1"));
        assertEquals("2 ok, 1 failed\n", out.out(null));
        assertTrue(outcome.message().contains("web2 failed"), outcome.message());
        assertTrue(
                out.results().getFirst().contains("\"exit\":3"), out.results().toString());

        CellOutcome allowed =
                executor.execute(cell(code, attrs("hosts", "web", "allow-failures", "1")), new HostOutput());
        assertEquals(CellStatus.OK, allowed.status(), allowed.message());
    }

    @Test
    void execute_hostNobodyListensOn_isUnreachableOthersRun() throws IOException {
        TestHosts.addHost(cmdb, "ghost", "127.0.0.1", Sshd.freePort(), sshd.user(), sshd.clientKeyText(), "web");
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(cell("true", attrs("hosts", "web", "connect-timeout", "3")), out);

        assertEquals(CellStatus.FAILED, outcome.status());
        assertEquals("unreachable", out.lastStatus("ghost"));
        assertEquals("3 ok, 1 unreachable\n", out.out(null));
    }

    @Test
    void execute_unknownHostName_failsBeforeConnecting() {
        CellOutcome outcome = executor.execute(cell("true", attrs("hosts", "web1,nosuch")), new HostOutput());

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(outcome.message().contains("nosuch"), outcome.message());
    }

    @Test
    void execute_commandTimeout_hostTimedOutOthersFinish() {
        // 5 s, not 1: on a loaded machine opening a channel and running echo alone took over a second
        String code = "case \"$SSH_CONNECTION\" in *\" " + sshd.address(0) + " \"*) sleep 60;; esac; echo done";
        HostOutput out = new HostOutput();
        long start = System.nanoTime();
        CellOutcome outcome = executor.execute(cell(code, attrs("hosts", "web", "command-timeout", "5")), out);

        assertEquals(CellStatus.FAILED, outcome.status());
        assertEquals("timed_out", out.lastStatus("web1"));
        assertEquals("ok", out.lastStatus("web2"));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 40, "the sleeping host was given up on");
    }

    @Test
    void execute_cellTimeout_timedOutOutcome() {
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(cell("sleep 30", attrs("hosts", "web"), Duration.ofSeconds(1)), out);

        assertEquals(CellStatus.TIMED_OUT, outcome.status());
        assertEquals("timed_out", out.lastStatus("web3"));
        assertEquals("3 timed out\n", out.out(null));
    }

    @Test
    void execute_interrupted_stopsEveryHostsCommand() throws Exception {
        String marker = "300." + (100000 + ThreadLocalRandom.current().nextInt(900000));
        HostOutput out = new HostOutput();
        CellOutcome[] outcome = new CellOutcome[1];
        Thread runner = Thread.ofPlatform()
                .start(() -> outcome[0] = executor.execute(cell("sleep " + marker, attrs("hosts", "web")), out));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (remote(marker) < 3) {
            assertTrue(System.nanoTime() < deadline, "three remote sleeps never started");
            Thread.sleep(20);
        }
        runner.interrupt();
        runner.join(Duration.ofSeconds(10));

        assertFalse(runner.isAlive(), "the executor returned after the interrupt");
        assertEquals(CellStatus.STOPPED, outcome[0].status());
        assertEquals("stopped", out.lastStatus("web2"));
        deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (remote(marker) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, remote(marker), "every remote command was ended");
    }

    @Test
    void execute_sameSession_reusesOneConnectionPerHost() {
        HostOutput first = new HostOutput();
        HostOutput second = new HostOutput();
        executor.execute(cell("echo $SSH_CONNECTION", attrs("hosts", "web1")), first);
        executor.execute(cell("echo $SSH_CONNECTION", attrs("hosts", "web1")), second);

        String clientPort = first.out("web1").split(" ")[1];
        assertEquals(clientPort, second.out("web1").split(" ")[1], "the same TCP connection carried both cells");
    }

    @Test
    void execute_changedHostKey_refused() throws IOException {
        Files.writeString(SshExecutorFactory.knownHosts(data), sshd.wrongKnownHostsLines());
        HostOutput out = new HostOutput();
        CellOutcome outcome =
                executor.execute(cell("true", attrs("hosts", "web1", "host-key-policy", "accept-new")), out);

        assertEquals(CellStatus.FAILED, outcome.status());
        assertEquals("unreachable", out.lastStatus("web1"));
        assertTrue(out.all().contains("host key differs"), out.all());
        assertEquals(
                sshd.wrongKnownHostsLines(),
                Files.readString(SshExecutorFactory.knownHosts(data)),
                "known_hosts untouched");
    }

    @Test
    void execute_unknownHostKey_strictRefusesAcceptNewRecords() throws IOException {
        Files.delete(SshExecutorFactory.knownHosts(data));
        HostOutput strict = new HostOutput();
        assertEquals(
                CellStatus.FAILED,
                executor.execute(cell("true", attrs("hosts", "web1")), strict).status());
        assertTrue(strict.all().contains("not in known_hosts"), strict.all());

        CellOutcome accepted = executor.execute(
                cell("true", attrs("hosts", "web1", "host-key-policy", "accept-new")), new HostOutput());
        assertEquals(CellStatus.OK, accepted.status(), accepted.message());
        String recorded = Files.readString(SshExecutorFactory.knownHosts(data));
        assertEquals(sshd.knownHostsLines().lines().findFirst().orElseThrow() + "\n", recorded);
    }

    @Test
    void execute_printsSecrets_maskedInOutputAndAbsentFromFiles() throws IOException {
        String code = "cat " + sshd.clientKey() + "; echo " + TestHosts.DB_PASSWORD;
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(cell(code, attrs("hosts", "web")), out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message());
        String keyLine = sshd.clientKeyText().lines().skip(1).findFirst().orElseThrow();
        String all = out.all();
        assertFalse(all.contains(keyLine), all);
        assertFalse(all.contains(TestHosts.DB_PASSWORD), all);
        assertTrue(out.out("web1").contains("********"), out.out("web1"));
        assertEquals(List.of(), TestHosts.filesContaining(data, keyLine));
    }

    private static int remote(String marker) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("pgrep", "-f", "^sleep " + marker)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        p.waitFor();
        return (int) out.lines().filter(l -> !l.isBlank()).count();
    }
}
