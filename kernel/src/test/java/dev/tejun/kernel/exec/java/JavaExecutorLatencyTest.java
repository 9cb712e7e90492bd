package dev.tejun.kernel.exec.java;

import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.SessionContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Prints the warm latency of a trivial cell. It asserts only correctness: timings on a shared build machine
 * are too noisy to fail a build on, but the printed numbers show a regression to the ~200 ms of JShell's stock
 * remote engine at a glance.
 */
class JavaExecutorLatencyTest {

    private static final int WARM_UP = 100;
    private static final int MEASURED = 200;

    @Test
    void execute_warmOnePlusOne_printsLatency() {
        SessionContext session = new SessionContext("latency", Path.of("."), Path.of("."));
        try (Executor executor = new JavaExecutorFactory().create(session)) {
            for (int i = 0; i < WARM_UP; i++) {
                assertEquals("2", once(executor).value());
            }
            long[] nanos = new long[MEASURED];
            for (int i = 0; i < MEASURED; i++) {
                long start = System.nanoTime();
                CellOutcome outcome = once(executor);
                nanos[i] = System.nanoTime() - start;
                assertEquals(CellStatus.OK, outcome.status());
                assertEquals("2", outcome.value());
            }
            Arrays.sort(nanos);
            System.out.printf("java cell `1+1` warm latency over %d evals: p50 %.1f ms, p90 %.1f ms, max %.1f ms%n",
                    MEASURED, millis(nanos[MEASURED / 2]), millis(nanos[MEASURED * 9 / 10]),
                    millis(nanos[MEASURED - 1]));
        }
    }

    private static CellOutcome once(Executor executor) {
        return executor.execute(JavaExecutorTest.request("latency", "1+1", null), new RecordingOutput());
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
