package dev.tejun.server.runbooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/runbooks/import}: a notebook with a saved output becomes a runbook and a recorded run listed
 * with the runbook's runs (interface import) whose events hold that output; a name taken, a file that is no notebook,
 * and a viewer are refused, and nothing is written for them.
 */
public class NotebookImportApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A notebook: a heading, a shell cell with its saved output, a cell never run. */
    public static final String NOTEBOOK = "{\"nbformat\":4,\"nbformat_minor\":2,\"metadata\":{\"kernelspec\":"
            + "{\"name\":\"python3\",\"language\":\"python\",\"display_name\":\"Python 3\"}},\"cells\":["
            + "{\"cell_type\":\"markdown\",\"metadata\":{},\"source\":\"# Disk check\\n\"},"
            + "{\"cell_type\":\"code\",\"metadata\":{\"lc_cell_meme\":{\"current\":\"df-1\"}},\"execution_count\":1,"
            + "\"outputs\":[{\"output_type\":\"stream\",\"name\":\"stdout\",\"text\":[\"recorded-in-jupyter\\n\"]}],"
            + "\"source\":\"!echo live-here\"},"
            + "{\"cell_type\":\"code\",\"metadata\":{\"lc_cell_meme\":{\"current\":\"up-2\"}},\"execution_count\":null,"
            + "\"outputs\":[],\"source\":\"!uptime\"}]}";

    @TempDir
    Path temp;

    TestServer t;
    String erin;

    @BeforeEach
    void start() throws Exception {
        t = new TestServer(temp);
        erin = t.userWith("erin", Role.EDITOR);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private HttpResponse<String> importAs(String who, String fileName, String notebook) throws Exception {
        String body = JSON.createObjectNode()
                .put("fileName", fileName)
                .put("notebook", notebook)
                .put("folder", "imported")
                .toString();
        return t.as(who, "POST", "/api/runbooks/import", body);
    }

    @Test
    void import_aNotebookWithASavedOutput_runbookAndRecordedRunListedWithIt() throws Exception {
        HttpResponse<String> r = importAs(erin, "disk-check.ipynb", NOTEBOOK);

        assertEquals(201, r.statusCode(), r.body());
        JsonNode answer = JSON.readTree(r.body());
        assertEquals(
                "imported/disk-check.md", answer.path("runbook").path("name").asText());
        assertEquals(2, answer.path("cells").asInt());
        String runId = answer.path("recordedRun").asText();
        String md = Files.readString(t.runbooks.resolve("imported/disk-check.md"));
        assertTrue(md.contains("{#df-1}") && md.contains("echo live-here"), md);
        JsonNode runs =
                JSON.readTree(t.get("/api/runs?runbook=imported/disk-check.md").body());
        assertEquals(runId, runs.get(0).path("runId").asText(), runs.toString());
        assertEquals("import", runs.get(0).path("via").asText(), runs.toString());
        String events = t.get("/api/runs/" + runId + "/events").body();
        assertTrue(events.contains("recorded-in-jupyter"), events);
    }

    @Test
    void import_aSavedImage_itsRecordedRunsEventsCarryTheImageAsAResult() throws Exception {
        String png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
        String notebook = NOTEBOOK.replace(
                "\"outputs\":[{\"output_type\":\"stream\",\"name\":\"stdout\",\"text\":[\"recorded-in-jupyter\\n\"]}]",
                "\"outputs\":[{\"output_type\":\"display_data\",\"metadata\":{},\"data\":{\"image/png\":\"" + png
                        + "\",\"text/plain\":\"<Figure>\"}}]");
        assertTrue(notebook.contains(png), "the fixture changed: " + notebook);

        HttpResponse<String> r = importAs(erin, "plot.ipynb", notebook);

        assertEquals(201, r.statusCode(), r.body());
        String runId = JSON.readTree(r.body()).path("recordedRun").asText();
        JsonNode events =
                JSON.readTree(t.get("/api/runs/" + runId + "/events").body()).path("events");
        JsonNode image = null;
        for (JsonNode e : events) {
            if (e.path("type").asText().equals("cell-result")) {
                image = e;
            }
        }
        assertTrue(image != null, "a finished run's events replay its results too: " + events);
        assertEquals("df-1", image.path("cellId").asText());
        assertEquals("image/png", image.path("mime").asText());
        assertEquals(png, image.path("data").asText());
    }

    @Test
    void import_aNameTaken_409AndTheFileStays() throws Exception {
        t.write("imported/disk-check.md", "# Mine\n");

        HttpResponse<String> r = importAs(erin, "disk-check.ipynb", NOTEBOOK);

        assertEquals(409, r.statusCode(), r.body());
        assertEquals("# Mine\n", Files.readString(t.runbooks.resolve("imported/disk-check.md")));
    }

    @Test
    void import_notANotebook_400NothingWritten() throws Exception {
        HttpResponse<String> r = importAs(erin, "broken.ipynb", "{\"cells\": 3");

        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("broken.ipynb"), r.body());
        assertFalse(Files.exists(t.runbooks.resolve("imported/broken.md")));
    }

    @Test
    void import_byAViewer_403() throws Exception {
        String vera = t.userWith("vera", Role.VIEWER);

        assertEquals(403, importAs(vera, "disk-check.ipynb", NOTEBOOK).statusCode());
        assertFalse(Files.exists(t.runbooks.resolve("imported/disk-check.md")));
    }
}
