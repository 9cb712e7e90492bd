package dev.tejun.cmdb.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.tejun.cmdb.store.Json;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an {@link Inventory} in the two forms Ansible reads:
 * <ul>
 *   <li>{@link #json}: the dynamic-inventory script format ({@code _meta.hostvars}, one object per group),
 *       which {@code ansible-inventory -i script} and the REST API return;</li>
 *   <li>{@link #yaml}: a static YAML inventory ({@code all.hosts} with their variables, {@code all.children}
 *       with each group's hosts), which the {@code ansible} cells write into their workspace.</li>
 * </ul>
 * Each host gets {@code ansible_host}, {@code ansible_port} and, if set, {@code ansible_user}, then its variables.
 * Secrets are never written.
 */
public final class InventoryExport {

    private static final ObjectWriter JSON = Json.MAPPER.writerWithDefaultPrettyPrinter();

    private InventoryExport() {}

    public static String json(Inventory inventory) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> hostvars = new TreeMap<>();
        inventory.hosts().values().forEach(h -> hostvars.put(h.name(), hostVars(h)));
        root.put("_meta", Map.of("hostvars", hostvars));
        root.put(
                "all",
                Map.of(
                        "hosts",
                        List.copyOf(inventory.hosts().keySet()),
                        "children",
                        List.copyOf(inventory.groups().keySet())));
        inventory.groups().forEach((group, hosts) -> root.put(group, Map.of("hosts", hosts)));
        return write(JSON, root);
    }

    public static String yaml(Inventory inventory) {
        return InventoryYaml.write(inventory);
    }

    /** The variables Ansible sees for one host. */
    public static Map<String, Object> hostVars(InventoryHost host) {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("ansible_host", host.address());
        vars.put("ansible_port", host.sshPort());
        if (host.user() != null) {
            vars.put("ansible_user", host.user());
        }
        host.vars().forEach((name, value) -> vars.put(name, plain(value)));
        return vars;
    }

    /** JSON/YAML-native form of a canonical value: dates as ISO text, the rest (lists and maps too) as they are. */
    public static Object plain(Object value) {
        return value instanceof String
                        || value instanceof Number
                        || value instanceof Boolean
                        || value instanceof List<?>
                        || value instanceof Map<?, ?>
                ? (value instanceof BigDecimal d ? d.stripTrailingZeros() : value)
                : value.toString();
    }

    private static String write(ObjectWriter mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
