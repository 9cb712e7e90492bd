package dev.tejun.server.flows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.flow.FlowChange;
import dev.tejun.kernel.flow.FlowEngine;
import dev.tejun.server.ApiException;
import dev.tejun.server.auth.OpenSockets;
import dev.tejun.server.auth.Principal;
import dev.tejun.server.auth.SocketAccess;
import dev.tejun.server.ws.HandshakePolicy;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws/flows}: pushes every flow change to every connected flows page whose user may read flows. The
 * handshake needs a sign-in with viewer, as {@code /ws/session} does; each push checks the user's roles as they are
 * then (at most a second old), and a user who is disabled, deleted or loses a role is closed at once through
 * {@link OpenSockets}. The engine's listener only queues
 * the change (it runs while the instance is locked); each socket has its own sender thread that writes one frame
 * at a time. A client that falls {@link #BACKLOG} changes behind is closed: it reloads and reads the REST state.
 */
public final class FlowSocket implements AutoCloseable {

    static final int BACKLOG = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(FlowSocket.class);

    static final String PRINCIPAL = "tejun.flows.principal";

    private final HandshakePolicy policy;
    private final SocketAccess access;
    private final ObjectMapper json;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final AutoCloseable subscription;

    FlowSocket(FlowEngine engine, HandshakePolicy policy, SocketAccess access, ObjectMapper json) {
        this.policy = policy;
        this.access = access;
        this.json = json;
        this.subscription = engine.subscribe(this::changed);
    }

    public void beforeUpgrade(Context ctx) {
        String refusal = policy.refusal(ctx);
        if (refusal != null) {
            throw new ApiException(403, "WebSocket refused: " + refusal);
        }
        ctx.attribute(PRINCIPAL, access.admit(ctx));
    }

    public void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
            Principal who = ctx.attribute(PRINCIPAL);
            if (who == null) {
                ctx.closeSession(OpenSockets.POLICY, "sign in first");
                return;
            }
            var socket = ctx.session;
            Client c = new Client(
                    socket, who, access.opened(who, (code, reason) -> socket.close(code, reason, Callback.NOOP)));
            // first in its queue, before any change can be: a client that reads the REST state on this message
            // misses nothing (before, a change between the handshake and this registration was lost)
            c.queue.add(FlowWire.Subscribed.INSTANCE);
            clients.put(ctx.sessionId(), c);
            c.start();
        });
        ws.onClose(this::closed);
        ws.onError(this::closed);
    }

    private void closed(WsContext ctx) {
        Client c = clients.remove(ctx.sessionId());
        if (c != null) {
            c.stop();
        }
    }

    private void changed(FlowChange change) {
        if (change instanceof FlowChange.Transitioned) {
            return; // history lines go to the audit log and the evidence, not to the page
        }
        for (Map.Entry<String, Client> e : clients.entrySet()) {
            if (!e.getValue().queue.offer(change)) {
                LOG.info("flows socket {} fell behind; closing it", e.getKey());
                clients.remove(e.getKey());
                e.getValue().stop();
                e.getValue().socket.close(1013, "too far behind; reload", Callback.NOOP);
            }
        }
    }

    private Object message(Object queued) {
        if (!(queued instanceof FlowChange change)) {
            return queued; // the subscribed message
        }
        return switch (change) {
            case FlowChange.InstanceChanged i ->
                new FlowWire.InstancePush(FlowWire.InstanceView.of(i.instance(), true));
            case FlowChange.NodeChanged n -> new FlowWire.NodePush(n.instanceId(), FlowWire.NodeView.of(n.node()));
            case FlowChange.Transitioned t -> throw new IllegalArgumentException("transitions are not pushed");
        };
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception ignored) {
            // removing a listener does not fail
        }
        clients.values().forEach(Client::stop);
        clients.clear();
    }

    /** One socket and the thread that writes to it. */
    private final class Client {
        final org.eclipse.jetty.websocket.api.Session socket;
        /** Flow changes, after the one {@link FlowWire.Subscribed} message that opens the connection. */
        final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(BACKLOG + 1);

        private final Principal who;
        private final AutoCloseable registration;
        private Thread sender;
        private long checkedAt = System.nanoTime();

        Client(org.eclipse.jetty.websocket.api.Session socket, Principal who, AutoCloseable registration) {
            this.socket = socket;
            this.who = who;
            this.registration = registration;
        }

        /** The user's roles now, read again at most once a second: a push is never sent to who may not read it. */
        private boolean mayRead() {
            if (System.nanoTime() - checkedAt < 1_000_000_000L) {
                return true;
            }
            checkedAt = System.nanoTime();
            return access.mayRead(who);
        }

        void start() {
            sender = Thread.ofVirtual().name("ws-flows-sender").start(this::pump);
        }

        void stop() {
            if (sender != null) {
                sender.interrupt();
            }
            try {
                registration.close();
            } catch (Exception ignored) {
                // forgetting a set member does not fail
            }
        }

        private void pump() {
            try {
                while (socket.isOpen()) {
                    Object change = queue.take();
                    if (!mayRead()) {
                        socket.close(OpenSockets.POLICY, "may no longer read flows", Callback.NOOP);
                        return;
                    }
                    Callback.Completable written = new Callback.Completable();
                    socket.sendText(json.writeValueAsString(message(change)), written);
                    written.get();
                }
            } catch (InterruptedException e) {
                // the socket closed or the server stops
            } catch (ExecutionException | JsonProcessingException | RuntimeException e) {
                LOG.debug("flows sender stopped", e);
            }
        }
    }
}
