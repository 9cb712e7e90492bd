/**
 * Rules written as decision tables in Excel, the Exastro OASE way: a workbook with a sheet per rule list, a column
 * per condition or action, a row per rule. A sheet becomes a {@code rules/SHEET.yaml} file, so the rules are read,
 * reviewed, activated and replayed exactly as hand-written ones.
 */
package dev.tejun.server.events.tables;
