/**
 * The CMDB store over SQLite. {@link dev.tejun.cmdb.store.CmdbStore} is the one entry point:
 *
 * <pre>{@code
 * try (CmdbStore cmdb = new CmdbStore(tejunHome.resolve("tejun.db"))) {
 *     Actor who = new Actor("alice", Channel.API);
 *     cmdb.putSheet(SheetDef.host("web", "Web servers",
 *             ColumnDef.of("port", ColumnType.INTEGER).withRange(1, 65535).withRequired()), who);
 *     cmdb.register("hosts", RowDraft.host("web1", Map.of("address", "10.0.0.5", "groups", "web")), who);
 *     Row row = cmdb.register("web", RowDraft.host("web1", Map.of("port", 8080)), who);
 *     row = cmdb.update("web", row.id(), row.version(), RowDraft.host("web1", Map.of("port", 8443)), who);
 *     List<Change> history = cmdb.history("web", row.id());
 *     List<Row> then = cmdb.asOf("web", Instant.parse("2026-01-01T00:00:00Z"));
 *     String yaml = InventoryExport.yaml(cmdb.inventory(null));
 * }
 * }</pre>
 *
 * <p>Storage: sheet definitions and row values are JSON documents (no DDL per column edit); unique values are
 * claimed in {@code cmdb_unique_key}, whose primary key enforces them; {@code cmdb_journal} holds the whole row
 * after every change, indexed by (sheet, at) for as-of reads. SQL is standard apart from the SQLite triggers
 * that make the journal append-only. Errors: {@link dev.tejun.cmdb.store.ValidationException} (refused values,
 * each a {@code CellError}), {@link dev.tejun.cmdb.store.StaleVersionException} (optimistic concurrency, carries
 * the current row), {@link dev.tejun.cmdb.store.NotFoundException}, {@link dev.tejun.cmdb.store.StorageException}.
 *
 * <p>User-written SQL ({@code cmdb} cells) gets {@code CmdbStore.openViews(asOf, operation)}: a read-only
 * connection with one TEMP view per sheet ({@link dev.tejun.cmdb.store.SheetViews}), typed columns, secrets masked.
 */
package dev.tejun.cmdb.store;
