/**
 * The CMDB: parameter sheets with typed columns, rows keyed by host (and operation), a history journal,
 * point-in-time reads, the inventory view and the Excel round trip. Knows nothing of runbooks or HTTP.
 *
 * <ul>
 *   <li>{@code model} — the values: {@code SheetDef}, {@code ColumnDef}, {@code Row}, {@code RowDraft},
 *       {@code Change}, {@code RowDiff}, {@code CellError}, {@code RowOp}, {@code Actor}; pure data.</li>
 *   <li>{@code validation} — {@code Validator}: every check a value must pass, reported as {@code CellError}s.</li>
 *   <li>{@code store} — {@code CmdbStore}, the entry point: sheets, rows (register, update with optimistic
 *       concurrency, discard, restore, batches), history, as-of, diff, inventory, secrets.</li>
 *   <li>{@code inventory} — hosts with merged variables and groups; Ansible JSON/YAML export.</li>
 *   <li>{@code excel} — streaming export, import preview ({@code ImportPlan}) and all-or-nothing apply.</li>
 *   <li>{@code secret} — AES-GCM sealing of SECRET columns with the key file in the data directory.</li>
 *   <li>{@code db} — SQLite connections and the migrations runner shared by the whole Tejun database.</li>
 * </ul>
 */
package dev.tejun.cmdb;
