package dev.tejun.cmdb.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Wake-ups between processes sharing one database, so a watcher waits for work instead of polling every half
 * second. On PostgreSQL a writer sends {@code NOTIFY channel} inside its transaction (delivered at commit) and one
 * connection per process, opened on first use, {@code LISTEN}s to every channel a watcher asked for. On SQLite (one
 * process) a send wakes the watchers of this process. A lost listener connection is opened again and wakes every
 * watcher, so nothing sent meanwhile waits longer than the watcher's own fallback poll.
 */
public final class Wakeups implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Wakeups.class.getName());
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final int WAIT_MS = 500;

    /** Wakes one watcher: {@link #await} returns once the channel was sent to since the last return, or later. */
    public static final class Signal {
        private long fired;
        private long seen;

        synchronized void fire() {
            fired++;
            notifyAll();
        }

        /** Waits until a send since the last return, or at most {@code fallback}; true when woken by a send. */
        public synchronized boolean await(Duration fallback) throws InterruptedException {
            long deadline = System.nanoTime() + fallback.toNanos();
            while (fired == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            seen = fired;
            return true;
        }
    }

    private final DatabaseSettings settings;
    private final boolean postgres;
    private final Map<String, List<Signal>> signals = new ConcurrentHashMap<>();
    private final Set<String> listening = ConcurrentHashMap.newKeySet();
    private Thread listener;
    private volatile boolean closed;

    Wakeups(DatabaseSettings settings, boolean postgres) {
        this.settings = settings;
        this.postgres = postgres;
    }

    /** Whether sends reach other processes (PostgreSQL): a watcher may then poll far less often. */
    public boolean shared() {
        return postgres;
    }

    /** A new watcher's signal on {@code channel} (lower-case letters, digits and _). */
    public Signal signal(String channel) {
        check(channel);
        Signal s = new Signal();
        signals.computeIfAbsent(channel, k -> new CopyOnWriteArrayList<>()).add(s);
        if (postgres) {
            startListening();
        }
        return s;
    }

    /**
     * Sends to {@code channel} over {@code c}, the connection of a write transaction: on PostgreSQL the watchers of
     * every process wake when it commits; on SQLite those of this process wake now.
     */
    public void send(Connection c, String channel) throws SQLException {
        check(channel);
        if (!postgres) {
            fire(channel);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, '')")) {
            ps.setString(1, channel);
            ps.executeQuery().close();
        }
    }

    private static void check(String channel) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("not a channel name: " + channel);
        }
    }

    private void fire(String channel) {
        signals.getOrDefault(channel, List.of()).forEach(Signal::fire);
    }

    private synchronized void startListening() {
        if (listener == null && !closed) {
            listener = Thread.ofPlatform().daemon().name("db-wakeups").start(this::listen);
        }
    }

    private void listen() {
        while (!closed) {
            try (Connection c = DriverManager.getConnection(settings.url(), settings.user(), settings.password())) {
                listening.clear();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    listenToNew(c);
                    PGNotification[] got = pg.getNotifications(WAIT_MS);
                    if (got != null) {
                        for (PGNotification n : got) {
                            fire(n.getName());
                        }
                    }
                }
            } catch (SQLException e) {
                if (closed) {
                    return;
                }
                LOG.log(
                        System.Logger.Level.WARNING,
                        "the wake-up listener on " + settings.where() + " lost its connection: " + e);
                signals.keySet().forEach(this::fire); // what was sent meanwhile is looked for now
                try {
                    Thread.sleep(WAIT_MS * 2L);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** LISTENs to the channels asked for since the last round; each is woken once, for what was sent before. */
    private void listenToNew(Connection c) throws SQLException {
        for (String channel : signals.keySet()) {
            if (listening.add(channel)) {
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + channel); // checked against CHANNEL: a plain identifier
                }
                fire(channel);
            }
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = listener;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(WAIT_MS * 4L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
