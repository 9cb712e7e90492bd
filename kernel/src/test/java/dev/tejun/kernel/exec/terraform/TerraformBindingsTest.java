package dev.tejun.kernel.exec.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.remote.HostOutput;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.runbook.Attributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * terraform.tfvars.json from a sheet (vars-from=) takes each column under its bound variable, as Ansible's host_vars
 * do, and a LIST or MAP column arrives as a JSON list or object, not as its Java text. Run through the stand-in.
 */
class TerraformBindingsTest {

    private static final String HCL = """
            variable "net" {
              type = any
            }
            resource "null_resource" "web" {}
            """;

    @TempDir
    Path data;

    Path standin;
    CmdbStore cmdb;

    @BeforeEach
    void setUp() throws IOException {
        standin = Standin.install();
        cmdb = new CmdbStore(data.resolve("tejun.db"));
        TestHosts.addHost(cmdb, "web1", "10.0.0.1", 22, "ops", null, "web");
        cmdb.putSheet(
                SheetDef.host(
                        "net",
                        "",
                        ColumnDef.of("cidrs", ColumnType.LIST).withVariable("subnet_cidrs"),
                        ColumnDef.of("tags", ColumnType.MAP)),
                TestHosts.WHO);
        cmdb.register(
                "net",
                RowDraft.host("web1", Map.of("cidrs", "[\"10.0.1.0/24\", \"10.0.2.0/24\"]", "tags", "{\"tier\": 1}")),
                TestHosts.WHO);
    }

    @AfterEach
    void tearDown() throws IOException {
        cmdb.close();
        Standin.remove(standin);
    }

    @Test
    void execute_varsFromSheet_boundNamesAndJsonListsInTfvars() throws IOException {
        var executor = new TerraformExecutorFactory(cmdb, null, Map.of("TEJUN_TERRAFORM", standin.toString()))
                .create(new SessionContext("s1", data.resolve("work"), data));
        CellRequest request = new CellRequest(
                "run1",
                "net",
                "terraform",
                HCL,
                new Attributes("net", List.of(), Map.of("vars-from", "net", "workspace", "w1")),
                null,
                null,
                Map.of(),
                Map.of());

        CellOutcome outcome = executor.execute(request, new HostOutput());

        assertEquals(CellStatus.OK, outcome.status(), outcome.message());
        JsonNode web1 = new ObjectMapper()
                .readTree(Files.readString(data.resolve("terraform/w1/terraform.tfvars.json")))
                .get("net")
                .get("web1");
        assertEquals("10.0.2.0/24", web1.get("subnet_cidrs").get(1).asText(), web1.toString());
        assertEquals(1, web1.get("tags").get("tier").asInt(), web1.toString());
        assertFalse(web1.has("cidrs"), "the column name is not the variable: " + web1);
    }

    @Test
    void execute_varsFromSheet_operationAndAsOf_theOperationsRowsAsTheyWereThen() throws IOException {
        var executor = new TerraformExecutorFactory(cmdb, null, Map.of("TEJUN_TERRAFORM", standin.toString()))
                .create(new SessionContext("s1", data.resolve("work"), data));
        cmdb.register("net", RowDraft.host("web1", "widen", Map.of("tags", "{\"tier\": 2}")), TestHosts.WHO);
        java.time.Instant then =
                cmdb.rowsInForce("net", "widen", null).getFirst().updatedAt();
        while (!java.time.Instant.now().isAfter(then)) {
            Thread.onSpinWait(); // the change below must land on a later millisecond than `then`
        }
        var widen = cmdb.rowsInForce("net", "widen", null).getFirst();
        cmdb.update(
                "net", widen.id(), 1, RowDraft.host("web1", "widen", Map.of("tags", "{\"tier\": 3}")), TestHosts.WHO);
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(
                new CellRequest(
                        "run1",
                        "net",
                        "terraform",
                        HCL,
                        new Attributes(
                                "net", List.of(), Map.of("vars-from", "net", "workspace", "w2", "operation", "widen")),
                        null,
                        null,
                        Map.of(),
                        Map.of("as-of", then.toString())),
                out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message());
        JsonNode web1 = new ObjectMapper()
                .readTree(Files.readString(data.resolve("terraform/w2/terraform.tfvars.json")))
                .get("net")
                .get("web1");
        assertEquals(2, web1.get("tags").get("tier").asInt(), "the operation's row as it was then: " + web1);
        assertTrue(out.all().contains("CMDB: operation widen, as of " + then), out.all());
    }
}
