package dev.tejun.server.cmdb;

import dev.tejun.cmdb.inventory.Inventory;
import dev.tejun.cmdb.inventory.InventoryExport;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.server.ApiException;
import io.javalin.http.Context;

/** {@code GET /api/cmdb/inventory}: hosts with their merged variables, as Ansible JSON or YAML; never a secret. */
public final class InventoryHandler {

    private final CmdbStore store;

    public InventoryHandler(CmdbStore store) {
        this.store = store;
    }

    public void get(Context ctx) {
        String operation = ctx.queryParam("operation");
        Inventory inventory = store.inventory(operation == null || operation.isBlank() ? null : operation);
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        switch (format) {
            case "json" -> ctx.contentType("application/json").result(InventoryExport.json(inventory));
            case "yaml" -> ctx.contentType("application/yaml; charset=utf-8").result(InventoryExport.yaml(inventory));
            default -> throw ApiException.badRequest("format must be json or yaml, not '" + format + "'");
        }
    }
}
