package dev.tejun.server;

import static dev.tejun.server.apidoc.Shape.NONE;
import static dev.tejun.server.apidoc.Shape.any;
import static dev.tejun.server.apidoc.Shape.binary;
import static dev.tejun.server.apidoc.Shape.either;
import static dev.tejun.server.apidoc.Shape.json;
import static dev.tejun.server.apidoc.Shape.listOf;
import static dev.tejun.server.apidoc.Shape.mapOf;
import static dev.tejun.server.apidoc.Shape.media;
import static dev.tejun.server.apidoc.Shape.object;
import static dev.tejun.server.apidoc.Shape.of;
import static dev.tejun.server.apidoc.Shape.open;
import static dev.tejun.server.apidoc.Shape.refined;
import static dev.tejun.server.apidoc.Shape.withField;
import static dev.tejun.server.apidoc.Shape.word;

import dev.tejun.cmdb.drift.DriftReport;
import dev.tejun.cmdb.model.Change;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDiff;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.kernel.alert.Replay;
import dev.tejun.kernel.compare.CellAcrossVersions;
import dev.tejun.kernel.compare.RunComparison;
import dev.tejun.kernel.evidence.RunJson;
import dev.tejun.kernel.flow.FlowPreview;
import dev.tejun.kernel.flow.pause.Approval;
import dev.tejun.kernel.folder.CellDiff;
import dev.tejun.kernel.folder.RunbookHistory;
import dev.tejun.kernel.guard.choices.ParamChoices;
import dev.tejun.kernel.harvest.Harvest;
import dev.tejun.server.apidoc.Shape;
import dev.tejun.server.audit.AuditEntry;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.auth.AuthHandler;
import dev.tejun.server.auth.LoginThrottle;
import dev.tejun.server.auth.TokenStore;
import dev.tejun.server.auth.TokensHandler;
import dev.tejun.server.auth.UsersHandler;
import dev.tejun.server.cmdb.ExcelHandler;
import dev.tejun.server.cmdb.OperationsHandler;
import dev.tejun.server.cmdb.RowsHandler;
import dev.tejun.server.events.EventDetails;
import dev.tejun.server.events.EventHistory;
import dev.tejun.server.events.EventRows;
import dev.tejun.server.events.EventService;
import dev.tejun.server.events.RuleActivations;
import dev.tejun.server.events.RuleStageStore;
import dev.tejun.server.events.UnhandledEvents;
import dev.tejun.server.events.sources.EventSource;
import dev.tejun.server.events.tables.DecisionTables;
import dev.tejun.server.flows.FlowWire;
import dev.tejun.server.git.GitSync;
import dev.tejun.server.guard.locks.LocksHandler;
import dev.tejun.server.guard.windows.OverrideStore;
import dev.tejun.server.guard.windows.WindowGuard;
import dev.tejun.server.guard.windows.WindowsHandler;
import dev.tejun.server.health.HealthHandler;
import dev.tejun.server.notify.Deliveries;
import dev.tejun.server.notify.NotifyHandler;
import dev.tejun.server.notify.Subscriptions;
import dev.tejun.server.retention.LegalHolds;
import dev.tejun.server.retention.RetentionHandler;
import dev.tejun.server.runbooks.NotebookImportHandler;
import dev.tejun.server.runbooks.ReviewHandler;
import dev.tejun.server.runbooks.RunbookDocument;
import dev.tejun.server.runbooks.RunbookEditor;
import dev.tejun.server.runbooks.RunbookMovesHandler;
import dev.tejun.server.runbooks.RunbooksHandler;
import dev.tejun.server.runs.RunIndex;
import dev.tejun.server.runs.RunPage;
import dev.tejun.server.runs.Runs;
import dev.tejun.server.runs.RunsHandler;
import dev.tejun.server.schedules.ScheduleService;
import dev.tejun.server.schedules.ScheduleStore;
import dev.tejun.server.search.WorkspaceSearch;
import dev.tejun.server.settings.SettingsHandler;
import dev.tejun.server.settings.UserSettings;
import dev.tejun.server.sso.OidcHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each route of {@link Routes} reads and answers, keyed as the table registers it ({@code "GET /api/runs"}),
 * for the OpenAPI document. Bodies are the Java types the handlers read and write, so a renamed or added field shows
 * in the document by itself; where a handler writes a small map, its fields are named here. {@code ApiSpecTest} fails
 * when a route has no entry here (or an entry no route), and {@code ApiShapesTest} checks real answers against them.
 */
