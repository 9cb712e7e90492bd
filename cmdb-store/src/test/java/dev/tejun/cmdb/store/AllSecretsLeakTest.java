package dev.tejun.cmdb.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/** Asking for every secret (each run does) must not leave a prepared SQLite statement behind each time. */
class AllSecretsLeakTest {

    @TempDir
    Path dir;

    @Test
    void revealAllSecrets_manyTimes_leavesNoOpenStatements() throws Exception {
        try (CmdbStore store = new CmdbStore(dir.resolve("tejun.db"))) {
            store.revealAllSecrets();
            int before = openStatements(store);
            for (int i = 0; i < 500; i++) {
                store.revealAllSecrets();
            }
            assertEquals(before, openStatements(store), "native statements still prepared on the connection");
        }
    }

    /**
     * The statements sqlite-jdbc holds open (prepared, not finalized) on the reader the store's reads use: one
     * thread reading one after another gets the same pooled reader each time.
     */
    static int openStatements(CmdbStore store) {
        return store.database().read(c -> {
            try {
                Object db = c.unwrap(SQLiteConnection.class).getDatabase();
                Field stmts = org.sqlite.core.DB.class.getDeclaredField("stmts");
                stmts.setAccessible(true);
                return ((Set<?>) stmts.get(db)).size();
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        });
    }
}
