package dev.tejun.kernel.evidence;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A cell's {@code result.json}, written when the cell ends.
 *
 * @param outputBytes bytes of output per stream file ({@code stdout.bin}, {@code web1.stderr.bin})
 * @param hosts       per-host status of a fan-out cell, by host
 * @param results     structured results (a value, a table, JSON) in the order the cell gave them
 * @param outputLost  why some output is missing from the evidence (a full disk); absent when none is
 * @param value       the value later cells read as {@code ${cells.ID.value}} (JShell's last value, a summary), masked
 *                    as the output is; absent when the cell left none. A run that goes on from this one (a resume or
 *                    a retry) reads it back for the cells it does not run again
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
    "cellId",
    "language",
    "status",
    "exitCode",
    "startedAt",
    "finishedAt",
    "durationMillis",
    "message",
    "outputBytes",
    "hosts",
    "results",
    "outputLost",
    "value"
})
public record ResultJson(
        String cellId,
        String language,
        String status,
        Integer exitCode,
        Instant startedAt,
        Instant finishedAt,
        long durationMillis,
        String message,
        Map<String, Long> outputBytes,
        Map<String, HostResult> hosts,
        List<Result> results,
        @JsonInclude(JsonInclude.Include.NON_NULL) String outputLost,
        @JsonInclude(JsonInclude.Include.NON_NULL) String value) {

    public ResultJson {
        outputBytes = outputBytes == null ? Map.of() : outputBytes;
        hosts = hosts == null ? Map.of() : hosts;
        results = results == null ? List.of() : results;
    }

    /** What run.json alone says of a cell whose result.json is missing. */
    static ResultJson of(RunJson.CellEntry cell) {
        return new ResultJson(
                cell.cellId(),
                null,
                cell.status(),
                cell.exitCode(),
                null,
                null,
                cell.durationMillis() == null ? 0 : cell.durationMillis(),
                null,
                null,
                null,
                null,
                null,
                null);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"status", "detail"})
    public record HostResult(String status, String detail) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"mime", "data"})
    public record Result(String mime, String data) {}
}
