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
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.runbook.Attributes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A public-style playbook folder (test resources {@code ansible/web-project}: tags, an include, a template, a
 * role, a filter plugin, vault, its own ansible.cfg) run by the real ansible-playbook with {@code playbook=}, as
 * {@code ansible-playbook} run in that folder would run it.
 */
@Tag("e2e")
class AnsibleProjectTest {

    static final String VAULT_PASSWORD = "tejun-test-vault-password";
    static final String DB_PASSWORD = "vaulted-db-password-4419";
    static final String API_KEY = "vaulted-api-key-7301";
    static final List<String> FILES = List.of(
            "site.yml",
            "ansible.cfg",
            "hosts.ini",
            "templates/motd.j2",
            "tasks/extra.yml",
            "vars/main.yml",
            "vars/vaulted.yml",
            "group_vars/all.yml",
            "filter_plugins/shout.py",
            "roles/greeter/defaults/main.yml",
            "roles/greeter/tasks/main.yml",
            "roles/greeter/templates/greeting.j2");

    @TempDir
    Path data;

    @TempDir
    Path runbooks;

    CmdbStore cmdb;
    Executor executor;
    Path out;
    final Map<String, String> params = new LinkedHashMap<>();

    @BeforeEach
    void seed() throws IOException {
        cmdb = TestHosts.store(data);
        TestHosts.addHost(cmdb, "localhost", "127.0.0.1", 22, null, null, "here");
        cmdb.putSheet(
                SheetDef.data(
                        "credentials",
                        "passwords cells name",
                        ColumnDef.of("name", ColumnType.STRING),
                        ColumnDef.of("secret", ColumnType.SECRET)),
                TestHosts.WHO);
        cmdb.register(
                "credentials", RowDraft.data(Map.of("name", "web-vault", "secret", VAULT_PASSWORD)), TestHosts.WHO);
        cmdb.register("credentials", RowDraft.data(Map.of("name", "wrong", "secret", "not-it")), TestHosts.WHO);
        copyProject(runbooks.resolve("web"));
        Path work = Files.createDirectories(data.resolve("work").resolve("s1"));
        // the cell's own work folder: the rest of the data folder is out of a cell's reach
        out = work;
        params.put("out_dir", out.toString());
        executor = new AnsibleExecutorFactory(cmdb, runbooks).create(new SessionContext("s1", work, data));
    }

    @AfterEach
    void close() {
        executor.close();
        cmdb.close();
    }

    static void copyProject(Path to) throws IOException {
        for (String name : FILES) {
            Path target = to.resolve(name);
            Files.createDirectories(target.getParent());
            try (InputStream in = AnsibleProjectTest.class.getResourceAsStream("/ansible/web-project/" + name)) {
                Files.write(target, in.readAllBytes());
            }
        }
    }

    private CellOutcome run(String code, HostOutput output, String... kv) {
        Map<String, String> attrs = new LinkedHashMap<>(Map.of("connection", "local"));
        for (int i = 0; i < kv.length; i += 2) {
            attrs.put(kv[i], kv[i + 1]);
        }
        return executor.execute(
                new CellRequest(
                        "run1",
                        "c1",
                        "ansible",
                        code,
                        new Attributes("c1", List.of(), attrs),
                        null,
                        null,
                        Map.of(),
                        params),
                output);
    }

    private static int count(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void execute_playbookInItsFolder_templateRoleIncludeFilterPluginVaultAndTagsWork() throws IOException {
        HostOutput output = new HostOutput();
        CellOutcome outcome = run(
                "",
                output,
                "playbook",
                "web/site.yml",
                "vault-password",
                "credential:web-vault",
                "skip-tags",
                "optional");

        String log = output.out(null);
        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + output.all());
        assertEquals("Welcome to example site\nuser ann\nuser bob\n", Files.readString(out.resolve("motd")));
        assertEquals("hello from the role\n", Files.readString(out.resolve("greeting")));
        assertEquals("from-extra hello from the role\n", Files.readString(out.resolve("extra")));
        assertEquals("EXAMPLE SITE!\n", Files.readString(out.resolve("shout")));
        assertFalse(Files.exists(out.resolve("optional")), "skip-tags=optional skipped it");
        assertTrue(log.contains("db=******** api=********"), log);
        assertTrue(log.contains("note: ansible.cfg: inventory = hosts.ini is replaced by the CMDB's inventory"), log);
        assertTrue(log.contains("note: ansible.cfg: ask_pass = True is turned off"), log);
        assertEquals(List.of(), TestHosts.filesContaining(data, DB_PASSWORD));
        assertEquals(List.of(), TestHosts.filesContaining(data, API_KEY));
        assertEquals(List.of(), TestHosts.filesContaining(data, VAULT_PASSWORD));
        assertFalse(Files.exists(data.resolve("work/s1/ansible/run1-c1/.secrets")), "the vault password file is gone");
    }

