package dev.tejun.kernel.format;

import dev.tejun.kernel.runbook.Problem;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link RunbookCheck} found in one file.
 *
 * @param roundTripOk whether writing the parsed file gives back the same text and the same bytes
 */
public record CheckReport(Path path, List<CellSummary> cells, List<Problem> problems, boolean roundTripOk) {

    /** One code cell as a check lists it. */
    public record CellSummary(String id, String language, int line) {}

    public CheckReport {
        cells = List.copyOf(cells);
        problems = List.copyOf(problems);
    }

    /** No errors and a lossless round trip; warnings do not fail a check. */
    public boolean ok() {
        return roundTripOk && problems.stream().noneMatch(p -> p.severity() == Problem.Severity.ERROR);
    }

    /**
     * This report with what {@code look} finds in the file's text added, for a check of one part of a file (its
     * schedules, windows, locks); unchanged when the file cannot be read (the other checks already say so).
     */
    public CheckReport plus(java.util.function.Function<String, List<Problem>> look) {
        String text;
        try {
            text = java.nio.file.Files.readString(path, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | RuntimeException e) {
            return this;
        }
        List<Problem> extra = look.apply(text);
        if (extra.isEmpty()) {
            return this;
        }
        List<Problem> all = new java.util.ArrayList<>(problems);
        all.addAll(extra);
        return new CheckReport(path, cells, all, roundTripOk);
    }
}
