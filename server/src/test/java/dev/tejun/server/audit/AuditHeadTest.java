package dev.tejun.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.server.ServerConfig;
import dev.tejun.server.TejunServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditHeadTest {

    @TempDir
    Path data;

    private void appendFive() {
        try (Database db = Database.open(data.resolve("tejun.db"))) {
            AuditLog log = new AuditLog(db, Clock.systemUTC());
            for (int i = 0; i < 5; i++) {
                log.append("u" + i, Via.API, "act", "t" + i, "ok", "127.0.0.1", null);
            }
        }
    }

    /** What an attacker holding the database file does: no Tejun code, the triggers dropped, the tail deleted. */
    private void deleteNewest(int n) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("tejun.db"));
                Statement st = c.createStatement()) {
            st.executeUpdate("DROP TRIGGER audit_log_no_delete");
            assertEquals(
                    n, st.executeUpdate("DELETE FROM audit_log WHERE id > (SELECT MAX(id) FROM audit_log) - " + n));
        }
    }

    private record Result(int code, String out, String err) {}

    private Result verify() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AuditVerifyCommand.run(data, null, new PrintStream(out, true), new PrintStream(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void verify_untouchedLog_isOk() throws IOException {
        appendFive();
        Result r = verify();
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("5 entries"), r.out());
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(AuditHead.FILE))));
        assertEquals(
                List.of(AuditHead.FILE),
                Files.list(data)
                        .map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith("audit-head"))
                        .toList(),
                "no temp file left behind");
    }

    @Test
    void verify_newestTwoRowsDeleted_namesTheMissingEntries() throws Exception {
        appendFive();
        deleteNewest(2);
        Result r = verify();
        assertEquals(1, r.code(), r.out());
        assertTrue(
                r.err().contains("audit log ends at #3 but the head file says #5: 2 newest entries missing"), r.err());
    }

    @Test
    void verify_newestRowReplacedByAForgedOne_namesTheHashMismatch() throws Exception {
        appendFive();
        String head = Files.readString(data.resolve(AuditHead.FILE));
        deleteNewest(1);
        // a forged fifth row that chains correctly onto the fourth (Tejun's own code rewrites the head, so the
        // attacker puts the old head file back)
        try (Database db = Database.open(data.resolve("tejun.db"))) {
            assertEquals(
                    5,
                    new AuditLog(db, Clock.systemUTC())
                            .append("mallory", Via.API, "nothing", null, "ok", null, null)
                            .id());
        }
        Files.writeString(data.resolve(AuditHead.FILE), head);
        Result r = verify();
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains("#5 is not the one the head file names"), r.err());
    }

    @Test
    void verify_headFileDeletedWithRowsPresent_fails() throws IOException {
        appendFive();
        Files.delete(data.resolve(AuditHead.FILE));
        Result r = verify();
        assertEquals(1, r.code());
        assertTrue(r.err().contains("is missing"), r.err());
    }

    @Test
    void stop_closesTheServerDatabase() throws Exception {
        TejunServer server = TejunServer.start(new ServerConfig(
                ServerConfig.DEFAULT_HOST,
                0,
                Files.createDirectories(data.resolve("runbooks")),
                data,
                new ExecutorRegistry(List.of(new ShellExecutorFactory())),
                null,
                null));
        assertTrue(openHandles() > 0);
        server.stop();
        assertEquals(0, openHandles(), "file handles on tejun.db left open after stop");
    }

    private long openHandles() throws IOException {
        Path db = data.resolve("tejun.db").toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).equals(db);
                        } catch (IOException gone) {
                            return false;
                        }
                    })
                    .count();
        }
    }

    @Test
    void compare_emptyLogWithoutHead_isFine() {
        assertFalse(new AuditHead(data.resolve(AuditHead.FILE)).compare(0, null) != null);
    }
}
