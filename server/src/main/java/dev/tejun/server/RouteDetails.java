package dev.tejun.server;

import static dev.tejun.server.apidoc.Shape.json;

import dev.tejun.cmdb.model.Row;
import dev.tejun.server.apidoc.Shape;
import dev.tejun.server.cmdb.CmdbErrors;
import dev.tejun.server.runbooks.RunbookDocument;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the OpenAPI document says of each route beyond its bodies ({@link RouteShapes}): the query parameters its
 * handler reads, and the error answers it gives beyond those every operation has (400, 401/403 unless public, 404
 * where the path names something): 404 for a thing named in the query, 409 for a refusal as things are now, and
 * the answers whose body is not the plain {@code {"error": "…"}} (an edit on a stale version answers the current
 * document or row; the CMDB names each refused value). {@code ApiSpecTest} fails when a handler reads a query
 * parameter no route declares.
 */
final class RouteDetails {

    private static final String TEXT = "string";
    private static final String NUMBER = "integer";
    private static final String FLAG = "boolean";

    private RouteDetails() {}

    /** Adds the parameters and errors to the shapes of {@code s}; throws for a route that is not there. */
    static void add(Map<String, Shape> s) {
        parameters(s);
        errors(s);
    }

    private static void parameters(Map<String, Shape> s) {
        with(
                s,
                "GET /api/runs",
                x -> x.query("runbook", TEXT, "only the runs of this runbook")
                        .query("user", TEXT, "only the runs this user started")
                        .query("status", TEXT, "only the runs that ended so (OK, FAILED, …) or run now (RUNNING)")
                        .query("host", TEXT, "only the runs that reached this host")
                        .query("limit", NUMBER, "at most this many, newest first"));
        with(
                s,
                "GET /api/runs/{runId}/events",
                x -> x.query("since", NUMBER, "the events after this sequence number")
                        .query("wait", NUMBER, "seconds to wait for a new event when there is none yet (long poll)"));
        with(s, "GET /api/runs/{runId}/compare", x -> x.query("with", TEXT, "the run to compare with"));
        with(
                s,
                "GET /api/runbooks/<name>/cell-versions",
                x -> x.query("cell", TEXT, "the cell id whose evidence is lined up across the runbook's versions"));
        with(
                s,
                "GET /api/search",
                x -> x.query(
                        "q",
                        TEXT,
                        "the words to find in runbooks (path, title, tags, headings, cell text), runs (id, runbook, user, status; params and output of the newest) and CMDB rows"));
        with(
                s,
                "GET /api/runbooks/<name>/diff",
                x -> x.query("from", TEXT, "the commit or branch to compare from")
                        .query("to", TEXT, "the commit to compare to (the file on disk when absent)"));
        with(s, "GET /api/windows", x -> x.query("target", TEXT, "the runbook or flow whose windows to read"));
        with(
                s,
                "GET /api/runs/{runId}/report.html",
                x -> x.query(
                        "lang",
                        TEXT,
                        "ja or en: the report's own words in that language; else the language of Accept-Language"));
        with(
                s,
                "GET /api/runs/{runId}/report.md",
                x -> x.query(
                        "lang",
                        TEXT,
                        "ja or en: the report's own words and cell endings in that language; else the language of"
                                + " Accept-Language"));
        with(
                s,
                "GET /api/flow-instances/{id}/report.html",
                x -> x.query(
                        "lang",
                        TEXT,
                        "ja or en: the report's own words in that language; else the language of Accept-Language"));
        with(s, "GET /api/locks", x -> x.query("run", TEXT, "only the locks this run holds or waits for"));
        with(
                s,
                "GET /api/choices",
                x -> x.query("runbook", TEXT, "the runbook whose parameter it is")
                        .query(
                                "param",
                                TEXT,
                                "the parameter whose choices to list; any other query parameter is the"
                                        + " value of another parameter the choices depend on"));
        with(s, "GET /api/rules/export", x -> x.query("file", TEXT, "the rules file to export"));
        for (String export : List.of("GET /api/cmdb/export", "GET /api/cmdb/sheets/{sheet}/export")) {
            with(
                    s,
                    export,
                    x -> x.query(
                            "layout",
                            TEXT,
                            "tejun (identifiers in the header, the default) or labels (a title, merged group headers"
                                    + " and the columns' labels over a hidden row of identifiers; worksheets named by"
                                    + " label); import reads both"));
        }
        with(
                s,
                "GET /api/cmdb/sheets/{sheet}/rows",
                x -> x.query("asOf", TEXT, "the rows as they were then (ISO time)")
                        .query("operation", TEXT, "the rows of this operation")
                        .query("discarded", FLAG, "discarded rows too")
                        .query("after", NUMBER, "one page: only rows whose id is above this")
                        .query("limit", NUMBER, "one page: at most this many rows (up to 100000)"));
        with(
                s,
                "GET /api/cmdb/sheets/{sheet}/diff",
                x -> x.query("from", TEXT, "from this time (ISO)")
                        .query("to", TEXT, "to this time (ISO); now when absent"));
        with(
                s,
                "GET /api/cmdb/inventory",
                x -> x.query("operation", TEXT, "the inventory of this operation")
                        .query("format", TEXT, "json (default) or ini"));
        with(
                s,
                "GET /api/cmdb/variables",
                x -> x.query("runbook", TEXT, "only the files this runbook's cells run (its variable map)")
                        .query("file", TEXT, "only this playbook, role file, template or module"));
        with(
                s,
                "GET /api/cmdb/drift",
                x -> x.query("sheet", TEXT, "only this expected sheet")
                        .query("format", TEXT, "json (default) or xlsx"));
        with(s, "GET /api/sso/oidc/start", x -> x.query("next", TEXT, "the page to open after sign-in"));
        with(
                s,
                "GET /api/sso/oidc/callback",
                x -> x.query("code", TEXT, "the provider's authorization code")
                        .query("state", TEXT, "the state the start sent")
                        .query("iss", TEXT, "the issuer that answers")
                        .query("error", TEXT, "the provider's refusal")
                        .query("error_description", TEXT, "the provider's refusal in words"));
        with(s, "DELETE /api/sign-in-locks", x -> x.query("address", TEXT, "the client address to let sign in again"));
        with(s, "GET /api/tokens", x -> x.query("all", FLAG, "every user's tokens (admins)"));
        with(s, "GET /api/notifications/deliveries", x -> x.query("limit", NUMBER, "at most this many, newest first"));
        with(
                s,
                "DELETE /api/evidence/holds/{id}",
                x -> x.query("kind", TEXT, "run or flow (run when absent)")
                        .query("reason", TEXT, "why the hold is lifted (audited)"));
        for (String audit : List.of("GET /api/audit", "GET /api/audit.xlsx")) {
            with(
                    s,
                    audit,
                    x -> x.query("user", TEXT, "only this user's entries")
                            .query("action", TEXT, "only the actions that start with this")
                            .query("from", TEXT, "from this time (ISO, or a day)")
                            .query("to", TEXT, "before this time (ISO, or a day)")
                            .query("limit", NUMBER, "at most this many, newest first"));
        }
        with(
                s,
                "GET /api/audit",
                x -> x.query("before", NUMBER, "the entries older than this id (the next page)")
                        .query("format", TEXT, "csv for a CSV file"));
        for (String history :
                List.of("GET /api/events/history", "GET /api/events/history.xlsx", "GET /api/events/stats")) {
            with(
                    s,
                    history,
                    x -> x.query("from", TEXT, "from this time (ISO, or a day)")
                            .query("to", TEXT, "before this time (ISO, or a day)")
                            .query("source", TEXT, "only the events of this source")
                            .query("rule", TEXT, "only the events this rule decided (rules/FILE.yaml#NAME)")
                            .query("decision", TEXT, "only the events decided so (run, no-match, held, …)")
                            .query("status", TEXT, "only firing or only resolved events")
                            .query("limit", NUMBER, "at most this many, oldest first"));
        }
        with(s, "GET /api/events/history", x -> x.query("format", TEXT, "csv for a CSV file"));
        with(s, "GET /api/rules/file", x -> x.query("file", TEXT, "the rules file, e.g. rules/ops.yaml"));
        for (String draft : List.of("GET /api/rules/draft", "DELETE /api/rules/draft")) {
            with(s, draft, x -> x.query("file", TEXT, "the rules file whose draft, e.g. rules/ops.yaml"));
        }
        with(s, "GET /api/events/stats", x -> x.query("bucket", TEXT, "minute, hour (the default) or day"));
        with(
                s,
                "GET /api/flow-instances",
                x -> x.query("status", TEXT, "only the instances in this state")
                        .query("flow", TEXT, "only the instances of this flow")
                        .query("startedBy", TEXT, "only the instances this user started"));
    }

