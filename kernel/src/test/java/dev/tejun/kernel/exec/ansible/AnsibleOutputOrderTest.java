package dev.tejun.kernel.exec.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.exec.remote.SshdHosts;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.runbook.Attributes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * The real ansible-playbook over a real sshd on three loopback addresses: each host's status arrives in the cell's
 * output stream exactly where Ansible printed that host's result line (after its {@code TASK} header, before the next
 * task), and no event line of our plugin shows in the output.
 */
@Tag("e2e")
class AnsibleOutputOrderTest {

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

    /** One line per write and per host status, in the order they reached the cell's output. */
    static final class Timeline implements Output {
        final List<String> entries = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();

        @Override
        public synchronized void write(Stream stream, String host, byte[] data, int offset, int length) {
            text.append(new String(data, offset, length, StandardCharsets.UTF_8));
            int nl;
            while ((nl = text.indexOf("\n")) >= 0) {
                entries.add(text.substring(0, nl));
                text.delete(0, nl + 1);
            }
        }

        @Override
        public void result(String mime, String data) {}

        @Override
        public synchronized void hostStatus(String host, String status, String detail) {
            entries.add("STATUS " + host + " " + status + " " + detail);
        }

        synchronized int index(String prefix) {
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).startsWith(prefix)) {
                    return i;
                }
            }
            return -1;
        }
    }

    @Test
    void execute_twoTasksOverThreeHosts_eachStatusRightAfterItsHostsLine() {
        Timeline out = new Timeline();
        CellOutcome outcome = execute("""
                        - hosts: web
                          gather_facts: false
                          tasks:
                            - name: first
                              ansible.builtin.command: echo one
                              changed_when: false
                            - name: second
                              ansible.builtin.command: echo two
                              changed_when: inventory_hostname == 'web2'
                        """, Map.of(), out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.entries);
        List<String> entries = out.entries;
        int first = out.index("TASK [first]");
        int second = out.index("TASK [second]");
        int recap = out.index("PLAY RECAP");
        assertTrue(0 <= first && first < second && second < recap, entries.toString());
        for (String host : List.of("web1", "web2", "web3")) {
            int okFirst = indexAfter(entries, "ok: [" + host + "]", first);
            assertTrue(okFirst > first && okFirst < second, host + " " + entries);
            assertEquals("STATUS " + host + " ok first", entries.get(okFirst + 1), entries.toString());
            String verb = host.equals("web2") ? "changed" : "ok";
            int lineSecond = indexAfter(entries, verb + ": [" + host + "]", second);
            assertTrue(lineSecond > second && lineSecond < recap, host + " " + entries);
            assertEquals("STATUS " + host + " " + verb + " second", entries.get(lineSecond + 1), entries.toString());
            int end = indexAfter(entries, "STATUS " + host + " " + verb + " ok=", recap);
            assertTrue(end > recap, "the recap's status comes after PLAY RECAP: " + entries);
        }
        assertFalse(
                entries.stream().anyMatch(e -> e.contains("\u001e") || e.contains("\"event\"")),
                "no event line of the plugin in the output: " + entries);
    }

    @Test
    void execute_warningsOnStderr_amongTheTaskLinesWhereAnsibleWroteThem() {
        StringBuilder tasks = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            // a templated conditional makes Ansible warn on stderr as the task runs, before its result on stdout
            tasks.append(
                    "    - ansible.builtin.debug: msg=out-%d\n      when: \"{{ 'warn-%d' != '' }}\"\n".formatted(i, i));
            expected.addAll(List.of("warn-" + i, "out-" + i));
        }
        Timeline out = new Timeline();
        CellOutcome outcome =
                execute("- hosts: web1\n  gather_facts: false\n  tasks:\n" + tasks, Map.of("connection", "local"), out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.entries);
        List<String> seen = new ArrayList<>();
        Pattern token = Pattern.compile("'(warn-\\d)'|\"(out-\\d)\"");
        for (String entry : out.entries) {
            Matcher m = token.matcher(entry);
            while (m.find()) {
                seen.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        assertEquals(expected, seen, "each warning before its task's result, in the order written: " + out.entries);
    }

    private CellOutcome execute(String playbook, Map<String, String> attributes, Output out) {
        return executor.execute(
                new CellRequest(
                        "run1",
                        "c1",
                        "ansible",
                        playbook,
                        new Attributes("c1", List.of(), attributes),
                        null,
                        null,
                        Map.of(),
                        Map.of()),
                out);
    }

    private static int indexAfter(List<String> entries, String prefix, int after) {
        for (int i = after + 1; i < entries.size(); i++) {
            if (entries.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
