package dev.tejun.kernel.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.flow.state.FlowStore;
import dev.tejun.kernel.flow.state.HoldPreviewRows;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hold point's kept preview always says where it stands, so an approver is never told "being made" of a preview
 * that will not come: ready, being made (by a live process), failed with the reason, or never made. Where it stands
 * is a row of the shared database; holds from before that row are read from their files.
 */
class HoldPreviewTest {

    private static final String HOLD = "flow:instance-1/hold";

    @TempDir
    Path tmp;

    @AutoClose
    Database db;

    HoldPreviewRows rows;

    @BeforeEach
    void open() {
        db = TestDatabases.open(tmp);
        rows = new FlowStore(db).holdPreviews();
    }

    private Path file() {
        return tmp.resolve("holds/instance-1/hold.json");
    }

    private HoldPreview at() throws java.io.IOException {
        return HoldPreview.at(rows, HOLD, file());
    }

    @Test
    void at_nothingKept_saysNoneWasMade() throws Exception {
        HoldPreview p = at();
        assertEquals(HoldPreview.State.NONE, p.state());
        assertTrue(p.reason().startsWith("no preview was made for this hold"), p.reason());
    }

    @Test
    void make_whileBeingMade_saysMaking_thenReady_andKeepsAnEvidenceCopy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HoldPreview.make(rows, HOLD, file(), "hold", () -> {
            release.await();
            return Map.of("nodes", java.util.List.of());
        });
        assertEquals(HoldPreview.State.MAKING, at().state(), "marked before it is made");
        release.countDown();
        Waits.until(() -> state() == HoldPreview.State.READY, "the preview is kept");
        assertEquals("{\n  \"nodes\" : [ ]\n}", at().json());
        assertEquals(at().json(), Files.readString(file()), "the evidence copy is the same preview");
    }

    @Test
    void make_failing_keepsTheReason() throws Exception {
        HoldPreview.make(rows, HOLD, file(), "hold", () -> {
            throw new IllegalStateException("runbook apply.md cannot be read");
        });
        Waits.until(() -> state() == HoldPreview.State.FAILED, "the failure is kept");
        assertEquals("runbook apply.md cannot be read", at().reason());
    }

    @Test
    void at_makerThatEnded_saysFailedNotMaking() throws Exception {
        rows.making(HOLD, InetAddress.getLocalHost().getHostName() + " " + ended());
        HoldPreview p = at();
        assertEquals(HoldPreview.State.FAILED, p.state(), "a server that stopped while making it never finishes it");
        assertEquals("the server making it stopped before it was finished", p.reason());
    }

    @Test
    void at_holdFromBeforeTheTable_readsItsFileMark() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(
                tmp.resolve("holds/instance-1/hold.json.making"),
                InetAddress.getLocalHost().getHostName() + " " + ended() + "\n");
        assertEquals("the server making it stopped before it was finished", at().reason());
    }

    /** {@code PID START} of a process that has ended. */
    private static String ended() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        return gone.pid() + " "
                + gone.info().startInstant().map(Instant::toEpochMilli).orElse(1L);
    }

    private HoldPreview.State state() {
        try {
            return at().state();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
