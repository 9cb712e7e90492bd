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
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.kernel.runbook.Attributes;
import dev.tejun.kernel.template.Adversarial;
import dev.tejun.kernel.template.AnsibleQuoting;
import dev.tejun.kernel.template.Reference;
import dev.tejun.kernel.template.Rendered;
import dev.tejun.kernel.template.Slot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values that would run as Jinja or shell reach real ansible-playbook (connection local) as data: through references
 * in the cell's text, rendered by {@link AnsibleQuoting} as Session does, and through the run's params. The file
 * {@code F} is never created, and each value arrives byte for byte in a file written by {@code copy} and by
 * {@code shell}.
 */
@ExtendWith(CellsUnsandboxed.class) // the canary must be reachable, so an injection would show
@Tag("e2e")
class AnsibleValuesTest {

    @TempDir
    Path data;

    CmdbStore cmdb;
    Executor executor;
    Path f;

    @BeforeEach
    void seed() throws IOException {
        cmdb = TestHosts.store(data);
        TestHosts.addHost(cmdb, "localhost", "127.0.0.1", 22, null, "host-secret-4711", "here");
        Path work = Files.createDirectories(data.resolve("work").resolve("s1"));
        executor = new AnsibleExecutorFactory(cmdb, null).create(new SessionContext("s1", work, data));
        f = data.resolve("F");
    }

    @AfterEach
    void close() {
        executor.close();
        cmdb.close();
    }

    /** Attacks aimed at this run's F, and values that are hard to carry. */
    private List<String> values() {
        List<String> out = new ArrayList<>(List.of(
                "{{ lookup('pipe','touch " + f + "') }}",
                "$(touch " + f + ")",
                "`touch " + f + "`",
                "'; touch " + f + "; '",
                "\"; touch " + f + "; \"",
                "{{ tejun_value_1 }}",
                "{% if true %}x{% endif %}",
                "%{ if true }x%{ endif }",
                "${x}",
                "a\nb",
                "a\r\nb",
                "\\",
                "\"",
                "'",
                ";|&",
                "日本語の値",
                "  padded  ",
                "",
                "line one\nline two\n"));
        out.add(Adversarial.languageValues().getLast()); // about 100 KB
        return out;
    }

    private CellOutcome run(String code, Map<String, String> variables, Map<String, String> params, HostOutput out) {
        return run(code, variables, params, List.of(), out);
    }

    private CellOutcome run(
            String code,
            Map<String, String> variables,
            Map<String, String> params,
            List<String> secrets,
            HostOutput out) {
        CellRequest request = new CellRequest(
                "run1",
                "c1",
                "ansible",
                code,
                new Attributes("c1", List.of(), Map.of("connection", "local")),
                null,
                null,
                Map.of(),
                params,
                null,
                null,
                List.of(),
                variables,
                secrets);
        return executor.execute(request, out);
    }

    @Test
    void execute_secretParam_maskedInBothEvidenceZipsAndTheWorkspaceIsPrivate() throws IOException {
        Path ws = data.resolve("work/s1/ansible/run1-c1");
        String secret = "param-secret-5823";
        HostOutput out = new HostOutput();
        CellOutcome outcome = run("""
                - hosts: here
                  gather_facts: false
                  tasks:
                    - debug: msg="token is {{ token }}"
                """, Map.of(), Map.of("token", secret), List.of(secret), out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.all());
        assertEquals(
                "rwx------",
                java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(ws)),
                "the workspace holds inputs in clear while it runs");
        for (String zip : List.of("input.zip", "result.zip")) {
            try (ZipFile z = new ZipFile(ws.resolve(zip).toFile())) {
                int entries = 0;
                for (var e : java.util.Collections.list(z.entries())) {
                    entries++;
                    String text = new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
                    assertFalse(text.contains(secret), zip + "/" + e.getName() + ": " + text);
                }
                assertTrue(entries >= 3, zip);
            }
        }
        try (ZipFile z = new ZipFile(ws.resolve("result.zip").toFile())) {
            String log = new String(z.getInputStream(z.getEntry("ansible.log")).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(log.contains("token is ********"), "the log keeps the line, masked: " + log);
        }
    }

    @Test
    void execute_referencedValues_arriveExactlyAndNeverRun() throws IOException {
        List<String> values = values();
        StringBuilder template = new StringBuilder("- hosts: here\n  gather_facts: false\n  tasks:\n");
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String[] lines = {
                "    - debug: msg=${params.v" + i + "}\n",
                "    - copy: content=${params.v" + i + "} dest=" + data.resolve("copy-" + i) + "\n",
                "    - shell: printf %s ${params.v" + i + "} > " + data.resolve("shell-" + i) + "\n"
            };
            for (String line : lines) {
                int start = template.length() + line.indexOf("${");
                template.append(line);
                slots.add(new Slot(
                        new Reference(start, start + ("${params.v" + i + "}").length(), "params.v" + i, false),
                        values.get(i),
                        "string"));
            }
        }
        Rendered r = AnsibleQuoting.INSTANCE.render(template.toString(), slots);

