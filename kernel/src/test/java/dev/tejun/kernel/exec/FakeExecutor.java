package dev.tejun.kernel.exec;

import dev.tejun.kernel.event.Stream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Test fixture: an executor whose cell code is a tiny script, one instruction a line, so tests of sessions and
 * servers need no real programs. Instructions:
 * <pre>
 * print TEXT   TEXT and a newline on stdout
 * err TEXT     TEXT and a newline on stderr
 * sleep MS     wait; an interrupt stops the cell (STOPPED), the request's timeout ends it (TIMED_OUT)
 * fail N       end now with exit code N (FAILED)
 * value V      the cell's value when it succeeds
 * bytes N      N bytes of 'x' on stdout, in chunks
 * </pre>
 * Blank lines and lines starting with {@code #} are skipped; an unknown instruction fails the cell.
 * Like a real executor it re-sets the thread's interrupt flag when it returns STOPPED.
 */
public final class FakeExecutor implements Executor {

    private static final int CHUNK = 64 * 1024;

    private final SessionContext session;
    private final List<CellRequest> requests;
    private volatile boolean closed;

    FakeExecutor(SessionContext session, List<CellRequest> requests) {
        this.session = session;
        this.requests = requests;
    }

    public SessionContext session() {
        return session;
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public CellOutcome execute(CellRequest request, Output output) {
        requests.add(request);
        long deadline = request.timeout() == null
                ? Long.MAX_VALUE
                : System.nanoTime() + request.timeout().toNanos();
        String value = null;
        for (String raw : request.code().split("\n", -1)) {
            if (Thread.currentThread().isInterrupted()) {
                return CellOutcome.stopped();
            }
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            String op = space < 0 ? line : line.substring(0, space);
            String arg = space < 0 ? "" : line.substring(space + 1);
            try {
                switch (op) {
                    case "print" -> output.stdout(arg + "\n");
                    case "err" -> output.stderr(arg + "\n");
                    case "value" -> value = arg;
                    case "fail" -> {
                        int code = Integer.parseInt(arg.strip());
                        return CellOutcome.failed(code, "exit code " + code);
                    }
                    case "bytes" -> emit(Long.parseLong(arg.strip()), output);
                    case "sleep" -> {
                        long wake = System.nanoTime()
                                + Duration.ofMillis(Long.parseLong(arg.strip())).toNanos();
                        if (wake - deadline > 0) {
                            sleepUntil(deadline);
                            return CellOutcome.timedOut(request.timeout());
                        }
                        sleepUntil(wake);
                    }
                    default -> {
                        return CellOutcome.failed(null, "fake: unknown instruction: " + line);
                    }
                }
            } catch (NumberFormatException e) {
                return CellOutcome.failed(null, "fake: not a number in: " + line);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CellOutcome.stopped();
            }
        }
        return CellOutcome.ok(0, value);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(Duration.ofNanos(left));
        }
    }

    private static void emit(long count, Output output) {
        byte[] chunk = new byte[CHUNK];
        Arrays.fill(chunk, (byte) 'x');
        for (long left = count; left > 0; left -= CHUNK) {
            output.write(Stream.STDOUT, null, chunk, 0, (int) Math.min(CHUNK, left));
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
