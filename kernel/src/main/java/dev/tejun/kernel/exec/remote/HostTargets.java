package dev.tejun.kernel.exec.remote;

import dev.tejun.cmdb.inventory.Inventory;
import dev.tejun.cmdb.inventory.InventoryHost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Chooses the hosts a cell runs on from a {@code hosts=} value: host names, group names or {@code all}. */
public final class HostTargets {

    private HostTargets() {}

    /**
     * The hosts named by a comma-separated list of host and group names, each once, in the order named.
     *
     * @throws CellSettings.Refused when a name is neither a host nor a group, or nothing is selected
     */
    public static List<InventoryHost> select(Inventory inventory, String hosts) throws CellSettings.Refused {
        if (hosts == null || hosts.isBlank()) {
            throw new CellSettings.Refused("hosts= is missing: name hosts or groups from the CMDB hosts sheet, or all");
        }
        Map<String, InventoryHost> chosen = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String name : hosts.split(",")) {
            String n = name.strip();
            if (n.isEmpty()) {
                continue;
            }
            List<InventoryHost> selected = inventory.select(n);
            if (selected.isEmpty() && !inventory.groups().containsKey(n) && !"all".equals(n)) {
                unknown.add(n);
            }
            selected.forEach(h -> chosen.putIfAbsent(h.name(), h));
        }
        if (!unknown.isEmpty()) {
            throw new CellSettings.Refused("not a host or group in the CMDB: " + String.join(", ", unknown));
        }
        if (chosen.isEmpty()) {
            throw new CellSettings.Refused("hosts=" + hosts + " selects no host");
        }
        return List.copyOf(chosen.values());
    }
}
