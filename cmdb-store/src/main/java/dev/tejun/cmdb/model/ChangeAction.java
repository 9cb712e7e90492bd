package dev.tejun.cmdb.model;

/** What a journal entry did to its row. */
public enum ChangeAction {
    REGISTER,
    UPDATE,
    DISCARD,
    RESTORE
}
