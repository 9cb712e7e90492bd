package dev.tejun.kernel.exec.ansible;

import dev.tejun.cmdb.inventory.Inventory;
import dev.tejun.cmdb.inventory.InventoryHost;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.cmdb.CmdbScope;
import dev.tejun.kernel.exec.cmdb.HostQuery;
import dev.tejun.kernel.exec.remote.CellSettings;
import dev.tejun.kernel.exec.remote.HostSecrets;
import dev.tejun.kernel.exec.remote.HostTargets;
import dev.tejun.kernel.exec.remote.Jumps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the CMDB gives one ansible cell: the inventory of the hosts it targets, the bastions in front of them, the
 * secrets of those hosts and bastions (revealed for this cell alone, and only for them) and the group variables.
 *
 * @param jumps host → its bastions, nearest first (hosts reached directly are absent)
 */
record CmdbInputs(
        Inventory inventory, HostSecrets secrets, GroupVars groupVars, Map<String, List<InventoryHost>> jumps) {

    /** Reads them for the cell's scope ({@code operation=}, {@code as-of=}), {@code hosts=} and {@code group-vars-from=}. */
    static CmdbInputs read(CmdbStore cmdb, CellSettings s, CmdbScope scope) throws CellSettings.Refused {
        Inventory full = cmdb.inventory(scope.operation(), scope.asOf());
        Inventory inventory = only(full, s.text("hosts").orElse(null), new HostQuery(cmdb, scope));
        Map<String, List<InventoryHost>> jumps = new TreeMap<>();
        for (InventoryHost host : inventory.hosts().values()) {
            List<InventoryHost> chain = Jumps.chain(full, host);
            if (!chain.isEmpty()) {
                jumps.put(host.name(), chain);
            }
        }
        List<InventoryHost> revealed = new ArrayList<>(inventory.hosts().values());
        revealed.addAll(Jumps.all(full, List.copyOf(inventory.hosts().values())).values());
        HostSecrets secrets = HostSecrets.reveal(cmdb, revealed, scope.asOf());
        return new CmdbInputs(inventory, secrets, GroupVars.read(cmdb, s.text("group-vars-from"), scope.asOf()), jumps);
    }

    /**
     * The inventory cut down to what the {@code hosts=} pattern selects ({@link HostTargets}: names, groups, globs,
     * exclusions, intersections, a CMDB query): a host outside it is not in the inventory Ansible gets, so no play
     * can touch it, and its secrets are never revealed. {@code limit=} still narrows further. A name that is
     * neither host nor group is refused, not ignored.
     */
    static Inventory only(Inventory inventory, String hostsAttribute, HostTargets.HostQuery query)
            throws CellSettings.Refused {
        if (hostsAttribute == null || hostsAttribute.isBlank()) {
            return inventory;
        }
        Map<String, InventoryHost> kept = new TreeMap<>();
        HostTargets.select(inventory, hostsAttribute, query).forEach(h -> kept.put(h.name(), h));
        Map<String, List<String>> groups = new TreeMap<>();
        inventory.groups().forEach((group, members) -> {
            List<String> left = members.stream().filter(kept::containsKey).toList();
            if (!left.isEmpty()) {
                groups.put(group, left);
            }
        });
        return new Inventory(inventory.operation(), kept, groups);
    }
}
