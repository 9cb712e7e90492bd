package dev.tejun.server.cmdb;

import dev.tejun.cmdb.drift.DriftExcel;
import dev.tejun.cmdb.drift.DriftReport;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.server.ApiException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * {@code GET /api/cmdb/drift[?sheet=NAME][&format=json|xlsx]}: expected × actual per host and column, for every
 * observed sheet or the one paired with {@code sheet}; as JSON, or as a workbook with the differing cells in red.
 */
public final class DriftHandler {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final CmdbStore store;

    public DriftHandler(CmdbStore store) {
        this.store = store;
    }

    public void get(Context ctx) throws IOException {
        String sheet = ctx.queryParam("sheet");
        List<DriftReport> reports;
        try {
            reports = store.drift(sheet == null || sheet.isBlank() ? null : sheet);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        switch (format) {
            case "json" -> ctx.json(reports);
            case "xlsx" -> {
                ctx.contentType(XLSX);
                ctx.header("Content-Disposition", "attachment; filename=\"drift.xlsx\"");
                try (OutputStream out = ctx.outputStream()) {
                    DriftExcel.write(reports, out);
                }
            }
            default -> throw ApiException.badRequest("format must be json or xlsx, not '" + format + "'");
        }
    }
}
