package dev.tejun.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.proof.KeyedHead;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many entries appended in one transaction form the same chain single appends do: consecutive ids, each linked to
 * the one before and keyed, the head file naming the last; and a batch whose transaction fails leaves no entry.
 */
class AuditGroupCommitTest {

    @TempDir
    Path temp;

    @Test
    void appendAll_betweenSingleAppends_chainVerifiesAndHeadNamesTheLast() throws Exception {
        try (Database db = TestDatabases.open(temp)) {
            AuditLog log = new AuditLog(db, Clock.systemUTC());
            log.append("alice", Via.WEB, "login", null, "ok", "127.0.0.1", null);
            List<AuditLog.Draft> drafts = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                drafts.add(new AuditLog.Draft("bob", Via.WS, "execution.end", "b" + i + ".md", "ok", null, null));
            }
            List<AuditEntry> written = log.appendAll(drafts);
            AuditEntry last = log.append("alice", Via.WEB, "logout", null, "ok", "127.0.0.1", null);

            assertEquals(50, written.size());
            assertEquals(2, written.getFirst().id());
            assertEquals(51, written.getLast().id());
            assertEquals(written.get(9).hash(), written.get(10).prevHash());
            assertEquals(written.getLast().hash(), last.prevHash());
            AuditLog.Verification v = log.verify();
            assertTrue(v.ok(), v.problem());
            assertEquals(52, v.entries());
            assertEquals(null, v.notKeyed());
            KeyedHead head = AuditHead.beside(db.file()).read().orElseThrow();
            assertEquals("52", head.id());
            assertEquals(last.hash(), head.hash());
        }
    }

    @Test
    void appendAll_transactionFails_noEntryIsLeft() throws Exception {
        try (Database db = TestDatabases.open(temp)) {
            AuditLog log = new AuditLog(db, Clock.systemUTC());
            log.append("alice", Via.WEB, "login", null, "ok", null, null);
            try {
                db.write(c -> {
                    log.appendAll(List.of(
                            new AuditLog.Draft("bob", Via.WS, "execution.start", "a.md", "queued", null, null),
                            new AuditLog.Draft("bob", Via.WS, "execution.end", "a.md", "ok", null, null)));
                    throw new IllegalStateException("the disk is full");
                });
            } catch (IllegalStateException expected) {
                // rolled back
            }
            assertEquals(
                    1,
                    log.query(new AuditLog.Filter(null, null, null, null, 10)).size());
        }
    }
}
