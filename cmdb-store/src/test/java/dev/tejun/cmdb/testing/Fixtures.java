package dev.tejun.cmdb.testing;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import java.util.Map;

/** Sheets and rows several tests share. */
public final class Fixtures {

    public static final Actor ALICE = new Actor("alice", Channel.API);
    public static final Actor BOB = new Actor("bob", Channel.WEB);

    private Fixtures() {}

    /** A HOST sheet with a typed column of every common kind. */
    public static SheetDef webSheet() {
        return SheetDef.host(
                "web",
                "Web server settings",
                ColumnDef.of("port", ColumnType.INTEGER).withRange(1, 65535).withRequired(),
                ColumnDef.of("server_name", ColumnType.STRING).withMaxLength(100),
                ColumnDef.of("tls", ColumnType.BOOLEAN),
                ColumnDef.enumOf("mode", "prod", "staging"),
                ColumnDef.of("vip", ColumnType.IP).withUnique());
    }

    public static void addHosts(CmdbStore cmdb, String... names) {
        for (String name : names) {
            cmdb.register(
                    "hosts",
                    RowDraft.host(
                            name,
                            Map.of("address", "10.0.0." + (name.hashCode() & 0x7f), "groups", "all_" + name.charAt(0))),
                    ALICE);
        }
    }
}
