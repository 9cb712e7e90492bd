package dev.tejun.cmdb.inventory;

import static dev.tejun.cmdb.testing.Fixtures.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.testing.FakeClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryTest {

    @TempDir
    Path home;

    @AutoClose
    CmdbStore cmdb;

    @BeforeEach
    void open() {
        cmdb = new CmdbStore(TestDatabases.settings(home), new FakeClock(Instant.parse("2026-03-01T00:00:00Z")));
        cmdb.putSheet(
                SheetDef.host(
                        "web",
                        "",
                        ColumnDef.of("port", ColumnType.INTEGER).withVariable("web_port"),
                        ColumnDef.of("docroot", ColumnType.STRING),
                        ColumnDef.of("api_key", ColumnType.SECRET)),
                ALICE);
        cmdb.putSheet(
                SheetDef.host(
                        "os",
                        "",
                        ColumnDef.of("kernel", ColumnType.STRING),
                        ColumnDef.of("port", ColumnType.INTEGER).withVariable("os_port")),
                ALICE);
        cmdb.register(
                "hosts",
                RowDraft.host(
                        "web1",
                        Map.of("address", "10.0.0.1", "user", "deploy", "groups", "web,prod", "credential", "s3cret")),
                ALICE);
        cmdb.register("hosts", RowDraft.host("db1", Map.of("ssh_port", 2222, "groups", "prod")), ALICE);
        Row gone = cmdb.register("hosts", RowDraft.host("old1", Map.of("groups", "web")), ALICE);
        cmdb.discard("hosts", gone.id(), 1, ALICE);
        cmdb.register("web", RowDraft.host("web1", Map.of("port", 80, "docroot", "/srv", "api_key", "k")), ALICE);
        cmdb.register("web", RowDraft.host("web1", "2026-04", Map.of("port", 8080)), ALICE);
        cmdb.register("os", RowDraft.host("web1", Map.of("kernel", "6.1", "port", 22)), ALICE);
        cmdb.register("os", RowDraft.host("db1", Map.of("kernel", "6.1")), ALICE);
        cmdb.register("os", RowDraft.host("db1", "2026-04", Map.of("kernel", "6.8")), ALICE);
    }

    @Test
    void inventory_mergesSheetsUnderTheirBoundVariables() {
        Inventory inventory = cmdb.inventory(null);
        assertEquals(List.of("db1", "web1"), List.copyOf(inventory.hosts().keySet()), "discarded host left out");
        InventoryHost web1 = inventory.hosts().get("web1");
        assertEquals(Map.of("web_port", 80L, "docroot", "/srv", "kernel", "6.1", "os_port", 22L), web1.vars());
        assertEquals("10.0.0.1", web1.address());
        assertEquals("deploy", web1.user());
        assertEquals(22, web1.sshPort());
        assertEquals(
                Map.of(
                        "api_key",
                        new SecretRef("web", 4, "api_key"),
                        "credential",
                        new SecretRef("hosts", 1, "credential")),
                web1.secrets());
        InventoryHost db1 = inventory.hosts().get("db1");
        assertEquals("db1", db1.address(), "address defaults to the host name");
        assertEquals(2222, db1.sshPort());
        assertEquals(Map.of("prod", List.of("db1", "web1"), "web", List.of("web1")), inventory.groups());
    }

    @Test
    void inventory_operationRowsOverrideDefaultRows() {
        Inventory april = cmdb.inventory("2026-04");
        assertEquals(8080L, april.hosts().get("web1").vars().get("web_port"));
        assertFalse(
                april.hosts().get("web1").vars().containsKey("docroot"), "the operation row replaces the whole row");
        assertEquals("6.8", april.hosts().get("db1").vars().get("kernel"));
        assertEquals("6.1", april.hosts().get("web1").vars().get("kernel"), "no operation row: default row in force");
        assertEquals(80L, cmdb.inventory("2026-05").hosts().get("web1").vars().get("web_port"));
    }

    @Test
    void yaml_isAnAnsibleInventoryWithoutSecrets() throws Exception {
        String yaml = InventoryExport.yaml(cmdb.inventory(null));
        JsonNode all = new YAMLMapper().readTree(yaml).get("all");
        JsonNode web1 = all.get("hosts").get("web1");
        assertEquals("10.0.0.1", web1.get("ansible_host").asText());
        assertEquals(22, web1.get("ansible_port").asInt());
        assertEquals("deploy", web1.get("ansible_user").asText());
        assertEquals(80, web1.get("web_port").asInt());
        assertEquals(List.of("web1"), names(all.get("children").get("web").get("hosts")));
        assertEquals(
                List.of("db1", "web1"), names(all.get("children").get("prod").get("hosts")));
        assertFalse(yaml.contains("s3cret") || yaml.contains("api_key") || yaml.contains("****"), yaml);
    }

    @Test
    void yaml_awkwardValues_readBackExactlyByPyYamlAsAnsibleDoes() throws Exception {
        cmdb.putSheet(
                SheetDef.host(
                        "odd",
                        "",
                        ColumnDef.of("note", ColumnType.TEXT),
                        ColumnDef.of("ratio", ColumnType.DECIMAL),
                        ColumnDef.of("on", ColumnType.BOOLEAN)),
                ALICE);
        List<String> awkward = List.of(
                "yes",
                "null",
                "~",
                "1.0",
                "0x1F",
                "- dash",
                "key: value",
                "# not a comment",
                "quote \" and back\\slash",
                "line\nbreak",
                "tab\there",
                "  padded  ",
                "",
                "日本語の手順",
                "emoji 🚀",
                "nel\u0085ls\u2028ps\u2029bom\uFEFF",
                "bell\u0007del\u007F",
                "{flow: [1, 2]}",
                "&anchor *alias !tag",
                "@at `tick` %pct");
        for (int i = 0; i < awkward.size(); i++) {
            cmdb.register(
                    "hosts", RowDraft.host("t" + i, Map.of("groups", i == 0 ? "odd,on,yes,null,No" : "odd")), ALICE);
            cmdb.register(
                    "odd",
                    RowDraft.host(
                            "t" + i,
                            Map.of("note", awkward.get(i), "ratio", i % 2 == 0 ? "1000" : "0.25", "on", i % 2 == 0)),
                    ALICE);
        }

        Inventory inventory = cmdb.inventory(null);
        String yaml = InventoryExport.yaml(inventory);
        Process python = new ProcessBuilder(
                        "python3",
                        "-c",
                        "import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin.buffer), sys.stdout, ensure_ascii=True)")
                .start();
        try (var in = python.getOutputStream()) {
            in.write(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String parsed = new String(python.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String errors = new String(python.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, python.waitFor(), errors + "\n" + yaml);

        JsonNode hosts = new ObjectMapper().readTree(parsed).get("all").get("hosts");
        int checked = 0;
        for (int i = 0; i < awkward.size(); i++) {
            JsonNode host = hosts.get("t" + i);
            // the oracle is what the inventory holds (the store keeps no empty text, for one)
            Object held = inventory.hosts().get("t" + i).vars().get("note");
            assertEquals(held, host.has("note") ? host.get("note").textValue() : null, "host t" + i);
            checked += held != null && held.equals(awkward.get(i)) ? 1 : 0;
            assertEquals(i % 2 == 0, host.get("on").booleanValue());
            assertEquals(i % 2 == 0 ? 1000.0 : 0.25, host.get("ratio").doubleValue(), "decimals stay numbers");
        }
        assertTrue(checked >= awkward.size() - 2, "nearly every value reached the inventory unchanged: " + checked);
        assertEquals(80, hosts.get("web1").get("web_port").intValue());
        assertEquals(
                awkward.size(),
                names(new ObjectMapper()
                                .readTree(parsed)
                                .get("all")
                                .get("children")
                                .get("odd")
                                .get("hosts"))
                        .size());
        JsonNode children = new ObjectMapper().readTree(parsed).get("all").get("children");
        for (String group : List.of("on", "yes", "null", "No")) {
            assertEquals(
                    List.of("t0"), names(children.get(group).get("hosts")), "group named " + group + " stays a name");
        }
    }

    @Test
    void json_isAnAnsibleDynamicInventory() throws Exception {
        JsonNode root = new ObjectMapper().readTree(InventoryExport.json(cmdb.inventory(null)));
        assertEquals(
                2222,
                root.get("_meta").get("hostvars").get("db1").get("ansible_port").asInt());
        assertEquals("[\"db1\",\"web1\"]", root.get("prod").get("hosts").toString());
        assertEquals("[\"prod\",\"web\"]", root.get("all").get("children").toString());
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
