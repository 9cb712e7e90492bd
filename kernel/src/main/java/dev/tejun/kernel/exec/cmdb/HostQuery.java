package dev.tejun.kernel.exec.cmdb;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.remote.CellSettings;
import dev.tejun.kernel.exec.remote.HostAttributes;
import dev.tejun.kernel.exec.remote.HostTargets;
import dev.tejun.kernel.runbook.Attributes;
import dev.tejun.kernel.template.Reference;
import dev.tejun.kernel.template.Rendered;
import dev.tejun.kernel.template.Slot;
import dev.tejun.kernel.template.Template;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

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

    /**
     * A host pattern written with references ({@code ${params.host}}) with their values put in as data: in a
     * {@code cmdb:} query each becomes a bound parameter ({@code ?}, as in a {@code cmdb} cell: {@link Rendered#bound()}
     * holds the values), anywhere else it may only be host or group names ({@link HostAttributes#NAMES_ONLY}), so a
     * value can neither change the query nor widen the selection.
     *
     * @throws IllegalArgumentException naming the reference, when it has no value or one that cannot go there
     */
    public static Rendered pattern(Template template, String pattern, Function<Reference, Optional<Slot>> lookup) {
        boolean query = pattern.strip().startsWith(HostTargets.QUERY_PREFIX);
        return template.render(pattern, lookup, query ? SqlQuoting.INSTANCE : HostAttributes.NAMES_ONLY);
    }

    @Override
    public List<String> hostNames(String sql) throws CellSettings.Refused {
        return hostNames(sql, List.of());
    }

    /** As {@link #hostNames(String)}, with {@code bound} the values of the query's {@code ?}, in order. */
    public List<String> hostNames(String sql, List<String> bound) throws CellSettings.Refused {
        try {
            Query query = new Query(store, CellOptions.of(scope, Attributes.NONE), QueryText.single(sql), bound);
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
