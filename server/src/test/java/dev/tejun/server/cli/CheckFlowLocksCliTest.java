package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tejun check} on a flow's locks: a declaration its instances could not take fails the check, not the start. */
class CheckFlowLocksCliTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Main main =
            new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));

    private Path flow(String name, String locks) throws Exception {
        Files.writeString(tmp.resolve("a.md"), "```sh {#a}\necho a\n```\n");
        return Files.writeString(tmp.resolve(name), """
                params:
                  db: { default: main }
                %s
                nodes:
                  - { id: a, type: runbook, runbook: a.md, next: end }
                  - { id: end, type: end }
                """.formatted(locks));
    }

    @Test
    void check_flowWithGoodLocks_passes() throws Exception {
        Path good = flow("good.flow.yaml", "locks: [\"db:${params.db}\"]\nlock-policy: refuse");
        assertEquals(0, main.execute(List.of("check", good.toString())), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void check_flowWithBadLocks_failsNamingFileAndLine() throws Exception {
        Path bad = flow("bad.flow.yaml", "locks: [\"db:${params.database}\"]\nlock-policy: wait");
        assertEquals(1, main.execute(List.of("check", bad.toString())));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("FAIL " + bad), printed);
        assertTrue(
                printed.contains("line 3: error: locks: 'db:${params.database}' refers to param database, which the"
                        + " flow does not declare"),
                printed);
        assertTrue(printed.contains("line 4: error: lock-policy must be queue or refuse, not 'wait'"), printed);
    }

    @Test
    void check_folderWithABadFlowLock_fails() throws Exception {
        flow("x.flow.yaml", "locks: 42");
        assertEquals(1, main.execute(List.of("check", tmp.toString())));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("line 3: error: locks must be a list of lock names"));
    }
}