    private static void errors(Map<String, Shape> s) {
        Shape.Body document = json(RunbookDocument.class);
        String rb = "/api/runbooks/<name>";
        String cell = rb + "/cells/{index}";
        // an edit on a version that changed meanwhile answers the current document to rebase on
        for (String edit : List.of(
                "POST " + rb + "/cells",
                "DELETE " + cell,
                "POST " + cell + "/move",
                "POST " + cell + "/duplicate",
                "PUT " + cell + "/attributes",
                "PUT " + rb + "/front-matter",
                "PUT " + cell,
                "PUT " + rb)) {
            with(s, edit, x -> x.error(409, document));
        }
        for (String refused : List.of(
                "POST /api/runbooks",
                "POST " + rb + "/merge",
                "POST " + rb + "/move",
                "DELETE " + rb,
                "POST /api/runs",
                "POST /api/runs/{runId}/stop",
                "POST /api/runs/{runId}/retry-failed",
                "POST /api/flows/<name>/start",
                "POST /api/flow-instances/{id}/approve",
                "POST /api/flow-instances/{id}/reject",
                "POST /api/flow-instances/{id}/emergency-stop",
                "POST /api/flow-instances/{id}/stop",
                "POST /api/flow-instances/{id}/resume",
                "POST /api/events/{id}/approve",
                "POST /api/event-sources",
                "POST /api/cmdb/sheets",
                "PUT /api/cmdb/operations/{name}",
                "POST /api/cmdb/operations/{name}/cancel",
                "POST /api/git/pull",
                "POST /api/git/push",
                "GET /api/retention",
                "POST /api/evidence/prune")) {
            with(s, refused, x -> x.errors(409));
        }
        with(s, "POST /api/git/pull", x -> x.errors(502));
        with(s, "POST /api/git/push", x -> x.errors(502));
        // public, so no 401 of its own: a call that is not signed with the shared secret; 429 past the refusal limit
        with(s, "POST /api/git/webhook", x -> x.errors(401, 409, 429, 502));
        with(s, "POST /api/flows/<name>/start", x -> x.errors(503));
        // a CMDB write names each refused value; an edit on a stale version answers the current row
        Shape.Body refusedValues = json(CmdbErrors.Refused.class);
        String sheet = "/api/cmdb/sheets/{sheet}";
        with(s, "POST " + sheet + "/rows", x -> x.error(400, refusedValues));
        with(s, "PUT " + sheet + "/rows/{id}", x -> x.error(400, refusedValues).error(409, json(Row.class)));
        for (String definition : List.of("POST /api/cmdb/sheets", "PUT " + sheet)) {
            with(s, definition, x -> x.error(400, json(CmdbErrors.BadDefinition.class)));
        }
        with(s, "GET /api/windows", x -> x.errors(404));
        with(s, "GET /api/choices", x -> x.errors(404));
        with(s, "GET /api/rules/export", x -> x.errors(404));
        with(s, "GET /api/rules/file", x -> x.errors(404));
        with(s, "DELETE /api/rules/draft", x -> x.errors(404));
        with(s, "POST /api/rules/draft/promote", x -> x.errors(404));
        with(s, "GET /api/cmdb/inventory", x -> x.errors(404));
        with(s, "GET /api/cmdb/drift", x -> x.errors(404));
        with(s, "GET /api/runs/{runId}/report.pdf", x -> x.errors(503)); // no Chromium to print with
    }

    private static void with(Map<String, Shape> s, String route, UnaryOperator<Shape> change) {
        Shape shape = s.get(route);
        if (shape == null) {
            throw new IllegalStateException("no shape of " + route + " to add parameters or errors to");
        }
        s.put(route, change.apply(shape));
    }
}
