package dev.tejun.server.cli.remote;

import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellOutput;
import dev.tejun.kernel.event.CellStarted;
import dev.tejun.kernel.event.Event;
import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.event.RunStarted;
import dev.tejun.kernel.run.CliPrinter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Prints events with the local run's {@link CliPrinter} and, on a terminal, keeps one progress line at the bottom of
 * stderr: cells done/total, the current cell and the time since the run started, redrawn every second. The line is
 * wiped before anything else is printed and drawn again only after a complete output line, so it never mixes
 * with output.
 */
final class ProgressLine implements Consumer<Event>, AutoCloseable {

    private final CliPrinter printer;
    private final PrintStream err;
    private final boolean enabled;
    private final LongSupplier nanos;
    private final ScheduledExecutorService ticker;
    private int total;
    private int done;
    private String current;
    private long startedAt;
    private boolean drawn;
    private boolean atLineStart = true;
    private boolean running;

    ProgressLine(PrintStream out, PrintStream err, boolean enabled) {
        this(out, err, enabled, System::nanoTime);
    }

    ProgressLine(PrintStream out, PrintStream err, boolean enabled, LongSupplier nanos) {
        this.printer = new CliPrinter(out, err);
        this.err = err;
        this.enabled = enabled;
        this.nanos = nanos;
        this.ticker = enabled
                ? Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory())
                : null;
        if (enabled) {
            ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized void accept(Event event) {
        wipe();
        printer.accept(event);
        switch (event) {
            case RunStarted e -> {
                total = e.cellIds().size();
                startedAt = nanos.getAsLong();
                running = true;
            }
            case CellStarted e -> current = e.cellId();
            case CellFinished e -> {
                done++;
                current = null;
            }
            case CellOutput e -> atLineStart = e.text().endsWith("\n");
            case RunFinished e -> running = false;
            default -> {}
        }
        if (!(event instanceof CellOutput)) {
            atLineStart = true;
        }
        draw();
    }

    /** The line as it would be drawn now, e.g. {@code [2/5] disk · 0:42}. */
    synchronized String text() {
        long seconds = Duration.ofNanos(nanos.getAsLong() - startedAt).toSeconds();
        return "[" + done + "/" + total + "]" + (current == null ? "" : " " + current) + " · " + (seconds / 60) + ":"
                + String.format("%02d", seconds % 60);
    }

    private synchronized void redraw() {
        wipe();
        draw();
    }

    private void draw() {
        if (enabled && running && atLineStart) {
            err.print("\r" + text() + "\u001b[K");
            err.flush();
            drawn = true;
        }
    }

    private void wipe() {
        if (drawn) {
            err.print("\r\u001b[K");
            err.flush();
            drawn = false;
        }
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        wipe();
    }
}
