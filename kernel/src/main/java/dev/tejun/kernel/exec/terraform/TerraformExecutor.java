package dev.tejun.kernel.exec.terraform;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.inventory.InventoryExport;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.cmdb.CmdbScope;
import dev.tejun.kernel.exec.remote.CellSettings;
import dev.tejun.kernel.exec.remote.ToolRun;
import dev.tejun.kernel.secret.Masker;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs one terraform cell: workspace, variables, {@code init}, then {@code plan -out} or {@code apply} of the
 * saved plan. The workspace is {@code DATA/terraform/NAME} where NAME is {@code workspace=}, or else names the
 * runbook file and the cell, so its state survives between runs of the same cell whether they come from the
 * notebook, a schedule or {@code tejun run} on the same data directory.
 */
final class TerraformExecutor implements Executor {

    static final String PLAN_FILE = "tfplan";
    /** The plan an apply used, kept beside the state until the next apply, and in the run's evidence. */
    static final String APPLIED_PLAN = "tfplan.applied";

    static final String TFVARS = "terraform.tfvars.json";
    private static final ObjectMapper JSON = Json.PRETTY;

    private final CmdbStore cmdb;
    private final SessionContext session;
    private final Path runbooksDir;
    private final Map<String, String> environment;

    TerraformExecutor(CmdbStore cmdb, SessionContext session, Path runbooksDir, Map<String, String> environment) {
        this.cmdb = cmdb;
        this.session = session;
        this.runbooksDir = runbooksDir;
        this.environment = environment;
    }

