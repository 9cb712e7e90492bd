package dev.tejun.server.audit;

import dev.tejun.server.ApiException;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** {@code GET /api/audit} (JSON, or CSV with {@code format=csv}) and {@code GET /api/audit/verify}. */
public final class AuditHandler {

    private final AuditLog log;

    public AuditHandler(AuditLog log) {
        this.log = log;
    }

    public void list(Context ctx) {
        int limit = 1000;
        String l = ctx.queryParam("limit");
        if (l != null && l.matches("\\d{1,6}")) {
            limit = Integer.parseInt(l);
        }
        List<AuditEntry> entries = log.query(new AuditLog.Filter(blank(ctx.queryParam("user")),
                blank(ctx.queryParam("action")), instant(ctx, "from"), instant(ctx, "to"), limit));
        if ("csv".equals(ctx.queryParam("format"))) {
            ctx.contentType("text/csv; charset=utf-8").header("Content-Disposition", "attachment; filename=\"audit.csv\"")
                    .result(csv(entries));
        } else {
            ctx.json(entries);
        }
    }

    public void verify(Context ctx) {
        ctx.json(log.verify());
    }

    static String csv(List<AuditEntry> entries) {
        StringBuilder b = new StringBuilder("id,at,user,interface,action,target,outcome,address,detail,prev_hash,hash\r\n");
        for (AuditEntry e : entries) {
            String[] v = {Long.toString(e.id()), e.at().toString(), e.user(), e.iface(), e.action(), e.target(),
                    e.outcome(), e.address(), e.detail(), e.prevHash(), e.hash()};
            for (int i = 0; i < v.length; i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(field(v[i]));
            }
            b.append("\r\n");
        }
        return b.toString();
    }

    /** RFC 4180 quoting, and a leading quote on what a spreadsheet would run as a formula. */
    static String field(String s) {
        if (s == null) {
            return "";
        }
        String v = !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }

    private static Instant instant(Context ctx, String name) {
        String v = blank(ctx.queryParam(name));
        if (v == null) {
            return null;
        }
        try {
            return v.length() == 10 ? Instant.parse(v + "T00:00:00Z") : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be a date (2026-01-31) or an instant (2026-01-31T12:00:00Z)");
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
