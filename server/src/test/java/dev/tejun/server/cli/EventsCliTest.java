package dev.tejun.server.cli;

import static dev.tejun.server.events.tables.DecisionTableImportTest.row;
import static dev.tejun.server.events.tables.DecisionTableImportTest.workbook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.cli.remote.RemoteExit;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tejun events …} against a running server: import a decision table, list, show and the unhandled queue. */
class EventsCliTest {

    @TempDir
    Path tmp;

    @AutoClose
    private TestServer ts;

    private CliAgainstServer cli;

    @BeforeEach
    void start() throws Exception {
        ts = new TestServer(tmp.resolve("server"));
        cli = new CliAgainstServer(ts, tmp.resolve("home"));
    }

    @Test
    void rulesImport_goodWorkbook_filesWritten_badWorkbook_everyProblemPrinted() throws Exception {
        Path good = Files.write(tmp.resolve("good.xlsx"), workbook(new Object[] {
            "ops", row("name", "labels.alertname =", "runbook"), row("node-down", "NodeDown", "node.md")
        }));
        Path bad = Files.write(tmp.resolve("bad.xlsx"), workbook(new Object[] {
            "ops", row("name", "annotations.value >", "runbook"), row("hot", "ninety", "a.md"), row(null, 1, null)
        }));

        assertEquals(RemoteExit.OK, cli.run("events", "rules", "import", good.toString()), cli.err());
        assertTrue(cli.out().contains("rules/ops.yaml: 1 rule(s)"), cli.out());
        assertTrue(Files.readString(ts.runbooks.resolve("rules/ops.yaml")).contains("NodeDown"));

        assertEquals(RemoteExit.USAGE, cli.run("events", "rules", "import", bad.toString()));
        assertTrue(cli.err().contains("ops!B2: 'ninety' is not a number"), cli.err());
        assertTrue(cli.err().contains("ops!A3: the rule has no name"), cli.err());
        assertTrue(Files.readString(ts.runbooks.resolve("rules/ops.yaml")).contains("NodeDown"), "the old file stays");
    }

    @Test
    void listShowUnhandled_anEventNoRuleMatched() throws Exception {
        ts.post("/api/events", "{\"source\":\"probe\",\"labels\":{\"alertname\":\"Strange\",\"host\":\"h1\"}}");

        assertEquals(RemoteExit.OK, cli.run("events", "list"), cli.err());
        assertTrue(cli.out().contains("probe") && cli.out().contains("no-match"), cli.out());
        String id = cli.out().lines().findFirst().orElseThrow().split("\\s+")[0];

        assertEquals(RemoteExit.OK, cli.run("events", "show", id), cli.err());
        assertTrue(cli.out().contains("\"Strange\""), cli.out());
        assertEquals(RemoteExit.OK, cli.run("events", "unhandled"), cli.err());
        assertTrue(cli.out().contains("Strange"), cli.out());
        assertEquals(RemoteExit.USAGE, cli.run("events", "show", "999999"));
    }

    @Test
    void export_csvToStandardOutput_excelToAFile_badFormatRefused() throws Exception {
        ts.post("/api/events", "{\"source\":\"probe\",\"labels\":{\"alertname\":\"Strange\",\"host\":\"h1\"}}");
        ts.post("/api/events", "{\"source\":\"other\",\"labels\":{\"alertname\":\"Odd\",\"host\":\"h2\"}}");

        assertEquals(RemoteExit.OK, cli.run("events", "export", "--source", "probe"), cli.err());
        List<String> lines = cli.out().lines().toList();
        assertEquals(2, lines.size(), cli.out());
        assertTrue(lines.get(1).contains("\"probe\"") && !cli.out().contains("\"other\""), cli.out());

        Path xlsx = tmp.resolve("events.xlsx");
        assertEquals(RemoteExit.OK, cli.run("events", "export", "--format", "xlsx", "-o", xlsx.toString()), cli.err());
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(Files.newInputStream(xlsx))) {
            assertEquals(2, wb.getSheetAt(0).getLastRowNum());
        }
        assertEquals(RemoteExit.USAGE, cli.run("events", "export", "--format", "pdf"));
        assertEquals(RemoteExit.USAGE, cli.run("events", "export", "--format", "xlsx"));
    }
}
