package dev.tejun.kernel.exec.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.inventory.Inventory;
import dev.tejun.cmdb.inventory.InventoryHost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code hosts=} patterns read as Ansible reads them, over a fixed inventory. */
class HostTargetsTest {

    /** web1..web4 in web (web1, web2 also prod), db1 in db and prod. */
    static final Inventory INVENTORY = inventory(Map.of(
            "web1", "web,prod",
            "web2", "web,prod",
            "web3", "web",
            "web4", "web",
            "db1", "db,prod"));

    static Inventory inventory(Map<String, String> groupsByHost) {
        Map<String, InventoryHost> hosts = new LinkedHashMap<>();
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groupsByHost.forEach((name, gs) -> {
            List<String> list = List.of(gs.split(","));
            hosts.put(name, new InventoryHost(name, name, 22, null, list, Map.of(), Map.of()));
            list.forEach(g -> groups.computeIfAbsent(g, k -> new ArrayList<>()).add(name));
        });
        return new Inventory(null, hosts, groups);
    }

    static List<String> names(String pattern) throws CellSettings.Refused {
        return HostTargets.select(INVENTORY, pattern, HostTargets.NO_QUERIES).stream()
                .map(InventoryHost::name)
                .toList();
    }

    @Test
    void select_globWithExclusion_dropsExcluded() throws Exception {
        assertEquals(List.of("web1", "web2", "web4"), names("web*:!web3"));
    }

    @Test
    void select_groupIntersection_keepsHostsInBoth() throws Exception {
        assertEquals(List.of("web1", "web2"), names("web:&prod"));
        assertEquals(List.of("db1"), names("prod:!web"));
    }

    @Test
    void select_commasAndColons_sameAsAnsible() throws Exception {
        assertEquals(List.of("db1", "web3"), names("db1,web3"));
        assertEquals(List.of("db1", "web3"), names("db1:web3"));
    }

    @Test
    void select_regexAndExclusionAlone_work() throws Exception {
        assertEquals(List.of("web1", "web2"), names("~web[12]"));
        assertEquals(List.of("db1", "web1", "web2", "web4"), names("!web3"));
        assertEquals(5, names("all").size());
    }

    @Test
    void select_unknownPlainName_refusedNamingIt() {
        CellSettings.Refused e = assertThrows(CellSettings.Refused.class, () -> names("web,nosuch"));
        assertTrue(e.getMessage().contains("nosuch"), e.getMessage());
    }

    @Test
    void select_nothingLeft_refused() {
        CellSettings.Refused e = assertThrows(CellSettings.Refused.class, () -> names("web:&db"));
        assertTrue(e.getMessage().contains("selects no host"), e.getMessage());
    }

    @Test
    void select_cmdbQuery_namesFromTheQueryAndUnknownRefused() throws Exception {
        HostTargets.HostQuery query = sql -> sql.contains("tier") ? List.of("web2", "db1") : List.of("web9");
        assertEquals(
                List.of("web2", "db1"),
                HostTargets.select(INVENTORY, "cmdb:SELECT host FROM app WHERE tier='x'", query).stream()
                        .map(InventoryHost::name)
                        .toList());
        assertThrows(CellSettings.Refused.class, () -> HostTargets.select(INVENTORY, "cmdb:SELECT 'web9'", query));
    }
}
