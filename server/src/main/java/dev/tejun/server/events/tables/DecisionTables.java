package dev.tejun.server.events.tables;

import dev.tejun.cmdb.excel.XlsxReader;
import dev.tejun.kernel.alert.RuleFiles;
import dev.tejun.kernel.alert.RuleStages;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.server.ApiException;
import dev.tejun.server.Json;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.Principal;
import dev.tejun.server.events.RuleStageStore;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/rules/import}: a decision-table workbook (one sheet per rule list, see {@link DecisionTable})
 * becomes {@code rules/SHEET.yaml} files in the runbooks folder. Every sheet is checked first and every problem is
 * answered (400, by sheet, row and column); only a workbook without any writes its files, all of them. A new rule set
 * starts as a draft ({@link RuleStageStore}); like any change to a rules file, its rules also wait for an operator
 * to activate them.
 */
public final class DecisionTables {

    static final long MAX_UPLOAD_BYTES = 10L * 1024 * 1024;
    static final int MAX_ROWS = 5_000;
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final RunbookFolder folder;
    private final AuditLog audit;
    private final RuleStageStore stages;
    private final Clock clock;

    public DecisionTables(RunbookFolder folder, AuditLog audit, RuleStageStore stages, Clock clock) {
        this.folder = folder;
        this.audit = audit;
        this.stages = stages;
        this.clock = clock;
    }

    /** The rule sets' drafts, kept beside their active versions. */
    public RuleDrafts drafts() {
        return new RuleDrafts(folder, audit, stages, clock);
    }

    /** What an import did: the files written and how many rules each holds. */
    public record Imported(Map<String, Integer> files) {}

    public void importWorkbook(Context ctx) throws IOException {
        Principal who = Access.principal(ctx).orElseThrow(() -> new ApiException(401, "sign in first"));
        Path upload = Files.createTempFile("tejun-rules", ".xlsx");
        try {
            try (InputStream in = ctx.bodyInputStream();
                    OutputStream out = Files.newOutputStream(upload)) {
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                for (int n; (n = in.read(buffer)) > 0; total += n) {
                    if (total + n > MAX_UPLOAD_BYTES) {
                        throw new ApiException(413, "the workbook is larger than 10 MB");
                    }
                    out.write(buffer, 0, n);
                }
            }
            List<DecisionTable.Sheet> sheets = read(upload);
            List<DecisionTable.CellProblem> problems = new ArrayList<>();
            sheets.forEach(s -> problems.addAll(s.problems()));
            if (!problems.isEmpty()) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("error", problems.size() + " problem(s) in the workbook; nothing was imported");
                body.put("problems", problems);
                ctx.status(400).json(body);
                return;
            }
            Imported done = write(sheets);
            // a new rule set starts as a draft: an approver stages it, then promotes it to production
            done.files().keySet().stream()
                    .filter(f -> !stages.known(f))
                    .forEach(f -> stages.set(f, RuleStages.Stage.DRAFT, who.name(), clock.instant()));
            Access.markAudited(ctx);
            audit.append(
                    who.name(),
                    who.via(),
                    "rules.import",
                    String.join(",", done.files().keySet()),
                    "ok",
                    ctx.ip(),
                    Json.quoted(done.files()));
            ctx.json(done);
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    /**
     * {@code GET /api/rules/export?file=rules/ops.yaml}: the rules file as a one-sheet decision table that imports
     * back to the same rules; 400 with every place the sheet has no column for.
     */
    public void exportWorkbook(Context ctx) throws IOException {
        String file = ctx.queryParam("file");
        Path path = rulesFile(file);
        DecisionTableExport.Table table = DecisionTableExport.of(file, Files.readString(path, StandardCharsets.UTF_8));
        if (!table.problems().isEmpty()) {
            ctx.status(400)
                    .json(Map.of(
                            "error",
                            table.problems().size() + " problem(s): " + file + " cannot be a decision table",
                            "problems",
                            table.problems()));
            return;
        }
        String sheet = path.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        ctx.contentType(XLSX)
                .header(
                        "Content-Disposition",
                        "attachment; filename=\"" + sheet.replaceAll("[^A-Za-z0-9_-]", "_") + ".xlsx\"");
        DecisionTableExport.write(sheet, table, ctx.outputStream());
    }

    /** {@code GET /api/rules/file?file=rules/ops.yaml}: the rules file's text, as a reviewer or a replay reads it. */
    public void text(Context ctx) throws IOException {
        String file = ctx.queryParam("file");
        ctx.json(Map.of("file", file, "text", Files.readString(rulesFile(file), StandardCharsets.UTF_8)));
    }

    /** The path of {@code file}, a rules file that exists: 400 for another name, 404 when there is none. */
    private Path rulesFile(String file) {
        if (file == null || !file.matches(RuleFiles.FOLDER + "/[\\p{L}\\p{N}_-]{1,60}\\.ya?ml")) {
            throw ApiException.badRequest("file must name a rules file, e.g. rules/ops.yaml");
        }
        Path path = folder.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new ApiException(404, "no rules file " + file);
        }
        return path;
    }

    static List<DecisionTable.Sheet> read(Path workbook) {
        List<XlsxReader.Worksheet> sheets;
        try {
            sheets = XlsxReader.read(workbook, MAX_ROWS + 1);
        } catch (IOException | org.xml.sax.SAXException | RuntimeException e) {
            throw ApiException.badRequest("not a readable .xlsx workbook: " + e.getMessage());
        }
        if (sheets.isEmpty()) {
            throw ApiException.badRequest("the workbook has no sheets");
        }
        List<DecisionTable.Sheet> out = new ArrayList<>();
        for (XlsxReader.Worksheet ws : sheets) {
            if (ws.truncated()) {
                out.add(new DecisionTable.Sheet(
                        null,
                        null,
                        0,
                        List.of(new DecisionTable.CellProblem(
                                ws.name(), MAX_ROWS, "", "more than " + MAX_ROWS + " rows; split the sheet"))));
            } else {
                out.add(DecisionTable.read(ws));
            }
        }
        return out;
    }

    /** Writes every sheet's file; when one cannot be written, those already written get their old text back. */
    private Imported write(List<DecisionTable.Sheet> sheets) throws IOException {
        Map<String, byte[]> before = new LinkedHashMap<>();
        Map<String, Integer> files = new LinkedHashMap<>();
        try {
            for (DecisionTable.Sheet s : sheets) {
                Path target = folder.resolve(s.file());
                before.put(s.file(), Files.exists(target) ? Files.readAllBytes(target) : null);
                Files.createDirectories(target.getParent());
                folder.write(s.file(), s.yaml().getBytes(StandardCharsets.UTF_8));
                files.put(s.file(), s.rules());
            }
        } catch (IOException | RuntimeException e) {
            for (Map.Entry<String, byte[]> b : before.entrySet()) {
                if (b.getValue() == null) {
                    Files.deleteIfExists(folder.resolve(b.getKey()));
                } else {
                    folder.write(b.getKey(), b.getValue());
                }
            }
            throw e;
        }
        return new Imported(files);
    }
}
