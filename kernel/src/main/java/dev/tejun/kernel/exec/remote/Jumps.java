package dev.tejun.kernel.exec.remote;

import dev.tejun.cmdb.inventory.Inventory;
import dev.tejun.cmdb.inventory.InventoryHost;
import dev.tejun.cmdb.model.HostsSheet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bastions a host is reached through: its {@code jump} column names CMDB hosts, nearest to Tejun first, and a
 * bastion with a {@code jump} of its own is reached through that first, so {@code target.jump=b2, b2.jump=b1} is
 * the chain {@code b1, b2}. Each bastion is a host row of its own: its address, port, user and credential are
 * its row's, never the target's.
 */
public final class Jumps {

    private Jumps() {}

    /** The bastions of one host, nearest first; empty when it is reached directly. */
    public static List<InventoryHost> chain(Inventory inventory, InventoryHost host) throws CellSettings.Refused {
        List<InventoryHost> out = new ArrayList<>();
        add(inventory, host, new LinkedHashSet<>(List.of(host.name())), out);
        return List.copyOf(out);
    }

    /** Every bastion any of the hosts needs, each once, by name. */
    public static Map<String, InventoryHost> all(Inventory inventory, List<InventoryHost> hosts)
            throws CellSettings.Refused {
        Map<String, InventoryHost> out = new LinkedHashMap<>();
        for (InventoryHost host : hosts) {
            for (InventoryHost bastion : chain(inventory, host)) {
                out.putIfAbsent(bastion.name(), bastion);
            }
        }
        return out;
    }

    /** The names in a host's {@code jump} column, in order. */
    public static List<String> named(InventoryHost host) {
        Object value = host.vars().get(HostsSheet.JUMP);
        return value == null ? List.of() : HostsSheet.parseGroups(value);
    }

    private static void add(Inventory inventory, InventoryHost host, Set<String> path, List<InventoryHost> out)
            throws CellSettings.Refused {
        for (String name : named(host)) {
            InventoryHost bastion = inventory.hosts().get(name);
            if (bastion == null) {
                throw new CellSettings.Refused(
                        "host " + host.name() + " names jump host " + name + ", which is no host in the CMDB");
            }
            if (!path.add(name)) {
                throw new CellSettings.Refused(
                        "jump hosts go round in a circle: " + String.join(" → ", path) + " → " + name);
            }
            add(inventory, bastion, path, out);
            if (out.stream().noneMatch(b -> b.name().equals(name))) {
                out.add(bastion);
            }
            path.remove(name);
        }
    }
}
