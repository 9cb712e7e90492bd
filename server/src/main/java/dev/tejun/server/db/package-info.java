/**
 * The Tejun database as a whole, across modules: {@code tejun db migrate-to postgresql} ({@link
 * dev.tejun.server.db.DbCommand}) copies a SQLite data folder's database into an empty PostgreSQL one ({@link
 * dev.tejun.server.db.StoreCopy}), every module's tables with their ids, so the audit chain and the CMDB history
 * verify the same afterwards. docs/database.md describes the two backends.
 */
package dev.tejun.server.db;
