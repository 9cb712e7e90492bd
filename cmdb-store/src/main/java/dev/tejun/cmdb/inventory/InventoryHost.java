package dev.tejun.cmdb.inventory;

import java.util.List;
import java.util.Map;

/**
 * One host with everything the CMDB knows about it for one operation.
 *
 * @param name    host name (the key of the {@code hosts} sheet)
 * @param address address to connect to; the host name when the sheet gives none
 * @param sshPort SSH port (22 unless set)
 * @param user    login user, or null
 * @param groups  the host's groups, in sheet order
 * @param vars    host variables merged from every HOST sheet, sorted by name (see {@link Inventories})
 * @param secrets variable name → where its secret is kept ({@code credential} for the hosts sheet's one)
 */
public record InventoryHost(
        String name,
        String address,
        int sshPort,
        String user,
        List<String> groups,
        Map<String, Object> vars,
        Map<String, SecretRef> secrets) {

    public InventoryHost {
        groups = List.copyOf(groups);
        vars = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(vars));
        secrets = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(secrets));
    }
}
