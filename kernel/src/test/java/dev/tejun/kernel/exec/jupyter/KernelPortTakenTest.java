package dev.tejun.kernel.exec.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.RecordingOutput;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.runbook.Attributes;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kernel's ports are found free and handed to it, which binds them a moment later; another process may take one
 * in between (seen in CI: the first cell failed, "answers on shell but not on its heartbeat"). The start is tried
 * once more on other ports. Here the heartbeat port is held by this test (a listening socket that never answers),
 * as the other process would. Real ipykernel.
 */
class KernelPortTakenTest {

    @TempDir
    Path data;

    @Test
    void execute_heartbeatPortTakenBeforeTheKernelBindsIt_startsAgainOnOtherPorts() throws Exception {
        KernelSpecs specs = KernelSpecs.in(List.of(Path.of("/usr/share/jupyter")));
        Path work = Files.createDirectories(data.resolve("sessions/s1"));
        SessionContext session = new SessionContext("s1", work, data);
        AtomicInteger starts = new AtomicInteger();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(Ports.IP));
                JupyterExecutor executor = new JupyterExecutor(
                        new KernelChoice(specs, new DefaultKernel(null)), session.sandbox(), work, () -> {
                            Ports free = Ports.free();
                            return starts.getAndIncrement() > 0
                                    ? free
                                    : new Ports(
                                            free.shell(),
                                            free.iopub(),
                                            free.stdin(),
                                            free.control(),
                                            taken.getLocalPort(),
                                            free.key());
                        })) {
            CellOutcome out = assertTimeoutPreemptively(
                    Duration.ofSeconds(120),
                    () -> executor.execute(
                            new CellRequest(
                                    "run-1",
                                    "cell",
                                    "python",
                                    "6 * 7",
                                    new Attributes(null, List.of(), Map.of()),
                                    Path.of("."),
                                    null,
                                    Map.of()),
                            new RecordingOutput()));
            assertEquals(CellStatus.OK, out.status(), out.message());
            assertEquals("42", out.value());
            assertEquals(2, starts.get(), "the first start's ports, then others");
        }
    }
}
