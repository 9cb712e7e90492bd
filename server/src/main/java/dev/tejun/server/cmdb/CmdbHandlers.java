package dev.tejun.server.cmdb;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.store.CmdbStore;
import java.time.Clock;

/** The CMDB's handlers, made together over one store so the route table needs one field for all of them. */
public record CmdbHandlers(
        SheetsHandler sheets,
        RowsHandler rows,
        InventoryHandler inventory,
        ExcelHandler excel,
        VariablesHandler variables,
        DriftHandler drift,
        OperationsHandler operations) {

    /** @param runbooks the runbooks folder whose playbooks, roles and templates are harvested, or null */
    public static CmdbHandlers over(CmdbStore store, ObjectMapper json, Clock clock, java.nio.file.Path runbooks) {
        return new CmdbHandlers(
                new SheetsHandler(store, json),
                new RowsHandler(store, json),
                new InventoryHandler(store),
                new ExcelHandler(store, clock),
                new VariablesHandler(store, runbooks),
                new DriftHandler(store),
                new OperationsHandler(store.operations(), json));
    }
}
