package dev.tejun.cmdb.db;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wake-ups between two database objects on one PostgreSQL (two servers): a send committed through one wakes the
 * other's watcher long before its fallback poll; a rolled-back send wakes nobody; on SQLite a send wakes this
 * process's watchers.
 */
class WakeupsTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path home;

    @Test
    void send_committedThroughAnotherProcess_wakesTheWatcher() throws Exception {
        DatabaseSettings settings = TestDatabases.postgresql(home);
        try (Database a = Database.open(settings);
                Database b = Database.open(settings)) {
            Wakeups.Signal signal = a.wakeups().signal("queue_test");
            signal.await(LONG); // the first wake-up comes as the listener starts: what was sent before is looked for
            long start = System.nanoTime();
            b.write(c -> {
                b.wakeups().send(c, "queue_test");
                return null;
            });
            assertTrue(signal.await(LONG), "woken, not timed out");
            long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(ms < LONG.toMillis(), "woken after " + ms + " ms");
            System.out.println("wakeups: NOTIFY reached the other database object in " + ms + " ms");
        }
    }

    @Test
    void send_rolledBack_wakesNobody() throws Exception {
        DatabaseSettings settings = TestDatabases.postgresql(home);
        try (Database a = Database.open(settings);
                Database b = Database.open(settings)) {
            Wakeups.Signal signal = a.wakeups().signal("queue_test");
            signal.await(LONG);
            b.rolledBack(c -> {
                b.wakeups().send(c, "queue_test");
                return null;
            });
            assertFalse(signal.await(Duration.ofSeconds(2)), "a notification is delivered only at commit");
        }
    }

    @Test
    void send_onSqlite_wakesThisProcessesWatcher() throws Exception {
        try (Database db = Database.open(home.resolve("tejun.db"))) {
            Wakeups.Signal signal = db.wakeups().signal("queue_test");
            assertFalse(signal.await(Duration.ofMillis(50)), "nothing sent yet");
            db.write(c -> {
                db.wakeups().send(c, "queue_test");
                return null;
            });
            assertTrue(signal.await(Duration.ofMillis(1)), "woken at once");
        }
    }

    @Test
    void signal_channelNotAPlainName_refused() {
        try (Database db = Database.open(home.resolve("tejun.db"))) {
            assertThrows(IllegalArgumentException.class, () -> db.wakeups().signal("x; DROP TABLE y"));
        }
    }
}
