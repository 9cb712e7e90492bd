package dev.tejun.cmdb.secret;

import static dev.tejun.cmdb.testing.Fixtures.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    static final String PASSWORD = "correct-horse-battery-staple";

    @TempDir
    Path home;

    @Test
    void secret_neverListedNorStoredInClear() throws Exception {
        long id;
        try (CmdbStore cmdb = new CmdbStore(TestDatabases.settings(home), Clock.systemUTC())) {
            Row row = cmdb.register("hosts", RowDraft.host("web1", Map.of("credential", PASSWORD)), ALICE);
            id = row.id();
            assertEquals(Row.MASK, row.value("credential"));
            assertEquals(
                    Row.MASK, cmdb.list("hosts", RowQuery.active()).getFirst().value("credential"));
            assertEquals(Row.MASK, cmdb.history("hosts", id).getFirst().after().value("credential"));
            assertFalse(cmdb.list("hosts", RowQuery.all()).toString().contains(PASSWORD));
            assertEquals(Optional.of(PASSWORD), cmdb.revealSecret("hosts", id, "credential", null));
            // Bytes of the database, its WAL and its shared memory, while the store is still open.
            assertFalse(anyFileContains(PASSWORD), "plaintext secret found in the data directory");
        }
        assertFalse(anyFileContains(PASSWORD), "plaintext secret found after checkpoint");
        try (CmdbStore reopened = new CmdbStore(TestDatabases.settings(home), Clock.systemUTC())) {
            assertEquals(Optional.of(PASSWORD), reopened.revealSecret("hosts", id, "credential", null));
        }
    }

    @Test
    void update_withoutSecret_keepsIt_andNewValueReplacesIt() {
        try (CmdbStore cmdb = new CmdbStore(TestDatabases.settings(home), Clock.systemUTC())) {
            Row row = cmdb.register("hosts", RowDraft.host("web1", Map.of("credential", PASSWORD, "user", "a")), ALICE);
            row = cmdb.update("hosts", row.id(), 1, RowDraft.host("web1", Map.of("user", "b")), ALICE);
            assertEquals(Optional.of(PASSWORD), cmdb.revealSecret("hosts", row.id(), "credential", null));
            row = cmdb.update(
                    "hosts", row.id(), 2, RowDraft.host("web1", Map.of("user", "b", "credential", Row.MASK)), ALICE);
            assertEquals(2, row.version(), "the mask means unchanged");
            row = cmdb.update(
                    "hosts", row.id(), 2, RowDraft.host("web1", Map.of("user", "b", "credential", "new")), ALICE);
            assertEquals(3, row.version());
            assertEquals(Optional.of("new"), cmdb.revealSecret("hosts", row.id(), "credential", null));
            Map<String, Object> cleared = new HashMap<>(Map.of("user", "b"));
            cleared.put("credential", null);
            row = cmdb.update("hosts", row.id(), 3, RowDraft.host("web1", cleared), ALICE);
            assertEquals(
                    Optional.empty(), cmdb.revealSecret("hosts", row.id(), "credential", null), "explicit null clears");
            long id = row.id();
            assertThrows(IllegalArgumentException.class, () -> cmdb.revealSecret("hosts", id, "user", null));
        }
    }

    @Test
    void keyFile_isOwnerOnly_andWrongKeyCannotOpen() throws Exception {
        SecretBox box = new SecretBox(home.resolve("k/secret.key"));
        String sealed = box.seal("hosts", "credential", PASSWORD);
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("k/secret.key"))));
        assertEquals(PASSWORD, box.open("hosts", "credential", sealed));
        assertThrows(IllegalStateException.class, () -> box.open("hosts", "other_column", sealed));
        assertThrows(
                IllegalStateException.class,
                () -> new SecretBox(home.resolve("k2/secret.key")).open("hosts", "credential", sealed));
        assertTrue(SecretBox.isSealed(sealed) && !sealed.contains(PASSWORD));
        assertFalse(sealed.equals(box.seal("hosts", "credential", PASSWORD)), "a fresh nonce per value");
    }

    private boolean anyFileContains(String text) throws Exception {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(file), needle) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