final class RouteShapes {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private RouteShapes() {}

    static Map<String, Shape> all() {
        Map<String, Shape> s = new LinkedHashMap<>();
        s.put("GET /api/health", of(NONE, json(HealthHandler.Health.class)));
        s.put("GET /api/health/ready", of(NONE, json(HealthHandler.Ready.class), 200, 503));
        s.put("GET /metrics", of(NONE, media("text/plain")));
        s.put("GET /api/openapi.json", of(NONE, ForeignShapes.openApi()));
        s.put("GET /api/docs", of(NONE, media("text/html")));
        runbooks(s);
        runs(s);
        guards(s);
        events(s);
        cmdb(s);
        people(s);
        evidence(s);
        flows(s);
        RouteDetails.add(s);
        return s;
    }

    private static void runbooks(Map<String, Shape> s) {
        Shape.Body doc = json(RunbookDocument.class);
        String cell = "/api/runbooks/<name>/cells/{index}";
        s.put("GET /api/runbooks", of(NONE, json(listOf(RunbookDocument.Summary.class))));
        s.put("POST /api/runbooks", of(json(RunbooksHandler.NewRunbook.class), doc, 201));
        s.put(
                "POST /api/runbooks/import",
                of(json(NotebookImportHandler.ImportNotebook.class), json(NotebookImportHandler.Imported.class), 201));
        s.put("POST /api/runbooks/<name>/cells", of(json(RunbooksHandler.InsertCell.class), doc));
        s.put("DELETE " + cell, of(json(RunbooksHandler.CellChange.class), doc));
        s.put("POST " + cell + "/move", of(json(RunbooksHandler.CellChange.class), doc));
        s.put("POST " + cell + "/duplicate", of(json(RunbooksHandler.CellChange.class), doc));
        s.put("PUT " + cell + "/attributes", of(json(RunbooksHandler.FenceChange.class), doc));
        s.put("PUT /api/runbooks/<name>/front-matter", of(json(RunbooksHandler.FrontMatterChange.class), doc));
        s.put("PUT " + cell, of(json(RunbookEditor.CellEdit.class), doc));
        s.put("GET /api/runbooks/<name>/history", of(NONE, json(listOf(RunbookHistory.Commit.class))));
        s.put("GET /api/runbooks/<name>/cell-versions", of(NONE, json(CellAcrossVersions.class)));
        s.put("GET /api/runbooks/<name>/diff", of(NONE, json(CellDiff.class)));
        s.put(
                "POST /api/runbooks/<name>/merge",
                of(
                        json(ReviewHandler.MergeRequest.class),
                        json(object("commit", String.class, "branch", String.class))));
        s.put("GET /api/runbooks/<name>", of(NONE, doc));
        s.put("POST /api/runbooks/<name>/move", of(json(RunbookMovesHandler.MoveRunbook.class), doc, 201));
        s.put("GET /api/runbooks/<name>/former-names", of(NONE, json(listOf(String.class))));
        s.put("GET /api/runbook-renames", of(NONE, json(mapOf(String.class))));
        s.put(
                "DELETE /api/runbooks/<name>",
                of(json(RunbookMovesHandler.DeleteRunbook.class), json(RunbookMovesHandler.Deleted.class)));
        s.put("GET /api/runbook-images/<name>", of(NONE, binary("image/png")));
        Shape.Body report = json(GitSync.Report.class);
        s.put("GET /api/git", of(NONE, json(GitSync.State.class)));
        s.put("POST /api/git/pull", of(NONE, report));
        s.put("POST /api/git/push", of(NONE, report));
        // a Git host's push event, of which only the pushed ref is read (a ping has none: it pulls too); a push to the
        // branch answers the pull's report, one to another branch {"ignored": why} (202)
        s.put(
                "POST /api/git/webhook",
                of(
                        json(open("ref", String.class)),
                        json(either(
                                object("accepted", String.class, "state", String.class),
                                object("ignored", String.class))),
                        202));
        s.put("PUT /api/runbooks/<name>", of(json(RunbooksHandler.PutRunbook.class), doc, 200, 201));
    }

