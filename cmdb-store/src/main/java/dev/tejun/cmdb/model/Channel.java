package dev.tejun.cmdb.model;

/** The interface a change came through, recorded in the journal for the audit trail. */
public enum Channel {
    WEB,
    API,
    CLI,
    EXCEL,
    SCHEDULER,
    RUNBOOK,
    SYSTEM
}