    /** The program to run: TEJUN_TERRAFORM, else terraform or tofu on PATH. */
    Optional<Path> binary() {
        String given = environment.get("TEJUN_TERRAFORM");
        if (given != null && !given.isBlank()) {
            return Optional.of(Path.of(given)).filter(Files::isExecutable);
        }
        for (String name : List.of("terraform", "tofu")) {
            for (String dir : environment.getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (!dir.isEmpty() && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public CellOutcome execute(CellRequest request, Output output) {
        if (Thread.currentThread().isInterrupted()) {
            return CellOutcome.stopped();
        }
        Optional<Path> binary = binary();
        if (binary.isEmpty()) {
            String given = environment.get("TEJUN_TERRAFORM");
            return CellOutcome.failed(
                    null,
                    given != null && !given.isBlank()
                            ? "TEJUN_TERRAFORM=" + given + " is not an executable file"
                            : "neither terraform nor tofu is on PATH: install Terraform (terraform) or OpenTofu (tofu), "
                                    + "or set TEJUN_TERRAFORM to the program's path");
        }
        CellSettings s = new CellSettings(request.attributes());
        try {
            CmdbScope scope = CmdbScope.of(request, cmdb);
            Path ws = workspace(request, s);
            String hcl = writeModule(request, s, ws);
            Map<String, Object> vars = variables(request, s, scope);
            if (scope.scoped()) {
                output.stderr(scope.evidenceLine());
            }
            Map<String, Boolean> declared = TerraformVariables.declared(hcl);
            List<String> missing = declared.entrySet().stream()
                    .filter(e -> !e.getValue() && !vars.containsKey(e.getKey()))
                    .map(Map.Entry::getKey)
                    .toList();
            if (!missing.isEmpty()) {
                return CellOutcome.failed(
                        null,
                        "variables without a value (no default, not in params or the CMDB): "
                                + String.join(", ", missing));
            }
            Map<String, Object> used = new TreeMap<>();
            vars.forEach((k, v) -> {
                if (declared.containsKey(k)) {
                    used.put(k, v);
                }
            });
            Files.writeString(ws.resolve(TFVARS), JSON.writeValueAsString(used));
            return run(binary.get(), ws, s.flag("apply"), request, output);
        } catch (CellSettings.Refused e) {
            return CellOutcome.failed(null, e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            return CellOutcome.failed(null, "terraform workspace: " + e.getMessage());
        }
    }

    private Path workspace(CellRequest request, CellSettings s) throws IOException {
        String name = s.text("workspace").orElse(defaultWorkspace(session, request.cellId()));
        return Files.createDirectories(
                session.dataDir().resolve("terraform").resolve(name.replaceAll("[^A-Za-z0-9._-]", "_")));
    }

    /**
     * {@code STEM-HASH-CELL}: the runbook's file name for people, and a hash of its real path so two runbooks of
     * the same name in different folders never share state, however the file was named on the way in.
     */
    static String defaultWorkspace(SessionContext session, String cellId) throws IOException {
        if (session.runbook() == null) {
            return session.sessionId() + "-" + cellId;
        }
        Path real = session.runbook().toRealPath();
        String stem = real.getFileName().toString().replaceFirst("\\.md$", "");
        String hash = HexFormat.of().formatHex(sha256(real.toString())).substring(0, 10);
        return stem + "-" + hash + "-" + cellId;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Puts the module's .tf files in the workspace (replacing the last run's); returns their text. */
    private String writeModule(CellRequest request, CellSettings s, Path ws) throws IOException, CellSettings.Refused {
        try (Stream<Path> old = Files.list(ws)) {
            for (Path p : old.filter(p -> p.toString().endsWith(".tf")).toList()) {
                Files.delete(p);
            }
        }
        Optional<String> dir = s.text("dir");
        if (dir.isEmpty()) {
            Files.writeString(ws.resolve("main.tf"), request.code());
            return request.code();
        }
        if (runbooksDir == null) {
            throw new CellSettings.Refused("dir=" + dir.get() + ": this server has no runbooks folder to look in");
        }
        Path base = runbooksDir.toRealPath();
        Path module = base.resolve(dir.get()).normalize();
        if (!Files.isDirectory(module) || !module.toRealPath().startsWith(base)) {
            throw new CellSettings.Refused("dir=" + dir.get() + " is not a folder in the runbooks folder");
        }
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(module)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".tf")).sorted().toList()) {
                String text = Files.readString(f);
                Files.writeString(ws.resolve(f.getFileName()), text);
                all.append(text).append('\n');
            }
        }
        return all.toString();
    }

    /**
     * Params, then the CMDB sheet of {@code vars-from=}: a HOST sheet as host → values (each host's row of the
     * cell's operation, else its default row), a DATA sheet as a list; as of the cell's {@code as-of=} if given.
     */
    private Map<String, Object> variables(CellRequest request, CellSettings s, CmdbScope scope)
            throws CellSettings.Refused {
        Map<String, Object> vars = new LinkedHashMap<>(request.params());
        Optional<String> sheetName = s.text("vars-from");
        if (sheetName.isPresent()) {
            SheetDef sheet = cmdb.sheet(sheetName.get())
                    .orElseThrow(
                            () -> new CellSettings.Refused("vars-from=" + sheetName.get() + " is not a CMDB sheet"));
            List<Row> rows = cmdb.rowsInForce(sheet.name(), scope.operation(), scope.asOf());
            Map<String, Object> byHost = new TreeMap<>();
            List<Object> list = new ArrayList<>();
            for (Row row : rows) {
                Map<String, Object> values = new TreeMap<>();
                sheet.columns().stream()
                        .filter(c -> c.type() != ColumnType.SECRET)
                        .forEach(c -> {
                            Object v = row.value(c.name());
                            // keyed by the column's bound variable, as Ansible's host_vars are; lists and maps stay
                            if (v != null) {
                                values.put(c.variable(), InventoryExport.plain(v));
                            }
                        });
                if (sheet.hostKind()) {
                    byHost.put(row.host(), values);
                } else if (!sheet.hostKind()) {
                    list.add(values);
                }
            }
            vars.put(sheet.name(), sheet.hostKind() ? byHost : list);
        }
        return vars;
    }

    private CellOutcome run(Path binary, Path ws, boolean apply, CellRequest request, Output output)
            throws IOException {
        Map<String, String> env = session.sandbox().environment(request.attributes(), request.env(), session.workDir());
        env.put("TF_IN_AUTOMATION", "1");
        env.put("TF_INPUT", "0");
        Path plan = ws.resolve(PLAN_FILE);
        if (apply && !Files.exists(plan)) {
            return CellOutcome.failed(
                    null, "no saved plan to apply: run the cell without apply=true first and review its plan");
        }
        try (OutputStream log = Files.newOutputStream(ws.resolve(apply ? "apply.jsonl" : "plan.jsonl"))) {
            // the state lives in the data folder, which the sandbox hides: this one workspace is bound back
            session.sandbox().handOver(ws);
            ToolRun.Ending init = ToolRun.run(
                    session.sandbox(),
                    session.workDir(),
                    List.of(ws),
                    List.of(binary.toString(), "init", "-input=false", "-no-color"),
                    ws,
                    env,
                    request.timeout(),
                    true, // init's output is only shown: one pipe keeps its order
                    output);
            CellOutcome stop = ended(init, request, "init");
            if (stop != null) {
                return stop;
            }
            JsonUi ui = new JsonUi(output, log);
            List<String> command = apply
                    ? List.of(binary.toString(), "apply", "-json", "-input=false", PLAN_FILE)
                    : List.of(binary.toString(), "plan", "-json", "-input=false", "-out=" + PLAN_FILE);
            ToolRun.Ending ending = ToolRun.run(
                    session.sandbox(),
                    session.workDir(),
                    List.of(ws),
                    command,
                    ws,
                    env,
                    request.timeout(),
                    false /* stdout is JSON, parsed */,
                    ui);
            ui.flush();
            Path kept = plan;
            if (apply && ending.exit() != null && ending.exit() == 0) {
                // a plan is applied once; the next apply needs a new, reviewed plan. The one applied stays evidence.
                kept = Files.move(plan, ws.resolve(APPLIED_PLAN), StandardCopyOption.REPLACE_EXISTING);
            }
            log.flush();
            List<Path> evidence = evidence(ws, kept, apply ? "apply.jsonl" : "plan.jsonl", request, output);
            output.result("application/json", JSON.writeValueAsString(ui.summary()));
            stop = ended(ending, request, apply ? "apply" : "plan");
            if (stop != null) {
                return (ui.error() == null
                                ? stop
                                : CellOutcome.failed(ending.exit(), stop.message() + ": " + ui.error()))
                        .withArtifacts(evidence);
            }
            return CellOutcome.ok(0, ui.summary().text()).withArtifacts(evidence);
        }
    }

    /**
     * Copies for the run's evidence, in {@code .evidence} of the workspace (Terraform reads only the top folder):
     * the tfvars and Terraform's log with the run's secret params masked, and the saved plan — unless the run has
     * secret params, which a plan file holds in clear: then it is left out, and the output says so.
     */
    private static List<Path> evidence(Path ws, Path plan, String log, CellRequest request, Output output)
            throws IOException {
        Masker masker = Masker.of(request.secrets());
        Path dir = Files.createDirectories(ws.resolve(".evidence"));
        List<Path> out = new ArrayList<>();
        for (Path file : List.of(ws.resolve(TFVARS), ws.resolve(log))) {
            if (Files.isRegularFile(file)) {
                out.add(Files.write(dir.resolve(file.getFileName()), masker.mask(Files.readAllBytes(file))));
            }
        }
        if (Files.isRegularFile(plan)) {
            if (masker.isEmpty()) {
                out.add(Files.copy(plan, dir.resolve(plan.getFileName()), StandardCopyOption.REPLACE_EXISTING));
            } else {
                output.stderr("the saved plan holds the run's secret params in clear: it is not kept in evidence\n");
            }
        }
        return out;
    }

    /** The outcome of a step that did not succeed, or null when it did. */
    private static CellOutcome ended(ToolRun.Ending e, CellRequest request, String step) {
        if (e.stopped()) {
            return CellOutcome.stopped();
        }
        if (e.timedOut()) {
            return CellOutcome.timedOut(request.timeout());
        }
        return e.exit() == 0 ? null : CellOutcome.failed(e.exit(), "terraform " + step + " exit code " + e.exit());
    }
}
