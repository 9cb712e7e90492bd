package dev.tejun.server.cmdb;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.harvest.Harvest;
import dev.tejun.kernel.harvest.VariableHarvester;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code GET /api/cmdb/variables}: the variables of every playbook, role, template and Terraform module in the
 * runbooks folder with where each comes from, harvested afresh at each request so a changed file shows at once.
 */
public final class VariablesHandler {

    private final CmdbStore store;
    private final Path runbooks;

    public VariablesHandler(CmdbStore store, Path runbooks) {
        this.store = store;
        this.runbooks = runbooks;
    }

    public void get(Context ctx) {
        Harvest harvest = runbooks == null
                ? new Harvest(java.util.List.of(), java.util.List.of())
                : VariableHarvester.scan(runbooks, store.sheets(), Map.of());
        ctx.json(harvest);
    }
}
