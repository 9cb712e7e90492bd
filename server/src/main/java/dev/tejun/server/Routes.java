package dev.tejun.server;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.server.apidoc.ApiSpecHandler;
import dev.tejun.server.auth.Role;
import dev.tejun.server.cmdb.CmdbErrors;
import dev.tejun.server.cmdb.CmdbHandlers;
import dev.tejun.server.flows.FlowRoutes;
import dev.tejun.server.git.GitHandler;
import dev.tejun.server.guard.choices.ChoicesHandler;
import dev.tejun.server.guard.locks.LocksHandler;
import dev.tejun.server.guard.windows.WindowsHandler;
import dev.tejun.server.health.HealthHandler;
import dev.tejun.server.metrics.ServerMetrics;
import dev.tejun.server.notify.NotifyHandler;
import dev.tejun.server.retention.RetentionHandler;
import dev.tejun.server.runbooks.RunbookImages;
import dev.tejun.server.runbooks.RunbooksHandler;
import dev.tejun.server.runbooks.StaleVersion;
import dev.tejun.server.runs.HeadlessRuns;
import dev.tejun.server.runs.RunsHandler;
import dev.tejun.server.search.SearchHandler;
import dev.tejun.server.sso.OidcHandler;
import dev.tejun.server.web.SecurityHeaders;
import dev.tejun.server.web.UiPages;
import dev.tejun.server.ws.HandshakePolicy;
import dev.tejun.server.ws.SessionSocket;
import io.javalin.config.RoutesConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every route of the server, in one table, each with the {@link Role} it needs. {@code <name>} path parameters may contain slashes (runbooks in
 * sub-folders); handlers stay thin and errors are turned into {@code {"error":…}} here, in one place.
 */
