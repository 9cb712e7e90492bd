package dev.tejun.kernel.exec.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.remote.HostOutput;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.runbook.Attributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terraform executor against {@code terraform-standin} (test resources), a STAND-IN for the real binary: no
 * Terraform or OpenTofu can be installed from the registries this project reaches. The stand-in speaks
 * Terraform's documented machine-readable UI ({@code -json}) and records its arguments, so these tests check the
 * driver (workspace, tfvars, commands, parsing), not Terraform.
 */
@Tag("e2e")
class TerraformExecutorTest {

    private static final String HCL = """
            variable "region" {}
            variable "size" {
              default = "small"
            }
            variable "app" {
              type = map(any)
            }
            resource "null_resource" "web" {}
            resource "null_resource" "db" {}
            """;

    @TempDir
    Path data;
    /**
     * The stand-in, where the cell sandbox lets a cell run it: not in the data folder, which cells do not see, nor
     * in /tmp, which is their own. Its log goes to the session's work folder, the one place of the data folder a
     * cell may write.
     */
    Path tools;

    Path standin;
    Path log;
    CmdbStore cmdb;

    @BeforeEach
    void setUp() throws IOException {
        standin = Standin.install();
        tools = standin.getParent().getParent();
        log = data.resolve("work/standin.log");
        cmdb = TestHosts.store(data);
        TestHosts.defineAppSheet(cmdb);
        TestHosts.addHost(cmdb, "web1", "10.0.0.1", 22, "ops", null, "web");
        cmdb.register(
                "app",
                dev.tejun.cmdb.model.RowDraft.host("web1", Map.of("app_port", 8080, "db_password", "hidden-1")),
                TestHosts.WHO);
    }

    @AfterEach
    void tearDown() throws IOException {
        cmdb.close();
        Standin.remove(standin);
    }

    private Executor executor(Map<String, String> env) {
        return new TerraformExecutorFactory(cmdb, null, env)
                .create(new SessionContext("s1", data.resolve("work"), data));
    }

