package dev.tejun.cmdb.store;

/** The database failed (file unreadable, disk full, corrupt): not the caller's fault (REST: 500). */
public final class StorageException extends CmdbException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
