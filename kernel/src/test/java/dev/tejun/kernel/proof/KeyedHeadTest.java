package dev.tejun.kernel.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a chain head file is written: whole, in place, readable after any earlier head. */
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

    @Test
    void write_overAnEarlierHead_keepsTheFileAndReadsTheNewHeadShorterOrLonger() throws Exception {
        Path file = dir.resolve("CHAIN");
        KeyedHead first = new KeyedHead("20261205-013000-abcdef", "ab".repeat(32), "-", "k1", "cd".repeat(32));
        KeyedHead shorter = new KeyedHead("7", "ef".repeat(32), "-", "k1", "01".repeat(32));
        KeyedHead longer =
                new KeyedHead("20261205-013001-abcdef-0123456789", "23".repeat(32), "-", "k2", "45".repeat(32));
        KeyedHead.write(file, first);
        Object inode = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        KeyedHead.write(file, shorter);
        assertEquals(shorter, KeyedHead.read(file).orElseThrow());
        KeyedHead.write(file, longer);
        assertEquals(longer, KeyedHead.read(file).orElseThrow());
        KeyedHead.write(file, shorter);
        assertEquals(shorter, KeyedHead.read(file).orElseThrow());
        // written over in place, not replaced by a rename (which on ext4 starts a write-back of its own each time)
        assertEquals(
                inode, Files.readAttributes(file, BasicFileAttributes.class).fileKey());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var left = Files.list(dir)) {
            assertEquals(1, left.count(), "no temp file left beside it");
        }
    }
}
