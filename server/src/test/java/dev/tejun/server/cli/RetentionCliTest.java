package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.retention.SyntheticRuns;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tejun evidence prune | hold | release | holds} on a data folder, and {@code tejun evidence verify} after a
 * prune naming the pruned runs as pruned.
 */
class RetentionCliTest {

    @TempDir
    Path temp;

    Path home;
    List<String> ids;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void runs() throws Exception {
        home = Files.createDirectories(temp.resolve("home"));
        ids = new SyntheticRuns(home.resolve("evidence"), Instant.parse("2026-01-01T00:00:00Z")).record("a.md", 6, 50);
        Files.writeString(home.resolve("retention.yaml"), "default: { keep-runs: 1 }\narchive: true\n");
    }

    int tejun(String... words) throws Exception {
        return LocalCli.run(out, err, home, System.getenv(), words);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void prune_thenVerify_reportsPrunedNotTampered() throws Exception {
        assertEquals(0, tejun("evidence", "hold", "run", ids.get(2), "--reason", "audit 2026-Q1"));
        assertEquals(0, tejun("evidence", "prune", "--dry-run"));
        assertTrue(out().startsWith("would prune 4 of 6 runs"), out());
        assertTrue(Files.exists(home.resolve("evidence").resolve(ids.get(0)).resolve("cells/01-a/stdout.bin")));

        assertEquals(0, tejun("evidence", "prune"));
        assertTrue(out().startsWith("pruned 4 of 6 runs"), out());
        assertTrue(out().contains("archived in evidence-"), out());
        assertTrue(out().contains("1 kept by legal holds"), out());

        assertEquals(0, tejun("evidence", "verify"), err.toString(StandardCharsets.UTF_8));
        assertTrue(out().contains("evidence intact: 6 runs checked"), out());
        assertTrue(out().contains("4 runs pruned by retention"), out());
        assertTrue(Files.exists(home.resolve("evidence").resolve(ids.get(2)).resolve("cells/01-a/stdout.bin")));
    }

    @Test
    void holdReleaseHolds_listedAndRefusedClearly() throws Exception {
        assertEquals(0, tejun("evidence", "hold", "run", ids.get(0), "--reason", "case 7"));
        assertEquals(0, tejun("evidence", "holds"));
        assertTrue(out().contains("run " + ids.get(0)) && out().contains("case 7"), out());
        assertEquals(0, tejun("evidence", "release", "run", ids.get(0)));
        assertEquals(1, tejun("evidence", "release", "run", ids.get(0)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no legal hold on run " + ids.get(0)));
        assertEquals(1, tejun("evidence", "hold", "flow", "nope", "--reason", "x"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no flow instance nope"));
        assertEquals(1, tejun("evidence", "hold", "run", ids.get(0)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("needs a reason"));
        assertEquals(2, tejun("evidence", "prune", "extra"));
        assertFalse(out().contains("pruned"));
    }
}
