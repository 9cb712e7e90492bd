package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tejun run --resume RUN-ID} on a data folder with the real shell: the run goes on from the cell that failed,
 * the cells before it are not run again and their output is there for the cells after it.
 */
class ResumeCliTest {

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int tejun(Path home, String... words) throws Exception {
        return LocalCli.run(out, err, home, System.getenv(), words);
    }

    @Test
    void resume_failedRun_goesOnFromTheFailedCell() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        // the cells run as the cell user, in the runbook's folder (read-only to them): the gate reads a mark there
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path books = Files.createDirectories(temp.resolve("books"));
        Path mark = books.resolve("mark");
        Path book = Files.writeString(books.resolve("steps.md"), """
                # Steps

                ```sh {#make}
                echo token-$$
                ```

                ```sh {#gate}
                test -f mark
                ```

                ```sh {#use}
                echo "use ${cells.make.stdout}"
                ```
                """);
        assertNotEquals(0, tejun(home, "run", book.toString()), err.toString());
        assertTrue(out.toString().contains("make ok") && out.toString().contains("gate failed"), out.toString());
        String first = onlyRun(home);

        assertEquals(2, tejun(home, "run", "--resume", first, "--retry-failed", first), "one or the other");
        Files.writeString(mark, "fixed");
        assertEquals(0, tejun(home, "run", "--resume", first), out + "\n" + err);

        String resumed = out.toString();
        assertFalse(resumed.contains("make (sh)"), "make is not run again: " + resumed);
        assertTrue(resumed.contains("gate (sh)") && resumed.contains("gate ok"), resumed);
        assertTrue(resumed.matches("(?s).*use token-\\d+.*"), "use reads make's output of the first run: " + resumed);
    }

    @Test
    void resume_valueOfACellBeforeTheResumePoint_isReadFromTheFirstRunsEvidence() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path books = Files.createDirectories(temp.resolve("books"));
        Path mark = books.resolve("mark");
        // make's value is how many rows its query answered (a cmdb cell's value): not part of its output
        Path book = Files.writeString(books.resolve("value.md"), """
                # Value

                ```cmdb {#make}
                SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3
                ```

                ```sh {#gate}
                test -f mark
                ```

                ```sh {#use}
                echo "use-value ${cells.make.value} status=${cells.make.status}"
                ```
                """);
        assertNotEquals(0, tejun(home, "run", book.toString()), err.toString());
        assertTrue(out.toString().contains("make ok") && out.toString().contains("gate failed"), out.toString());
        String first = onlyRun(home);

        Files.writeString(mark, "fixed");
        out.reset();
        assertEquals(0, tejun(home, "run", "--resume", first), out + "\n" + err);
        String resumed = out.toString();
        assertFalse(resumed.contains("make (cmdb)"), "make is not run again: " + resumed);
        assertTrue(
                resumed.contains("use-value 3 status=ok"),
                "use reads make's value of the first run from its evidence: " + resumed + err);
    }

    private static String onlyRun(Path home) throws Exception {
        try (Stream<Path> runs = Files.list(home.resolve("evidence"))) {
            return runs.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("\\d{8}-.*"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    @Test
    void resume_ofARunWithNothingToResume_isAClearError() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        Path book = Files.writeString(temp.resolve("ok.md"), "# Ok\n\n```sh {#a}\ntrue\n```\n");
        assertEquals(0, tejun(home, "run", book.toString()), err.toString());
        String id = onlyRun(home);
        assertEquals(2, tejun(home, "run", "--resume", id));
        assertTrue(err.toString().contains("tejun run --resume: "), err.toString());
    }
}
