package dev.tejun.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.cmdb.db.Database;
import dev.tejun.server.auth.UserStore;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;
import org.sqlite.core.DB;

/**
 * The database's connections live as long as the server: each audit entry, verify or user listing must finalize
 * the SQLite statements it prepared, or they pile up in native memory until the server stops.
 */
class DatabaseLeakTest {

    @TempDir
    Path data;

    @Test
    void append_manyEntries_leavesNoOpenStatements() {
        try (Database db = Database.open(data.resolve("tejun.db"))) {
            AuditLog log = new AuditLog(db, Clock.systemUTC());
            log.append("u", Via.API, "warm", null, "ok", null, null);
            log.verify();
            int before = openStatements(db);
            for (int i = 0; i < 500; i++) {
                log.append("u", Via.API, "act", "t" + i, "ok", "127.0.0.1", null);
            }
            log.verify();
            assertEquals(before, openStatements(db), "native statements still prepared on the connection");
        }
    }

    @Test
    void userStore_listedManyTimes_leavesNoOpenStatements() {
        try (Database db = Database.open(data.resolve("tejun.db"))) {
            UserStore users = new UserStore(db, Clock.systemUTC());
            users.isEmpty();
            int before = openStatements(db);
            for (int i = 0; i < 200; i++) {
                users.isEmpty();
                users.list();
                users.disabled();
            }
            assertEquals(before, openStatements(db), "native statements still prepared on the connection");
        }
    }

    /**
     * The statements sqlite-jdbc holds prepared (not finalized) on the writer and on the reader that one thread's
     * reads use (the pool lends the most recently used first).
     */
    private static int openStatements(Database db) {
        return prepared(db::write) + prepared(db::read);
    }

    private static int prepared(java.util.function.Function<Database.Work<Integer>, Integer> on) {
        return on.apply(c -> {
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
