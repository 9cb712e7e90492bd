/**
 * Excel round trip. {@link dev.tejun.cmdb.excel.ExcelExporter} streams sheets into .xlsx (layout in
 * {@code ExcelLayout}: hidden {@code _id}/{@code _version}, a help row, dropdowns, secrets blank);
 * {@link dev.tejun.cmdb.excel.ExcelImporter#plan} reads an upload into an {@link dev.tejun.cmdb.excel.ImportPlan}
 * (per row: register, update, discard, restore or unchanged, plus every refused cell by sheet, row and column),
 * and {@link dev.tejun.cmdb.excel.ExcelImporter#apply} applies it all-or-nothing through {@code CmdbStore.apply}.
 *
 * <pre>{@code
 * new ExcelExporter(cmdb).export(List.of("web"), out);
 * ExcelImporter importer = new ExcelImporter(cmdb);
 * ImportPlan plan = importer.plan(uploaded);
 * if (plan.ok()) importer.apply(plan, new Actor("alice", Channel.EXCEL)); else report(plan.errors());
 * }</pre>
 */
package dev.tejun.cmdb.excel;
