package dev.tejun.kernel.run;

import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellOutput;
import dev.tejun.kernel.event.CellResult;
import dev.tejun.kernel.event.CellStarted;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Event;
import dev.tejun.kernel.event.HostStatus;
import dev.tejun.kernel.event.OutputGap;
import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.event.RunStarted;
import dev.tejun.kernel.event.Stream;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Prints a run's events for a terminal: a line when each cell starts and ends, the output in between
 * (stdout to stdout, stderr to stderr, with the host in front for fan-out cells).
 */
public final class CliPrinter implements Consumer<Event> {

    private final PrintStream out;
    private final PrintStream err;
    private int total;
    private int done;

    public CliPrinter(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void accept(Event event) {
        switch (event) {
            case RunStarted e -> {
                total = e.cellIds().size();
                out.println("▶ " + e.runbook() + " — " + total + (total == 1 ? " cell" : " cells") + " (run "
                        + e.runId() + ")");
            }
            case CellStarted e ->
                out.println("── [" + (done + 1) + "/" + total + "] " + e.cellId() + " (" + e.language() + ")");
            case CellOutput e -> {
                PrintStream target = e.stream() == Stream.STDERR ? err : out;
                target.print(e.host() == null ? e.text() : prefixed(e.host(), e.text()));
                target.flush();
            }
            case CellResult e -> out.println("= " + e.data());
            case HostStatus e ->
                out.println("   " + e.host() + ": " + e.status() + (e.detail() == null ? "" : " " + e.detail()));
            case CellFinished e -> {
                done++;
                out.println(mark(e.status()) + " " + e.cellId() + " "
                        + e.status().name().toLowerCase()
                        + (e.exitCode() == null ? "" : " (exit " + e.exitCode() + ")")
                        + (e.status() == CellStatus.SKIPPED || e.status() == CellStatus.FROZEN
                                ? ""
                                : ", " + e.durationMillis() + " ms")
                        + (e.message() == null || e.status() == CellStatus.OK ? "" : ": " + e.message()));
            }
            case RunFinished e -> {
                out.println(mark(e.status()) + " run " + e.status().name().toLowerCase()
                        + (e.message() == null ? "" : ": " + e.message()));
                if (e.evidence() != null) {
                    out.println("evidence: " + e.evidence());
                }
            }
            case OutputGap e -> out.println("… output left out (kept in evidence)");
        }
        out.flush();
    }

    private static String prefixed(String host, String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("(?<=\n)")) {
            sb.append('[').append(host).append("] ").append(line);
        }
        return sb.toString();
    }

    private static String mark(CellStatus status) {
        return switch (status) {
            case OK -> "✓";
            case SKIPPED -> "–";
            case FROZEN -> "❄";
            case STOPPED, TIMED_OUT -> "■";
            default -> "✗";
        };
    }
}
