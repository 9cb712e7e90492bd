package dev.tejun.cmdb.excel;

import static dev.tejun.cmdb.testing.Fixtures.ALICE;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import java.util.Map;

/** A parameter sheet labelled in Japanese (サーバ設定: NTPサーバ, 待受ポート), hosts web1 and web2, web1's row set. */
final class ServerParams {

    private ServerParams() {}

    static void define(CmdbStore cmdb) {
        cmdb.putSheet(
                SheetDef.host(
                                "server_params",
                                "",
                                ColumnDef.of("ntp_server", ColumnType.STRING)
                                        .withLabel("NTPサーバ")
                                        .withRequired(),
                                ColumnDef.of("port", ColumnType.INTEGER)
                                        .withLabel("待受ポート")
                                        .withRange(1, 65535))
                        .withLabel("サーバ設定"),
                ALICE);
        cmdb.register("hosts", RowDraft.host("web1", Map.of()), ALICE);
        cmdb.register("hosts", RowDraft.host("web2", Map.of()), ALICE);
        cmdb.register("server_params", RowDraft.host("web1", Map.of("ntp_server", "old.example", "port", 80)), ALICE);
    }
}
