package dev.tejun.server.ws;

import dev.tejun.kernel.event.CellOutput;
import dev.tejun.kernel.event.Event;
import dev.tejun.kernel.session.EventLog;
import dev.tejun.kernel.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open socket bound to one session. After {@code attach}, a sender on its own virtual thread pulls events
 * from the session's log at the client's pace and waits for each frame to be written before it pulls more: a
 * slow client never blocks execution, and what the server holds for it is one batch, not a growing queue.
 */
final class Connection {

    static final int BATCH = 500;
    /** Output characters per {@code events} message, so one message stays a reasonable frame for a browser. */
    static final int MESSAGE_CHARS = 256 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    private final org.eclipse.jetty.websocket.api.Session socket;
    private final Session session;
    private final MessageCodec codec;
    private final Supplier<Map<String, String>> shownParams;
    private final ReentrantLock sending = new ReentrantLock();
    private volatile Thread sender;
    private volatile boolean open = true;
    /** Who opened the socket (set once at connect) and from where, for role checks and the audit log. */
    volatile dev.tejun.server.auth.Principal who;

    volatile String address;

    Connection(
            org.eclipse.jetty.websocket.api.Session socket,
            Session session,
            MessageCodec codec,
            Supplier<Map<String, String>> shownParams) {
        this.socket = socket;
        this.session = session;
        this.codec = codec;
        this.shownParams = shownParams;
    }

    Session session() {
        return session;
    }

    /** Sends the snapshot, then (from a fresh sender) every event after {@code since}. */
    synchronized void attach(long since) throws InterruptedException {
        stopSender();
        if (!open) {
            return;
        }
        send(codec.snapshot(session.snapshot(), shownParams.get()));
        sender = Thread.ofVirtual().name("ws-sender-" + session.id()).start(() -> pump(since));
    }

    private void pump(long since) {
        EventLog log = session.events();
        long cursor = since;
        try {
            while (open && !Thread.currentThread().isInterrupted()) {
                EventLog.Batch batch = log.since(cursor, BATCH);
                if (batch.events().isEmpty()) {
                    log.awaitAfter(cursor, 1, TimeUnit.SECONDS);
                    continue;
                }
                for (List<Event> part : split(batch.events())) {
                    sendText(codec.encodeEvents(part));
                }
                cursor = batch.lastSeq();
            }
        } catch (InterruptedException e) {
            // stopped: the socket closed or the client attached again
        } catch (RuntimeException e) {
            LOG.debug("sender stopped for {}", session.id(), e);
        }
    }

    /** Cuts a batch where its output text passes {@link #MESSAGE_CHARS}; a single large event stays whole. */
    static List<List<Event>> split(List<Event> events) {
        List<List<Event>> parts = new ArrayList<>();
        List<Event> part = new ArrayList<>();
        long chars = 0;
        for (Event e : events) {
            long size = e instanceof CellOutput out ? out.text().length() : 0;
            if (!part.isEmpty() && chars + size > MESSAGE_CHARS) {
                parts.add(part);
                part = new ArrayList<>();
                chars = 0;
            }
            part.add(e);
            chars += size;
        }
        if (!part.isEmpty()) {
            parts.add(part);
        }
        return parts;
    }

    /** Writes one message and waits until it is written, so sends from the sender and replies never interleave. */
    void send(Messages.Server message) throws InterruptedException {
        sendText(codec.encode(message));
    }

    private void sendText(String text) throws InterruptedException {
        sending.lockInterruptibly();
        try {
            if (!open || !socket.isOpen()) {
                return;
            }
            Callback.Completable written = new Callback.Completable();
            socket.sendText(text, written);
            written.get();
        } catch (ExecutionException e) {
            close();
            throw new IllegalStateException("socket write failed", e.getCause());
        } finally {
            sending.unlock();
        }
    }

    /** Stops the sender; the socket itself is closed by whoever closed it. */
    void close() {
        open = false;
        // No lock here: the sender itself may call this while attach() waits for it to end.
        Thread t = sender;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
    }

    private void stopSender() throws InterruptedException {
        Thread t = sender;
        sender = null;
        if (t != null) {
            t.interrupt();
            t.join();
        }
    }
}
