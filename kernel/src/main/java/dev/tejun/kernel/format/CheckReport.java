package dev.tejun.kernel.format;

import dev.tejun.kernel.runbook.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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

    /**
     * The checked file's text for a further check: {@code known} when the caller has read it already, else read now;
     * empty when it cannot be read as UTF-8 (the format check already says so).
     */
    public Optional<String> text(String known) {
        if (known != null) {
            return Optional.of(known);
        }
        try {
            return Optional.of(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
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
        return plus(null, look);
    }

    /** As {@link #plus(java.util.function.Function)}, with the text when the caller has read it already. */
    public CheckReport plus(String known, java.util.function.Function<String, List<Problem>> look) {
        String text = text(known).orElse(null);
        if (text == null) {
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
