package dev.tejun.kernel.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run.json} is written over in place while its run goes on (at each cell's end, and at the run's end with a
 * shorter status), and read meanwhile by {@code GET /api/runs/{id}}: a read between two writes of different length
 * came back as the old file with the new one's tail (seen as "Extra data" by a client parsing the answer), or the
 * new one with the old one's tail. Every read answers one whole JSON value.
 */
class RunJsonReadTest {

    @TempDir
    Path run;

    private static final ObjectReader STRICT =
            EvidenceStore.JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Test
    void readRunBytes_whileTheRecorderWritesOver_alwaysOneWholeValue() throws Exception {
        HashedFiles files = new HashedFiles(run);
        byte[] shorter = json(1);
        byte[] longer = json(40);
        files.write(EvidenceLayout.runJson(run), shorter);
        AtomicBoolean done = new AtomicBoolean();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; !done.get(); i++) {
                    files.write(EvidenceLayout.runJson(run), i % 2 == 0 ? longer : shorter);
                    LockSupport.parkNanos(20_000); // a recorder writes once per cell: far less often than this
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<String> torn = new ArrayList<>();
        int reads = 0;
        try {
            long end = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < end && torn.size() < 5) {
                byte[] read = EvidenceLayout.readRunBytes(run);
                reads++;
                try {
                    STRICT.readTree(read);
                } catch (Exception e) {
                    torn.add(read.length + " bytes: "
                            + e.getMessage().lines().findFirst().orElse(""));
                }
            }
        } finally {
            done.set(true);
            writer.join();
        }
        assertEquals(List.of(), torn, torn.size() + " of " + reads + " reads were not one whole JSON value");
    }

    /** A run.json-like value of {@code cells} cells. */
    private static byte[] json(int cells) {
        StringBuilder b = new StringBuilder("{\n  \"runId\" : \"20260101-120000-abcdef\",\n  \"cells\" : [");
        for (int i = 0; i < cells; i++) {
            b.append(i == 0 ? "" : ",").append("{ \"cellId\" : \"c").append(i).append("\", \"status\" : \"OK\" }");
        }
        return b.append("],\n  \"status\" : \"RUNNING\"\n}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
