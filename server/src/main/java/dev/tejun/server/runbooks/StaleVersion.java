package dev.tejun.server.runbooks;

import dev.tejun.server.ApiException;

/** An edit based on a text that has changed since: the client gets 409 and the current document to rebase on. */
public final class StaleVersion extends ApiException {

    private final RunbookDocument current;

    StaleVersion(String message, RunbookDocument current) {
        super(409, message);
        this.current = current;
    }

    /** Null when the file no longer exists. */
    public RunbookDocument current() {
        return current;
    }
}
