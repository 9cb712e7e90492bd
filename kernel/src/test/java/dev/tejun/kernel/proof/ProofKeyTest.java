package dev.tejun.kernel.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProofKeyTest {

    @TempDir
    Path data;

    @Test
    void open_firstTime_makesA0600KeyOf32RandomBytes_andKeepsIt() throws IOException {
        ProofKey key = ProofKey.open(data);
        Path file = data.resolve(ProofKey.FILE);
        assertEquals(32, Files.size(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(key.id(), ProofKey.open(data).id(), "a second open reads the same key");
        assertEquals(key.mac("a", "b"), ProofKey.load(data).mac("a", "b"));
        try (var files = Files.list(data)) {
            assertEquals(1, files.count(), "no temp file left behind");
        }
    }

    @Test
    void load_withoutKey_failsAndMakesNone() {
        IOException e = assertThrows(IOException.class, () -> ProofKey.load(data));
        assertTrue(e.getMessage().contains("no proof.key"), e.getMessage());
        assertFalse(Files.exists(data.resolve(ProofKey.FILE)));
    }

    @Test
    void open_withHeadsFromBeforeKeys_keysThemFromTheirLastEntry() throws IOException {
        Files.writeString(data.resolve(ProofKey.AUDIT_HEAD), "41 " + "a".repeat(64) + "\n");
        ProofKey key = ProofKey.open(data);
        KeyedHead head = KeyedHead.read(data.resolve(ProofKey.AUDIT_HEAD)).orElseThrow();
        assertEquals("41", head.after(), "entries up to #41 are from before keys");
        assertNull(key.problem(head, ProofKey.AUDIT, "audit head"));
        KeyedHead moved = new KeyedHead(head.id(), head.hash(), "0", head.keyId(), head.mac());
        assertTrue(key.problem(moved, ProofKey.AUDIT, "audit head").contains("rewritten without the key"));
    }

    @Test
    void mac_dependsOnEveryPartAndTheKey(@TempDir Path other) {
        ProofKey key = ProofKey.open(data);
        assertNotEquals(key.mac("audit", "1", "x"), key.mac("audit", "1", "y"));
        assertNotEquals(key.mac("audit", "1", "x"), ProofKey.open(other).mac("audit", "1", "x"));
        assertTrue(key.matches(key.mac("p"), "p"));
        assertFalse(key.matches(null, "p"));
    }
}
