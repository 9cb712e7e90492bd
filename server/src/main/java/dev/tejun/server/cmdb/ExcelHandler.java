package dev.tejun.server.cmdb;

import dev.tejun.cmdb.excel.ExcelExporter;
import dev.tejun.cmdb.excel.ExcelImporter;
import dev.tejun.cmdb.excel.ImportPlan;
import dev.tejun.cmdb.excel.PlannedRow;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.CellError;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.server.ApiException;
import io.javalin.config.MultipartConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The Excel round trip over HTTP: download one sheet or all; upload a workbook for a preview held under a plan
 * id; apply that plan all-or-nothing.
 */
public final class ExcelHandler {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /** Uploads past this are refused while they stream in, before POI sees them. */
    static final long MAX_UPLOAD_BYTES = 256L * 1024 * 1024;

    /**
     * The preview the client shows before it asks to apply.
     *
     * @param planId what to POST to apply; null when the plan has errors (it could never apply)
     */
    public record Preview(
            String planId,
            boolean ok,
            Map<PlannedRow.Action, Integer> counts,
            List<PreviewRow> rows,
            List<CellError> errors) {}

    /** One worksheet row of the preview; the values themselves are not echoed back (they may hold secrets). */
    public record PreviewRow(String sheet, int excelRow, PlannedRow.Action action, Long rowId) {}

    /** The answer to apply. */
    public record Applied(int changed) {}

    private final CmdbStore store;
    private final ImportPlans plans;

    /** Caps multipart uploads where Jetty receives them, before a part reaches the handler. */
    public static void limitUploads(MultipartConfig multipart) {
        multipart.maxFileSize(MAX_UPLOAD_BYTES, SizeUnit.BYTES);
        multipart.maxTotalRequestSize(MAX_UPLOAD_BYTES + 64 * 1024, SizeUnit.BYTES);
    }

    public ExcelHandler(CmdbStore store, Clock clock) {
        this.store = store;
        this.plans = new ImportPlans(clock);
    }

    /** {@code GET /api/cmdb/export[?layout=labels]}: every sheet. */
    public void exportAll(Context ctx) throws IOException {
        stream(ctx, List.of(), "cmdb.xlsx");
    }

    /** {@code GET /api/cmdb/sheets/{sheet}/export}. */
    public void exportSheet(Context ctx) throws IOException {
        String sheet = SheetsHandler.sheet(store, ctx.pathParam("sheet")).name();
        stream(ctx, List.of(sheet), sheet + ".xlsx");
    }

    private void stream(Context ctx, List<String> sheets, String fileName) throws IOException {
        String word = ctx.queryParam("layout");
        ExcelExporter.Layout layout = word == null ? ExcelExporter.Layout.TEJUN : ExcelExporter.Layout.of(word);
        if (layout == null) {
            throw dev.tejun.server.ApiException.badRequest("layout must be tejun or labels, not '" + word + "'");
        }
        ctx.contentType(XLSX);
        ctx.header("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        // Straight to the response: the exporter streams rows, so a large sheet never sits whole in memory.
        try (OutputStream out = ctx.outputStream()) {
            new ExcelExporter(store).export(sheets, layout, out);
        }
    }

    /** {@code POST /api/cmdb/import}: multipart (field {@code file}) or the raw .xlsx as the body. */
    public void upload(Context ctx) throws IOException {
        Path file = Files.createTempFile("tejun-upload-", ".xlsx");
        try {
            receive(ctx, file);
            ImportPlan plan = new ExcelImporter(store).plan(file, Actors.excel(ctx));
            if (plan.rows().isEmpty() && !plan.ok()) {
                // Nothing could be read at all (not xlsx, empty, no known sheet): a bad request, said plainly.
                ctx.status(400);
            }
            String id = plan.ok() ? plans.keep(plan) : null;
            ctx.json(new Preview(
                    id,
                    plan.ok(),
                    plan.counts(),
                    plan.rows().stream()
                            .map(r -> new PreviewRow(r.sheet(), r.excelRow(), r.action(), r.rowId()))
                            .toList(),
                    plan.errors()));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** {@code POST /api/cmdb/import/{planId}/apply}: all or nothing; 400 with every refusal if data moved on. */
    public void apply(Context ctx) {
        ImportPlan plan = plans.take(ctx.pathParam("planId"))
                .orElseThrow(() -> ApiException.notFound(
                        "no such import plan (it was applied already, expired, or never made); upload the file again"));
        Actor actor = Actors.excel(ctx);
        List<Row> rows = new ExcelImporter(store).apply(plan, actor);
        ctx.json(new Applied(rows.size()));
    }

    private static void receive(Context ctx, Path file) throws IOException {
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        if (type.toLowerCase().startsWith("multipart/")) {
            UploadedFile part = ctx.uploadedFile("file");
            if (part == null) {
                throw ApiException.badRequest("the multipart upload has no part named 'file'");
            }
            try (InputStream in = part.content()) {
                copy(in, file);
            }
        } else {
            try (InputStream in = ctx.bodyInputStream()) {
                copy(in, file);
            }
        }
        if (Files.size(file) == 0) {
            throw ApiException.badRequest("the upload is empty; send an .xlsx workbook");
        }
    }

    private static void copy(InputStream in, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > MAX_UPLOAD_BYTES) {
                    throw new ApiException(
                            413, "the upload is larger than " + MAX_UPLOAD_BYTES / (1024 * 1024) + " MB");
                }
                out.write(buffer, 0, n);
            }
        }
    }
}
