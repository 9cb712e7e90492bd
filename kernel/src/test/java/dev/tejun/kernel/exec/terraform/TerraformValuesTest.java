package dev.tejun.kernel.exec.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.remote.HostOutput;
import dev.tejun.kernel.runbook.Attributes;
import dev.tejun.kernel.template.Adversarial;
import dev.tejun.kernel.template.HclQuoting;
import dev.tejun.kernel.template.HclStrings;
import dev.tejun.kernel.template.Rendered;
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
 * A terraform cell whose main.tf holds references, rendered by {@link HclQuoting} as Session does, and whose params
 * go to terraform.tfvars.json, run through {@code terraform-standin} (not Terraform: it only records what it was
 * given). So the files as written are checked: each HCL string is read back by {@link HclStrings}, which follows the
 * HCL spec, and must be the value with no interpolation; tfvars.json is read by a JSON parser and must hold the exact
 * value (Terraform reads a .tfvars.json string as a literal, never as a template).
 */
class TerraformValuesTest {

    private static final String TEMPLATE = """
            variable "region" {}
            resource "null_resource" "web" {
              triggers = {
                name = ${params.x}
                note = "v=${params.x};"
              }
            }
            """;

    @TempDir
    Path data;

    Path standin;
    CmdbStore cmdb;

    @BeforeEach
    void setUp() throws IOException {
        standin = Standin.install();
        cmdb = new CmdbStore(data.resolve("tejun.db"));
    }

    @AfterEach
    void tearDown() throws IOException {
        cmdb.close();
        Standin.remove(standin);
    }

    @Test
    void execute_valuesInMainTfAndTfvars_writtenAsExactLiterals() throws IOException {
        var executor = new TerraformExecutorFactory(cmdb, null, Map.of("TEJUN_TERRAFORM", standin.toString()))
                .create(new SessionContext("s1", data.resolve("work"), data));
        for (String v : Adversarial.languageValues()) {
            Rendered r = HclQuoting.INSTANCE.render(TEMPLATE, Adversarial.slots(TEMPLATE, v));
            CellRequest request = new CellRequest(
                    "run1",
                    "net",
                    "terraform",
                    r.text(),
                    new Attributes("net", List.of(), Map.of()),
                    null,
                    null,
                    Map.of(),
                    Map.of("region", v));
            HostOutput out = new HostOutput();
            CellOutcome outcome = executor.execute(request, out);
            assertEquals(CellStatus.OK, outcome.status(), outcome.message() + out.all());

            Path ws = data.resolve("terraform/s1-net");
            String mainTf = Files.readString(ws.resolve("main.tf"));
            assertEquals(
                    v,
                    HclStrings.quoted(mainTf, mainTf.indexOf("name = ") + "name = ".length())
                            .value());
            assertEquals(
                    "v=" + v + ";",
                    HclStrings.quoted(mainTf, mainTf.indexOf("note = ") + "note = ".length())
                            .value());
            JsonNode tfvars = new ObjectMapper()
                    .readTree(ws.resolve("terraform.tfvars.json").toFile());
            assertEquals(v, tfvars.get("region").textValue());
        }
        executor.close();
    }
}
