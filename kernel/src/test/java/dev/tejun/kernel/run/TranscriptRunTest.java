package dev.tejun.kernel.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.evidence.EvidenceLayout;
import dev.tejun.kernel.evidence.EvidenceReport;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.evidence.ResultJson;
import dev.tejun.kernel.evidence.RunJson;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.kernel.format.Transcript;
import dev.tejun.kernel.session.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pasted terminal session run for real (the shell executor, evidence, the reports): each command's output is told
 * apart and kept beside the output pasted under it, a command whose output differs is marked, and the marks that
 * tell the commands apart never show.
 */
class TranscriptRunTest {

    static final String RUNBOOK = """
            # Versions

            ```console {#session}
            $ echo alpha
            alpha
            $ printf 'one\\ntwo\\n'
            one
            three
            $ false
            $ echo "status $?"
            status 1
            $ true
            ```
            """;

    @TempDir
    Path tmp;

    @Test
    void run_transcript_eachCommandsOutputBesideThePastedOneAndTheDifferenceMarked() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path file = Files.writeString(tmp.resolve("rb.md"), RUNBOOK);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Session.Services services = new Session.Services(
                new ExecutorRegistry(List.of(new ShellExecutorFactory())),
                new EvidenceStore(data.resolve("evidence"), Clock.systemUTC()),
                data,
                Clock.systemUTC(),
                ref -> Optional.empty());

        int code = new HeadlessRun(
                        services,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(file, Map.of(), "ci");

        String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);
        assertTrue(printed.contains("alpha\none\ntwo\nstatus 1\n"), "the commands' output as written:\n" + printed);
        assertFalse(printed.contains("\u001e"), "no mark shows:\n" + printed);
        assertTrue(
                printed.contains("tejun: 1 of 5 commands wrote other output than the pasted session shows"), printed);

        Path run = Files.list(data.resolve("evidence"))
                .filter(Files::isDirectory)
                .findFirst()
                .orElseThrow();
        RunJson.CellEntry cell = EvidenceLayout.readRun(run).cells().getFirst();
        ResultJson result = EvidenceLayout.readResult(
                        EvidenceLayout.cellDir(run, cell).orElseThrow())
                .orElseThrow();
        ResultJson.Result compared = result.results().stream()
                .filter(r -> Transcript.MIME.equals(r.mime()))
                .findFirst()
                .orElseThrow();
        JsonNode steps = Json.MAPPER.readTree(compared.data()).path("steps");
        assertEquals(5, steps.size(), compared.data());
        assertStep(steps.get(0), 1, "echo alpha", "alpha\n", "alpha\n", "true");
        assertStep(steps.get(1), 3, "printf 'one\\ntwo\\n'", "one\nthree\n", "one\ntwo\n", "false");
        assertStep(steps.get(2), 6, "false", "", "", "null");
        assertStep(steps.get(3), 7, "echo \"status $?\"", "status 1\n", "status 1\n", "true");
        assertStep(steps.get(4), 9, "true", "", "", "null");
        assertEquals(1, Json.MAPPER.readTree(compared.data()).path("differ").asInt());

        EvidenceReport report = EvidenceReport.of(run);
        String html = report.html();
        assertTrue(
                html.contains("<tr class=\"differs\"><td><code>$ printf &#39;one\\ntwo\\n&#39;</code></td>"
                        + "<td><pre>one\nthree\n</pre></td><td><pre>one\ntwo\n</pre></td><td>✗ differs</td></tr>"),
                html);
        assertTrue(html.contains("<tr class=\"same\"><td><code>$ echo alpha</code></td>"), html);
        assertTrue(html.contains("1 command wrote other output than the pasted session shows"), html);
        String markdown = report.markdown();
        assertTrue(
                markdown.contains("| `$ printf 'one\\ntwo\\n'` | `one`<br>`three` | `one`<br>`two` | ✗ differs |"),
                markdown);
        assertFalse(html.contains("\u001e") || markdown.contains("\u001e"), "no mark in the reports");
    }

    private static void assertStep(
            JsonNode step, int line, String command, String expected, String actual, String same) {
        assertEquals(line, step.path("line").asInt(), step.toString());
        assertEquals(command, step.path("command").asText(), step.toString());
        assertEquals(expected, step.path("expected").asText(), step.toString());
        assertEquals(actual, step.path("actual").asText(), step.toString());
        assertEquals(same, step.path("same").toString(), step.toString());
    }
}
