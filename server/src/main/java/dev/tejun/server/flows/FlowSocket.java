package dev.tejun.server.flows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.flow.FlowChange;
import dev.tejun.kernel.flow.FlowEngine;
import dev.tejun.server.ApiException;
import dev.tejun.server.ws.HandshakePolicy;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code /ws/flows}: pushes every flow change to every connected flows page. The engine's listener only queues
 * the change (it runs while the instance is locked); each socket has its own sender thread that writes one frame
 * at a time. A client that falls {@link #BACKLOG} changes behind is closed: it reloads and reads the REST state.
 */
public final class FlowSocket implements AutoCloseable {

    static final int BACKLOG = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(FlowSocket.class);

    private final HandshakePolicy policy;
    private final ObjectMapper json;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final AutoCloseable subscription;

    FlowSocket(FlowEngine engine, HandshakePolicy policy, ObjectMapper json) {
        this.policy = policy;
        this.json = json;
        this.subscription = engine.subscribe(this::changed);
    }

    public void beforeUpgrade(Context ctx) {
        String refusal = policy.refusal(ctx.header("Host"), ctx.header("Origin"), ctx.header(HandshakePolicy.CLIENT_HEADER));
        if (refusal != null) {
            throw new ApiException(403, "WebSocket refused: " + refusal);
        }
    }

    public void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
            Client c = new Client(ctx.session);
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

    private Object message(FlowChange change) {
        return switch (change) {
            case FlowChange.InstanceChanged i -> new FlowWire.InstancePush(FlowWire.InstanceView.of(i.instance(), true));
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
        final BlockingQueue<FlowChange> queue = new ArrayBlockingQueue<>(BACKLOG);
        private Thread sender;

        Client(org.eclipse.jetty.websocket.api.Session socket) {
            this.socket = socket;
        }

        void start() {
            sender = Thread.ofVirtual().name("ws-flows-sender").start(this::pump);
        }

        void stop() {
            if (sender != null) {
                sender.interrupt();
            }
        }

        private void pump() {
            try {
                while (socket.isOpen()) {
                    FlowChange change = queue.take();
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
