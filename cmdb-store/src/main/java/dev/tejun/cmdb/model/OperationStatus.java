package dev.tejun.cmdb.model;

import java.util.Locale;

/**
 * Where an operation (作業) stands. It is planned until a run or flow starts for it, running while one does, then
 * done or failed as the last of them ended; cancelled by a person, and then nothing runs for it any more.
 */
public enum OperationStatus {
    PLANNED,
    RUNNING,
    DONE,
    FAILED,
    CANCELLED;

    /** The lower-case name, as REST, the CLI and the page write it. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws DefinitionException naming the values allowed */
    public static OperationStatus of(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new DefinitionException(
                    "status", "status '" + text + "' is not one of planned, running, done, failed, cancelled");
        }
    }
}
