package dev.tejun.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.server.auth.Role;
import dev.tejun.server.auth.Trust;
import dev.tejun.server.health.HealthHandler;
import dev.tejun.server.runbooks.RunbooksHandler;
import dev.tejun.server.runbooks.StaleVersion;
import dev.tejun.server.runs.RunsHandler;
import dev.tejun.server.web.SecurityHeaders;
import dev.tejun.server.ws.HandshakePolicy;
import dev.tejun.server.ws.SessionSocket;
import io.javalin.config.RoutesConfig;


/**
 * Every route of the server, in one table, each with the {@link Role} it needs. {@code <name>} path parameters may contain slashes (runbooks in
 * sub-folders); handlers stay thin and errors are turned into {@code {"error":…}} here, in one place.
 */
final class Routes {

    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);

    /** The feature handlers the table points at. */
    record Handlers(HealthHandler health, RunbooksHandler runbooks, RunsHandler runs, SessionSocket session,
                    HandshakePolicy hosts, Trust trust) {
    }

    private Routes() {
    }

    static void install(RoutesConfig routes, Handlers h) {
        routes.before(ctx -> {
            SecurityHeaders.apply(ctx);
            String refusal = h.hosts().hostRefusal(ctx.header("Host"));
            if (refusal != null) {
                throw new ApiException(403, refusal);
            }
            h.trust().access().identify(ctx);
            h.trust().access().guardPages(ctx);
        });
        // Every matched route passes the role check; the role is the last argument of each line below.
        routes.beforeMatched(h.trust().access()::check);
        routes.after(h.trust().requests()::after);

        routes.get("/api/health", h.health()::get, Role.PUBLIC);

        routes.get("/api/runbooks", h.runbooks()::list, Role.VIEWER);
        // Before the whole-file PUT: "<name>" takes slashes, so that route would match a cell's path too.
        routes.put("/api/runbooks/<name>/cells/{index}", h.runbooks()::putCell, Role.EDITOR);
        routes.get("/api/runbooks/<name>", h.runbooks()::get, Role.VIEWER);
        routes.put("/api/runbooks/<name>", h.runbooks()::put, Role.EDITOR);

        routes.get("/api/runs/{runId}", h.runs()::runJson, Role.VIEWER);
        routes.get("/api/runs/{runId}/cells/{cellId}/{stream}", h.runs()::output, Role.VIEWER);

        routes.post("/api/login", h.trust().auth()::login, Role.PUBLIC);
        routes.post("/api/logout", h.trust().auth()::logout, Role.PUBLIC);
        routes.get("/api/me", h.trust().auth()::me, Role.VIEWER);
        routes.get("/api/users", h.trust().users()::list, Role.ADMIN);
        routes.post("/api/users", h.trust().users()::create, Role.ADMIN);
        routes.put("/api/users/{name}", h.trust().users()::update, Role.ADMIN);
        routes.delete("/api/users/{name}", h.trust().users()::delete, Role.ADMIN);
        routes.get("/api/tokens", h.trust().tokens()::list, Role.VIEWER);
        routes.post("/api/tokens", h.trust().tokens()::create, Role.VIEWER);
        routes.delete("/api/tokens/{id}", h.trust().tokens()::revoke, Role.VIEWER);
        routes.get("/api/audit", h.trust().audit()::list, Role.ADMIN);
        routes.get("/api/audit/verify", h.trust().audit()::verify, Role.ADMIN);
        routes.get("/api/runs", h.trust().evidence()::list, Role.VIEWER);
        routes.get("/api/runs/{runId}/evidence.zip", h.trust().evidence()::zip, Role.VIEWER);
        routes.get("/api/runs/{runId}/report.html", h.trust().evidence()::reportHtml, Role.VIEWER);
        routes.get("/api/runs/{runId}/report.md", h.trust().evidence()::reportMarkdown, Role.VIEWER);
        routes.get("/api/runs/{runId}/verify", h.trust().evidence()::verify, Role.VIEWER);

        routes.wsBeforeUpgrade("/ws/session", h.session()::beforeUpgrade);
        routes.ws("/ws/session", h.session()::configure, Role.VIEWER);

        routes.exception(StaleVersion.class, (e, ctx) -> {
            if (e.current() != null) {
                ctx.status(409).json(e.current());
            } else {
                ctx.status(409).json(new ApiError(e.getMessage()));
            }
        });
        routes.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(new ApiError(e.getMessage())));
        routes.exception(RunbookFolder.OutsideFolder.class,
                (e, ctx) -> ctx.status(400).json(new ApiError(e.getMessage())));
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
