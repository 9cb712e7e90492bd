/**
 * The CMDB's values: sheet definitions with typed columns, rows, drafts, journal entries, diffs and errors.
 * Pure data — nothing here touches JDBC, files or Excel, so the REST layer can serialise these records as they
 * are and tests can build them freely.
 *
 * <p>Row identity: a row has a store-assigned {@code id}. In a HOST sheet it is also keyed by
 * {@code (host, operation)}: the row with {@code operation == null} is in force by default, a row with an
 * operation prepares values for that named change and overrides the default in the inventory of that operation.
 */
package dev.tejun.cmdb.model;