        HostOutput out = new HostOutput();
        CellOutcome outcome = run(r.text(), r.variables(), Map.of(), out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.all());
        assertFalse(Files.exists(f), "a value ran as Jinja or shell");
        for (int i = 0; i < values.size(); i++) {
            assertEquals(
                    values.get(i),
                    Files.readString(data.resolve("copy-" + i), StandardCharsets.UTF_8),
                    "copy of value " + i);
            assertEquals(
                    values.get(i),
                    Files.readString(data.resolve("shell-" + i), StandardCharsets.UTF_8),
                    "shell of value " + i);
        }
        assertTrue(out.out(null).contains("\"msg\": \"{{ lookup('pipe','touch " + f), "debug shows the lookup as text");
    }

    @Test
    void execute_params_extraVarsAreUnsafeSoJinjaInAValueIsText() throws IOException {
        Path copy = data.resolve("copy-param");
        String value = "{{ lookup('pipe','touch " + f + "') }} and $(touch " + f + ")";
        String playbook = """
                - hosts: here
                  gather_facts: false
                  tasks:
                    - copy: { content: "{{ greeting }}", dest: "%s" }
                """.formatted(copy);

        HostOutput out = new HostOutput();
        CellOutcome outcome = run(playbook, Map.of(), Map.of("greeting", value), out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.all());
        assertFalse(Files.exists(f), "the param's Jinja was evaluated");
        assertEquals(value, Files.readString(copy));
    }

    @Test
    void execute_extraVarsFile_0600DuringTheRunRemovedAfterSecretsMaskedInEvidence() throws IOException {
        Path ws = data.resolve("work/s1/ansible/run1-c1");
        Path mode = data.resolve("mode");
        String template = """
                - hosts: here
                  gather_facts: false
                  tasks:
                    - shell: stat -c %%a %s > %s
                    - debug: msg=${params.pw}
                """.formatted(ws.resolve("extra_vars.yml"), mode);
        int start = template.indexOf("${");
        Rendered r = AnsibleQuoting.INSTANCE.render(
                template,
                List.of(new Slot(
                        new Reference(start, start + "${params.pw}".length(), "params.pw", false),
                        "host-secret-4711",
                        "string")));

        HostOutput out = new HostOutput();
        CellOutcome outcome =
                run(r.text(), r.variables(), new LinkedHashMap<>(Map.of("also", "host-secret-4711 too")), out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.all());
        assertEquals("600\n", Files.readString(mode));
        assertFalse(Files.exists(ws.resolve("extra_vars.yml")), "removed after the run");
        try (ZipFile input = new ZipFile(ws.resolve("input.zip").toFile())) {
            String extraVars = new String(
                    input.getInputStream(input.getEntry("extra_vars.yml")).readAllBytes(), StandardCharsets.UTF_8);
            assertFalse(extraVars.contains("host-secret-4711"), extraVars);
            assertTrue(extraVars.contains("\"tejun_value_1\": !unsafe \"********\""), extraVars);
            assertTrue(extraVars.contains("\"also\": !unsafe \"******** too\""), extraVars);
        }
    }

    @Test
    void execute_typedReferencesInConditions_comparedAsTheirTypes() throws IOException {
        String template = """
                - hosts: here
                  gather_facts: false
                  tasks:
                    - copy: { content: "ran", dest: "%s" }
                      when: ${params.flag}
                    - copy: { content: "ran", dest: "%s" }
                      when: ${params.n} > 3
                """.formatted(data.resolve("flagged"), data.resolve("counted"));
        int flag = template.indexOf("${params.flag}");
        int n = template.indexOf("${params.n}");
        Rendered r = AnsibleQuoting.INSTANCE.render(
                template,
                List.of(
                        new Slot(
                                new Reference(flag, flag + "${params.flag}".length(), "params.flag", false),
                                "false",
                                "boolean"),
                        new Slot(new Reference(n, n + "${params.n}".length(), "params.n", false), "5", "integer")));

        HostOutput out = new HostOutput();
        CellOutcome outcome = run(r.text(), r.variables(), Map.of(), out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.all());
        assertFalse(Files.exists(data.resolve("flagged")), "the string \"false\" was read as the boolean false");
        assertEquals("ran", Files.readString(data.resolve("counted")), "\"5\" was compared as the number 5");
    }

    @Test
    void execute_paramNamedLikeAValueVariable_refused() {
        CellOutcome outcome = run(
                "- hosts: here\n  tasks: []\n",
                Map.of("tejun_value_1", "a"),
                Map.of("tejun_value_1", "b"),
                new HostOutput());
        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(outcome.message().contains("the param tejun_value_1 has the name of a value"), outcome.message());
    }
}