    private CellRequest cell(String hcl, Map<String, String> params, Duration timeout, String... kv) {
        Map<String, String> attrs = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            attrs.put(kv[i], kv[i + 1]);
        }
        return new CellRequest(
                "run1",
                "net",
                "terraform",
                hcl,
                new Attributes("net", List.of(), attrs),
                null,
                timeout,
                Map.of("STANDIN_LOG", log.toString()),
                params);
    }

    @Test
    void execute_plan_tfvarsFromParamsAndCmdbAndLiveSummary() throws IOException {
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor(Map.of("TEJUN_TERRAFORM", standin.toString()))
                .execute(cell(HCL, Map.of("region", "eu-west", "unused", "x"), null, "vars-from", "app"), out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + out.all());
        assertEquals("plan: 2 to add, 0 to change, 0 to destroy", outcome.value());
        assertTrue(out.out(null).contains("+ create null_resource.web\n"), out.out(null));
        assertTrue(out.out(null).contains("Plan: 2 to add, 0 to change, 0 to destroy."), out.out(null));
        String calls = Files.readString(log);
        assertTrue(calls.contains("args=init -input=false -no-color"), calls);
        assertTrue(calls.contains("args=plan -json -input=false -out=tfplan"), calls);
        assertTrue(calls.contains("tfvars={\"app\":{\"web1\":{\"app_port\":8080}},\"region\":\"eu-west\"}"), calls);
        assertFalse(calls.contains("hidden-1"), "secret columns are not tfvars");
        Path ws = data.resolve("terraform/s1-net");
        assertTrue(Files.exists(ws.resolve("tfplan")) && Files.exists(ws.resolve("plan.jsonl")));
        Path kept = ws.resolve(".evidence");
        assertEquals(
                List.of(kept.resolve("terraform.tfvars.json"), kept.resolve("plan.jsonl"), kept.resolve("tfplan")),
                outcome.artifacts(),
                "the tfvars, terraform's log and the saved plan are the cell's evidence");
        assertEquals(
                Files.readString(ws.resolve("terraform.tfvars.json")),
                Files.readString(kept.resolve("terraform.tfvars.json")));
        assertEquals(Files.mismatch(ws.resolve("tfplan"), kept.resolve("tfplan")), -1L);
    }

    @Test
    void execute_plan_secretParam_maskedInTheEvidenceAndThePlanNotKept() throws IOException {
        HostOutput out = new HostOutput();
        CellRequest plain = cell(HCL, Map.of("region", "s3cr3t-region-77"), null, "vars-from", "app");
        CellRequest secret = new CellRequest(
                plain.runId(),
                plain.cellId(),
                plain.language(),
                plain.code(),
                plain.attributes(),
                plain.workDir(),
                plain.timeout(),
                plain.env(),
                plain.params(),
                null,
                null,
                List.of(),
                Map.of(),
                List.of("s3cr3t-region-77"));
        CellOutcome outcome =
                executor(Map.of("TEJUN_TERRAFORM", standin.toString())).execute(secret, out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + out.all());
        Path kept = data.resolve("terraform/s1-net/.evidence");
        assertEquals(
                List.of(kept.resolve("terraform.tfvars.json"), kept.resolve("plan.jsonl")),
                outcome.artifacts(),
                "a plan file holds the secret in clear: not evidence");
        String tfvars = Files.readString(kept.resolve("terraform.tfvars.json"));
        assertFalse(tfvars.contains("s3cr3t-region-77"), tfvars);
        assertTrue(tfvars.contains("\"region\""), tfvars);
        assertTrue(
                Files.readString(data.resolve("terraform/s1-net/terraform.tfvars.json"))
                        .contains("s3cr3t-region-77"),
                "terraform itself gets the value");
        assertTrue(out.all().contains("not kept in evidence"), out.all());
    }

    @Test
    void execute_applyTrue_appliesOnlyTheSavedPlanOnce() throws IOException {
        Executor executor = executor(Map.of("TEJUN_TERRAFORM", standin.toString()));
        CellOutcome noPlan = executor.execute(
                cell(HCL, Map.of("region", "x"), null, "vars-from", "app", "apply", "true"), new HostOutput());
        assertEquals(CellStatus.FAILED, noPlan.status());
        assertTrue(noPlan.message().contains("no saved plan"), noPlan.message());

        executor.execute(cell(HCL, Map.of("region", "x"), null, "vars-from", "app"), new HostOutput());
        HostOutput out = new HostOutput();
        CellOutcome applied =
                executor.execute(cell(HCL, Map.of("region", "x"), null, "vars-from", "app", "apply", "true"), out);

        assertEquals(CellStatus.OK, applied.status(), applied.message() + out.all());
        assertEquals("apply: 2 to add, 0 to change, 0 to destroy", applied.value());
        assertTrue(out.out(null).contains("null_resource.db: Creation complete"), out.out(null));
        assertTrue(Files.readString(log).contains("args=apply -json -input=false tfplan"));
        assertFalse(Files.exists(data.resolve("terraform/s1-net/tfplan")), "a plan is applied once");
        Path ws = data.resolve("terraform/s1-net");
        Path kept = ws.resolve(".evidence");
        assertEquals(
                List.of(
                        kept.resolve("terraform.tfvars.json"),
                        kept.resolve("apply.jsonl"),
                        kept.resolve("tfplan.applied")),
                applied.artifacts(),
                "the plan that was applied is evidence");
        assertTrue(Files.size(kept.resolve("tfplan.applied")) > 0);
        assertEquals(
                "null_resource.web\nnull_resource.db\n",
                Files.readString(data.resolve("terraform/s1-net/terraform.tfstate")),
                "state is kept in the workspace");
    }

    @Test
    void execute_planInNotebookApplyFromCli_sameRunbookCellSharesOneWorkspace() throws IOException {
        Path runbook = Files.writeString(
                Files.createDirectories(data.resolve("runbooks/net")).resolve("network.md"), "# net\n");
        Map<String, String> env = Map.of("TEJUN_TERRAFORM", standin.toString());
        Executor notebook = new TerraformExecutorFactory(cmdb, null, env)
                .create(new SessionContext("web-7f3a", data.resolve("work/a"), data, runbook));
        Executor cli = new TerraformExecutorFactory(cmdb, null, env)
                .create(new SessionContext(
                        "cli", data.resolve("work/b"), data, data.resolve("runbooks/./net/../net/network.md")));
        Executor otherFolder = new TerraformExecutorFactory(cmdb, null, env)
                .create(new SessionContext(
                        "cli",
                        data.resolve("work/c"),
                        data,
                        Files.writeString(
                                Files.createDirectories(data.resolve("runbooks/lab"))
                                        .resolve("network.md"),
                                "# lab\n")));

        assertEquals(
                CellStatus.OK,
                notebook.execute(cell(HCL, Map.of("region", "x"), null, "vars-from", "app"), new HostOutput())
                        .status());
        CellOutcome elsewhere = otherFolder.execute(
                cell(HCL, Map.of("region", "x"), null, "vars-from", "app", "apply", "true"), new HostOutput());
        CellOutcome applied = cli.execute(
                cell(HCL, Map.of("region", "x"), null, "vars-from", "app", "apply", "true"), new HostOutput());

        assertEquals(
                CellStatus.FAILED,
                elsewhere.status(),
                "a runbook of the same name in another folder has its own workspace");
        assertEquals(CellStatus.OK, applied.status(), applied.message());
        try (Stream<Path> workspaces = Files.list(data.resolve("terraform"))) {
            List<String> names =
                    workspaces.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(2, names.size(), names.toString());
            assertTrue(names.stream().allMatch(n -> n.matches("network-[0-9a-f]{10}-net")), names.toString());
        }
    }

    @Test
    void execute_variableWithoutValue_failsBeforeRunning() {
        CellOutcome outcome = executor(Map.of("TEJUN_TERRAFORM", standin.toString()))
                .execute(cell(HCL, Map.of(), null), new HostOutput());

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(outcome.message().endsWith(": app, region"), outcome.message());
        assertFalse(Files.exists(log), "terraform never ran");
    }

    @Test
    void execute_errorDiagnostic_failsWithItsSummary() {
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor(Map.of("TEJUN_TERRAFORM", standin.toString()))
                .execute(cell("resource \"null_resource\" \"failing\" {}\n", Map.of(), null), out);

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(outcome.message().contains("cannot plan null_resource.failing"), outcome.message());
        assertTrue(out.all().contains("error: cannot plan"), out.all());
    }

    @Test
    void execute_noBinary_namesWhatToInstall() {
        CellOutcome outcome = executor(Map.of("PATH", data.resolve("empty").toString()))
                .execute(cell(HCL, Map.of(), null), new HostOutput());

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(outcome.message().contains("install Terraform (terraform) or OpenTofu (tofu)"), outcome.message());
    }

    @Test
    void execute_binaryOnPath_foundAsTofu() throws IOException {
        Path bin = Files.createDirectories(tools.resolve("pathbin"));
        Files.copy(standin, bin.resolve("tofu"));
        Files.setPosixFilePermissions(bin.resolve("tofu"), PosixFilePermissions.fromString("rwxr-xr-x"));
        CellOutcome outcome = executor(Map.of("PATH", bin.toString()))
                .execute(cell("resource \"a\" \"b\" {}\n", Map.of(), null), new HostOutput());

        assertEquals(CellStatus.OK, outcome.status(), outcome.message());
    }

    @Test
    void execute_timeout_endsTheRun() {
        CellRequest slow = new CellRequest(
                "run1",
                "net",
                "terraform",
                "resource \"a\" \"b\" {}\n",
                Attributes.NONE,
                null,
                Duration.ofSeconds(1),
                Map.of("STANDIN_LOG", log.toString(), "STANDIN_SLEEP", "30"),
                Map.of());
        CellOutcome outcome =
                executor(Map.of("TEJUN_TERRAFORM", standin.toString())).execute(slow, new HostOutput());

        assertEquals(CellStatus.TIMED_OUT, outcome.status());
    }
}
