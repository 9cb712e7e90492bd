package dev.tejun.server.ws;

import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.guard.once.OnceCells;
import dev.tejun.kernel.runbook.ParamSpec;
import dev.tejun.kernel.runbook.Runbook;
import dev.tejun.kernel.session.Params;
import dev.tejun.kernel.session.Session;
import dev.tejun.kernel.session.Sessions;
import dev.tejun.server.ApiException;
import dev.tejun.server.Json;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import dev.tejun.server.auth.Principal;
import dev.tejun.server.auth.SocketAccess;
import dev.tejun.server.relay.RelayedSocket;
import dev.tejun.server.relay.SessionRelay;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;

/**
 * The {@code /ws/session} endpoint: checks the handshake, binds each socket to the session of its runbook and
 * turns client messages into calls on the runs service ({@link RunControl}), which checks each against the run
 * policy, queues or stops the run and records it. Everything a client sees comes from the session's event log,
 * through its {@link Connection}.
 */
public final class SessionSocket {

    static final String PRINCIPAL = "tejun.socket.principal";
    static final String ADDRESS = "tejun.socket.address";
    static final String RELAYED = "tejun.socket.relayed";
    /** How a refusal for a busy session begins; the notebook reads it to offer queueing instead. */
    static final String BUSY = "busy: ";

    private final Sessions sessions;
    private final MessageCodec codec;
    private final HandshakePolicy policy;
    private final SocketAccess access;
    private final AuditLog audit;
    private final RunControl runs;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    /** Each socket's place in the registry of open sockets per user, by socket id. */
    private final Map<String, AutoCloseable> registered = new ConcurrentHashMap<>();
    /** socket id → the runbook it follows, for telling its tabs of a save */
    private final Map<String, String> following = new ConcurrentHashMap<>();
    /** socket id → its relay to the server holding its session (several servers on one database) */
    private final Map<String, RelayedSocket> relayed = new ConcurrentHashMap<>();

    private volatile SessionRelay relay;

    /** {@code audit}: where a kernel restart is written (runs and stops are recorded by {@code runs}). */
    public SessionSocket(
            Sessions sessions,
            MessageCodec codec,
            HandshakePolicy policy,
            SocketAccess access,
            RunControl runs,
            AuditLog audit) {
        this.sessions = sessions;
        this.codec = codec;
        this.policy = policy;
        this.access = access;
        this.runs = runs;
        this.audit = audit;
    }

    /** Runs before the upgrade: a refused handshake never becomes a socket. */
    public void beforeUpgrade(Context ctx) {
        String refusal = policy.refusal(ctx);
        if (refusal != null) {
            throw new ApiException(403, "WebSocket refused: " + refusal);
        }
        ctx.attribute(PRINCIPAL, access.admit(ctx));
        // the client's address as the HTTP layer saw it (a trusted proxy's X-Forwarded-For applied), for the audit log
        String runbook = ctx.queryParam("runbook");
        SessionRelay cluster = relay;
        // relayed by another server of the cluster: the browser's address it signed, else the peer's
        String relayedClient = cluster == null ? null : cluster.relayedClient(ctx);
        ctx.attribute(ADDRESS, relayedClient != null ? relayedClient : ctx.ip());
        if (cluster != null) {
            if (runbook == null || runbook.isBlank()) {
                throw ApiException.badRequest("query parameter runbook is required");
            }
            RunbookFolder.runbookName(runbook);
            RelayedSocket elsewhere = cluster.route(ctx, runbook);
            if (elsewhere != null) {
                ctx.attribute(RELAYED, elsewhere);
                return;
            }
        }
        open(runbook);
    }

    /** Several servers on one database: sockets for a session another server holds are relayed to it. */
    public void relayTo(SessionRelay relay) {
        this.relay = relay;
    }

    /** How many notebook sockets are open now (for the metrics). */
    public int openCount() {
        return connections.size() + relayed.size();
    }

