package dev.tejun.kernel.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chain head written from a thread whose interrupt flag is set (a session closing as its run ends). */
class KeyedHeadTest {

    @TempDir
    Path dir;

    @Test
    void write_onAnInterruptedThread_isWrittenWholeAndTheFlagStays() throws Exception {
        Path file = dir.resolve("audit-head");
        KeyedHead head = new KeyedHead("7", "ab".repeat(32), "3", "k1", "cd".repeat(32));
        Thread.currentThread().interrupt();
        try {
            KeyedHead.write(file, head);
        } finally {
            assertTrue(Thread.interrupted(), "the caller's interrupt is left for it to see");
        }
        assertEquals(head, KeyedHead.read(file).orElseThrow());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var left = Files.list(dir)) {
            assertEquals(1, left.count(), "no temp file left beside it");
        }
    }
}
