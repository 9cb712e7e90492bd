/**
 * Database plumbing shared by the whole Tejun database: opening SQLite connections with the right settings
 * and the ordered-migrations runner {@link dev.tejun.cmdb.db.Migrations}. Kept apart from the CMDB tables so
 * kernel and server can migrate their own tables in the same file the same way.
 */
package dev.tejun.cmdb.db;
