package dev.tejun.server.cmdb;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import java.util.Map;

/** A small CMDB the REST, CLI and browser tests share: two hosts and a {@code web} sheet with typed columns. */
public final class CmdbSamples {

    public static final String SECRET = "hunter2-very-secret";

    private CmdbSamples() {}

    /** Hosts web1 (groups web) and web2 (groups web,prod); sheet web(port 1..65535 required, env enum, admin_password secret). */
    public static Row fill(CmdbStore store) {
        Actor who = Actor.SYSTEM;
        store.register(
                "hosts",
                RowDraft.host("web1", Map.of("address", "10.0.0.1", "groups", "web", "credential", SECRET)),
                who);
        store.register("hosts", RowDraft.host("web2", Map.of("address", "10.0.0.2", "groups", "web,prod")), who);
        store.putSheet(
                SheetDef.host(
                        "web",
                        "Web server parameters",
                        ColumnDef.of("port", ColumnType.INTEGER)
                                .withRange(1, 65535)
                                .withRequired()
                                .withDescription("HTTP port"),
                        ColumnDef.enumOf("env", "staging", "prod"),
                        ColumnDef.of("admin_password", ColumnType.SECRET)),
                who);
        store.register("web", RowDraft.host("web2", Map.of("port", 8081, "env", "prod")), who);
        return store.register(
                "web", RowDraft.host("web1", Map.of("port", 8080, "env", "staging", "admin_password", SECRET)), who);
    }
}
