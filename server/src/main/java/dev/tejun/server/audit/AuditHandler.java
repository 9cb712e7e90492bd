package dev.tejun.server.audit;

import dev.tejun.cmdb.excel.StreamingTable;
import dev.tejun.server.Csv;
import dev.tejun.server.RequestBodies;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/audit} (JSON, or CSV with {@code format=csv}), {@code GET /api/audit.xlsx} (the same filters,
 * streamed) and {@code GET /api/audit/verify}.
 */
public final class AuditHandler {

    private final AuditLog log;

    public AuditHandler(AuditLog log) {
        this.log = log;
    }

    static final List<String> COLUMNS = List.of(
            "id",
            "at",
            "user",
            "interface",
            "action",
            "target",
            "outcome",
            "address",
            "detail",
            "prev_hash",
            "hash",
            "mac");

    public void list(Context ctx) {
        // ?before=ID pages back through the log: the entries older than the last one of the page before
        String before = ctx.queryParam("before");
        long beforeId = before != null && before.matches("\\d{1,18}") ? Long.parseLong(before) : Long.MAX_VALUE;
        List<AuditEntry> entries = log.query(filter(ctx, 1000), beforeId);
        if ("csv".equals(ctx.queryParam("format"))) {
            ctx.contentType("text/csv; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"audit.csv\"")
                    .result(csv(entries));
        } else {
            ctx.json(entries);
        }
    }

    /** Every matching entry (up to a million; {@code limit} narrows it), newest first, one row per entry. */
    public void xlsx(Context ctx) throws IOException {
        AuditLog.Filter filter = filter(ctx, 1_000_000);
        ctx.contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .header("Content-Disposition", "attachment; filename=\"audit.xlsx\"");
        try (OutputStream out = ctx.outputStream()) {
            StreamingTable.write("audit", COLUMNS, rows -> log.forEach(filter, e -> rows.row(values(e))), out);
        }
    }

    private AuditLog.Filter filter(Context ctx, int limit) {
        String l = ctx.queryParam("limit");
        if (l != null && l.matches("\\d{1,7}")) {
            limit = Integer.parseInt(l);
        }
        return new AuditLog.Filter(
                blank(ctx.queryParam("user")),
                blank(ctx.queryParam("action")),
                instant(ctx, "from"),
                instant(ctx, "to"),
                limit);
    }

    private static List<String> values(AuditEntry e) {
        return java.util.Arrays.asList(
                Long.toString(e.id()),
                e.at().toString(),
                e.user(),
                e.iface(),
                e.action(),
                e.target(),
                e.outcome(),
                e.address(),
                e.detail(),
                e.prevHash(),
                e.hash(),
                e.mac());
    }

    public void verify(Context ctx) {
        ctx.json(log.verify());
    }

    static String csv(List<AuditEntry> entries) {
        StringBuilder b = new StringBuilder(Csv.header(COLUMNS));
        for (AuditEntry e : entries) {
            b.append(Csv.line(values(e)));
        }
        return b.toString();
    }

    private static Instant instant(Context ctx, String name) {
        return RequestBodies.instant(name, ctx.queryParam(name));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
