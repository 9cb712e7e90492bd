/**
 * Validation of row values against a sheet definition. {@link dev.tejun.cmdb.validation.Validator} is pure: it
 * learns about other rows (references, unique values) only through its {@code Lookup}, so the store, the Excel
 * import preview and tests all run the same checks.
 */
package dev.tejun.cmdb.validation;
