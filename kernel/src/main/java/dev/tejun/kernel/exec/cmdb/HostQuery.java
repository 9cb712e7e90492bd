package dev.tejun.kernel.exec.cmdb;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.remote.CellSettings;
import dev.tejun.kernel.exec.remote.HostTargets;
import dev.tejun.kernel.runbook.Attributes;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The CMDB query of a {@code hosts=cmdb:SELECT …} pattern: the same read-only connection, sheet views and guard as a
 * {@code cmdb} cell, so a pattern can read no more than a cell could; the first column gives the host names.
 */
public final class HostQuery implements HostTargets.HostQuery {

    private final CmdbStore store;
    private final CmdbScope scope;

    /** {@code scope}: each host's row of that operation, as of that time, in the views, as the cell's. */
    public HostQuery(CmdbStore store, CmdbScope scope) {
        this.store = store;
        this.scope = scope;
    }

    @Override
    public List<String> hostNames(String sql) throws CellSettings.Refused {
        try {
            Query query = new Query(store, CellOptions.of(scope, Attributes.NONE), QueryText.single(sql), List.of());
            ResultTable table = query.run();
            List<String> names = new ArrayList<>();
            for (List<Object> row : table.rows()) {
                names.add(
                        row.isEmpty() || row.getFirst() == null
                                ? null
                                : row.getFirst().toString());
            }
            return names;
        } catch (QueryText.Refused | IllegalArgumentException e) {
            throw new CellSettings.Refused("hosts=cmdb: " + e.getMessage());
        } catch (SQLException | RuntimeException e) {
            throw new CellSettings.Refused("hosts=cmdb: the query failed: " + e.getMessage());
        }
    }
}
