package dev.tejun.server.cmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The refusals of POST/PUT /api/cmdb/sheets name the field at fault, so the sheet editor can show them there. */
class CmdbSheetDefinitionRestTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Served
    TestServer t;

    @BeforeEach
    void start() throws Exception {
        CmdbSamples.fill(t.cmdb);
    }

    private JsonNode refused(HttpResponse<String> r) throws Exception {
        assertEquals(400, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static String dns(String secondColumn) {
        return """
                {"name":"dns","kind":"DATA","columns":[{"name":"zone","type":"STRING","required":true},%s]}""".formatted(secondColumn);
    }

    private void assertNotCreated() throws Exception {
        assertEquals(404, t.get("/api/cmdb/sheets/dns").statusCode());
    }

    @Test
    void POST_sheet_badRegex_namesThePatternOfThatColumn() throws Exception {
        JsonNode body = refused(
                t.post("/api/cmdb/sheets", dns("{\"name\":\"label\",\"type\":\"STRING\",\"pattern\":\"[a-\"}")));
        assertEquals("columns[1].pattern", body.path("field").asText());
        assertTrue(body.path("error").asText().contains("label"), body.toString());
        assertNotCreated();
    }

    @Test
    void POST_sheet_minAboveMax_namesTheMax() throws Exception {
        JsonNode body = refused(
                t.post("/api/cmdb/sheets", dns("{\"name\":\"ttl\",\"type\":\"INTEGER\",\"min\":10,\"max\":5}")));
        assertEquals("columns[1].max", body.path("field").asText());
        assertNotCreated();
    }

    @Test
    void POST_sheet_unknownType_namesTheType() throws Exception {
        JsonNode body = refused(t.post("/api/cmdb/sheets", dns("{\"name\":\"ttl\",\"type\":\"NUMBER\"}")));
        assertEquals("columns[1].type", body.path("field").asText());
        assertNotCreated();
    }

    @Test
    void POST_sheet_duplicateOrReservedColumn_namesThatColumnsName() throws Exception {
        assertEquals(
                "columns[1].name",
                refused(t.post("/api/cmdb/sheets", dns("{\"name\":\"zone\",\"type\":\"TEXT\"}")))
                        .path("field")
                        .asText());
        assertEquals(
                "columns[1].name",
                refused(t.post("/api/cmdb/sheets", dns("{\"name\":\"version\",\"type\":\"TEXT\"}")))
                        .path("field")
                        .asText());
        assertEquals(
                "name",
                refused(t.post(
                                "/api/cmdb/sheets",
                                dns("{\"name\":\"x\",\"type\":\"TEXT\"}").replace("\"dns\"", "\"Bad Name\"")))
                        .path("field")
                        .asText());
        assertNotCreated();
    }

    @Test
    void POST_sheet_enumWithoutValues_andMissingReference_areNamed() throws Exception {
        assertEquals(
                "columns[1].enumValues",
                refused(t.post("/api/cmdb/sheets", dns("{\"name\":\"env\",\"type\":\"ENUM\",\"enumValues\":[]}")))
                        .path("field")
                        .asText());
        assertEquals(
                "columns[1].referenceSheet",
                refused(t.post(
                                "/api/cmdb/sheets",
                                dns("{\"name\":\"owner\",\"type\":\"REFERENCE\",\"referenceSheet\":\"nope\"}")))
                        .path("field")
                        .asText());
        assertEquals(
                "uniqueSets[0]",
                refused(t.post(
                                "/api/cmdb/sheets",
                                dns("{\"name\":\"x\",\"type\":\"TEXT\"}")
                                        .replace("]}", "],\"uniqueSets\":[[\"zone\",\"nope\"]]}")))
                        .path("field")
                        .asText());
        assertNotCreated();
    }

    private ObjectNode web() throws Exception {
        return (ObjectNode) JSON.readTree(t.get("/api/cmdb/sheets/web").body());
    }

    private static ObjectNode column(ObjectNode sheet, String name) {
        for (JsonNode c : sheet.path("columns")) {
            if (c.path("name").asText().equals(name)) {
                return (ObjectNode) c;
            }
        }
        throw new AssertionError("no column " + name);
    }

    @Test
    void PUT_sheet_typeChangeThatRowsDoNotFit_isRefusedAtTheType_andNothingChanges() throws Exception {
        ObjectNode web = web();
        ObjectNode env = column(web, "env");
        env.put("type", ColumnType.INTEGER.name());
        env.remove("enumValues");
        JsonNode body = refused(t.put("/api/cmdb/sheets/web", web.toString()));
        assertEquals("columns[1].type", body.path("field").asText());
        assertTrue(body.path("error").asText().contains("2 row(s)"), body.toString());
        assertEquals("ENUM", column(web(), "env").path("type").asText());
    }

    @Test
    void PUT_sheet_typeChangeThatRowsFit_isAccepted() throws Exception {
        ObjectNode web = web();
        column(web, "port").put("type", ColumnType.STRING.name()).remove(java.util.List.of("min", "max"));
        HttpResponse<String> r = t.put("/api/cmdb/sheets/web", web.toString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("STRING", column(web(), "port").path("type").asText());
    }

    @Test
    void PUT_sheet_secretWithValues_cannotBecomePlainText() throws Exception {
        ObjectNode web = web();
        column(web, "admin_password").put("type", ColumnType.STRING.name());
        JsonNode body = refused(t.put("/api/cmdb/sheets/web", web.toString()));
        assertEquals("columns[2].type", body.path("field").asText());
        assertTrue(body.path("error").asText().contains("sealed"), body.toString());
    }

    @Test
    void PUT_hosts_builtInColumnTypeChange_isNamed() throws Exception {
        ObjectNode hosts =
                (ObjectNode) JSON.readTree(t.get("/api/cmdb/sheets/hosts").body());
        ((ObjectNode) hosts.path("columns").get(1))
                .put("type", ColumnType.STRING.name())
                .remove(java.util.List.of("min", "max"));
        JsonNode body = refused(t.put("/api/cmdb/sheets/hosts", hosts.toString()));
        assertEquals("columns[1].type", body.path("field").asText());
        ((ArrayNode) hosts.path("columns")).remove(1);
        assertEquals(
                "columns",
                refused(t.put("/api/cmdb/sheets/hosts", hosts.toString()))
                        .path("field")
                        .asText());
    }
}
