package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code tejun run FILE.flow.yaml --preview}: each node as it would run, its locks and windows; nothing started. */
@ExtendWith(CellsUnsandboxed.class)
class FlowPreviewCliTest {

    @TempDir
    Path temp;

    @Test
    void runPreview_flowInsideAFreeze_printsEveryNodeAndRunsNothing() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        Path books = Files.createDirectories(temp.resolve("books"));
        Path made = temp.resolve("made");
        Files.createDirectories(books.resolve("calendars"));
        Files.writeString(
                books.resolve("calendars/forever.yaml"),
                "type: block\ntimezone: UTC\nwindows:\n  - from: 2000-01-01\n    to: 2100-01-01\n");
        Files.writeString(
                books.resolve("mk.md"),
                "---\nparams:\n  db: { default: x }\n---\n```sh {#mk}\ntouch " + made + "-${params.db}\n```\n");
        Path flow = Files.writeString(books.resolve("f.flow.yaml"), """
                params:
                  db: { default: main }
                locks: ["env:${params.db}"]
                blackouts: [forever]
                nodes:
                  - { id: ask, type: pause, message: "go ${params.db}", next: one }
                  - { id: one, type: runbook, runbook: mk.md, params: { db: "${params.db}" }, next: done }
                  - { id: done, type: end }
                """);
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(said, true, StandardCharsets.UTF_8);
        int exit = new Main(out, out, home).execute(List.of("run", flow.toString(), "--preview", "-p", "db=orders"));
        String text = said.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, text);
        assertTrue(text.contains("preview, nothing started"), text);
        assertTrue(text.contains("lock env:orders (held for the flow): free now"), text);
        assertTrue(text.contains("closed now"), text);
        assertTrue(text.contains("node ask (pause): go orders"), text);
        assertTrue(text.contains("node one (runbook): mk.md"), text);
        assertTrue(text.contains("| preview: not run"), text);
        assertTrue(text.contains("made-"), text);
        assertFalse(Files.exists(temp.resolve("made-orders")), "the preview ran nothing");
    }
}
