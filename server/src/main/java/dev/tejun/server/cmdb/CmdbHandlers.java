package dev.tejun.server.cmdb;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.store.CmdbStore;
import java.time.Clock;

/** The CMDB's handlers, made together over one store so the route table needs one field for all of them. */
public record CmdbHandlers(SheetsHandler sheets, RowsHandler rows, InventoryHandler inventory, ExcelHandler excel) {

    public static CmdbHandlers over(CmdbStore store, ObjectMapper json, Clock clock) {
        return new CmdbHandlers(
                new SheetsHandler(store, json),
                new RowsHandler(store, json),
                new InventoryHandler(store),
                new ExcelHandler(store, clock));
    }
}
