package dev.tejun.cmdb.store;

/**
 * An operation cannot take the change asked for as it stands (REST: 409): it exists already, it was changed
 * meanwhile, it is cancelled, or it is running and cannot be cancelled.
 */
public final class OperationRefused extends CmdbException {

    public OperationRefused(String message) {
        super(message);
    }
}
