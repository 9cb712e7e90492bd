package dev.tejun.kernel.evidence;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run's {@code run.json}: who ran what, when, with which params, its status and a summary line per cell. Statuses
 * are text ({@code OK}, {@code FAILED}, …, and {@code INTERRUPTED} for a run a restart found unfinished). Fields a
 * reader does not know (from a newer writer) are skipped.
 *
 * @param finishedAt null while the run is going on
 * @param retryOf    for a run that retried the failed hosts of an earlier run, or resumed it: which run, cell and
 *                   hosts (none for a resume); else null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
    "runId",
    "runbook",
    "sha256",
    "gitCommit",
    "gitModified",
    "params",
    "user",
    "via",
    "startedAt",
    "finishedAt",
    "status",
    "cells",
    "retryOf"
})
public record RunJson(
        String runId,
        String runbook,
        String sha256,
        String gitCommit,
        boolean gitModified,
        Map<String, String> params,
        String user,
        String via,
        Instant startedAt,
        Instant finishedAt,
        String status,
        List<CellEntry> cells,
        @JsonInclude(JsonInclude.Include.NON_NULL) Retry retryOf) {

    public RunJson {
        params = params == null ? Map.of() : params;
        cells = cells == null ? List.of() : cells;
    }

    public boolean finished() {
        return finishedAt != null;
    }

    /**
     * One cell of the run. A cell still running has no {@code durationMillis} (nor, in files written before these
     * records, an {@code exitCode}).
     *
     * @param dir the cell's folder, relative to the run's ({@code cells/NN-ID})
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"cellId", "dir", "status", "exitCode", "durationMillis"})
    public record CellEntry(
            String cellId,
            String dir,
            String status,
            Integer exitCode,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long durationMillis) {}

    /**
     * The link of a retry to the run it retried (issue 23 §5): the failed cell was run again on {@code hosts} only,
     * then the cells after it. A resume (issue 15) has no hosts: the cell was run again whole.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"runId", "cellId", "hosts"})
    public record Retry(String runId, String cellId, List<String> hosts) {
        public Retry {
            hosts = List.copyOf(hosts);
        }
    }
}