    private static void runs(Map<String, Shape> s) {
        Shape.Body started = json(Runs.Started.class);
        s.put("GET /api/runs", of(NONE, json(listOf(RunIndex.RunRow.class))));
        s.put("GET /api/runs/{runId}/evidence.zip", of(NONE, binary("application/zip")));
        s.put("GET /api/runs/{runId}/report.html", of(NONE, media("text/html")));
        s.put("GET /api/runs/{runId}/report.md", of(NONE, media("text/markdown")));
        s.put("GET /api/runs/{runId}/report.pdf", of(NONE, binary("application/pdf")));
        s.put("GET /api/runs/{runId}/notebook.ipynb", of(NONE, ForeignShapes.notebook()));
        s.put("GET /api/runs/{runId}/verify", of(NONE, json(RunsHandler.VerifyAnswer.class)));
        s.put("GET /api/runs/{runId}/compare", of(NONE, json(RunComparison.class)));
        s.put("GET /api/runs/{runId}", of(NONE, json(RunJson.class)));
        s.put("GET /api/runs/{runId}/cells/{cellId}/{stream}", of(NONE, binary("application/octet-stream"), 200, 206));
        s.put("POST /api/runs", of(json(RunsHandler.StartBody.class), started, 201));
        s.put("GET /api/runs/{runId}/events", of(NONE, json(RunPage.class)));
        s.put(
                "POST /api/runs/{runId}/stop",
                of(NONE, json(object("runId", String.class, "stopping", boolean.class)), 202));
        s.put("POST /api/runs/{runId}/retry-failed", of(json(RunsHandler.StartBody.class), started, 201));
        s.put("POST /api/runs/{runId}/resume", of(json(RunsHandler.StartBody.class), started, 201));
    }

    private static void guards(Map<String, Shape> s) {
        s.put("GET /api/calendars", of(NONE, json(WindowsHandler.CalendarList.class)));
        s.put("GET /api/calendars/{name}", of(NONE, json(WindowsHandler.CalendarView.class)));
        s.put("GET /api/windows", of(NONE, json(WindowGuard.Status.class)));
        s.put("GET /api/windows/overrides", of(NONE, json(listOf(OverrideStore.Override.class))));
        s.put(
                "POST /api/windows/overrides",
                of(json(WindowsHandler.OverrideBody.class), json(OverrideStore.Override.class), 201));
        s.put("GET /api/locks", of(NONE, json(LocksHandler.Locks.class)));
        s.put("GET /api/choices", of(NONE, json(ParamChoices.Listed.class)));
        s.put("GET /api/search", of(NONE, json(WorkspaceSearch.Results.class)));
        Shape.Body schedule = json(ScheduleService.View.class);
        s.put("GET /api/schedules", of(NONE, json(object("schedules", listOf(ScheduleService.View.class)))));
        s.put("POST /api/schedules", of(json(ScheduleService.Create.class), schedule, 201));
        s.put("GET /api/schedules/<id>/runs", of(NONE, json(object("runs", listOf(ScheduleStore.LastRun.class)))));
        s.put("POST /api/schedules/<id>/activate", of(NONE, schedule));
        s.put("POST /api/schedules/<id>/deactivate", of(NONE, schedule));
        s.put("DELETE /api/schedules/<id>", of(NONE, NONE, 204));
        s.put("POST /api/schedules/<id>/pause", of(NONE, schedule));
        // a runbook's run, or a flow's instance
        s.put(
                "POST /api/schedules/<id>/run",
                of(
                        NONE,
                        json(either(Runs.Started.class, object("flow", String.class, "instanceId", String.class))),
                        201));
        s.put("PUT /api/schedules/<id>", of(json(ScheduleService.Create.class), schedule));
    }

