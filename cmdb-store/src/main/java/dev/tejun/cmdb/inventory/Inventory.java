package dev.tejun.cmdb.inventory;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hosts of the CMDB with their merged variables, and the groups they form, as of now for one operation.
 * Maps are sorted by name so exports are deterministic.
 *
 * @param operation the operation whose rows override the default rows, or null for the default rows only
 * @param hosts     host name → host
 * @param groups    group name → its host names, sorted
 */
public record Inventory(String operation, Map<String, InventoryHost> hosts, Map<String, List<String>> groups) {

    public Inventory {
        hosts = Collections.unmodifiableMap(new TreeMap<>(hosts));
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        groups.forEach(
                (group, names) -> sorted.put(group, names.stream().sorted().toList()));
        groups = Collections.unmodifiableMap(sorted);
    }

    /** The hosts of a group, or the host itself when the pattern names a host; empty when neither. */
    public List<InventoryHost> select(String groupOrHost) {
        if ("all".equals(groupOrHost)) {
            return List.copyOf(hosts.values());
        }
        List<String> names = groups.get(groupOrHost);
        if (names != null) {
            return names.stream().map(hosts::get).toList();
        }
        InventoryHost host = hosts.get(groupOrHost);
        return host == null ? List.of() : List.of(host);
    }
}
