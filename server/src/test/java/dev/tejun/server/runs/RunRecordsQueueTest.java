package dev.tejun.server.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.Json;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run ends are queued, not written on the thread that reports them: a busy database no longer holds up a session's
 * next run, the queue has a bound (whoever adds waits once it is full), and a stopping server's drain writes every
 * queued end, in one chain that verifies.
 */
class RunRecordsQueueTest {

    @TempDir
    Path temp;

    Database db;
    AuditLog audit;
    RunRecords records;
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void open() {
        db = TestDatabases.open(temp);
        audit = new AuditLog(db, Clock.systemUTC());
        records = new RunRecords(audit, new RunIndex(db, Json.MAPPER), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        release.countDown();
        db.close();
    }

    /** Holds the database's write lock (another writer: a CLI's run, an Excel import) until {@link #release}. */
    private void holdTheDatabase() throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        Thread.ofVirtual()
                .start(() -> db.write(c -> {
                    held.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                }));
        assertTrue(held.await(10, TimeUnit.SECONDS));
    }

    private void end(int i) {
        records.ended("alice", Via.WS, "book.md", "run-" + i, "ok", null, null);
    }

    @Test
    void ended_databaseBusy_returnsAtOnceAndDrainWritesAll() throws Exception {
        holdTheDatabase();
        Thread ender = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 100; i++) {
                end(i);
            }
        });
        ender.join(Duration.ofSeconds(5));
        boolean waited = ender.isAlive();
        release.countDown();
        assertFalse(waited, "reporting 100 run ends waited for the busy database");

        records.drain(Duration.ofSeconds(30));
        assertEquals(
                100,
                audit.query(new AuditLog.Filter(null, "execution.end", null, null, 1000))
                        .size());
        AuditLog.Verification v = audit.verify();
        assertTrue(v.ok(), v.problem());
        assertEquals(100, v.entries());
    }

    @Test
    void ended_queueFull_waitsUntilTheWriterCatchesUp() throws Exception {
        holdTheDatabase();
        int more = RecordQueue.CAPACITY + RecordQueue.BATCH + 10;
        Thread adder = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < more; i++) {
                end(i);
            }
        });
        adder.join(Duration.ofSeconds(2));
        assertTrue(adder.isAlive(), "the queue took every record while nothing could be written");

        release.countDown();
        adder.join(Duration.ofSeconds(60));
        assertFalse(adder.isAlive());
        records.drain(Duration.ofSeconds(60));
        AuditLog.Verification v = audit.verify();
        assertTrue(v.ok(), v.problem());
        assertEquals(more, v.entries());
    }
}