    private static void events(Map<String, Shape> s) {
        Shape.Body outcomes = json(object("events", listOf(EventService.Outcome.class)));
        Shape.Body breaker = json(object("open", boolean.class, "reason", String.class));
        Shape.Body rule = json(RuleActivations.View.class);
        s.put("GET /api/events", of(NONE, json(object("events", listOf(EventRows.Row.class)))));
        s.put("POST /api/events", of(json(any()), outcomes, 202));
        s.put(
                "POST /api/events/dry-run",
                of(
                        json(any()),
                        json(object(
                                "events", listOf(EventService.Outcome.class), "ruleProblems", listOf(String.class)))));
        s.put("GET /api/events/breaker", of(NONE, breaker));
        s.put("POST /api/events/breaker/close", of(NONE, breaker));
        s.put("GET /api/events/unhandled", of(NONE, json(object("events", listOf(UnhandledEvents.Waiting.class)))));
        s.put("POST /api/events/{id}/acknowledge", of(json(object("note", String.class)), NONE, 204));
        s.put("GET /api/rules/file", of(NONE, json(object("file", String.class, "text", String.class))));
        s.put(
                "GET /api/rules/draft",
                of(NONE, json(object("file", String.class, "draft", String.class, "active", String.class))));
        s.put(
                "PUT /api/rules/draft",
                of(
                        json(object("file", String.class, "text", String.class)),
                        json(object("file", String.class, "rules", int.class))));
        s.put("DELETE /api/rules/draft", of(NONE, NONE, 204));
        s.put(
                "POST /api/rules/draft/promote",
                of(json(object("file", String.class)), json(object("file", String.class, "stage", String.class))));
        s.put("GET /api/events/history", of(NONE, json(object("events", listOf(mapOf(String.class))))));
        s.put("GET /api/events/history.xlsx", of(NONE, binary(XLSX)));
        s.put("GET /api/events/stats", of(NONE, json(EventHistory.Counts.class)));
        s.put("GET /api/events/{id}/rule-draft", of(NONE, media("application/yaml")));
        s.put(
                "POST /api/events/{id}/run",
                of(
                        json(object("runbook", String.class, "params", mapOf(String.class))),
                        json(Runs.Started.class),
                        201));
        s.put("GET /api/events/{id}", of(NONE, json(EventDetails.Detail.class)));
        s.put(
                "POST /api/events/{id}/approve",
                of(NONE, json(object("eventId", long.class, "rule", String.class, "decision", word("run")))));
        s.put("POST /api/events/in/{name}", of(json(any()), outcomes, 202));
        Shape.Schema source = refined(EventSource.class, "mapping", ForeignShapes.MAPPING);
        s.put("GET /api/event-sources", of(NONE, json(object("sources", listOf(source)))));
        s.put(
                "POST /api/event-sources",
                of(
                        ForeignShapes.eventSource(),
                        json(object("source", source, "endpoint", String.class, "secret", String.class)),
                        201));
        s.put("DELETE /api/event-sources/{name}", of(NONE, NONE, 204));
        s.put(
                "GET /api/rules",
                of(
                        NONE,
                        json(object(
                                "rules", listOf(RuleActivations.View.class), "ruleProblems", listOf(String.class)))));
        s.put(
                "POST /api/rules/replay",
                of(
                        json(object("name", String.class, "rules", String.class, "days", Integer.class)),
                        json(object(
                                "events", int.class,
                                "changed", int.class,
                                "was", mapOf(Integer.class),
                                "would", mapOf(Integer.class),
                                "differences", listOf(Replay.Result.class)))));
        s.put("POST /api/rules/import", of(binary(XLSX), json(DecisionTables.Imported.class)));
        s.put("GET /api/rules/export", of(NONE, binary(XLSX)));
        s.put(
                "GET /api/rules/stages",
                of(NONE, json(object("stages", listOf(RuleStageStore.Row.class), "default", String.class))));
        s.put(
                "POST /api/rules/stage",
                of(json(object("file", String.class, "stage", String.class)), json(RuleStageStore.Row.class)));
        s.put("POST /api/rules/<id>/activate", of(NONE, rule));
        s.put("POST /api/rules/<id>/deactivate", of(NONE, rule));
    }

