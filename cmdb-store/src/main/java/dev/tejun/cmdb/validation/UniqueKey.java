package dev.tejun.cmdb.validation;

/**
 * One value a row claims exclusively among current rows of its sheet. The store keeps these in a table with a
 * primary key, so uniqueness holds even against a writer that skipped validation.
 *
 * @param name  which constraint: {@code row} (host and operation), {@code col:NAME} or {@code set:A,B}
 * @param value the scoped value: the operation and the values, length-prefixed so no two tuples collide
 */
public record UniqueKey(String name, String value) {}
