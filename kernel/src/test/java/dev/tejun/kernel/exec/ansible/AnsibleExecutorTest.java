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
import dev.tejun.kernel.exec.remote.SshdHosts;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
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
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ansible executor running the real ansible-playbook, over a real sshd on three loopback addresses and locally. */
@Tag("e2e")
class AnsibleExecutorTest {

    @SshdHosts(3)
    static Sshd sshd;

    @TempDir
    Path data;

    CmdbStore cmdb;
    Executor executor;

    @BeforeEach
    void seed() throws IOException {
        cmdb = TestHosts.open(data, sshd);
        Path work = Files.createDirectories(data.resolve("work").resolve("s1"));
        executor = new AnsibleExecutorFactory(cmdb, null).create(new SessionContext("s1", work, data));
    }

    @AfterEach
    void close() {
        executor.close();
        cmdb.close();
    }

    private static CellRequest cell(String playbook, Map<String, String> params, Duration timeout, String... kv) {
        Map<String, String> attrs = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            attrs.put(kv[i], kv[i + 1]);
        }
        return new CellRequest(
                "run1",
                "c1",
                "ansible",
                playbook,
                new Attributes("c1", List.of(), attrs),
                null,
                timeout,
                Map.of(),
                params);
    }

    private Path workspace() {
        return data.resolve("work/s1/ansible/run1-c1");
    }

    @Test
    void execute_playbookOverSsh_perHostEventsWorkspaceAndEvidence() throws IOException {
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(cell("""
                - hosts: web
                  gather_facts: false
                  tasks:
                    - name: show port
                      ansible.builtin.command: echo {{ app_port }} {{ release }}
                      changed_when: false
                """, Map.of("release", "r42"), null), out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.all());
        for (String host : List.of("web1", "web2", "web3")) {
            assertTrue(out.out(null).contains("ok: [" + host + "]"), out.out(null));
            assertEquals("ok", out.lastStatus(host));
        }
        assertTrue(out.out(null).contains("PLAY RECAP"), out.out(null));
        assertTrue(
                out.out(null)
                        .endsWith("3 hosts: ok=3 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0\n"),
                out.out(null));
        Path ws = workspace();
        assertTrue(Files.readString(ws.resolve("host_vars/web2/vars.yml")).contains("app_port: 8001"));
        assertTrue(Files.readString(ws.resolve("ansible.log")).contains("PLAY RECAP"));
        assertTrue(Files.readString(ws.resolve("events.jsonl")).contains("\"event\":\"stats\""));
        assertFalse(Files.exists(ws.resolve("host_vars/web1/secrets.yml")), "secret file removed after the run");
        assertFalse(Files.exists(ws.resolve(".secrets")), "key files removed after the run");
        assertEquals(
                List.of(ws.resolve("input.zip"), ws.resolve("result.zip")),
                outcome.artifacts(),
                "both zips go to evidence");
        try (ZipFile input = new ZipFile(ws.resolve("input.zip").toFile());
                ZipFile result = new ZipFile(ws.resolve("result.zip").toFile())) {
            assertTrue(input.getEntry("playbook.yml") != null && input.getEntry("host_vars/web1/secrets.yml") != null);
            String extraVars = new String(
                    input.getInputStream(input.getEntry("extra_vars.yml")).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(extraVars.contains("\"release\": !unsafe \"r42\""), extraVars);
            String redacted = new String(
                    input.getInputStream(input.getEntry("host_vars/web1/secrets.yml"))
                            .readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(redacted.contains("db_password: \"********\""), redacted);
            assertTrue(result.getEntry("ansible.log") != null && result.getEntry("events.jsonl") != null);
        }
    }

    @Test
    void execute_hostsAttribute_hostOutsideItIsNotTouched() {
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(cell("""
                - hosts: web
                  gather_facts: false
                  tasks:
                    - ansible.builtin.command: echo touched
                      changed_when: false
                """, Map.of(), null, "hosts", "web2"), out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.all());
        assertEquals("ok", out.lastStatus("web2"));
        for (String outside : List.of("web1", "web3")) {
            assertEquals("", out.out(outside), outside + " is outside hosts=web2");
        }
    }

    @Test
    void execute_hostsAttributeNamingNothing_refusedBeforeAnsibleStarts() {
        CellOutcome outcome = executor.execute(
                cell("- hosts: all\n  tasks: []\n", Map.of(), null, "hosts", "nosuch"), new HostOutput());

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(outcome.message().contains("not a host or group in the CMDB: nosuch"), outcome.message());
    }

    @Test
    void execute_oneHostFails_cellFailsAndHostMarked() {
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(cell("""
                - hosts: web
                  gather_facts: false
                  tasks:
                    - ansible.builtin.fail: { msg: "web2 is broken" }
                      when: inventory_hostname == 'web2'
                """, Map.of(), null), out);

        assertEquals(CellStatus.FAILED, outcome.status());
        assertEquals("failed", out.lastStatus("web2"));
        assertTrue(out.out(null).contains("web2 is broken"), out.out(null));
        assertTrue(outcome.message().contains("web2 failed"), outcome.message());
    }

    @Test
    void execute_unreachableAndChangedKeyHosts_markedUnreachable() throws IOException {
        TestHosts.addHost(cmdb, "ghost", "127.0.0.1", Sshd.freePort(), sshd.user(), sshd.clientKeyText(), "web");
        Files.writeString(
                SshExecutorFactory.knownHosts(data),
                sshd.knownHostsLines()
                                .lines()
                                .filter(l -> !l.startsWith("[" + sshd.address(2) + "]"))
                                .map(l -> l + "\n")
                                .reduce("", String::concat)
                        + sshd.wrongKnownHostsLines()
                                .lines()
                                .filter(l -> l.startsWith("[" + sshd.address(2) + "]"))
                                .findFirst()
                                .orElseThrow()
                        + "\n");
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(cell("""
                - hosts: web
                  gather_facts: false
                  tasks:
                    - ansible.builtin.command: "true"
                """, Map.of(), null), out);

        assertEquals(CellStatus.FAILED, outcome.status());
        assertEquals("unreachable", out.lastStatus("ghost"));
        assertEquals("unreachable", out.lastStatus("web3"), "a changed host key is refused");
        assertEquals("changed", out.lastStatus("web1"));
    }

    @Test
    void execute_undefinedVariable_failsBeforeAnsibleStarts() {
        CellOutcome outcome = executor.execute(cell("""
                - hosts: web
                  vars: { local_one: 1 }
                  tasks:
                    - ansible.builtin.command: echo {{ app_port }} {{ local_one }} {{ nobody_defines_this }}
                      register: r
                    - ansible.builtin.debug: { msg: "{{ r.stdout }} {{ also_missing | upper }}" }
                """, Map.of(), null), new HostOutput());

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(outcome.message().endsWith(": also_missing, nobody_defines_this"), outcome.message());
        assertFalse(Files.exists(workspace()), "nothing was prepared or run");
    }

    @Test
    void execute_localConnection_paramsAsExtraVarsAndCheckMode() throws IOException {
        TestHosts.addHost(cmdb, "localhost", "127.0.0.1", 22, null, null, "here");
        // the cell's own work folder: the rest of the data folder is out of a cell's reach
        Path target = data.resolve("work/s1/made-by-ansible.txt");
        String playbook = """
                - hosts: here
                  gather_facts: false
                  tasks:
                    - ansible.builtin.copy: { content: "{{ greeting }}\\n", dest: "%s" }
                    - ansible.builtin.debug: { msg: "said {{ greeting }}" }
                """.formatted(target);

        HostOutput dry = new HostOutput();
        CellOutcome checked = executor.execute(
                cell(playbook, Map.of("greeting", "hello"), null, "connection", "local", "check", "true"), dry);
        assertEquals(CellStatus.OK, checked.status(), checked.message() + dry.all());
        assertFalse(Files.exists(target), "check mode changes nothing");
        assertTrue(dry.out(null).contains("+hello"), "the diff is shown: " + dry.out(null));

        HostOutput out = new HostOutput();
        CellOutcome outcome =
                executor.execute(cell(playbook, Map.of("greeting", "hello"), null, "connection", "local"), out);
        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + out.all());
        assertEquals("hello\n", Files.readString(target));
        assertEquals("changed", out.lastStatus("localhost"));
        assertTrue(out.out(null).contains("said hello"), out.out(null));
    }

    @Test
    void execute_groupVarsFromDataSheet_groupAndAllVariablesSecretMasked() throws IOException {
        TestHosts.addHost(cmdb, "localhost", "127.0.0.1", 22, null, null, "here");
        cmdb.putSheet(
                SheetDef.data(
                        "group_settings",
                        "variables per group",
                        ColumnDef.of("group", ColumnType.STRING),
                        ColumnDef.of("ntp_server", ColumnType.STRING),
                        ColumnDef.of("api_token", ColumnType.SECRET)),
                TestHosts.WHO);
        String token = "tok-" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
        cmdb.register(
                "group_settings",
                RowDraft.data(Map.of("group", "here", "ntp_server", "ntp.here.example", "api_token", token)),
                TestHosts.WHO);
        cmdb.register(
                "group_settings",
                RowDraft.data(Map.of("group", "all", "ntp_server", "ntp.all.example")),
                TestHosts.WHO);
        String playbook = """
                - hosts: here
                  gather_facts: false
                  tasks:
                    - ansible.builtin.debug: { msg: "ntp={{ ntp_server }} token={{ api_token }}" }
                """;

        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(
                cell(playbook, Map.of(), null, "connection", "local", "group-vars-from", "group_settings"), out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + out.all());
        assertTrue(
                out.out(null).contains("ntp=ntp.here.example token=********"),
                "the group's value wins over all's: " + out.out(null));
        assertFalse(out.all().contains(token));
        Path ws = workspace();
        assertTrue(
                Files.readString(ws.resolve("group_vars/here/vars.yml")).contains("ntp_server: \"ntp.here.example\""));
        assertTrue(Files.readString(ws.resolve("group_vars/all/vars.yml")).contains("ntp.all.example"));
        assertFalse(Files.exists(ws.resolve("group_vars/here/secrets.yml")), "secret file removed after the run");
        try (ZipFile input = new ZipFile(ws.resolve("input.zip").toFile())) {
            String redacted = new String(
                    input.getInputStream(input.getEntry("group_vars/here/secrets.yml"))
                            .readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(redacted.contains("api_token: \"********\""), redacted);
        }
        assertEquals(List.of(), TestHosts.filesContaining(data, token));
    }

    @Test
    void execute_groupVarsFromSheetWithoutGroupColumn_refusedBeforeAnsibleStarts() {
        TestHosts.addHost(cmdb, "localhost", "127.0.0.1", 22, null, null, "here");
        cmdb.putSheet(
                SheetDef.data("loose", "no group column", ColumnDef.of("ntp_server", ColumnType.STRING)),
                TestHosts.WHO);

        CellOutcome outcome = executor.execute(
                cell("- hosts: here\n  tasks: []\n", Map.of(), null, "connection", "local", "group-vars-from", "loose"),
                new HostOutput());

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(
                outcome.message()
                        .contains("group-vars-from=loose: the sheet must be a data sheet with a 'group' column"),
                outcome.message());
        assertFalse(Files.exists(workspace()), "nothing was prepared or run");
    }

    @Test
    void execute_secretPrintedByTask_maskedAndInNoFile() throws IOException {
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(cell("""
                - hosts: web1
                  gather_facts: false
                  tasks:
                    - ansible.builtin.debug: { msg: "the password is {{ db_password }}" }
                    - ansible.builtin.command: cat %s
                """.formatted(sshd.clientKey()), Map.of(), null), out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + out.all());
        String keyLine = sshd.clientKeyText().lines().skip(1).findFirst().orElseThrow();
        assertTrue(out.out(null).contains("the password is ********"), out.out(null));
        assertFalse(out.all().contains(TestHosts.DB_PASSWORD));
        assertFalse(out.all().contains(keyLine));
        assertEquals(List.of(), TestHosts.filesContaining(data, TestHosts.DB_PASSWORD));
        assertEquals(List.of(), TestHosts.filesContaining(data, keyLine));
    }

    @Test
    void execute_interrupted_endsAnsibleAndItsForks() throws Exception {
        TestHosts.addHost(cmdb, "localhost", "127.0.0.1", 22, null, null, "here");
        String marker = "300." + (100000 + ThreadLocalRandom.current().nextInt(900000));
        CellOutcome[] outcome = new CellOutcome[1];
        Thread runner = Thread.ofPlatform()
                .start(() -> outcome[0] = executor.execute(
                        cell("""
                - hosts: here
                  gather_facts: false
                  tasks:
                    - ansible.builtin.command: sleep %s
                """.formatted(marker), Map.of(), null, "connection", "local"), new HostOutput()));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (count("sleep " + marker) == 0) {
            assertTrue(System.nanoTime() < deadline, "the task never started");
            Thread.sleep(50);
        }
        runner.interrupt();
        runner.join(Duration.ofSeconds(15));

        assertFalse(runner.isAlive());
        assertEquals(CellStatus.STOPPED, outcome[0].status());
        assertEquals(0, count("sleep " + marker), "the task's process was ended");
    }

    @Test
    void execute_timeout_timedOut() {
        TestHosts.addHost(cmdb, "localhost", "127.0.0.1", 22, null, null, "here");
        CellOutcome outcome =
                executor.execute(cell("""
                - hosts: here
                  gather_facts: false
                  tasks:
                    - ansible.builtin.command: sleep 60
                """, Map.of(), Duration.ofSeconds(3), "connection", "local"), new HostOutput());

        assertEquals(CellStatus.TIMED_OUT, outcome.status());
    }

    private static int count(String pattern) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("pgrep", "-f", "^" + pattern)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        p.waitFor();
        return (int) out.lines().filter(l -> !l.isBlank()).count();
    }
}
