package dev.tejun.cmdb.store;

/** Base of the store's unchecked exceptions, so callers can map them to HTTP statuses or exit codes in one place. */
public sealed class CmdbException extends RuntimeException
        permits NotFoundException, StaleVersionException, ValidationException, StorageException, OperationRefused {

    CmdbException(String message) {
        super(message);
    }

    CmdbException(String message, Throwable cause) {
        super(message, cause);
    }
}
