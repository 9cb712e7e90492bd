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
}