    @Test
    void execute_eachEvent_onceUnderItsTaskHeaderAndRecapCounts() {
        HostOutput output = new HostOutput();
        CellOutcome outcome = run(
                "", output, "playbook", "web/site.yml", "vault-password", "credential:web-vault", "tags", "motd,shout");

        String log = output.out(null);
        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + output.all());
        assertEquals(1, count(log, "TASK [render the motd]"), log);
        assertEquals(2, count(log, "changed: [localhost]"), log);
        int header = log.indexOf("TASK [render the motd]");
        assertTrue(log.indexOf("changed: [localhost]", header) > header, log);
        assertEquals("", output.out("localhost"), "no second copy in the host's pane");
        // the host's status moves as each task's line passes (two tasks), then the recap sets its final one
        assertEquals(3, count(output.all(), "Status[host=localhost"), output.all());
        assertTrue(log.endsWith("1 host: ok=2 changed=2 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0\n"), log);
    }

    @Test
    void execute_wrongVaultPassword_refusedNamingTheFile() {
        CellOutcome outcome =
                run("", new HostOutput(), "playbook", "web/site.yml", "vault-password", "credential:wrong");

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(outcome.message().contains("group_vars/all.yml does not open"), outcome.message());
    }

    @Test
    void execute_ansibleCfgThatCannotBeMerged_errorNamesIt() throws IOException {
        Files.writeString(runbooks.resolve("web/ansible.cfg"), "forks = 5\n[defaults]\n");

        CellOutcome outcome = run("", new HostOutput(), "playbook", "web/site.yml");

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(
                outcome.message().contains("ansible.cfg beside the playbook (web/ansible.cfg) cannot be merged"),
                outcome.message());
        assertTrue(outcome.message().contains("line 1: a setting before any [section]"), outcome.message());
    }

    @Test
    void execute_inlinePlaybookWithDir_usesTheFolder() throws IOException {
        HostOutput output = new HostOutput();
        CellOutcome outcome = run("""
                - hosts: here
                  gather_facts: false
                  roles: [greeter]
                  tasks:
                    - ansible.builtin.copy: { content: "{{ 'x' | shout }}\\n", dest: "{{ out_dir }}/inline" }
                """, output, "dir", "web", "vault-password", "credential:web-vault");

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + output.all());
        assertEquals("X!\n", Files.readString(out.resolve("inline")));
        assertEquals("hello from the role\n", Files.readString(out.resolve("greeting")));
    }

    @Test
    void execute_diffWithoutCheckAndVerbose_changesAndShowsTheDiff() throws IOException {
        HostOutput output = new HostOutput();
        CellOutcome outcome = run("""
                - hosts: here
                  gather_facts: false
                  tasks:
                    - ansible.builtin.copy: { content: "new line\\n", dest: "{{ out_dir }}/diffed" }
                """, output, "diff", "true", "verbose", "2");

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + output.all());
        assertEquals("new line\n", Files.readString(out.resolve("diffed")), "not check mode: the file changed");
        assertTrue(output.out(null).contains("+new line"), output.out(null));
        assertTrue(output.out(null).contains("as config file"), "-vv names the config: " + output.out(null));
    }

    @Test
    void execute_varsPrompt_fromParamsOrRefusedNamingThem() throws IOException {
        String playbook = """
                - hosts: here
                  gather_facts: false
                  vars_prompt:
                    - { name: out_dir, prompt: "where" }
                    - { name: release, prompt: "which release" }
                  tasks:
                    - ansible.builtin.copy: { content: "{{ release }}\\n", dest: "{{ out_dir }}/release" }
                """;

        CellOutcome refused = run(playbook, new HostOutput());
        assertEquals(CellStatus.FAILED, refused.status());
        assertTrue(refused.message().contains("vars_prompt asks for release: a cell cannot prompt"), refused.message());

        params.put("release", "r7");
        HostOutput output = new HostOutput();
        CellOutcome answered = run(playbook, output);
        assertEquals(CellStatus.OK, answered.status(), answered.message() + "\n" + output.all());
        assertEquals("r7\n", Files.readString(out.resolve("release")));
    }
}
