package dev.tejun.kernel.exec.remote;

import dev.tejun.cmdb.inventory.Inventory;
import dev.tejun.cmdb.inventory.InventoryHost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Chooses the hosts a cell runs on from a {@code hosts=} pattern, as Ansible reads one: terms separated by
 * {@code :} or {@code ,}, each a host name, a group name, {@code all} or {@code *}, a glob over host and group
 * names ({@code web*}, {@code db-?[0-9]}), or {@code ~regex}; a term with {@code !} removes its hosts, with
 * {@code &} keeps only hosts it also names ({@code web*:!web03}, {@code db:&prod}). {@code cmdb:SELECT …} takes the
 * host names from the first column of a read-only CMDB query instead. The same resolution serves ssh and ansible
 * cells, flows and {@code tejun hosts}.
 */
public final class HostTargets {

    /** The prefix of a {@code hosts=} value that is a CMDB query. */
    public static final String QUERY_PREFIX = "cmdb:";

    /** Runs the SQL of a {@code cmdb:} pattern and gives the host names it returned, in order. */
    @FunctionalInterface
    public interface HostQuery {
        List<String> hostNames(String sql) throws CellSettings.Refused;
    }

    /** For callers that offer no CMDB queries: a {@code cmdb:} pattern is refused with a clear message. */
    public static final HostQuery NO_QUERIES = sql -> {
        throw new CellSettings.Refused("hosts=cmdb:… is not available here");
    };

    private HostTargets() {}

    /**
     * The hosts a pattern names, each once: the hosts of the plain terms in the order named (a group's in its
     * order), then kept by the {@code &} terms, then less the {@code !} terms.
     *
     * @throws CellSettings.Refused when a plain name is neither a host nor a group, a term does not parse, or
     *                              nothing is selected
     */
    public static List<InventoryHost> select(Inventory inventory, String pattern, HostQuery query)
            throws CellSettings.Refused {
        if (pattern == null || pattern.isBlank()) {
            throw new CellSettings.Refused("hosts= is missing: name hosts or groups from the CMDB hosts sheet, or all");
        }
        String p = pattern.strip();
        List<InventoryHost> chosen = p.startsWith(QUERY_PREFIX)
                ? fromQuery(inventory, query.hostNames(p.substring(QUERY_PREFIX.length())))
                : fromTerms(inventory, p);
        if (chosen.isEmpty()) {
            throw new CellSettings.Refused("hosts=" + pattern + " selects no host");
        }
        return chosen;
    }

    private static List<InventoryHost> fromQuery(Inventory inventory, List<String> names) throws CellSettings.Refused {
        Map<String, InventoryHost> chosen = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            InventoryHost host = name == null ? null : inventory.hosts().get(name.strip());
            if (host == null) {
                unknown.add(String.valueOf(name));
            } else {
                chosen.putIfAbsent(host.name(), host);
            }
        }
        if (!unknown.isEmpty()) {
            throw new CellSettings.Refused(
                    "the hosts query returned names that are no CMDB host: " + String.join(", ", unknown));
        }
        return List.copyOf(chosen.values());
    }

    private static List<InventoryHost> fromTerms(Inventory inventory, String pattern) throws CellSettings.Refused {
        Map<String, InventoryHost> chosen = new LinkedHashMap<>();
        List<Set<String>> intersections = new ArrayList<>();
        Set<String> excluded = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        boolean anyPlain = false;
        for (String raw : pattern.split("[,:]")) {
            String term = raw.strip();
            if (term.isEmpty()) {
                continue;
            }
            char op = term.charAt(0);
            String name = op == '!' || op == '&' ? term.substring(1).strip() : term;
            List<InventoryHost> hosts = term(inventory, name, unknown);
            if (op == '!') {
                hosts.forEach(h -> excluded.add(h.name()));
            } else if (op == '&') {
                Set<String> keep = new LinkedHashSet<>();
                hosts.forEach(h -> keep.add(h.name()));
                intersections.add(keep);
            } else {
                anyPlain = true;
                hosts.forEach(h -> chosen.putIfAbsent(h.name(), h));
            }
        }
        if (!unknown.isEmpty()) {
            throw new CellSettings.Refused("not a host or group in the CMDB: " + String.join(", ", unknown));
        }
        if (!anyPlain) {
            // "!web03" alone means "all but web03", as in Ansible
            inventory.hosts().values().forEach(h -> chosen.putIfAbsent(h.name(), h));
        }
        return chosen.values().stream()
                .filter(h -> intersections.stream().allMatch(keep -> keep.contains(h.name())))
                .filter(h -> !excluded.contains(h.name()))
                .toList();
    }

    /** The hosts of one term without its operator; a plain name that is nothing is added to {@code unknown}. */
    private static List<InventoryHost> term(Inventory inventory, String name, List<String> unknown)
            throws CellSettings.Refused {
        if (name.equals("all") || name.equals("*")) {
            return List.copyOf(inventory.hosts().values());
        }
        Pattern match = matcher(name);
        if (match == null) {
            List<InventoryHost> selected = inventory.select(name);
            if (selected.isEmpty() && !inventory.groups().containsKey(name)) {
                unknown.add(name);
            }
            return selected;
        }
        Map<String, InventoryHost> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> group : inventory.groups().entrySet()) {
            if (match.matcher(group.getKey()).matches()) {
                group.getValue()
                        .forEach(h -> out.putIfAbsent(h, inventory.hosts().get(h)));
            }
        }
        for (InventoryHost host : inventory.hosts().values()) {
            if (match.matcher(host.name()).matches()) {
                out.putIfAbsent(host.name(), host);
            }
        }
        return List.copyOf(out.values());
    }

    /** A regex for {@code ~regex} (matched from the name's start, as Ansible does) or a glob; null for a plain name. */
    private static Pattern matcher(String name) throws CellSettings.Refused {
        if (name.startsWith("~")) {
            try {
                return Pattern.compile("(?:" + name.substring(1) + ").*");
            } catch (PatternSyntaxException e) {
                throw new CellSettings.Refused(
                        "hosts term " + name + " is not a regular expression: " + e.getDescription());
            }
        }
        if (name.chars().noneMatch(c -> c == '*' || c == '?' || c == '[')) {
            return null;
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '[' -> {
                    int close = name.indexOf(']', i + 1);
                    if (close < 0) {
                        throw new CellSettings.Refused("hosts term " + name + " has a [ without ]");
                    }
                    String set = name.substring(i + 1, close).replace("\\", "\\\\");
                    regex.append('[')
                            .append(set.startsWith("!") ? "^" + set.substring(1) : set)
                            .append(']');
                    i = close;
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