    public void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            RelayedSocket elsewhere = ctx.attribute(RELAYED);
            if (elsewhere != null) {
                relayed.put(ctx.sessionId(), elsewhere);
                ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
                register(ctx);
                elsewhere.bind(ctx);
                return;
            }
            Session session = open(ctx.queryParam("runbook"));
            // A notebook may sit idle for hours between runs; pings keep proxies and idle timeouts from closing it.
            ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
            Connection connection = new Connection(ctx.session, session, codec, () -> shownParams(session));
            connection.who = ctx.attribute(PRINCIPAL);
            connection.address = ctx.attribute(ADDRESS);
            connections.put(ctx.sessionId(), connection);
            following.put(ctx.sessionId(), ctx.queryParam("runbook"));
            register(ctx);
        });
        ws.onMessage(ctx -> {
            RelayedSocket elsewhere = relayed.get(ctx.sessionId());
            if (elsewhere != null) {
                elsewhere.fromBrowser(ctx.message());
                return;
            }
            Connection connection = connections.get(ctx.sessionId());
            if (connection != null) {
                handle(connection, ctx.message());
            }
        });
        ws.onClose(this::closed);
        ws.onError(this::closed);
    }

    /** Lists the socket among its user's, so disabling or demoting the user closes it. */
    private void register(WsContext ctx) {
        Principal who = ctx.attribute(PRINCIPAL);
        if (who != null) {
            var socket = ctx.session;
            registered.put(
                    ctx.sessionId(), access.opened(who, (code, reason) -> socket.close(code, reason, Callback.NOOP)));
        }
    }

    private void closed(WsContext ctx) {
        RelayedSocket elsewhere = relayed.remove(ctx.sessionId());
        if (elsewhere != null) {
            elsewhere.browserClosed();
        }
        AutoCloseable registration = registered.remove(ctx.sessionId());
        if (registration != null) {
            try {
                registration.close();
            } catch (Exception ignored) {
                // forgetting a set member does not fail
            }
        }
        following.remove(ctx.sessionId());
        Connection connection = connections.remove(ctx.sessionId());
        if (connection != null) {
            connection.close();
        }
    }

    /**
     * Tells every socket following {@code runbook} that it was saved as {@code version}, each on its own virtual
     * thread so a slow tab does not hold up the request that saved.
     */
    public void runbookSaved(String runbook, String version, String by) {
        Messages.RunbookSaved message = new Messages.RunbookSaved(runbook, version, by);
        following.forEach((socketId, followed) -> {
            Connection connection = connections.get(socketId);
            if (connection != null && followed.equals(runbook)) {
                Thread.ofVirtual().name("ws-saved").start(() -> {
                    try {
                        connection.send(message);
                    } catch (InterruptedException | RuntimeException e) {
                        // a closing socket misses the notice; it reloads on reconnect anyway
                    }
                });
            }
        });
    }

    /** Stops every sender; the server calls this when it stops. */
    public void closeAll() {
        SessionRelay cluster = relay;
        if (cluster != null) {
            cluster.release(); // the next socket for these runbooks takes their sessions elsewhere
        }
        relayed.values().forEach(RelayedSocket::browserClosed);
        relayed.clear();
        connections.values().forEach(Connection::close);
        connections.clear();
    }

    private Session open(String runbook) {
        if (runbook == null || runbook.isBlank()) {
            throw ApiException.badRequest("query parameter runbook is required");
        }
        RunbookFolder.runbookName(runbook);
        try {
            return sessions.open(runbook);
        } catch (RunbookFolder.OutsideFolder e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no runbook " + runbook);
        }
    }

    private void handle(Connection connection, String text) throws InterruptedException {
        Messages.Client message;
        try {
            message = codec.decode(text);
        } catch (MessageCodec.BadMessage e) {
            connection.send(new Messages.ErrorReply(e.replyTo(), e.getMessage()));
            return;
        }
        Session session = connection.session();
        Principal who = connection.who;
        try {
            String refused =
                    who == null ? "not signed in" : runs.refusal(who, typeOf(message), session, connection.address);
            if (refused != null) {
                connection.send(new Messages.ErrorReply(message.id(), "refused: " + refused));
                return;
            }
            Messages.Server reply = switch (message) {
                case Messages.Attach a -> {
                    connection.attach(a.since() == null ? 0 : a.since());
                    yield null;
                }
                case Messages.Execute e -> {
                    Runbook runbook = session.runbook();
                    if (runbook.codeCell(e.cellId()).isEmpty()) {
                        yield new Messages.ErrorReply(
                                e.id(),
                                "no cell '" + e.cellId() + "' in "
                                        + session.file().name());
                    }
                    yield queueUnlessBusy(
                            connection, e.id(), e.queue(), e.confirmRun(), runbook, e.params(), List.of(e.cellId()));
                }
                case Messages.RunAll r ->
                    queueUnlessBusy(
                            connection,
                            r.id(),
                            r.queue(),
                            r.confirmRun(),
                            session.runbook(),
                            r.params(),
                            r.cells() == null ? List.of() : List.copyOf(r.cells()));
                case Messages.Interrupt i ->
                    new Messages.Accepted(i.id(), runs.interrupt(who, session, connection.address));
                case Messages.Restart r -> {
                    if (r.language() == null || r.language().isBlank()) {
                        yield new Messages.ErrorReply(r.id(), "restart needs \"language\" (python, jupyter)");
                    }
                    boolean ended = session.restart(r.language(), r.cell());
                    audit.append(
                            who.name(),
                            Via.WS,
                            "session.restart",
                            session.file().name(),
                            ended ? "ok" : "none running",
                            connection.address,
                            Json.quoted(Json.MAPPER
                                    .createObjectNode()
                                    .put("language", r.language())
                                    .put("cell", r.cell())));
                    yield new Messages.Accepted(r.id(), null);
                }
            };
            if (reply != null) {
                connection.send(reply);
            }
        } catch (Params.InvalidParams e) {
            connection.send(new Messages.ErrorReply(message.id(), e.getMessage()));
        } catch (RuntimeException e) {
            // e.g. the runbook was deleted under the session: tell the client, keep the socket
            connection.send(new Messages.ErrorReply(message.id(), "cannot " + typeOf(message) + ": " + e.getMessage()));
        }
    }

    /**
     * Queues the run, or refuses it when the session already has a run queued or running and the client did not
     * say {@code queue: true}. Two tabs may ask at once: the check and the queueing happen under the session's
     * lock, so only one of them finds the session idle.
     */
    private Messages.Server queueUnlessBusy(
            Connection connection,
            String replyTo,
            Boolean queue,
            String confirmRun,
            Runbook runbook,
            Map<String, String> params,
            List<String> cellIds) {
        Session session = connection.session();
        synchronized (session) {
            if (session.busy() && !Boolean.TRUE.equals(queue)) {
                String active = session.snapshot().activeRunId();
                return new Messages.ErrorReply(
                        replyTo,
                        BUSY + "run " + (active == null ? "(queued)" : active)
                                + " has not finished on this session; nothing was queued."
                                + " Send queue: true to queue another run after it");
            }
            useParams(session, runbook, params);
            Optional<String> once =
                    OnceCells.refusal(runbook, session.snapshot().cells(), cellIds, confirmRun);
            if (once.isPresent()) {
                return new Messages.ErrorReply(replyTo, "refused: " + once.get());
            }
            return new Messages.Accepted(
                    replyTo,
                    runs.queue(
                            connection.who, session, cellIds, runbook.metadata().requires(), connection.address));
        }
    }

    private static String typeOf(Messages.Client message) {
        return message.getClass()
                .getAnnotation(com.fasterxml.jackson.annotation.JsonTypeName.class)
                .value();
    }

    /** Checks given values against the front matter before they replace the session's values. */
    private static void useParams(Session session, Runbook runbook, Map<String, String> params) {
        if (params != null) {
            Params.resolve(runbook.metadata(), params);
            session.setParams(params);
        }
    }

    /** The session's parameter values with secret ones masked: every browser on the session sees them. */
    private static Map<String, String> shownParams(Session session) {
        Map<String, ParamSpec> specs = session.runbook().metadata().params();
        Map<String, String> shown = new LinkedHashMap<>();
        session.params()
                .forEach((k, v) ->
                        shown.put(k, specs.containsKey(k) && specs.get(k).secret() ? "****" : v));
        return shown;
    }
}
