/**
 * The {@code cmdb} cell: the body is one read-only SQL query (SQLite dialect) over one view per sheet, named after
 * the sheet, with columns {@code id, host, operation} and the sheet's typed columns; discarded rows are left out
 * and SECRET columns read {@code ****}. Attributes: {@code as-of=} (the sheets as they were then),
 * {@code operation=} (each host's row of that operation, else its default row), {@code limit=} (default 10,000)
 * and the session's {@code timeout=}, which interrupts the statement.
 *
 * <pre>
 * ```cmdb {#ports operation="2026-12 patch" limit=100}
 * SELECT host, port FROM web WHERE tls = 1 ORDER BY host
 * ```
 * </pre>
 *
 * <p>Three fences keep a query read-only and inside the CMDB: the text must be one SELECT/WITH/VALUES statement
 * ({@code QueryText}), the connection is opened read-only with {@code query_only} set, and the compiled program may
 * open only {@code cmdb_} tables ({@code TableGuard}), since the same database file holds the server's own tables.
 * The result is an {@code application/vnd.tejun.table+json} result and an aligned text table on stdout; the cell's
 * value is the row count.
 */
package dev.tejun.kernel.exec.cmdb;
