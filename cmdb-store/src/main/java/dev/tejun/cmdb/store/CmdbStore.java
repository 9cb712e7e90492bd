package dev.tejun.cmdb.store;

import dev.tejun.cmdb.db.Migrations;
import dev.tejun.cmdb.db.SqliteDatabase;
import dev.tejun.cmdb.inventory.Inventories;
import dev.tejun.cmdb.inventory.Inventory;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.CellError;
import dev.tejun.cmdb.model.Change;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.HostsSheet;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDiff;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.RowOp;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.secret.SecretBox;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The CMDB: sheets, rows, journal, as-of reads and inventory over one SQLite file. Thread-safe.
 *
 * <p>Every change is validated, written and journaled in one transaction; rows are never deleted, only
 * discarded and restored; the journal has no update or delete path (and triggers refuse one). SECRET values are
 * sealed before they are stored and read back as {@link Row#MASK}; only {@link #revealSecret} opens them.
 *
 * <p>One connection serves all calls, guarded by a lock: SQLite has a single writer anyway, and this keeps an
 * update with its journal entry around a millisecond. Other processes (the CLI beside the server) share the file
 * safely through WAL and the busy timeout.
 */
public final class CmdbStore implements AutoCloseable {

    /** Classpath folder of the CMDB migrations. */
    public static final String MIGRATIONS = "db/migration/cmdb";
    /** Name of the key file beside the database. */
    public static final String KEY_FILE = "secret.key";

    private final SqliteDatabase database;
    private final Connection connection;
    private final Clock clock;
    private final SecretBox secrets;
    private final ReentrantLock lock = new ReentrantLock();
    private final AllSecrets allSecrets;

    /** Opens (creating if needed) the database file, e.g. {@code TEJUN_HOME/tejun.db}. */
    public CmdbStore(Path dbFile) {
        this(dbFile, Clock.systemUTC());
    }

    /** As {@link #CmdbStore(Path)}, with the clock that stamps changes (tests pass a fixed one). */
    public CmdbStore(Path dbFile, Clock clock) {
        this.database = new SqliteDatabase(dbFile);
        this.clock = clock;
        this.secrets = new SecretBox(database.file().resolveSibling(KEY_FILE));
        this.allSecrets = new AllSecrets(secrets);
        try {
            this.connection = database.open();
            Migrations.apply(connection, CmdbStore.class.getClassLoader(), MIGRATIONS);
        } catch (SQLException e) {
            throw new StorageException("cannot open CMDB " + dbFile + ": " + e.getMessage(), e);
        }
        if (sheet(HostsSheet.NAME).isEmpty()) {
            putSheet(HostsSheet.definition(), Actor.SYSTEM);
        }
    }

    /** The database, for modules that open their own (e.g. read-only) connections to it. */
    public SqliteDatabase database() {
        return database;
    }

    // ---- sheets

    public List<SheetDef> sheets() {
        return read(Sheets::list);
    }

    public Optional<SheetDef> sheet(String name) {
        return read(c -> Sheets.get(c, name));
    }

    /**
     * Creates or redefines a sheet. Column edits need no DDL; existing values are re-read through the new types
     * and checked again on their next edit. Refused (with {@link IllegalArgumentException}) when the change cannot
     * hold: a kind change with rows present, a reference to a missing sheet, built-in hosts columns removed; and
     * (with {@link ValidationException}) when current rows break a new uniqueness rule.
     */
    public SheetDef putSheet(SheetDef sheet, Actor actor) {
        return write(c -> {
            SheetAdmin.check(c, sheet);
            Sheets.put(c, sheet, now(), actor.user());
            SheetAdmin.rebuildUniqueKeys(c, sheet);
            return sheet;
        });
    }

    // ---- rows

    public Optional<Row> get(String sheet, long id) {
        return read(c -> RowReader.get(c, Sheets.require(c, sheet), id, Json.Secrets.MASKED));
    }

    /** The host's current row in force by default (no operation) in a HOST sheet, unless it is discarded. */
    public Optional<Row> hostRow(String sheet, String host) {
        return read(c -> RowReader.byHost(c, Sheets.require(c, sheet), host, Json.Secrets.MASKED));
    }

    /** Current rows in id order. */
    public List<Row> list(String sheet, RowQuery query) {
        return read(c -> RowReader.list(c, Sheets.require(c, sheet), query, Json.Secrets.MASKED));
    }

    /**
     * Streams matching rows in id order to {@code sink} without holding them all (Excel export of large
     * sheets). The store is locked meanwhile, so the sink must not call back into it.
     */
    public void forEach(String sheet, RowQuery query, java.util.function.Consumer<Row> sink) {
        read(c -> {
            RowReader.scan(c, Sheets.require(c, sheet), query, Json.Secrets.MASKED, sink);
            return null;
        });
    }

    /** @throws ValidationException with every refused value */
    public Row register(String sheet, RowDraft draft, Actor actor) {
        return single(new RowOp.Register(sheet, null, draft), actor);
    }

    /**
     * Replaces the row's key and values (SECRET columns left out or masked keep their value).
     *
     * @throws StaleVersionException when {@code expectedVersion} is not the stored version
     */
    public Row update(String sheet, long id, long expectedVersion, RowDraft draft, Actor actor) {
        return single(new RowOp.Update(sheet, null, id, expectedVersion, draft), actor);
    }

    public Row discard(String sheet, long id, long expectedVersion, Actor actor) {
        return single(new RowOp.Discard(sheet, null, id, expectedVersion), actor);
    }

    /** Brings a discarded row back; refused if its unique values were taken meanwhile. */
    public Row restore(String sheet, long id, long expectedVersion, Actor actor) {
        return single(new RowOp.Restore(sheet, null, id, expectedVersion), actor);
    }

    /**
     * Applies a batch all-or-nothing, at one instant. Rows may swap unique values within the batch.
     *
     * @return the rows after their change, in op order
     * @throws ValidationException listing every refusal (stale versions included); nothing is applied
     */
    public List<Row> apply(List<RowOp> ops, Actor actor) {
        try {
            return run(ops, actor);
        } catch (BatchRefused refused) {
            throw new ValidationException(refused.result.errors());
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

    /** Runs a batch and rolls it back: the refusals {@link #apply} would give, or none. */
    public List<CellError> check(List<RowOp> ops) {
        lock.lock();
        try {
            connection.setAutoCommit(false);
            try {
                return new Batch(connection, secrets, now(), Actor.SYSTEM).run(ops).errors();
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("CMDB check failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    // ---- history

    /** The row's journal, oldest first. */
    public List<Change> history(String sheet, long rowId) {
        return read(c -> RowReader.history(c, Sheets.require(c, sheet), rowId));
    }

    /** Journal entries of every sheet after {@code afterSeq}, oldest first, at most {@code limit}. */
    public List<Change> changesSince(long afterSeq, int limit) {
        return read(c -> RowReader.since(c, afterSeq, limit));
    }

    /** Every row of the sheet that existed at {@code at}, as it was then, discarded ones included. */
    public List<Row> asOf(String sheet, Instant at) {
        return asOf(sheet, at, RowQuery.all());
    }

    public List<Row> asOf(String sheet, Instant at, RowQuery query) {
        return read(c -> RowReader.asOf(c, Sheets.require(c, sheet), at, Json.Secrets.MASKED)).stream()
                .filter(query::matches).toList();
    }

    /** What changed in the sheet between two times: rows added, changed, discarded, restored. */
    public List<RowDiff> diff(String sheet, Instant from, Instant to) {
        return read(c -> {
            SheetDef def = Sheets.require(c, sheet);
            return Diffs.between(def, RowReader.asOf(c, def, from, Json.Secrets.SEALED),
                    RowReader.asOf(c, def, to, Json.Secrets.SEALED));
        });
    }

    // ---- read-only queries

    /**
     * A new read-only connection on which each sheet is a view ({@link SheetViews}) for one scope, for user-written
     * queries. Writes are refused twice over: the file is opened read-only and {@code query_only} is set once the
     * views exist, so not even a temp table can be made. The caller closes it; it does not take the store's lock.
     *
     * @param asOf      null for current rows
     * @param operation null for the rows in force by default
     */
    public Connection openViews(Instant asOf, String operation) {
        List<SheetDef> defs = sheets();
        Connection c = null;
        try {
            c = database.openReadOnly();
            SheetViews.create(c, defs, asOf, operation);
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("PRAGMA query_only = 1");
            }
            return c;
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new StorageException("cannot open a read-only view of the CMDB: " + e.getMessage(), e);
        }
    }

    // ---- inventory and secrets

    /** Hosts, merged host variables and groups for an operation (null: the default rows). */
    public Inventory inventory(String operation) {
        return read(c -> {
            List<SheetDef> sheets = Sheets.list(c).stream().filter(SheetDef::hostKind).toList();
            Map<String, List<Row>> rows = new LinkedHashMap<>();
            for (SheetDef sheet : sheets) {
                rows.put(sheet.name(), RowReader.list(c, sheet, RowQuery.active(), Json.Secrets.MASKED));
            }
            return Inventories.build(operation, sheets, rows);
        });
    }

    /**
     * The clear text of a stored secret. For executors only, at the moment they need it; never for display.
     *
     * @return empty when the row has no value in that column
     */
    public Optional<String> revealSecret(String sheet, long rowId, String column) {
        return read(c -> {
            SheetDef def = Sheets.require(c, sheet);
            if (def.column(column).map(col -> col.type() != ColumnType.SECRET).orElse(true)) {
                throw new IllegalArgumentException(sheet + "." + column + " is not a SECRET column");
            }
            Row row = RowReader.get(c, def, rowId, Json.Secrets.SEALED)
                    .orElseThrow(() -> new NotFoundException("no row id=" + rowId + " in sheet " + sheet));
            Object sealed = row.value(column);
            return sealed == null ? Optional.<String>empty() : Optional.of(secrets.open(sheet, column, (String) sealed));
        });
    }

    /**
     * The clear value of every SECRET column of every row, discarded ones included, so that output can be masked.
     * Never for display. Cached until the CMDB changes, so cheap to ask for at every run.
     */
    public List<String> revealAllSecrets() {
        return read(allSecrets::current);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StorageException("cannot close CMDB", e);
        } finally {
            lock.unlock();
        }
    }

    // ---- plumbing

    private Row single(RowOp op, Actor actor) {
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

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T read(Work<T> work) {
        lock.lock();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StorageException("CMDB read failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private <T> T write(Work<T> work) {
        lock.lock();
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("CMDB write failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
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
