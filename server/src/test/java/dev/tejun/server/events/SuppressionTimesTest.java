package dev.tejun.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Times in the events tables compare as times, also on a whole second: {@code Instant.toString()} leaves the
 * fraction out then, and as text "…:00Z" sorts after "…:00.5Z", so a value seen half a second before a window
 * began was counted in it (noticed in the 2026-12-04 review of the "followed by" rules).
 */
class SuppressionTimesTest {

    @TempDir
    Path temp;

    @Test
    void seen_valueOnAWholeSecondBeforeTheWindow_isNotCounted() {
        try (Database db = TestDatabases.open(temp)) {
            SuppressionTable table = new SuppressionTable(db);
            table.saw("r", "web1", "early", Instant.parse("2026-01-01T00:00:00Z"));
            table.saw("r", "web1", "late", Instant.parse("2026-01-01T00:00:01Z"));

            assertEquals(List.of("late"), table.seen("r", "web1", Instant.parse("2026-01-01T00:00:00.500Z")));
            assertEquals(List.of("early", "late"), table.seen("r", "web1", Instant.parse("2025-12-31T23:59:59.500Z")));
        }
    }

    @Test
    void runsAfter_runOnAWholeSecond_isForgottenOnceTheWindowPassedIt() {
        try (Database db = TestDatabases.open(temp)) {
            SuppressionTable table = new SuppressionTable(db);
            table.ran("r", "web1", Instant.parse("2026-01-01T00:00:00Z"));
            table.ran("r", "web1", Instant.parse("2026-01-01T00:00:02.250Z"));

            assertEquals(
                    List.of(Instant.parse("2026-01-01T00:00:02.250Z")),
                    table.runsAfter("r", "web1", Instant.parse("2026-01-01T00:00:00.500Z")));
            assertEquals(
                    List.of(Instant.parse("2026-01-01T00:00:02.250Z")),
                    table.runsAfter("r", "web1", Instant.parse("2025-12-31T23:00:00Z")),
                    "the first run was deleted by the first call, not merely filtered out");
        }
    }
}
