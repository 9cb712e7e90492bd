package dev.tejun.server.cmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tejun.cmdb.model.Row;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Locked parameters as an attacker meets them: an editor changes a locked column over REST, through an Excel import
 * and by lifting the lock first; each is refused by the server and nothing changes. A cmdb-approver may.
 */
class LockedParametersAttackTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @Served
    TestServer t;

    Row web1;
    String editor;
    String approver;

    @BeforeEach
    void start() throws Exception {
        web1 = CmdbSamples.fill(t.cmdb);
        editor = t.userWith("ed", Role.EDITOR);
        approver = t.userWith("ap", Role.EDITOR, Role.CMDB_APPROVER);
        HttpResponse<String> locked = t.as(approver, "PUT", "/api/cmdb/sheets/web", sheetWithPortLocked(true));
        assertEquals(200, locked.statusCode(), locked.body());
        assertTrue(
                JSON.readTree(locked.body())
                        .path("columns")
                        .get(0)
                        .path("locked")
                        .asBoolean(),
                locked.body());
    }

    private String sheetWithPortLocked(boolean on) throws Exception {
        ObjectNode sheet =
                (ObjectNode) JSON.readTree(t.get("/api/cmdb/sheets/web").body());
        ((ObjectNode) sheet.path("columns").get(0)).put("locked", on);
        return sheet.toString();
    }

    private String row(long port, String env, long version) {
        return "{\"host\":\"web1\",\"values\":{\"port\":" + port + ",\"env\":\"" + env + "\"},\"version\":" + version
                + "}";
    }

    @Test
    void editor_PUT_rowChangingALockedColumn_refusedNamingTheColumn_nothingChanged() throws Exception {
        HttpResponse<String> r = t.as(editor, "PUT", "/api/cmdb/sheets/web/rows/" + web1.id(), row(9999, "staging", 1));
        assertEquals(400, r.statusCode(), r.body());
        JsonNode error = JSON.readTree(r.body()).path("errors").get(0);
        assertEquals("port", error.path("column").asText());
        assertTrue(error.path("message").asText().contains("needs the cmdb-approver role"), r.body());
        assertEquals(8080L, t.cmdb.get("web", web1.id()).orElseThrow().value("port"));
        assertEquals(1, t.cmdb.get("web", web1.id()).orElseThrow().version());

        HttpResponse<String> other =
                t.as(editor, "PUT", "/api/cmdb/sheets/web/rows/" + web1.id(), row(8080, "prod", 1));
        assertEquals(200, other.statusCode(), "a column that is not locked is the editor's: " + other.body());
        HttpResponse<String> discard =
                t.as(editor, "POST", "/api/cmdb/sheets/web/rows/" + web1.id() + "/discard", "{\"version\":2}");
        assertEquals(400, discard.statusCode(), "discarding takes the locked value away: " + discard.body());

        HttpResponse<String> approved =
                t.as(approver, "PUT", "/api/cmdb/sheets/web/rows/" + web1.id(), row(9999, "prod", 2));
        assertEquals(200, approved.statusCode(), approved.body());
        assertEquals(9999L, t.cmdb.get("web", web1.id()).orElseThrow().value("port"));
        assertEquals("ap", t.cmdb.history("web", web1.id()).getLast().user(), "the journal says who approved it");
        String audit = t.get("/api/audit?user=ap").body();
        assertTrue(
                audit.contains("lockedChange") && audit.contains("web id=" + web1.id() + ": port"),
                "audited as a change of a locked value: " + audit);
    }

    @Test
    void editor_excelImportChangingALockedColumn_previewRefusesIt_andNothingApplies() throws Exception {
        byte[] exported = t.getBytes("/api/cmdb/sheets/web/export").body();
        byte[] changed = CmdbExcelApiTest.edit(exported, "web", "web1", "port", "9999");
        HttpResponse<String> preview = upload(editor, changed);
        JsonNode body = JSON.readTree(preview.body());
        assertFalse(body.path("ok").asBoolean(), preview.body());
        assertTrue(body.path("planId").isNull(), "no plan is kept to apply");
        assertEquals("port", body.path("errors").get(0).path("column").asText(), preview.body());
        assertEquals(8080L, t.cmdb.get("web", web1.id()).orElseThrow().value("port"));

        JsonNode approved = JSON.readTree(upload(approver, changed).body());
        assertTrue(approved.path("ok").asBoolean(), approved.toString());
        HttpResponse<String> applied = t.as(
                approver, "POST", "/api/cmdb/import/" + approved.path("planId").asText() + "/apply", "{}");
        assertEquals(200, applied.statusCode(), applied.body());
        assertEquals(9999L, t.cmdb.get("web", web1.id()).orElseThrow().value("port"));
    }

    @Test
    void editor_liftingTheLockFirst_refused_andTheColumnStaysLocked() throws Exception {
        HttpResponse<String> r = t.as(editor, "PUT", "/api/cmdb/sheets/web", sheetWithPortLocked(false));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("needs the cmdb-approver role"), r.body());
        assertTrue(t.cmdb.sheet("web").orElseThrow().columns().getFirst().locked());
        assertTrue(t.get("/api/audit?user=ed").body().contains("400"), "the refused attempt is audited");
    }

    private HttpResponse<String> upload(String token, byte[] xlsx) throws Exception {
        return t.http.send(
                HttpRequest.newBuilder(URI.create(t.uri("/api/cmdb/import").toString()))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", XLSX)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(xlsx))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
