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
}
