package dev.tejun.cmdb.model;

/**
 * One change in a batch applied all-or-nothing by {@code CmdbStore.apply}. {@code ref} is how errors name the
 * row (e.g. the Excel row number); it may be null.
 */
public sealed interface RowOp {

    String sheet();

    String ref();

    record Register(String sheet, String ref, RowDraft draft) implements RowOp {}

    record Update(String sheet, String ref, long id, long expectedVersion, RowDraft draft) implements RowOp {}

    record Discard(String sheet, String ref, long id, long expectedVersion) implements RowOp {}

    record Restore(String sheet, String ref, long id, long expectedVersion) implements RowOp {}
}
