package dev.tejun.cmdb.drift;

import java.time.Instant;
import java.util.List;

/**
 * The drift between one expected sheet and its observed sheet.
 *
 * @param expectedSheet the design
 * @param observedSheet the actual state
 * @param columns       the expected columns compared, in sheet order
 * @param hosts         every host with an expected row, in name order
 * @param at            when the report was made
 */
public record DriftReport(
        String expectedSheet, String observedSheet, List<String> columns, List<HostDrift> hosts, Instant at) {

    public DriftReport {
        columns = List.copyOf(columns);
        hosts = List.copyOf(hosts);
    }

    /** How many cells differ. */
    @com.fasterxml.jackson.annotation.JsonProperty
    public long drifted() {
        return hosts.stream()
                .flatMap(h -> h.cells().stream())
                .filter(CellDrift::differs)
                .count();
    }

    /** How many hosts have never been collected. */
    @com.fasterxml.jackson.annotation.JsonProperty
    public long uncollected() {
        return hosts.stream().filter(h -> h.collectedAt() == null).count();
    }
}
