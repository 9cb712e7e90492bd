package dev.tejun.kernel.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hold point's kept preview always says where it stands, so an approver is never told "being made" of a preview
 * that will not come: ready, being made (by a live process), failed with the reason, or never made.
 */
class HoldPreviewTest {

    @TempDir
    Path tmp;

    private Path file() {
        return tmp.resolve("holds/instance-1/hold.json");
    }

    @Test
    void at_nothingKept_saysNoneWasMade() throws Exception {
        HoldPreview p = HoldPreview.at(file());
        assertEquals(HoldPreview.State.NONE, p.state());
        assertTrue(p.reason().startsWith("no preview was made for this hold"), p.reason());
    }

    @Test
    void make_whileBeingMade_saysMaking_thenReady() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HoldPreview.make(file(), "hold", () -> {
            release.await();
            return Map.of("nodes", java.util.List.of());
        });
        assertEquals(HoldPreview.State.MAKING, HoldPreview.at(file()).state(), "marked before it is made");
        release.countDown();
        Waits.until(() -> state() == HoldPreview.State.READY, "the preview is kept");
        assertEquals("{\n  \"nodes\" : [ ]\n}", HoldPreview.at(file()).json());
        // cleared after the preview is in place, so there is never a moment with neither
        Waits.until(() -> !Files.exists(tmp.resolve("holds/instance-1/hold.json.making")), "the mark is cleared");
    }

    @Test
    void make_failing_keepsTheReason() throws Exception {
        HoldPreview.make(file(), "hold", () -> {
            throw new IllegalStateException("runbook apply.md cannot be read");
        });
        Waits.until(() -> state() == HoldPreview.State.FAILED, "the failure is kept");
        assertEquals("runbook apply.md cannot be read", HoldPreview.at(file()).reason());
    }

    @Test
    void at_markOfAProcessThatEnded_saysFailedNotMaking() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long start = gone.info().startInstant().map(Instant::toEpochMilli).orElse(1L);
        Files.createDirectories(file().getParent());
        Files.writeString(
                tmp.resolve("holds/instance-1/hold.json.making"),
                InetAddress.getLocalHost().getHostName() + " " + gone.pid() + " " + start + "\n");
        HoldPreview p = HoldPreview.at(file());
        assertEquals(HoldPreview.State.FAILED, p.state(), "a server that stopped while making it never finishes it");
        assertEquals("the server making it stopped before it was finished", p.reason());
    }

    private HoldPreview.State state() {
        try {
            return HoldPreview.at(file()).state();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
