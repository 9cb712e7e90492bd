package dev.tejun.cmdb.store;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseException;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.CellError;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowOp;
import dev.tejun.cmdb.secret.SecretBox;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * How {@link CmdbStore} reaches its database: read snapshots and write transactions whose failures become
 * {@link StorageException}s, the instant that stamps a change (the store's clock, to the millisecond), and row
 * batches applied all or nothing with the exception a refusal deserves.
 */
final class StoreAccess {

    private final Database database;
    private final Clock clock;
    private final SecretBox secrets;

    StoreAccess(Database database, Clock clock, SecretBox secrets) {
        this.database = database;
        this.clock = clock;
        this.secrets = secrets;
    }

    static Database openOwn(Path dbFile) {
        try {
            return Database.open(dbFile);
        } catch (DatabaseException e) {
            throw new StorageException("cannot open CMDB " + dbFile + ": " + e.getMessage(), e);
        }
    }

    static Database openOwn(DatabaseSettings settings) {
        try {
            return Database.open(settings);
        } catch (DatabaseException e) {
            throw new StorageException("cannot open CMDB " + settings.where() + ": " + e.getMessage(), e);
        }
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    <T> T read(Database.Work<T> work) {
        try {
            return database.read(work);
        } catch (DatabaseException e) {
            throw new StorageException("CMDB read failed: " + e.getMessage(), e);
        }
    }

    <T> T write(Database.Work<T> work) {
        try {
            return database.write(work);
        } catch (DatabaseException e) {
            throw new StorageException("CMDB write failed: " + e.getMessage(), e);
        }
    }

    /**
     * Applies a batch all-or-nothing, at one instant.
     *
     * @throws ValidationException listing every refusal (stale versions included); nothing is applied
     */
    List<Row> apply(List<RowOp> ops, Actor actor) {
        try {
            return run(ops, actor);
        } catch (BatchRefused refused) {
            throw new ValidationException(refused.result.errors());
        }
    }

    /**
     * Applies one op; a refusal throws what it is: {@link StaleVersionException}, {@link NotFoundException}, else
     * {@link ValidationException}.
     */
    Row single(RowOp op, Actor actor) {
        try {
            return run(List.of(op), actor).getFirst();
        } catch (BatchRefused refused) {
            if (refused.result.stale() != null) {
                throw refused.result.stale();
            }
            if (refused.result.missing() != null) {
                throw refused.result.missing();
            }
            throw new ValidationException(refused.result.errors());
        }
    }

    /** Runs a batch and rolls it back: the refusals {@link #apply} would give, or none. */
    List<CellError> check(List<RowOp> ops, Actor actor) {
        try {
            return database.rolledBack(
                    c -> new Batch(c, secrets, now(), actor).run(ops).errors());
        } catch (DatabaseException e) {
            throw new StorageException("CMDB check failed: " + e.getMessage(), e);
        }
    }

    private List<Row> run(List<RowOp> ops, Actor actor) {
        return write(c -> {
            Batch.Result result = new Batch(c, secrets, now(), actor).run(ops);
            if (!result.errors().isEmpty()) {
                throw new BatchRefused(result);
            }
            return result.rows();
        });
    }

    /** A refused batch; carries the first stale row so single-row calls can throw the precise exception. */
    private static final class BatchRefused extends RuntimeException {
        final transient Batch.Result result;

        BatchRefused(Batch.Result result) {
            super(null, null, false, false);
            this.result = result;
        }
    }
}
