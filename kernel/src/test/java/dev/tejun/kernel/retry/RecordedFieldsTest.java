package dev.tejun.kernel.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tejun.kernel.Json;
import dev.tejun.kernel.evidence.EvidenceLayout;
import dev.tejun.kernel.evidence.ResultJson;
import dev.tejun.kernel.evidence.RunJson;
import dev.tejun.kernel.secret.MaskingOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fields an earlier run's cells left, read back from evidence written as a run writes it. */
class RecordedFieldsTest {

    private static final String RUN = "20261205-020000-abcdef";

    @TempDir
    Path evidence;

    private void cell(Path run, String dir, String id, String stdout, String value) throws Exception {
        Path cellDir = Files.createDirectories(run.resolve(dir));
        Files.writeString(cellDir.resolve(EvidenceLayout.streamFile("stdout", null)), stdout);
        ResultJson result =
                new ResultJson(id, "sh", "OK", 0, Instant.EPOCH, Instant.EPOCH, 1, null, null, null, null, null, value);
        Files.write(EvidenceLayout.resultJson(cellDir), Json.MAPPER.writeValueAsBytes(result));
    }

    @Test
    void of_valueKept_readBackWithStdoutExitAndStatus_butNotAValueThatHeldASecret() throws Exception {
        Path run = Files.createDirectories(evidence.resolve(RUN));
        cell(run, "cells/01-make", "make", "made\n", "42");
        cell(run, "cells/02-token", "token", "t\n", "Bearer " + MaskingOutput.MASK);
        RunJson json = new RunJson(
                RUN,
                "a.md",
                null,
                null,
                false,
                Map.of(),
                "u",
                "cli",
                Instant.EPOCH,
                Instant.EPOCH,
                "FAILED",
                List.of(
                        new RunJson.CellEntry("make", "cells/01-make", "OK", 0, 1L),
                        new RunJson.CellEntry("token", "cells/02-token", "OK", 0, 1L)),
                null);
        Files.write(EvidenceLayout.runJson(run), Json.MAPPER.writeValueAsBytes(json));

        Map<String, Map<String, String>> fields = RecordedFields.of(evidence, RUN);

        assertEquals(Map.of("stdout", "made", "exit", "0", "status", "ok", "value", "42"), fields.get("make"));
        assertFalse(
                fields.get("token").containsKey("value"),
                "the mask is not handed on as the value: " + fields.get("token"));
        assertEquals("t", fields.get("token").get("stdout"));
    }
}
