package dev.tejun.kernel.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run ids never repeat within a process, however many runs start in one second. Found by bench/load: with the second
 * and six random hex digits, two runs of one server got the same id at ~800 runs/s (a collision is expected after a
 * few thousand ids in one second), and the second run wrote into the first one's evidence folder.
 */
class RunIdsTest {

    @TempDir
    Path data;

    @Test
    void newRunId_manyInOneSecond_allDifferent() {
        Clock oneSecond = Clock.fixed(Instant.parse("2026-12-06T17:58:02Z"), ZoneOffset.UTC);
        EvidenceStore store = new EvidenceStore(data.resolve("evidence"), oneSecond);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = store.newRunId();

            assertTrue(ids.add(id), () -> "run id " + id + " given twice, after " + ids.size() + " others");
            assertTrue(id.startsWith("20261206-175802-"), id);
            assertTrue(RunIds.isRunId(id), id);
        }
    }

    @Test
    void isRunId_bothForms_otherNamesNot() {
        assertTrue(RunIds.isRunId("20260101-120000-a1b2c3"), "the six-digit form of earlier runs");
        assertTrue(RunIds.isRunId("20260101-120000-a1b2c3d4e5f6"));
        assertFalse(RunIds.isRunId("20260101-120000-a1b2c3d4"), "eight digits");
        assertFalse(RunIds.isRunId("20260101-120000-A1B2C3"), "upper case");
        assertFalse(RunIds.isRunId("../20260101-120000-a1b2c3"));
        assertFalse(RunIds.isRunId(null));
        assertEquals(
                "19700101-000000-".length() + 12, RunIds.next(Instant.EPOCH).length());
    }
}
