package dev.tejun.kernel.flow;

import dev.tejun.cmdb.inventory.InventoryHost;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.cmdb.CmdbScope;
import dev.tejun.kernel.exec.cmdb.HostQuery;
import dev.tejun.kernel.exec.remote.CellSettings;
import dev.tejun.kernel.exec.remote.HostTargets;
import java.util.List;

/** Where {@code for-each} nodes find their hosts: the CMDB's hosts sheet, read as ssh cells read a pattern. */
public final class CmdbHosts {

    private CmdbHosts() {}

    /** A resolver over {@code cmdb}: names, groups, globs, exclusions and {@code cmdb:SELECT …} patterns. */
    public static FlowEngine.HostResolver over(CmdbStore cmdb) {
        return new FlowEngine.HostResolver() {
            @Override
            public List<String> hosts(String pattern) {
                return hosts(pattern, List.of());
            }

            @Override
            public List<String> hosts(String pattern, List<String> bound) {
                HostQuery query = new HostQuery(cmdb, CmdbScope.CURRENT);
                try {
                    return HostTargets.select(cmdb.inventory(null), pattern, sql -> query.hostNames(sql, bound))
                            .stream()
                            .map(InventoryHost::name)
                            .toList();
                } catch (CellSettings.Refused e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }
        };
    }
}
