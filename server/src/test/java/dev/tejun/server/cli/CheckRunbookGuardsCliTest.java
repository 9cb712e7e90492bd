package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tejun check} on what a runbook declares that only a run used to find wrong: its front matter's
 * {@code locks:} and {@code lock-policy:} (and a cell's {@code locks=}), and a cell's {@code user=}, which no
 * executor honours and which a run therefore refuses too.
 */
class CheckRunbookGuardsCliTest {

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int tejun(String... words) throws Exception {
        return LocalCli.run(out, err, temp.resolve("home"), System.getenv(), words);
    }

    private Path book(String name, String frontMatter, String fence) throws Exception {
        return Files.writeString(temp.resolve(name), """
                ---
                params:
                  db: { default: main }
                %s
                ---
                # Book

                ```%s
                echo hi
                ```
                """.formatted(frontMatter, fence));
    }

    @Test
    void check_runbookWithGoodLocks_passes() throws Exception {
        Path good = book("good.md", "locks: [\"db:${params.db}\"]\nlock-policy: refuse", "sh {#a locks=\"host:web1\"}");
        assertEquals(0, tejun("check", good.toString()), out.toString());
    }

    @Test
    void check_runbookWithBadLocks_failsNamingEachOnItsLine() throws Exception {
        Path bad = book(
                "bad.md",
                "locks: [\"db:${params.database}\"]\nlock-policy: wait",
                "sh {#a locks=\"host:${cells.x.stdout}\"}");
        assertEquals(1, tejun("check", bad.toString()));
        String printed = out.toString();
        assertTrue(printed.contains("FAIL " + bad), printed);
        assertTrue(
                printed.contains("line 4: error: locks: 'db:${params.database}' refers to param database, which the"
                        + " runbook does not declare (declared: db)"),
                printed);
        assertTrue(printed.contains("line 5: error: lock-policy must be queue or refuse, not 'wait'"), printed);
        assertTrue(
                printed.contains("line 9: error: cell a: locks: 'host:${cells.x.stdout}' holds a reference other"
                        + " than ${params.NAME}"),
                printed);
    }

    @Test
    void check_folderWithALocksValueOfTheWrongShape_fails() throws Exception {
        book("shape.md", "locks: 42", "sh {#a}");
        assertEquals(1, tejun("check", temp.toString()));
        assertTrue(out.toString().contains("line 4: error: locks must be a list of lock names"), out.toString());
    }

    @Test
    void userAttribute_isAnErrorInCheck_andARunRefusesTheCellBeforeItRuns() throws Exception {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path book = Files.writeString(temp.resolve("as-user.md"), """
                # As another user

                ```sh {#a user=deploy}
                touch ran-as-deploy
                ```
                """);
        assertEquals(1, tejun("check", book.toString()));
        assertTrue(out.toString().contains("line 3: error: cell a: user= is not supported"), out.toString());

        assertNotEquals(0, tejun("run", book.toString()));
        String all = out + "\n" + err;
        assertTrue(all.contains("user= is not supported"), all);
        assertFalse(Files.exists(temp.resolve("ran-as-deploy")), "the cell must not run as the server's account");
    }
}
