package dev.tejun.server.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;
import org.sqlite.core.DB;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each audit entry (and each verify) must finalize the SQLite statements it prepared on the shared connection. */
class AuditStatementLeakTest {

    @TempDir
    Path data;

    @Test
    void append_manyEntries_leavesNoOpenStatements() {
        try (ServerDatabase db = new ServerDatabase(data.resolve("tejun.db"))) {
            AuditLog log = new AuditLog(db, Clock.systemUTC());
            log.append("u", "api", "warm", null, "ok", null, null);
            log.verify();
            int before = openStatements(db);
            for (int i = 0; i < 500; i++) {
                log.append("u", "api", "act", "t" + i, "ok", "127.0.0.1", null);
            }
            log.verify();
            assertEquals(before, openStatements(db), "native statements still prepared on the connection");
        }
    }

    /** The statements sqlite-jdbc holds prepared (not finalized) on the database's one connection. */
    private static int openStatements(ServerDatabase db) {
        return db.with(c -> {
            try {
                DB native_ = c.unwrap(SQLiteConnection.class).getDatabase();
                Field stmts = DB.class.getDeclaredField("stmts");
                stmts.setAccessible(true);
                return ((Set<?>) stmts.get(native_)).size();
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        });
    }
}
