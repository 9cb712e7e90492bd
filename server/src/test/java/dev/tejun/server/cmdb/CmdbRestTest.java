package dev.tejun.server.cmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tejun.cmdb.model.Row;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CmdbRestTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Served
    TestServer t;

    Row web1;

    @BeforeEach
    void start() throws Exception {
        web1 = CmdbSamples.fill(t.cmdb);
    }

    private JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private String rowPath(long id) {
        return "/api/cmdb/sheets/web/rows/" + id;
    }

    @Test
    void GET_sheets_listsHostsAndDefinedSheets() throws Exception {
        HttpResponse<String> r = t.get("/api/cmdb/sheets");
        assertEquals(200, r.statusCode());
        List<String> names = new ArrayList<>();
        json(r).forEach(s -> names.add(s.path("name").asText()));
        assertTrue(names.containsAll(List.of("hosts", "web")), names.toString());
        JsonNode web = json(t.get("/api/cmdb/sheets/web"));
        assertEquals("HOST", web.path("kind").asText());
        assertEquals("port", web.path("columns").get(0).path("name").asText());
        assertEquals(404, t.get("/api/cmdb/sheets/nope").statusCode());
    }

    @Test
    void POST_sheet_creates_thenPUT_redefines_andDuplicateIs409() throws Exception {
        String def = """
                {"name":"dns","kind":"DATA","description":"DNS zones",
                 "columns":[{"name":"zone","type":"STRING","required":true,"unique":true},
                            {"name":"ttl","type":"INTEGER","min":60}]}""";
        HttpResponse<String> created = t.post("/api/cmdb/sheets", def);
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(409, t.post("/api/cmdb/sheets", def).statusCode());
        HttpResponse<String> redefined = t.put("/api/cmdb/sheets/dns", def.replace("DNS zones", "Zones"));
        assertEquals(200, redefined.statusCode(), redefined.body());
        JsonNode dns = json(t.get("/api/cmdb/sheets/dns"));
        assertEquals("Zones", dns.path("description").asText());
        assertFalse(dns.path("columns").get(1).path("required").asBoolean(), "left-out flags are false");
        HttpResponse<String> badName = t.post("/api/cmdb/sheets", def.replace("\"dns\"", "\"Bad Name\""));
        assertEquals(400, badName.statusCode(), badName.body());
        HttpResponse<String> renamed = t.put("/api/cmdb/sheets/dns", def.replace("\"dns\"", "\"other\""));
        assertEquals(400, renamed.statusCode());
    }

    @Test
    void POST_row_registers_andListShowsIt() throws Exception {
        t.cmdb.discard("web", web1.id(), web1.version(), dev.tejun.cmdb.model.Actor.SYSTEM);
        HttpResponse<String> r = t.post(
                "/api/cmdb/sheets/web/rows",
                "{\"host\":\"web1\",\"operation\":\"2026-12 patch\",\"values\":{\"port\":\"9090\",\"env\":\"prod\"}}");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode row = json(r);
        assertEquals(9090, row.path("values").path("port").asInt());
        assertEquals(1, row.path("version").asInt());
        JsonNode list = json(t.get("/api/cmdb/sheets/web/rows?operation=2026-12%20patch"));
        assertEquals(1, list.size());
        assertEquals(row.path("id").asLong(), list.get(0).path("id").asLong());
        assertEquals(1, json(t.get("/api/cmdb/sheets/web/rows?operation=")).size(), "only web2's default row");
    }

    @Test
    void GET_rows_afterAndLimit_readOnePageInIdOrder() throws Exception {
        JsonNode all = json(t.get("/api/cmdb/sheets/web/rows"));
        assertEquals(2, all.size());
        long first = all.get(0).path("id").asLong();
        long second = all.get(1).path("id").asLong();
        JsonNode page = json(t.get("/api/cmdb/sheets/web/rows?limit=1"));
        assertEquals(1, page.size());
        assertEquals(first, page.get(0).path("id").asLong());
        JsonNode next = json(t.get("/api/cmdb/sheets/web/rows?limit=1&after=" + first));
        assertEquals(1, next.size());
        assertEquals(second, next.get(0).path("id").asLong());
        assertEquals(
                0,
                json(t.get("/api/cmdb/sheets/web/rows?limit=1&after=" + second)).size(),
                "past the end");
        assertEquals(
                1,
                json(t.get("/api/cmdb/sheets/web/rows?limit=1&asOf="
                                + Instant.now().plusSeconds(60)))
                        .size(),
                "an as-of read pages too");
        HttpResponse<String> bad = t.get("/api/cmdb/sheets/web/rows?limit=-3");
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("limit must be a whole number"), bad.body());
    }

    @Test
    void POST_row_badValues_400ListsEachCell() throws Exception {
        HttpResponse<String> r = t.post(
                "/api/cmdb/sheets/web/rows", "{\"host\":\"web3\",\"values\":{\"port\":\"eighty\",\"env\":\"dev\"}}");
        assertEquals(400, r.statusCode(), r.body());
        List<String> columns = new ArrayList<>();
        json(r).path("errors").forEach(e -> columns.add(e.path("column").asText()));
        assertTrue(columns.containsAll(List.of("host", "port", "env")), r.body());
        assertEquals(2, json(t.get("/api/cmdb/sheets/web/rows")).size(), "nothing registered");
    }

    @Test
    void PUT_row_updates_thenStaleVersionIs409WithCurrentRow() throws Exception {
        String body =
                "{\"host\":\"web1\",\"values\":{\"port\":8443,\"env\":\"staging\"},\"version\":" + web1.version() + "}";
        HttpResponse<String> ok = t.put(rowPath(web1.id()), body);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(2, json(ok).path("version").asInt());
        HttpResponse<String> stale = t.put(rowPath(web1.id()), body.replace("8443", "1234"));
        assertEquals(409, stale.statusCode());
        assertEquals(8443, json(stale).path("values").path("port").asInt(), "the current row comes back");
        assertEquals(2, json(stale).path("version").asInt());
        HttpResponse<String> noVersion = t.put(rowPath(web1.id()), "{\"host\":\"web1\",\"values\":{\"port\":1}}");
        assertEquals(400, noVersion.statusCode());
        assertEquals(404, t.get(rowPath(999)).statusCode());
    }

    @Test
    void discardAndRestore_hideAndBringBackTheRow() throws Exception {
        HttpResponse<String> discarded = t.post(rowPath(web1.id()) + "/discard", "{\"version\":1}");
        assertEquals(200, discarded.statusCode(), discarded.body());
        assertTrue(json(discarded).path("discarded").asBoolean());
        assertEquals(1, json(t.get("/api/cmdb/sheets/web/rows")).size());
        assertEquals(2, json(t.get("/api/cmdb/sheets/web/rows?discarded=true")).size());
        assertEquals(
                409, t.post(rowPath(web1.id()) + "/restore", "{\"version\":1}").statusCode());
        HttpResponse<String> restored = t.post(rowPath(web1.id()) + "/restore", "{\"version\":2}");
        assertEquals(200, restored.statusCode(), restored.body());
        assertFalse(json(restored).path("discarded").asBoolean());
        assertEquals(2, json(t.get("/api/cmdb/sheets/web/rows")).size());
    }

    @Test
    void GET_history_listsEveryChangeWithUserAndChannel() throws Exception {
        t.put(rowPath(web1.id()), "{\"host\":\"web1\",\"values\":{\"port\":81},\"version\":1}");
        t.post(rowPath(web1.id()) + "/discard", "{\"version\":2}");
        JsonNode history = json(t.get(rowPath(web1.id()) + "/history"));
        List<String> actions = new ArrayList<>();
        history.forEach(c -> actions.add(c.path("action").asText()));
        assertEquals(List.of("REGISTER", "UPDATE", "DISCARD"), actions);
        assertEquals("tester", history.get(1).path("user").asText());
        assertEquals("API", history.get(1).path("channel").asText());
        assertEquals(
                81, history.get(1).path("after").path("values").path("port").asInt());
        assertEquals(404, t.get(rowPath(999) + "/history").statusCode());
    }

    @Test
    void GET_rows_asOf_showsThePastValues_andDiffNamesTheChange() throws Exception {
        Thread.sleep(20);
        Instant before = Instant.now();
        Thread.sleep(20);
        t.put(rowPath(web1.id()), "{\"host\":\"web1\",\"values\":{\"port\":81},\"version\":1}");
        JsonNode then = json(t.get("/api/cmdb/sheets/web/rows?asOf=" + before));
        JsonNode web1Then = null;
        for (JsonNode row : then) {
            if (row.path("id").asLong() == web1.id()) {
                web1Then = row;
            }
        }
        assertEquals(8080, web1Then.path("values").path("port").asInt());
        JsonNode diff = json(t.get("/api/cmdb/sheets/web/diff?from=" + before));
        assertEquals(1, diff.size(), diff.toString());
        assertEquals("CHANGED", diff.get(0).path("kind").asText());
        assertEquals(81, diff.get(0).path("columns").path("port").path("after").asInt());
        assertEquals(400, t.get("/api/cmdb/sheets/web/rows?asOf=yesterday").statusCode());
        assertEquals(400, t.get("/api/cmdb/sheets/web/diff").statusCode());
    }

    @Test
    void secrets_neverComeBackInClear() throws Exception {
        for (String path : List.of(
                "/api/cmdb/sheets/web/rows",
                rowPath(web1.id()),
                rowPath(web1.id()) + "/history",
                "/api/cmdb/sheets/hosts/rows",
                "/api/cmdb/inventory",
                "/api/cmdb/inventory?format=yaml")) {
            HttpResponse<String> r = t.get(path);
            assertEquals(200, r.statusCode(), path);
            assertFalse(r.body().contains(CmdbSamples.SECRET), path + " leaks the secret: " + r.body());
        }
        assertEquals(
                "****",
                json(t.get(rowPath(web1.id())))
                        .path("values")
                        .path("admin_password")
                        .asText());
    }

    @Test
    void GET_inventory_yamlHasHostVarsAndGroups_jsonToo() throws Exception {
        HttpResponse<String> yaml = t.get("/api/cmdb/inventory?format=yaml");
        assertEquals(200, yaml.statusCode());
        assertTrue(yaml.headers().firstValue("Content-Type").orElse("").startsWith("application/yaml"));
        JsonNode all = new YAMLMapper().readTree(yaml.body()).path("all");
        assertEquals(
                "10.0.0.1", all.path("hosts").path("web1").path("ansible_host").asText(), yaml.body());
        assertEquals(8080, all.path("hosts").path("web1").path("port").asInt());
        assertTrue(all.path("children").path("prod").path("hosts").has("web2"));
        assertFalse(all.path("children").path("prod").path("hosts").has("web1"));
        JsonNode json = json(t.get("/api/cmdb/inventory?format=json"));
        assertEquals(
                8081,
                json.path("_meta").path("hostvars").path("web2").path("port").asInt());
        assertEquals(400, t.get("/api/cmdb/inventory?format=xml").statusCode());
    }
}
