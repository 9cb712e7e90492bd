package dev.tejun.kernel.exec.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.RecordingOutput;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Restart kernel" on one cell ends the kernel that cell runs in and no other: a session holding two kernels (the
 * system's python3 and a second kernelspec, {@code other}, made here over the same ipykernel) keeps the other one's
 * variables. Real ipykernel processes.
 */
class KernelRestartTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(120);

    @TempDir
    Path data;

    private static CellRequest cell(String kernel, String code) {
        return new CellRequest(
                "run-1",
                "cell",
                "python",
                code,
                new Attributes(null, List.of(), Map.of("kernel", kernel)),
                Path.of("."),
                null,
                Map.of());
    }

    @Test
    void restart_oneCellsKernel_endsOnlyThatKernel() throws Exception {
        Path jupyter = Files.createDirectories(data.resolve("jupyter/kernels/other"));
        Files.copy(Path.of("/usr/share/jupyter/kernels/python3/kernel.json"), jupyter.resolve("kernel.json"));
        KernelSpecs specs = KernelSpecs.in(List.of(data.resolve("jupyter"), Path.of("/usr/share/jupyter")));
        Path work = Files.createDirectories(data.resolve("sessions/s1"));
        SessionContext session = new SessionContext("s1", work, data);
        try (JupyterExecutor executor =
                new JupyterExecutor(new KernelChoice(specs, new DefaultKernel(null)), session.sandbox(), work)) {
            assertTimeoutPreemptively(HANG_GUARD, () -> {
                assertEquals(
                        CellStatus.OK,
                        executor.execute(cell("python3", "a = 1"), new RecordingOutput())
                                .status());
                assertEquals(
                        CellStatus.OK,
                        executor.execute(cell("other", "b = 2"), new RecordingOutput())
                                .status());

                assertTrue(executor.restart(cell("other", "b")), "the other kernel was running");

                CellOutcome kept = executor.execute(cell("python3", "a"), new RecordingOutput());
                assertEquals(CellStatus.OK, kept.status(), kept.message());
                assertEquals("1", kept.value());
                CellOutcome gone = executor.execute(cell("other", "b"), new RecordingOutput());
                assertEquals(CellStatus.FAILED, gone.status());
                assertTrue(gone.message().startsWith("NameError"), gone.message());
            });
        }
    }
}
