package dev.tejun.kernel.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FakeExecutorTest {

    private final FakeExecutorFactory factory = new FakeExecutorFactory();
    private final Executor executor = factory.create(new SessionContext("s1", Path.of("."), Path.of(".")));

    private static CellRequest request(String code, Duration timeout) {
        return new CellRequest("run-1", "cell-1", "fake", code, Attributes.NONE, Path.of("."), timeout, Map.of());
    }

    @Test
    void execute_printErrValue_writesStreamsAndReturnsValue() {
        RecordingOutput out = new RecordingOutput();

        CellOutcome outcome = executor.execute(request("print hello\n# note\n\nerr oops\nvalue 42", null), out);

        assertEquals(CellOutcome.ok(0, "42"), outcome);
        assertEquals("hello\n", out.stdoutText());
        assertEquals("oops\n", out.stderrText());
        assertEquals(1, factory.requests().size());
    }

    @Test
    void execute_fail_stopsWithExitCode() {
        RecordingOutput out = new RecordingOutput();

        CellOutcome outcome = executor.execute(request("print a\nfail 3\nprint b", null), out);

        assertEquals(CellStatus.FAILED, outcome.status());
        assertEquals(3, outcome.exitCode());
        assertEquals("a\n", out.stdoutText());
    }

    @Test
    void execute_bytes_emitsExactCount() {
        RecordingOutput out = new RecordingOutput();

        executor.execute(request("bytes 200001", null), out);

        byte[] bytes = out.bytes(Stream.STDOUT);
        assertEquals(200001, bytes.length);
        for (byte b : bytes) {
            assertEquals('x', b);
        }
    }

    @Test
    void execute_unknownInstruction_fails() {
        CellOutcome outcome = executor.execute(request("explode", null), new RecordingOutput());

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(outcome.message().contains("explode"), outcome.message());
    }

    @Test
    void execute_sleepPastTimeout_timesOut() {
        CellOutcome outcome =
                executor.execute(request("sleep 60000\nprint never", Duration.ofMillis(50)), new RecordingOutput());

        assertEquals(CellStatus.TIMED_OUT, outcome.status());
    }

    @Test
    void execute_interruptedWhileSleeping_returnsStoppedAndKeepsFlag() throws Exception {
        RecordingOutput out = new RecordingOutput();
        AtomicReference<CellOutcome> outcome = new AtomicReference<>();
        AtomicBoolean flag = new AtomicBoolean();
        Thread worker = Thread.ofVirtual().start(() -> {
            outcome.set(executor.execute(request("print started\nsleep 60000\nprint never", null), out));
            flag.set(Thread.currentThread().isInterrupted());
        });
        while (!out.stdoutText().contains("started")) {
            Thread.sleep(5);
        }

        worker.interrupt();
        worker.join(Duration.ofSeconds(30));

        assertFalse(worker.isAlive());
        assertEquals(CellStatus.STOPPED, outcome.get().status());
        assertTrue(flag.get(), "interrupt flag re-set");
        assertEquals("started\n", out.stdoutText());
    }

    @Test
    void close_marksExecutorClosed() {
        executor.close();

        assertTrue(factory.created().getFirst().closed());
    }
}
