/**
 * The Tejun database, shared by every module: {@link dev.tejun.cmdb.db.Database} (one per process, handed to every
 * store; it owns the connections, their SQLite settings, transactions and migrations), the migration sets of the
 * modules ({@link dev.tejun.cmdb.db.Schema}, run by Flyway) and {@link dev.tejun.cmdb.db.Dialect}, what differs
 * between SQL backends. Kept apart from the CMDB tables so kernel and server keep their own tables in the same
 * file the same way. docs/database.md describes it.
 */
package dev.tejun.cmdb.db;
