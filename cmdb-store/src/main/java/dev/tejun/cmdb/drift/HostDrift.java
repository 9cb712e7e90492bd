package dev.tejun.cmdb.drift;

import java.time.Instant;
import java.util.List;

/**
 * One host of a drift report.
 *
 * @param host        the host
 * @param collectedAt when its actual state was last collected; null when it never was (its cells then do not count
 *                    as drift: nothing is known)
 * @param collectedBy what collected it last (a run id), or null
 * @param cells       one per paired column, in the expected sheet's column order
 */
public record HostDrift(String host, Instant collectedAt, String collectedBy, List<CellDrift> cells) {

    public HostDrift {
        cells = List.copyOf(cells);
    }

    public boolean differs() {
        return cells.stream().anyMatch(CellDrift::differs);
    }
}
