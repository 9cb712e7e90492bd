package dev.tejun.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginThrottleTest {

    /** The flooded throttle's room: a tenth of a server's, so 3 × ROOM failures take seconds, not minutes. */
    private static final int ROOM = LoginThrottle.MAX_ENTRIES / 10;

    @TempDir
    Path home;

    private Database db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    /** A throttle over the test's own database, as a server has it. */
    private LoginThrottle throttle(Clock clock) {
        db = TestDatabases.open(home);
        return new LoginThrottle(db, clock, ROOM);
    }

    /** A clock the test moves by hand. */
    static final class Hand extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void refusal_delaysDoubleThenLockOut() {
        Hand clock = new Hand();
        LoginThrottle t = throttle(clock);
        for (int i = 0; i < LoginThrottle.FREE; i++) {
            assertNull(t.refusal("u", "1.2.3.4"));
            t.failed("u", "1.2.3.4");
        }
        assertNotNull(t.refusal("u", "9.9.9.9"), "the user name is slowed from any address");
        assertNull(t.refusal("other", "1.2.3.4"), "one name's failures do not slow others behind its address");
        clock.now = clock.now.plusSeconds(1);
        assertNull(t.refusal("u", "1.2.3.4"), "after 1 s");
        t.failed("u", "1.2.3.4");
        clock.now = clock.now.plusSeconds(1);
        assertNotNull(t.refusal("u", "1.2.3.4"), "now 2 s");
        clock.now = clock.now.plusSeconds(1);
        assertNull(t.refusal("u", "1.2.3.4"));
        for (int i = 0; i < LoginThrottle.LOCK; i++) {
            t.failed("u", "1.2.3.4");
        }
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        String locked = t.refusal("u", "5.5.5.5");
        assertTrue(locked.contains("locked"), locked);
        clock.now = clock.now.plus(LoginThrottle.LOCK_TIME);
        assertNull(t.refusal("u", "5.5.5.5"));
        t.succeeded("u");
        assertNull(t.refusal("u", "5.5.5.5"));
    }

    @Test
    void refusal_addressSlowedOnlyAfterTenTimesTheFailures_adminLiftsIt() {
        Hand clock = new Hand();
        LoginThrottle t = throttle(clock);
        for (int i = 0; i < LoginThrottle.FREE * LoginThrottle.ADDRESS_FACTOR - 1; i++) {
            t.failed("guess" + i, "1.2.3.4");
        }
        assertNull(t.refusal("alice", "1.2.3.4"));
        t.failed("guess-last", "1.2.3.4");
        assertNotNull(t.refusal("alice", "1.2.3.4"), "now the address is slowed for every name");
        assertNull(t.refusal("alice", "5.6.7.8"), "other addresses are not");
        assertEquals(
                List.of("1.2.3.4"),
                t.addressLocks().stream()
                        .map(LoginThrottle.AddressLock::address)
                        .toList());
        clock.now = clock.now.plusSeconds(5);
        assertEquals(
                List.of("1.2.3.4"),
                t.addressLocks().stream()
                        .map(LoginThrottle.AddressLock::address)
                        .toList(),
                "still listed once the wait after its last failure has passed: its next failure waits again");
        clock.now = clock.now.plus(LoginThrottle.LOCK_TIME);
        assertEquals(List.of(), t.addressLocks(), "forgotten by the list after a quiet lock time");
        t.failed("guess-again", "1.2.3.4");
        assertTrue(t.unlockAddress("1.2.3.4"));
        assertNull(t.refusal("alice", "1.2.3.4"));
        assertEquals(List.of(), t.addressLocks());
    }

    @Test
    void failed_manyMadeUpNames_rememberedStaysBoundedAndLocksSurvive() {
        Hand clock = new Hand();
        LoginThrottle t = throttle(clock);
        for (int i = 0; i < LoginThrottle.LOCK; i++) {
            t.failed("alice", "1.2.3.4");
        }
        assertTrue(t.locked("alice"));
        for (int i = 0; i < 3 * ROOM; i++) {
            clock.now = clock.now.plusMillis(1);
            t.failed("made-up-" + i, "10.0." + (i / 250) + "." + (i % 250));
        }
        assertTrue(t.remembered() <= ROOM + 2, "remembered " + t.remembered());
        assertTrue(t.locked("alice"), "a flood of other names does not lift a lock");
    }
}