    private static void cmdb(Map<String, Shape> s) {
        String sheet = "/api/cmdb/sheets/{sheet}";
        String row = sheet + "/rows/{id}";
        // a row's values, read and written, by column: the Java types say only "any JSON"
        Shape.Schema rowSchema = refined(Row.class, "values", mapOf(ForeignShapes.CMDB_VALUE));
        Shape.Body oneRow = json(rowSchema);
        Shape.Body rowBody = json(refined(RowsHandler.RowBody.class, "values", mapOf(ForeignShapes.CMDB_VALUE)));
        Shape.Body version = json(RowsHandler.VersionBody.class);
        Shape.Body operation = json(OperationsHandler.View.class);
        Shape.Body operationBody = json(OperationsHandler.Body.class);
        s.put("GET /api/cmdb/operations", of(NONE, json(listOf(OperationsHandler.View.class))));
        s.put("POST /api/cmdb/operations", of(operationBody, operation, 201));
        s.put("GET /api/cmdb/operations/{name}", of(NONE, operation));
        s.put("PUT /api/cmdb/operations/{name}", of(operationBody, operation));
        s.put("POST /api/cmdb/operations/{name}/cancel", of(operationBody, operation));
        s.put("GET /api/cmdb/sheets", of(NONE, json(listOf(SheetDef.class))));
        s.put("POST /api/cmdb/sheets", of(json(SheetDef.class), json(SheetDef.class), 201));
        s.put("GET " + sheet, of(NONE, json(SheetDef.class)));
        s.put("PUT " + sheet, of(json(SheetDef.class), json(SheetDef.class)));
        s.put("GET " + sheet + "/rows", of(NONE, json(listOf(rowSchema))));
        s.put("POST " + sheet + "/rows", of(rowBody, oneRow, 201));
        s.put("GET " + row, of(NONE, oneRow));
        s.put("PUT " + row, of(rowBody, oneRow));
        s.put("POST " + row + "/discard", of(version, oneRow));
        s.put("POST " + row + "/revert", of(json(RowsHandler.RevertBody.class), oneRow));
        s.put("POST " + row + "/restore", of(version, oneRow));
        s.put("GET " + row + "/history", of(NONE, json(listOf(Change.class))));
        s.put("GET " + sheet + "/diff", of(NONE, json(listOf(RowDiff.class))));
        s.put("GET " + sheet + "/export", of(NONE, binary(XLSX)));
        s.put("GET /api/cmdb/export", of(NONE, binary(XLSX)));
        s.put("POST /api/cmdb/import", of(binary(XLSX), json(ExcelHandler.Preview.class)));
        s.put("POST /api/cmdb/import/{planId}/apply", of(NONE, json(ExcelHandler.Applied.class)));
        s.put("GET /api/cmdb/inventory", of(NONE, ForeignShapes.inventory()));
        s.put("GET /api/cmdb/variables", of(NONE, json(Harvest.class)));
        s.put("GET /api/cmdb/drift", of(NONE, json(listOf(DriftReport.class))));
    }

    private static void people(Map<String, Shape> s) {
        Shape.Body me = json(AuthHandler.Me.class);
        Shape.Body settings = json(SettingsHandler.Answer.class);
        s.put("POST /api/login", of(json(AuthHandler.Login.class), me));
        s.put("POST /api/logout", of(NONE, NONE, 204));
        s.put("GET /api/sso", of(NONE, json(OidcHandler.Options.class)));
        s.put("GET /api/sso/oidc/start", of(NONE, NONE, 302));
        s.put("GET /api/sso/oidc/callback", of(NONE, media("text/html")));
        s.put("GET /api/me", of(NONE, me));
        s.put("POST /api/me/password", of(json(AuthHandler.PasswordChange.class), me, 200, 204));
        s.put("GET /api/me/settings", of(NONE, settings));
        s.put("PUT /api/me/settings", of(json(UserSettings.Settings.class), settings));
        s.put("GET /api/users", of(NONE, json(listOf(UsersHandler.UserView.class))));
        s.put("POST /api/users", of(json(UsersHandler.NewUser.class), json(UsersHandler.UserView.class), 201));
        s.put("PUT /api/users/{name}", of(json(UsersHandler.Change.class), json(UsersHandler.UserView.class)));
        s.put("DELETE /api/users/{name}", of(NONE, NONE, 204));
        s.put("GET /api/sign-in-locks", of(NONE, json(listOf(LoginThrottle.AddressLock.class))));
        s.put("DELETE /api/sign-in-locks", of(NONE, NONE, 204));
        s.put("GET /api/tokens", of(NONE, json(listOf(TokenStore.TokenInfo.class))));
        s.put("POST /api/tokens", of(json(TokensHandler.NewTokenRequest.class), json(TokenStore.NewToken.class), 201));
        s.put("DELETE /api/tokens/{id}", of(NONE, NONE, 204));
        s.put(
                "GET /api/notifications/channels",
                of(
                        NONE,
                        json(object(
                                "channels", listOf(object("name", String.class, "needsAddress", boolean.class)),
                                "events", listOf(String.class),
                                "defaultEvents", listOf(String.class)))));
        s.put(
                "GET /api/notifications/subscriptions",
                of(NONE, json(object("subscriptions", listOf(Subscriptions.Subscription.class)))));
        s.put(
                "POST /api/notifications/subscriptions",
                of(json(NotifyHandler.SubscribeRequest.class), json(Subscriptions.Subscription.class), 201));
        s.put("DELETE /api/notifications/subscriptions/{id}", of(NONE, NONE, 204));
        s.put(
                "GET /api/notifications/deliveries",
                of(NONE, json(object("deliveries", listOf(Deliveries.Delivery.class)))));
    }

