package dev.tejun.cmdb.model;

/** Whether a sheet's rows hang from hosts (one per host and operation) or are free rows. */
public enum SheetKind {
    /** One row per host of the {@code hosts} sheet, optionally one more per host and operation. */
    HOST,
    /** Free rows with no host and no operation. */
    DATA
}
