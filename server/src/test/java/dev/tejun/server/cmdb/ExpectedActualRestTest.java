package dev.tejun.server.cmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bindings, labels, pairings, drift and variable harvesting through the REST API of a real server. */
class ExpectedActualRestTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Served
    TestServer t;

    @BeforeEach
    void start() throws Exception {
        CmdbSamples.fill(t.cmdb);
    }

    @Test
    void POST_sheet_takingABoundVariable_400NamingBothColumns() throws Exception {
        HttpResponse<String> r = t.post("/api/cmdb/sheets", """
                {"name":"listen","kind":"HOST","columns":[{"name":"port","type":"INTEGER","label":"待受ポート"}]}""");
        assertEquals(400, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("columns[0].variable", body.path("field").asText());
        assertTrue(body.toString().contains("listen.port") && body.toString().contains("web.port"), r.body());
        HttpResponse<String> ok = t.post("/api/cmdb/sheets", """
                {"name":"listen","kind":"HOST","label":"待受","columns":[{"name":"port","type":"INTEGER",
                 "label":"待受ポート","variable":"listen_port"}]}""");
        assertEquals(201, ok.statusCode(), ok.body());
        JsonNode listen = JSON.readTree(t.get("/api/cmdb/sheets/listen").body());
        assertEquals("待受", listen.path("label").asText());
        assertEquals(
                "listen_port", listen.path("columns").get(0).path("variable").asText());
        assertEquals("待受ポート", listen.path("columns").get(0).path("label").asText());
    }

    @Test
    void GET_drift_afterACollection_jsonAndXlsx() throws Exception {
        HttpResponse<String> seen = t.post("/api/cmdb/sheets", """
                {"name":"web_seen","kind":"HOST","observes":{"sheet":"web","columns":{"listen":"port"}},
                 "columns":[{"name":"listen","type":"STRING"}]}""");
        assertEquals(201, seen.statusCode(), seen.body());
        t.cmdb.recordObserved(
                "web_seen",
                Map.of("web1", Map.of("listen", "8080"), "web2", Map.of("listen", "9999")),
                "run-7",
                Actor.SYSTEM);
        JsonNode reports = JSON.readTree(t.get("/api/cmdb/drift?sheet=web").body());
        JsonNode web2 = reports.get(0).path("hosts").get(1);
        assertEquals("web2", web2.path("host").asText());
        assertEquals(8081, web2.path("cells").get(0).path("expected").asInt());
        assertEquals("9999", web2.path("cells").get(0).path("actual").asText());
        assertTrue(web2.path("cells").get(0).path("differs").asBoolean());
        assertTrue(!reports.get(0)
                .path("hosts")
                .get(0)
                .path("cells")
                .get(0)
                .path("differs")
                .asBoolean());
        HttpResponse<byte[]> xlsx = t.getBytes("/api/cmdb/drift?format=xlsx");
        assertEquals(200, xlsx.statusCode());
        assertEquals('P', (char) xlsx.body()[0], "a zip: the workbook");
        assertEquals(400, t.get("/api/cmdb/drift?sheet=hosts").statusCode(), "hosts has no observed sheet");
        HttpResponse<String> bad = t.post("/api/cmdb/sheets", """
                {"name":"bad_seen","kind":"HOST","observes":{"sheet":"web","columns":{"flag":"port"}},
                 "columns":[{"name":"flag","type":"BOOLEAN"}]}""");
        assertEquals(400, bad.statusCode(), "BOOLEAN cannot be compared with INTEGER");
    }

    @Test
    void GET_variables_mapsEachPlaybookVariableToItsSource() throws Exception {
        t.write("site.yml", """
                - hosts: web
                  tasks:
                    - ansible.builtin.debug: { msg: "{{ port }} {{ env }} {{ nobody }}" }
                """);
        JsonNode harvest = JSON.readTree(t.get("/api/cmdb/variables").body());
        JsonNode site = harvest.path("files").get(0);
        assertEquals("site.yml", site.path("path").asText());
        Map<String, String> sources = new java.util.TreeMap<>();
        site.path("variables")
                .forEach(v -> sources.put(
                        v.path("name").asText(),
                        v.path("sources").isEmpty()
                                ? ""
                                : v.path("sources").get(0).path("where").asText()));
        assertEquals(Map.of("port", "web.port", "env", "web.env", "nobody", ""), sources);
        assertEquals("nobody", site.path("undefined").get(0).asText());
    }
}