    private static void evidence(Map<String, Shape> s) {
        Shape.Body hold =
                json(object("kind", String.class, "id", String.class, "held", boolean.class, "new", boolean.class));
        s.put(
                "GET /api/retention",
                of(
                        NONE,
                        json(object(
                                "default", String.class,
                                "rules", mapOf(String.class),
                                "archive", boolean.class,
                                "ledgerKeepDays", Integer.class,
                                "every", String.class,
                                "holds", listOf(LegalHolds.Hold.class)))));
        s.put(
                "POST /api/evidence/prune",
                of(
                        json(RetentionHandler.PruneRequest.class),
                        json(object(
                                "dryRun", boolean.class,
                                "runsSeen", int.class,
                                "pruned", listOf(String.class),
                                "held", listOf(String.class),
                                "alreadyPruned", int.class,
                                "bytes", long.class,
                                "archive", String.class,
                                "ledgerEvents", int.class,
                                "ledgerScheduleRuns", int.class,
                                "summary", String.class))));
        s.put("GET /api/evidence/holds", of(NONE, json(object("holds", listOf(LegalHolds.Hold.class)))));
        s.put("POST /api/evidence/holds", of(json(RetentionHandler.HoldRequest.class), hold, 201, 200));
        s.put(
                "DELETE /api/evidence/holds/{id}",
                of(NONE, json(object("kind", String.class, "id", String.class, "held", boolean.class))));
        s.put("GET /api/audit", of(NONE, json(listOf(AuditEntry.class))));
        s.put("GET /api/audit/verify", of(NONE, json(AuditLog.Verification.class)));
        s.put("GET /api/audit.xlsx", of(NONE, binary(XLSX)));
    }

    private static void flows(Map<String, Shape> s) {
        String instance = "/api/flow-instances/{id}";
        Shape.Body view = json(FlowWire.InstanceView.class);
        Shape.Body decide = json(FlowWire.Decide.class);
        s.put("GET /api/flows", of(NONE, json(listOf(FlowWire.FlowSummary.class))));
        // 201 and the instance's id; with preview: true, 200 and the flow's preview (nothing started)
        s.put(
                "POST /api/flows/<name>/start",
                of(json(FlowWire.StartFlow.class), json(FlowWire.Started.class), 201)
                        .answering(200, json(FlowPreview.class)));
        s.put("GET /api/flow-instances/{id}/holds/{node}/preview", holdPreview());
        s.put("GET /api/flows/<name>", of(NONE, json(FlowWire.FlowGraph.class)));
        s.put("GET /api/flow-instances", of(NONE, json(listOf(FlowWire.InstanceView.class))));
        s.put("GET " + instance, of(NONE, view));
        s.put("GET " + instance + "/evidence.zip", of(NONE, binary("application/zip")));
        s.put("GET " + instance + "/report.html", of(NONE, media("text/html")));
        s.put("POST " + instance + "/approve", of(decide, view, 200, 202));
        s.put("POST " + instance + "/reject", of(decide, view, 200, 202));
        for (String action : List.of("emergency-stop", "stop", "resume")) {
            s.put("POST " + instance + "/" + action, of(NONE, view, 200, 202));
        }
        s.put("GET /api/approvals", of(NONE, json(listOf(Approval.class))));
        s.put("POST /api/approvals/{id}/approve", of(decide, json(Approval.class)));
        s.put("POST /api/approvals/{id}/reject", of(decide, json(Approval.class)));
        // a pause cell's preview of the rest of its runbook, answered as a flow's hold point's
        s.put("GET /api/approvals/{id}/preview", holdPreview());
    }

    /**
     * A hold point's kept preview with its state: ready (200, the preview's fields beside {@code state}), failed or
     * never made (200, with the reason), being made (202, the state alone).
     */
    private static Shape holdPreview() {
        Shape.Body kept = json(either(
                withField(FlowPreview.class, "state", word("ready")),
                object("state", word("failed", "none"), "reason", String.class)));
        return of(NONE, kept).answering(202, json(object("state", word("making"))));
    }
}
