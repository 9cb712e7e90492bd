package dev.tejun.kernel.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.kernel.session.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadlessRunTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String markdown, Map<String, String> params) throws Exception {
        Path file = Files.writeString(tmp.resolve("rb.md"), markdown);
        return run(file, params);
    }

    private int run(Path file, Map<String, String> params) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Session.Services services = new Session.Services(
                new ExecutorRegistry(List.of(new ShellExecutorFactory())),
                new EvidenceStore(data.resolve("evidence"), Clock.systemUTC()),
                data,
                Clock.systemUTC(),
                ref -> Optional.empty());
        return new HeadlessRun(
                        services,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(file, params, "ci");
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void run_allCellsSucceed_exit0AndEvidencePrinted() throws Exception {
        int code = run("""
                ---
                params:
                  name: { default: World }
                ---
                ```sh {#greet}
                echo "Hello, ${params.name}!"
                ```
                """, Map.of("name", "Tejun"));
        assertEquals(0, code, err.toString());
        assertTrue(out().contains("Hello, Tejun!"), out());
        String evidence = out().lines()
                .filter(l -> l.startsWith("evidence: "))
                .findFirst()
                .orElseThrow()
                .substring("evidence: ".length());
        assertTrue(Files.isRegularFile(Path.of(evidence, "run.json")));
    }

    @Test
    void run_frontMatterCwd_everyCellStartsThereUnlessItNamesItsOwn() throws Exception {
        // open to the cell account, as a runbooks folder is: a folder closed to it is not started in
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path tools = Files.createDirectories(tmp.resolve("tools"));
        Files.setPosixFilePermissions(tools, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(tools.resolve("hello.sh"), "echo hello from tools\n");

        int code = run("""
                ---
                cwd: tools
                ---
                ```sh {#there}
                sh hello.sh && pwd
                ```
                ```sh {#own cwd=.}
                pwd
                ```
                """, Map.of());

        assertEquals(0, code, err.toString());
        assertTrue(out().contains("hello from tools\n" + tools.toRealPath() + "\n"), out());
        assertTrue(out().contains(tmp.toRealPath() + "\n"), out());
    }

    @Test
    void run_attributeTheExecutorDoesNotTake_cellRefusedBeforeAnythingRuns() throws Exception {
        Path marker = tmp.resolve("ran");

        int code = run("""
                ```sh {#first}
                echo first
                ```
                ```sh {#wide hosts=web}
                touch '%s'
                ```
                """.formatted(marker), Map.of());

        assertEquals(1, code, err.toString());
        assertTrue(out().contains("line 4: cell wide: hosts= is not for this cell: "), out());
        assertTrue(out().contains("first"), out());
        assertTrue(Files.notExists(marker), "the refused cell ran");
    }

    @Test
    void run_cellLeavesScratchFiles_workFolderRemovedAfterTheRun() throws Exception {
        int code = run("""
                ```sh {#scratch}
                echo data > scratch.txt && mkdir -p sub && echo more > sub/more.txt && ls scratch.txt
                ```
                """, Map.of());
        assertEquals(0, code, err.toString());
        assertTrue(out().contains("scratch.txt"), out());
        Path work = tmp.resolve("data").resolve("work");
        try (var left = Files.list(work)) {
            assertEquals(List.of(), left.toList(), "scratch of a finished CLI run stays behind");
        }
    }

    @Test
    void run_cellFails_exit1AndStderrShown() throws Exception {
        int code = run("""
                ```sh {#bad streams=separate}
                echo broken >&2; exit 4
                ```
                """, Map.of());
        assertEquals(1, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("broken"));
        assertTrue(out().contains("✗ bad failed (exit 4)"), out());
    }

    @Test
    void run_unknownParam_exit2BeforeAnythingRuns() throws Exception {
        int code = run("""
                ```sh {#a}
                touch ran
                ```
                """, Map.of("nope", "1"));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown param 'nope'"));
        assertTrue(Files.notExists(tmp.resolve("data/evidence")), "nothing ran, no evidence");
    }

    @Test
    void run_missingRequiredParam_exit2() throws Exception {
        int code = run("""
                ---
                params:
                  host: { description: no default, so required }
                ---
                ```sh {#a}
                echo ${params.host}
                ```
                """, Map.of());
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("missing param 'host'"));
    }

    @Test
    void run_noSuchFile_exit2() throws Exception {
        assertEquals(2, run(tmp.resolve("absent.md"), Map.of()));
    }

    @Test
    void run_noCells_exit2WithMessage() throws Exception {
        Path file = Files.writeString(tmp.resolve("prose.md"), "# Only prose\n\n```ruby\nprint(1)\n```\n");

        assertEquals(2, run(file, Map.of()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no cells to run in " + file), err.toString());
    }

    @Test
    void run_cellsInNumberedStepsAndQuote_runWithoutTheirIndentation() throws Exception {
        int code = run("""
                1. First:

                   ```sh {#first}
                   cat <<EOF
                   step-one
                   EOF
                   ```
                2. Then:
                   > ```sh
                   > echo step-two
                   > ```
                """, Map.of());

        assertEquals(0, code, err.toString());
        assertTrue(out().contains("step-one") && out().contains("step-two"), out());
    }
}
