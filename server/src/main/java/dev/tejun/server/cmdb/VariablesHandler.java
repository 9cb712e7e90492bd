package dev.tejun.server.cmdb;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.harvest.Harvest;
import dev.tejun.kernel.harvest.VariableHarvester;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * With {@code runbook=PATH} only the files that runbook's cells run (its variable map), with {@code file=PATH} only
     * that file; without either, every file and the CMDB variables none uses.
     */
    public void get(Context ctx) {
        Harvest harvest = runbooks == null
                ? new Harvest(List.of(), List.of())
                : VariableHarvester.scan(runbooks, store.sheets(), Map.of());
        String runbook = ctx.queryParam("runbook");
        String file = ctx.queryParam("file");
        if (runbook != null || file != null) {
            harvest = new Harvest(
                    harvest.files().stream()
                            .filter(f -> runbook == null || f.runbooks().contains(runbook))
                            .filter(f -> file == null || f.path().equals(file))
                            .toList(),
                    List.of());
        }
        ctx.json(harvest);
    }
}
