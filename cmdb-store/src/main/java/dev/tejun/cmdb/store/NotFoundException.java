package dev.tejun.cmdb.store;

/** The sheet or row named does not exist (REST: 404). */
public final class NotFoundException extends CmdbException {

    public NotFoundException(String message) {
        super(message);
    }
}
