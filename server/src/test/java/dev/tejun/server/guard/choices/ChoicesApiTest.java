package dev.tejun.server.guard.choices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Params whose choices come from the CMDB inventory: listed over REST, narrowed by depends-on, checked at run. */
class ChoicesApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Served
    private TestServer ts;

    @BeforeEach
    void start() throws Exception {
        Actor a = new Actor("alice", Channel.API);
        ts.cmdb.register("hosts", RowDraft.host("web1", Map.of("groups", "web,prod")), a);
        ts.cmdb.register("hosts", RowDraft.host("web2", Map.of("groups", "web,staging")), a);
        ts.cmdb.register("hosts", RowDraft.host("db1", Map.of("groups", "db,prod")), a);
        ts.write("patch.md", """
                ---
                params:
                  env: { default: prod, enum: [prod, staging] }
                  host:
                    choices: "cmdb:hosts.name where groups contains ${params.env}"
                    depends-on: env
                    default: web1
                  targets:
                    choices: cmdb:hosts.name where groups contains 'web'
                    multiple: true
                    default: web1
                ---
                ```sh {#show}
                printf '%s|%s\\n' ${params.host} ${params.targets}
                ```
                """);
    }

    private List<String> choices(String query) throws Exception {
        var r = ts.get("/api/choices?runbook=patch.md&" + query);
        assertEquals(200, r.statusCode(), r.body());
        List<String> out = new ArrayList<>();
        JSON.readTree(r.body()).path("choices").forEach(c -> out.add(c.asText()));
        return out;
    }

    @Test
    void choices_dependsOnEnv_narrowsHosts() throws Exception {
        assertEquals(List.of("db1", "web1"), choices("param=host"));
        assertEquals(List.of("web2"), choices("param=host&env=staging"));
        assertEquals(List.of("web1", "web2"), choices("param=targets"));
        assertEquals(400, ts.get("/api/choices?runbook=patch.md&param=env").statusCode());
    }

    /** The run's last event once it ended. */
    private JsonNode end(String runId) throws Exception {
        long since = 0;
        for (int i = 0; i < 30; i++) {
            JsonNode page = JSON.readTree(ts.get("/api/runs/" + runId + "/events?since=" + since + "&wait=5")
                    .body());
            since = page.path("lastSeq").asLong();
            if (page.path("finished").asBoolean()) {
                return page;
            }
        }
        throw new AssertionError("run did not end");
    }

    private JsonNode run(String params) throws Exception {
        var r = ts.post("/api/runs", "{\"runbook\":\"patch.md\",\"params\":" + params + "}");
        assertEquals(201, r.statusCode(), r.body());
        return end(JSON.readTree(r.body()).path("runId").asText());
    }

    @Test
    void startRun_valueNotAmongChoices_failsBeforeAnyCell() throws Exception {
        JsonNode refused = run("{\"env\":\"staging\",\"host\":\"web1\"}");
        assertEquals("failed", refused.path("status").asText());
        String all = refused.toString();
        assertTrue(all.contains("param host: 'web1' is not one of [web2]"), all);
        assertTrue(!all.contains("cell-started"), all);

        JsonNode multi = run("{\"targets\":\"web1,db1\"}");
        assertTrue(multi.toString().contains("param targets: 'db1' is not one of [web1, web2]"), multi.toString());

        JsonNode ok = run("{\"env\":\"staging\",\"host\":\"web2\",\"targets\":\"web1,web2\"}");
        assertEquals("ok", ok.path("status").asText(), ok.toString());
    }
}