final class Routes {

    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);

    /** The feature handlers the table points at. */
    record Handlers(
            HealthHandler health,
            ServerMetrics metrics,
            RunbooksHandler runbooks,
            RunsHandler runs,
            SessionSocket session,
            HandshakePolicy hosts,
            HeadlessRuns headless,
            CmdbHandlers cmdb,
            FlowRoutes flows,
            Wiring trust,
            OidcHandler oidc,
            ApiSpecHandler apiSpec,
            WindowsHandler windows,
            LocksHandler locks,
            ChoicesHandler choices,
            RetentionHandler retention,
            NotifyHandler notifications,
            GitHandler git,
            SearchHandler search,
            RunbookImages images) {}

    private Routes() {}

    static void install(RoutesConfig routes, Handlers h) {
        routes.before(ctx -> {
            SecurityHeaders.apply(ctx);
            String refusal = h.hosts().hostRefusal(ctx);
            if (refusal != null) {
                throw new ApiException(403, refusal);
            }
            h.trust().access().identify(ctx);
            h.trust().access().guardPages(ctx);
        });
        // a signed-in browser's page, its files named by their versioned names (after the sign-in check above)
        routes.before(new UiPages()::serve);
        // Every matched route passes the role check; the role is the last argument of each line below.
        routes.beforeMatched(h.trust().access()::check);
        // after the role check: a flow outside its maintenance windows does not start (runs check in Runs)
        routes.beforeMatched("/api/flows/<name>/start", h.windows()::beforeFlowStart);
        routes.after(h.trust().requests()::after);

        routes.get("/api/health", h.health()::get, Role.PUBLIC);
        routes.get("/api/health/ready", h.health()::ready, Role.PUBLIC);
        routes.get("/metrics", h.metrics()::scrape, Role.VIEWER);
        // the API's OpenAPI document, generated from this table, and Swagger UI over it
        routes.get("/api/openapi.json", h.apiSpec()::spec, Role.VIEWER);
        routes.get("/api/docs", h.apiSpec()::docs, Role.VIEWER);

        routes.get("/api/runbooks", h.runbooks()::list, Role.VIEWER);
        // Before the whole-file PUT: "<name>" takes slashes, so that route would match a cell's path too.
        // Authoring (issue 17 §2): every edit names the version it replaces, like a cell save.
        routes.post("/api/runbooks", h.runbooks()::create, Role.EDITOR);
        routes.post("/api/runbooks/import", h.runbooks().notebooks()::importNotebook, Role.EDITOR);
        routes.post("/api/runbooks/<name>/cells", h.runbooks()::insertCell, Role.EDITOR);
        routes.delete("/api/runbooks/<name>/cells/{index}", h.runbooks()::deleteCell, Role.EDITOR);
        routes.post("/api/runbooks/<name>/cells/{index}/move", h.runbooks()::moveCell, Role.EDITOR);
        routes.post("/api/runbooks/<name>/cells/{index}/duplicate", h.runbooks()::duplicateCell, Role.EDITOR);
        routes.put("/api/runbooks/<name>/cells/{index}/attributes", h.runbooks()::putAttributes, Role.EDITOR);
        routes.put("/api/runbooks/<name>/front-matter", h.runbooks()::putFrontMatter, Role.EDITOR);
        routes.put("/api/runbooks/<name>/cells/{index}", h.runbooks()::putCell, Role.EDITOR);
        // the review path (issue 21 §3): commits, a cell-aware diff (?from=&to=), a four-eyes merge into main
        routes.get("/api/runbooks/<name>/history", h.runbooks().review()::history, Role.VIEWER);
        routes.get("/api/runbooks/<name>/cell-versions", h.runs()::cellVersions, Role.VIEWER);
        routes.get("/api/runbooks/<name>/diff", h.runbooks().review()::diff, Role.VIEWER);
        routes.post("/api/runbooks/<name>/merge", h.runbooks().review()::merge, Role.APPROVER);
        // the runbooks repository's remote: pull and push by admins, the push webhook signed with the shared secret
        routes.get("/api/git", h.git()::state, Role.VIEWER);
        routes.post("/api/git/pull", h.git()::pull, Role.ADMIN);
        routes.post("/api/git/push", h.git()::push, Role.ADMIN);
        routes.post("/api/git/webhook", h.git()::webhook, Role.PUBLIC);
        // rename/move and delete: refused while a schedule, flow or alert rule names the runbook
        routes.post("/api/runbooks/<name>/move", h.runbooks().moves()::move, Role.EDITOR);
        routes.get("/api/runbooks/<name>/former-names", h.runbooks().moves()::formerNames, Role.VIEWER);
        routes.get("/api/runbook-renames", h.runbooks().moves()::renames, Role.VIEWER);
        routes.delete("/api/runbooks/<name>", h.runbooks().moves()::delete, Role.EDITOR);
        routes.get("/api/runbooks/<name>", h.runbooks()::get, Role.VIEWER);
        routes.put("/api/runbooks/<name>", h.runbooks()::put, Role.EDITOR);
        // an image beside a runbook, for its prose: images only, confined to the folder, never from a hidden folder
        routes.get("/api/runbook-images/<name>", h.images()::get, Role.VIEWER);

        routes.get("/api/runs", h.runs()::list, Role.VIEWER);
        routes.get("/api/runs/{runId}/evidence.zip", h.runs().owned(h.runs()::zip), Role.VIEWER);
        routes.get("/api/runs/{runId}/report.html", h.runs().owned(h.runs()::reportHtml), Role.VIEWER);
        routes.get("/api/runs/{runId}/report.md", h.runs().owned(h.runs()::reportMarkdown), Role.VIEWER);
        routes.get("/api/runs/{runId}/report.pdf", h.runs().owned(h.runs()::reportPdf), Role.VIEWER);
        routes.get("/api/runs/{runId}/notebook.ipynb", h.runs().owned(h.runs()::notebook), Role.VIEWER);
        routes.get("/api/runs/{runId}/verify", h.runs().owned(h.runs()::verify), Role.VIEWER);
        routes.get("/api/runs/{runId}/compare", h.runs()::compare, Role.VIEWER);
        routes.get("/api/runs/{runId}", h.runs().owned(h.runs()::runJson), Role.VIEWER);
        routes.get("/api/runs/{runId}/cells/{cellId}/{stream}", h.runs().owned(h.runs()::output), Role.VIEWER);
        // Runs over REST (the CLI against a server): start as the caller, follow by long-poll, stop.
        routes.post("/api/runs", h.runs()::start, Role.OPERATOR);
        routes.get("/api/runs/{runId}/events", h.runs().owned(h.runs()::events), Role.VIEWER);
        routes.post("/api/runs/{runId}/stop", h.runs()::stop, Role.OPERATOR);
        // Retry only what failed (issue 23 §5): the run's failed cell on its failed hosts, then the rest.
        routes.post("/api/runs/{runId}/retry-failed", h.runs()::retryFailed, Role.OPERATOR);
        // Resume (issue 15): from the run's cell that failed or stopped, the cells before it not run again.
        routes.post("/api/runs/{runId}/resume", h.runs()::resume, Role.OPERATOR);

        // maintenance windows (issue 23): calendars for admins, a target's windows for anyone, overrides by approvers
        routes.get("/api/calendars", h.windows()::calendars, Role.ADMIN);
        routes.get("/api/calendars/{name}", h.windows()::calendar, Role.ADMIN);
        routes.get("/api/windows", h.windows()::status, Role.VIEWER);
        routes.get("/api/windows/overrides", h.windows()::overrides, Role.VIEWER);
        routes.post("/api/windows/overrides", h.windows()::grant, Role.APPROVER);
        // resource locks: held and queued, with each waiting run's place
        routes.get("/api/locks", h.locks()::list, Role.VIEWER);
        // a param's choices from the CMDB: ?runbook=R&param=P&OTHER=VALUE… (what depends-on names narrows them)
        routes.get("/api/choices", h.choices()::list, Role.VIEWER);
        // the header's search: runbooks, recent runs and CMDB rows (secret columns never searched)
        routes.get("/api/search", h.search()::search, Role.VIEWER);

        routes.get("/api/schedules", h.headless().schedules()::list, Role.VIEWER);
        routes.post("/api/schedules", h.headless().schedules()::create, Role.ADMIN);
        routes.get("/api/schedules/<id>/runs", h.headless().schedules()::history, Role.VIEWER);
        // A schedule declared in a file runs only once an operator allowed to run it activated it (checked inside).
        routes.post("/api/schedules/<id>/activate", h.headless().schedules()::activate, Role.OPERATOR);
        routes.post("/api/schedules/<id>/deactivate", h.headless().schedules()::deactivate, Role.OPERATOR);
        // paused keeps who activated it; it runs again once somebody allowed to run it activates it (resume)
        routes.post("/api/schedules/<id>/pause", h.headless().schedules()::pause, Role.OPERATOR);
        // run now: a run of the schedule's runbook as the caller, checked as any run they start
        routes.post("/api/schedules/<id>/run", h.headless().schedules()::runNow, Role.OPERATOR);
        // a schedule made through the API; an active one stays active only as the admin who changed it
        routes.put("/api/schedules/<id>", h.headless().schedules()::update, Role.ADMIN);
        routes.delete("/api/schedules/<id>", h.headless().schedules()::delete, Role.ADMIN);
        routes.get("/api/events", h.headless().events()::list, Role.VIEWER);
        routes.post("/api/events", h.headless().events()::receive, Role.OPERATOR);
        routes.post("/api/events/dry-run", h.headless().events()::dryRun, Role.OPERATOR);
        // the global circuit breaker of event runs: once open, only an admin closes it
        routes.get("/api/events/breaker", h.headless().events()::breaker, Role.VIEWER);
        routes.post("/api/events/breaker/close", h.headless().events()::closeBreaker, Role.ADMIN);
        // the unhandled queue: events no rule matched, until a person acknowledges them
        routes.get("/api/events/unhandled", h.headless().events()::unhandled, Role.VIEWER);
        routes.post("/api/events/{id}/acknowledge", h.headless().events()::acknowledge, Role.OPERATOR);
        // an unhandled event handled by running a runbook now, as the caller (checked as any run they start)
        routes.post("/api/events/{id}/run", h.headless().events()::runNow, Role.OPERATOR);
        // the outcome history (event → rule → action → result), oldest first; JSON, CSV (?format=csv) or Excel
        routes.get("/api/events/history", h.headless().events()::history, Role.VIEWER);
        routes.get("/api/events/history.xlsx", h.headless().events()::historyXlsx, Role.VIEWER);
        // hits per rule and events per time bucket, for the Events page's chart
        routes.get("/api/events/stats", h.headless().events()::stats, Role.VIEWER);
        routes.get("/api/events/{id}/rule-draft", h.headless().events()::ruleDraft, Role.VIEWER);
        // one event with its decision, action, run, acknowledgement, linked events and correlation window
        routes.get("/api/events/{id}", h.headless().events()::one, Role.VIEWER);
        // an event whose rule says hold: true runs once an approver releases it
        routes.post("/api/events/{id}/approve", h.headless().events()::approve, Role.APPROVER);
        // a monitoring source posts with its own credential (bearer, basic or HMAC), checked inside
        routes.post("/api/events/in/{name}", h.headless().sources()::receive, Role.PUBLIC);
        routes.get("/api/event-sources", h.headless().sources()::list, Role.ADMIN);
        routes.post("/api/event-sources", h.headless().sources()::create, Role.ADMIN);
        routes.delete("/api/event-sources/{name}", h.headless().sources()::delete, Role.ADMIN);
        routes.get("/api/rules", h.headless().events()::rules, Role.VIEWER);
        // a draft rule file tried on the recorded events; runs and records nothing
        routes.post("/api/rules/replay", h.headless().events()::replay, Role.EDITOR);
        // a decision-table workbook (a sheet per rule list) written as rules/SHEET.yaml, all or nothing
        routes.post("/api/rules/import", h.headless().tables()::importWorkbook, Role.EDITOR);
        // and back: one rules file as a decision-table sheet, refused where a sheet has no column for a key
        routes.get("/api/rules/export", h.headless().tables()::exportWorkbook, Role.VIEWER);
        // one rules file's text: what the Events page shows and replays
        routes.get("/api/rules/file", h.headless().tables()::text, Role.VIEWER);
        // a rule set's draft beside its active version: editors save and drop it, an approver promotes it
        routes.get("/api/rules/draft", h.headless().tables().drafts()::get, Role.VIEWER);
        routes.put("/api/rules/draft", h.headless().tables().drafts()::save, Role.EDITOR);
        routes.delete("/api/rules/draft", h.headless().tables().drafts()::discard, Role.EDITOR);
        routes.post("/api/rules/draft/promote", h.headless().tables().drafts()::promote, Role.APPROVER);
        // rule sets go draft → staging (what they would run is recorded) → production, moved by an approver
        routes.get("/api/rules/stages", h.headless().events()::stages, Role.VIEWER);
        routes.post("/api/rules/stage", h.headless().events()::stage, Role.APPROVER);
        // the handler checks the roles the rule's target requires, beyond operator
        routes.post("/api/rules/<id>/activate", h.headless().events()::activate, Role.OPERATOR);
        routes.post("/api/rules/<id>/deactivate", h.headless().events()::deactivate, Role.OPERATOR);
        routes.get("/api/cmdb/sheets", h.cmdb().sheets()::list, Role.VIEWER);
        routes.post("/api/cmdb/sheets", h.cmdb().sheets()::create, Role.EDITOR);
        routes.get("/api/cmdb/sheets/{sheet}", h.cmdb().sheets()::get, Role.VIEWER);
        routes.put("/api/cmdb/sheets/{sheet}", h.cmdb().sheets()::update, Role.EDITOR);
        routes.get("/api/cmdb/sheets/{sheet}/rows", h.cmdb().rows()::list, Role.VIEWER);
        routes.post("/api/cmdb/sheets/{sheet}/rows", h.cmdb().rows()::register, Role.EDITOR);
        routes.get("/api/cmdb/sheets/{sheet}/rows/{id}", h.cmdb().rows()::get, Role.VIEWER);
        routes.put("/api/cmdb/sheets/{sheet}/rows/{id}", h.cmdb().rows()::update, Role.EDITOR);
        routes.post("/api/cmdb/sheets/{sheet}/rows/{id}/discard", h.cmdb().rows()::discard, Role.EDITOR);
        routes.post("/api/cmdb/sheets/{sheet}/rows/{id}/revert", h.cmdb().rows()::revert, Role.EDITOR);
        routes.post("/api/cmdb/sheets/{sheet}/rows/{id}/restore", h.cmdb().rows()::restore, Role.EDITOR);
        routes.get("/api/cmdb/sheets/{sheet}/rows/{id}/history", h.cmdb().rows()::history, Role.VIEWER);
        routes.get("/api/cmdb/sheets/{sheet}/diff", h.cmdb().rows()::diff, Role.VIEWER);
        routes.get("/api/cmdb/sheets/{sheet}/export", h.cmdb().excel()::exportSheet, Role.VIEWER);
        routes.get("/api/cmdb/export", h.cmdb().excel()::exportAll, Role.VIEWER);
        routes.post("/api/cmdb/import", h.cmdb().excel()::upload, Role.EDITOR);
        routes.post("/api/cmdb/import/{planId}/apply", h.cmdb().excel()::apply, Role.EDITOR);
        routes.get("/api/cmdb/inventory", h.cmdb().inventory()::get, Role.VIEWER);
        routes.get("/api/cmdb/variables", h.cmdb().variables()::get, Role.VIEWER);
        routes.get("/api/cmdb/drift", h.cmdb().drift()::get, Role.VIEWER);
        routes.get("/api/cmdb/operations", h.cmdb().operations()::list, Role.VIEWER);
        routes.post("/api/cmdb/operations", h.cmdb().operations()::create, Role.EDITOR);
        routes.get("/api/cmdb/operations/{name}", h.cmdb().operations()::get, Role.VIEWER);
        routes.put("/api/cmdb/operations/{name}", h.cmdb().operations()::update, Role.EDITOR);
        routes.post("/api/cmdb/operations/{name}/cancel", h.cmdb().operations()::cancel, Role.EDITOR);
        routes.post("/api/login", h.trust().auth()::login, Role.PUBLIC);
        routes.post("/api/logout", h.trust().auth()::logout, Role.PUBLIC);
        // single sign-on: what the sign-in page offers, and the OpenID code flow (state, PKCE and nonce checked inside)
        routes.get("/api/sso", h.oidc()::options, Role.PUBLIC);
        routes.get("/api/sso/oidc/start", h.oidc()::start, Role.PUBLIC);
        routes.get("/api/sso/oidc/callback", h.oidc()::callback, Role.PUBLIC);
        routes.get("/api/me", h.trust().auth()::me, Role.VIEWER);
        routes.post("/api/me/password", h.trust().auth()::changePassword, Role.VIEWER);
        routes.get("/api/me/settings", h.trust().settings()::get, Role.VIEWER);
        routes.put("/api/me/settings", h.trust().settings()::put, Role.VIEWER);
        routes.get("/api/users", h.trust().users()::list, Role.ADMIN);
        routes.post("/api/users", h.trust().users()::create, Role.ADMIN);
        routes.put("/api/users/{name}", h.trust().users()::update, Role.ADMIN);
        routes.delete("/api/users/{name}", h.trust().users()::delete, Role.ADMIN);
        routes.get("/api/sign-in-locks", h.trust().users()::addressLocks, Role.ADMIN);
        routes.delete("/api/sign-in-locks", h.trust().users()::liftAddressLock, Role.ADMIN);
        routes.get("/api/tokens", h.trust().tokens()::list, Role.VIEWER);
        routes.post("/api/tokens", h.trust().tokens()::create, Role.VIEWER);
        routes.delete("/api/tokens/{id}", h.trust().tokens()::revoke, Role.VIEWER);
        // Retention (issue 23 §6): the rules in force, legal holds, and a prune; the service audits each change.
        // notifications out (issue 18 §7): channels come from tejun.yaml, subscriptions and deliveries are admins'
        routes.get("/api/notifications/channels", h.notifications()::channels, Role.ADMIN);
        routes.get("/api/notifications/subscriptions", h.notifications()::subscriptions, Role.ADMIN);
        routes.post("/api/notifications/subscriptions", h.notifications()::subscribe, Role.ADMIN);
        routes.delete("/api/notifications/subscriptions/{id}", h.notifications()::unsubscribe, Role.ADMIN);
        routes.get("/api/notifications/deliveries", h.notifications()::deliveries, Role.ADMIN);
        routes.get("/api/retention", h.retention()::rules, Role.ADMIN);
        routes.post("/api/evidence/prune", h.retention()::prune, Role.ADMIN);
        routes.get("/api/evidence/holds", h.retention()::holds, Role.VIEWER);
        routes.post("/api/evidence/holds", h.retention()::hold, Role.ADMIN);
        // ?kind=flow for a flow instance (run when omitted)
        routes.delete("/api/evidence/holds/{id}", h.retention()::release, Role.ADMIN);
        routes.get("/api/audit", h.trust().audit()::list, Role.ADMIN);
        routes.get("/api/audit/verify", h.trust().audit()::verify, Role.ADMIN);
        routes.get("/api/audit.xlsx", h.trust().audit()::xlsx, Role.ADMIN);

        routes.wsBeforeUpgrade("/ws/session", h.session()::beforeUpgrade);
        routes.ws("/ws/session", h.session()::configure, Role.VIEWER);

        // Flows: "<name>" takes slashes; GET and POST never share a path here, so start cannot be read as a name.
        routes.get("/api/flows", h.flows().flows()::list, Role.VIEWER);
        routes.post("/api/flows/<name>/start", h.flows().flows()::start, Role.OPERATOR);
        routes.get("/api/flows/<name>", h.flows().flows()::get, Role.VIEWER);
        routes.get("/api/flow-instances", h.flows().instances()::list, Role.VIEWER);
        routes.get("/api/flow-instances/{id}", h.flows().instances()::get, Role.VIEWER);
        routes.get("/api/flow-instances/{id}/evidence.zip", h.flows().evidence()::zip, Role.VIEWER);
        routes.get("/api/flow-instances/{id}/report.html", h.flows().evidence()::reportHtml, Role.VIEWER);
        routes.get("/api/flow-instances/{id}/holds/{node}/preview", h.flows().instances()::holdPreview, Role.VIEWER);
        routes.post("/api/flow-instances/{id}/approve", h.flows().instances()::approve, Role.APPROVER);
        routes.post("/api/flow-instances/{id}/reject", h.flows().instances()::reject, Role.APPROVER);
        routes.post("/api/flow-instances/{id}/emergency-stop", h.flows().instances()::emergencyStop, Role.OPERATOR);
        routes.post("/api/flow-instances/{id}/stop", h.flows().instances()::stop, Role.OPERATOR);
        routes.post("/api/flow-instances/{id}/resume", h.flows().instances()::resume, Role.OPERATOR);
        routes.get("/api/approvals", h.flows().approvals()::list, Role.VIEWER);
        routes.get("/api/approvals/{id}/preview", h.flows().approvals()::preview, Role.VIEWER);
        routes.post("/api/approvals/{id}/approve", h.flows().approvals()::approve, Role.APPROVER);
        routes.post("/api/approvals/{id}/reject", h.flows().approvals()::reject, Role.APPROVER);
        routes.wsBeforeUpgrade("/ws/flows", h.flows().socket()::beforeUpgrade);
        routes.ws("/ws/flows", h.flows().socket()::configure, Role.VIEWER);

        routes.exception(StaleVersion.class, (e, ctx) -> {
            if (e.current() != null) {
                ctx.status(409).json(e.current());
            } else {
                ctx.status(409).json(new ApiError(e.getMessage()));
            }
        });
        CmdbErrors.install(routes);
        routes.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(new ApiError(e.getMessage())));
        // A body a handler read with Jackson itself (not through RequestBodies) that is malformed or of the wrong
        // shape is still the client's error.
        routes.exception(
                StreamReadException.class,
                (e, ctx) -> ctx.status(400)
                        .json(new ApiError("request body is not valid JSON: " + e.getOriginalMessage())));
        routes.exception(
                MismatchedInputException.class,
                (e, ctx) -> ctx.status(400).json(new ApiError("request body is not valid: " + e.getOriginalMessage())));
        routes.exception(
                RunbookFolder.BadName.class, (e, ctx) -> ctx.status(400).json(new ApiError(e.getMessage())));
        routes.exception(
                RunbookFolder.OutsideFolder.class, (e, ctx) -> ctx.status(400).json(new ApiError(e.getMessage())));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.warn("{} {} failed", ctx.method(), ctx.path(), e);
            ctx.status(500).json(new ApiError("internal error: " + e.getClass().getSimpleName()));
        });
        routes.wsException(Exception.class, (e, ctx) -> {
            LOG.warn("WebSocket handler failed", e);
            ctx.closeSession(1011, "server error");
        });
    }
}
