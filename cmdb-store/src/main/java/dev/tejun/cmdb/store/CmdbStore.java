package dev.tejun.cmdb.store;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseException;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.db.Schema;
import dev.tejun.cmdb.drift.DriftReport;
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
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CMDB: sheets, rows, journal, as-of reads and inventory in the Tejun {@link Database}. Thread-safe.
 *
 * <p>Every change is validated, written and journaled in one transaction; rows are never deleted, only
 * discarded and restored; the journal has no update or delete path (and triggers refuse one). SECRET values are
 * sealed before they are stored and read back as {@link Row#MASK}; only {@link #revealSecret} opens them.
 *
 * <p>Changes are {@link Database#write} transactions (one writer at a time, an update with its journal entry
 * around a millisecond); reads are {@link Database#read} snapshots beside them. Other processes (the CLI beside
 * the server) share the file safely through WAL and the busy timeout.
 */
public final class CmdbStore implements AutoCloseable {

    /** The CMDB's migrations; {@code legacy} maps what the pre-Flyway runner recorded as {@code db/migration/cmdb}. */
    public static final Schema SCHEMA = new Schema(
            "cmdb",
            CmdbStore.class.getClassLoader(),
            "11",
            List.of(new Schema.Legacy(
                    "db/migration/cmdb",
                    1,
                    "db/migration/cmdb/V1__cmdb_core.sql",
                    "db/dialect/sqlite/cmdb/V1_1__cmdb_journal_append_only.sql")));
    /** Name of the key file beside the database. */
    public static final String KEY_FILE = "secret.key";

    private final Database database;
    private final boolean ownsDatabase;
    private final SecretBox secrets;
    private final StoreAccess access;
    private final AllSecrets allSecrets;
    private final OperationBook operations;

    /** Over the process's database (migrated here if it was not yet); closing the store leaves it open. */
    public CmdbStore(Database database, Clock clock) {
        this(database, false, clock);
    }

    /**
     * Opens a database of its own on {@code dbFile} (e.g. {@code TEJUN_HOME/tejun.db}), closed with the store: for
     * a process that needs the CMDB alone (tests, benchmarks). A server hands one {@link Database} to every store.
     */
    public CmdbStore(Path dbFile) {
        this(dbFile, Clock.systemUTC());
    }

    /** As {@link #CmdbStore(Path)}, with the clock that stamps changes (tests pass a fixed one). */
    public CmdbStore(Path dbFile, Clock clock) {
        this(StoreAccess.openOwn(dbFile), true, clock);
    }

    /** Opens the database {@code settings} name (SQLite or PostgreSQL), closed with the store. */
    public CmdbStore(DatabaseSettings settings, Clock clock) {
        this(StoreAccess.openOwn(settings), true, clock);
    }

    private CmdbStore(Database database, boolean ownsDatabase, Clock clock) {
        this.database = database;
        this.ownsDatabase = ownsDatabase;
        this.secrets = new SecretBox(database.file().resolveSibling(KEY_FILE));
        this.access = new StoreAccess(database, clock, secrets);
        this.allSecrets = new AllSecrets(secrets);
        this.operations = new OperationBook(access);
        try {
            database.migrate(SCHEMA);
        } catch (DatabaseException e) {
            if (ownsDatabase) {
                database.close();
            }
            throw new StorageException("cannot open CMDB " + database.where() + ": " + e.getMessage(), e);
        }
        if (sheet(HostsSheet.NAME).isEmpty()) {
            putSheet(HostsSheet.definition(), Actor.SYSTEM);
        }
        if (access.read(LegacyBindings::needed)) {
            access.write(c -> LegacyBindings.pin(c, access.now(), Actor.SYSTEM.user()));
        }
    }

    /** The database the CMDB lives in. */
    public Database database() {
        return database;
    }

    // ---- sheets

    public List<SheetDef> sheets() {
        return access.read(Sheets::list);
    }

    public Optional<SheetDef> sheet(String name) {
        return access.read(c -> Sheets.get(c, name));
    }

    /**
     * Creates or redefines a sheet. Column edits need no DDL; existing values are re-read through the new types
     * and checked again on their next edit. Refused (with {@link IllegalArgumentException}) when the change cannot
     * hold: a kind change with rows present, a reference to a missing sheet, built-in hosts columns removed; and
     * (with {@link ValidationException}) when current rows break a new uniqueness rule.
     */
    public SheetDef putSheet(SheetDef sheet, Actor actor) {
        return access.write(c -> {
            SheetAdmin.check(c, sheet);
            Locks.checkDefinition(Sheets.get(c, sheet.name()).orElse(null), sheet, actor);
            Sheets.put(c, sheet, access.now(), actor.user());
            SheetAdmin.rebuildUniqueKeys(c, sheet);
            return sheet;
        });
    }

    /** The operation list: operations (作業) as records, with the runs started for them. */
    public OperationBook operations() {
        return operations;
    }

    // ---- rows

    public Optional<Row> get(String sheet, long id) {
        return access.read(c -> RowReader.get(c, Sheets.require(c, sheet), id, Json.Secrets.MASKED));
    }

    /** The host's current row in force by default (no operation) in a HOST sheet, unless it is discarded. */
    public Optional<Row> hostRow(String sheet, String host) {
        return access.read(c -> RowReader.byHost(c, Sheets.require(c, sheet), host, Json.Secrets.MASKED));
    }

    /** Current rows in id order (one page of them when the query says so: {@link RowQuery#page}). */
    public List<Row> list(String sheet, RowQuery query) {
        return access.read(c -> RowReader.list(c, Sheets.require(c, sheet), query, Json.Secrets.MASKED));
    }

    /**
     * Streams matching rows in id order to {@code sink} without holding them all (Excel export of large
     * sheets), from one snapshot; changes meanwhile go on beside it.
     */
    public void forEach(String sheet, RowQuery query, java.util.function.Consumer<Row> sink) {
        access.read(c -> {
            RowReader.scan(c, Sheets.require(c, sheet), query, Json.Secrets.MASKED, sink);
            return null;
        });
    }

    /** @throws ValidationException with every refused value */
    public Row register(String sheet, RowDraft draft, Actor actor) {
        return access.single(new RowOp.Register(sheet, null, draft), actor);
    }

    /**
     * Replaces the row's key and values (SECRET columns left out or masked keep their value).
     *
     * @throws StaleVersionException when {@code expectedVersion} is not the stored version
     */
    public Row update(String sheet, long id, long expectedVersion, RowDraft draft, Actor actor) {
        return access.single(new RowOp.Update(sheet, null, id, expectedVersion, draft), actor);
    }

    /**
     * Undoes changes to a row: its key and values go back to what they were at {@code toVersion}, secrets included
     * (a client never holds those to send them back), as a new version journaled like any update.
     *
     * @throws StaleVersionException when {@code expectedVersion} is not the stored version
     */
    public Row revert(String sheet, long id, long expectedVersion, long toVersion, Actor actor) {
        SheetDef def = access.read(c -> Sheets.require(c, sheet));
        Row then = access.read(c -> RowReader.atVersion(c, def, id, toVersion))
                .orElseThrow(
                        () -> new NotFoundException("row id=" + id + " of " + sheet + " had no version " + toVersion));
        Map<String, Object> values = new LinkedHashMap<>(then.values());
        for (var column : def.columns()) {
            if (column.type() == ColumnType.SECRET && values.get(column.name()) instanceof String sealed) {
                values.put(column.name(), secrets.open(sheet, column.name(), sealed));
            }
        }
        return update(sheet, id, expectedVersion, new RowDraft(then.host(), then.operation(), values), actor);
    }

    public Row discard(String sheet, long id, long expectedVersion, Actor actor) {
        return access.single(new RowOp.Discard(sheet, null, id, expectedVersion), actor);
    }

    /** Brings a discarded row back; refused if its unique values were taken meanwhile. */
    public Row restore(String sheet, long id, long expectedVersion, Actor actor) {
        return access.single(new RowOp.Restore(sheet, null, id, expectedVersion), actor);
    }

    /**
     * Applies a batch all-or-nothing, at one instant. Rows may swap unique values within the batch.
     *
     * @return the rows after their change, in op order
     * @throws ValidationException listing every refusal (stale versions included); nothing is applied
     */
    public List<Row> apply(List<RowOp> ops, Actor actor) {
        return access.apply(ops, actor);
    }

    /** Runs a batch and rolls it back: the refusals {@link #apply} would give, or none. */
    public List<CellError> check(List<RowOp> ops) {
        return check(ops, Actor.SYSTEM);
    }

    /** As {@link #check}, for {@code actor} (whether a locked value may change depends on who changes it). */
    public List<CellError> check(List<RowOp> ops, Actor actor) {
        return access.check(ops, actor);
    }

    // ---- history

    /** The row's journal, oldest first. */
    public List<Change> history(String sheet, long rowId) {
        return access.read(c -> RowReader.history(c, Sheets.require(c, sheet), rowId));
    }

    /** Journal entries of every sheet after {@code afterSeq}, oldest first, at most {@code limit}. */
    public List<Change> changesSince(long afterSeq, int limit) {
        return access.read(c -> RowReader.since(c, afterSeq, limit));
    }

    /** Every row of the sheet that existed at {@code at}, as it was then, discarded ones included. */
    public List<Row> asOf(String sheet, Instant at) {
        return asOf(sheet, at, RowQuery.all());
    }

    public List<Row> asOf(String sheet, Instant at, RowQuery query) {
        return access.read(c -> RowReader.asOf(c, Sheets.require(c, sheet), at, Json.Secrets.MASKED)).stream()
                .filter(query::matches)
                .limit(query.limit() > 0 ? query.limit() : Long.MAX_VALUE)
                .toList();
    }

    /** What changed in the sheet between two times: rows added, changed, discarded, restored. */
    public List<RowDiff> diff(String sheet, Instant from, Instant to) {
        return access.read(c -> {
            SheetDef def = Sheets.require(c, sheet);
            return Diffs.between(
                    def,
                    RowReader.asOf(c, def, from, Json.Secrets.SEALED),
                    RowReader.asOf(c, def, to, Json.Secrets.SEALED));
        });
    }

    // ---- read-only queries

    /**
     * A new read-only connection on which each sheet is a view ({@link SheetViews}) for one scope, for user-written
     * queries. Writes are refused twice over: the file is opened read-only and the connection is sealed once the
     * views exist ({@link Database#openQueryOnly}), so not even a temp table can be made. The caller closes it.
     *
     * @param asOf      null for current rows
     * @param operation null for the rows in force by default
     */
    public Connection openViews(Instant asOf, String operation) {
        List<SheetDef> defs = sheets();
        try {
            // on PostgreSQL the SQLite snapshot holds what a cmdb cell may read here: the cmdb_ tables
            return database.openQueryOnly("cmdb_", c -> {
                SheetViews.create(c, defs, asOf, operation);
                return null;
            });
        } catch (DatabaseException e) {
            throw new StorageException("cannot open a read-only view of the CMDB: " + e.getMessage(), e);
        }
    }

    // ---- actual state

    /**
     * Stores what a collector found on each host into an observed sheet (refused for any other sheet), all or
     * nothing; a row changes (and is journaled) only when a value did, and every host given is marked collected
     * now by {@code source} (a run id).
     *
     * @param byHost host → observed column → value as collected (text is read through the column's type)
     * @return how many rows changed
     * @throws ValidationException with every refused value; nothing is written
     */
    public int recordObserved(String sheet, Map<String, Map<String, Object>> byHost, String source, Actor actor) {
        return access.write(c -> Observations.record(c, secrets, access.now(), actor, sheet, byHost, source));
    }

    /**
     * The drift between each observed sheet and its expected sheet, per host and column.
     *
     * @param sheet an expected or observed sheet to report on, or null for every pairing
     */
    public List<DriftReport> drift(String sheet) {
        return access.read(c -> Drifts.of(c, sheet, access.now()));
    }

    /**
     * A value that changes whenever anything {@link #drift} reads may have: a row written (the journal's newest
     * entry), a sheet defined or changed, a host collected. Equal stamps mean equal drift, so a watcher can skip a
     * look at a CMDB nothing changed in; reading it costs a few index lookups, not a drift report.
     */
    public String driftStamp() {
        return access.read(c -> {
            try (java.sql.Statement st = c.createStatement();
                    java.sql.ResultSet rs = st.executeQuery(
                            "SELECT (SELECT MAX(seq) FROM cmdb_journal),"
                                    + " (SELECT COUNT(*) FROM cmdb_sheet), (SELECT MAX(updated_at) FROM cmdb_sheet),"
                                    + " (SELECT COUNT(*) FROM cmdb_collection), (SELECT MAX(collected_at) FROM cmdb_collection)")) {
                rs.next();
                StringBuilder stamp = new StringBuilder();
                for (int i = 1; i <= 5; i++) {
                    stamp.append(i > 1 ? "/" : "").append(rs.getLong(i));
                }
                return stamp.toString();
            }
        });
    }

    // ---- inventory and secrets

    /** Hosts, merged host variables and groups for an operation (null: the default rows). */
    public Inventory inventory(String operation) {
        return inventory(operation, null);
    }

    /**
     * The inventory as the CMDB had it at {@code asOf} (null: now): each sheet's rows read back from the journal,
     * so a system can be rebuilt from its design history (its secrets: {@link #revealSecret} as of then).
     */
    public Inventory inventory(String operation, Instant asOf) {
        return access.read(c -> {
            List<SheetDef> sheets =
                    Sheets.list(c).stream().filter(SheetDef::hostKind).toList();
            Map<String, List<Row>> rows = new LinkedHashMap<>();
            for (SheetDef sheet : sheets) {
                rows.put(sheet.name(), rows(c, sheet, asOf));
            }
            return Inventories.build(operation, sheets, rows);
        });
    }

    /**
     * The rows of a sheet in force for an operation (null: the defaults) at {@code asOf} (null: now): in a HOST
     * sheet each host's row of the operation, else its default row; in a DATA sheet every row not discarded.
     */
    public List<Row> rowsInForce(String sheet, String operation, Instant asOf) {
        return access.read(c -> {
            SheetDef def = Sheets.require(c, sheet);
            List<Row> rows = rows(c, def, asOf);
            return def.hostKind()
                    ? List.copyOf(Inventories.effective(rows, operation).values())
                    : rows.stream().filter(r -> !r.discarded()).toList();
        });
    }

    private static List<Row> rows(Connection c, SheetDef sheet, Instant asOf) throws java.sql.SQLException {
        return asOf == null
                ? RowReader.list(c, sheet, RowQuery.active(), Json.Secrets.MASKED)
                : RowReader.asOf(c, sheet, asOf, Json.Secrets.MASKED);
    }

    /**
     * The clear text of a stored secret. For executors only, at the moment they need it; never for display.
     *
     * @param asOf null: the value now; else the value the journal had then, so a system rebuilt from its design
     *             history gets the secrets it had too
     * @return empty when the row has no value in that column (or did not exist at {@code asOf})
     */
    public Optional<String> revealSecret(String sheet, long rowId, String column, Instant asOf) {
        return access.read(c -> {
            SheetDef def = Sheets.require(c, sheet);
            if (def.column(column).map(col -> col.type() != ColumnType.SECRET).orElse(true)) {
                throw new IllegalArgumentException(sheet + "." + column + " is not a SECRET column");
            }
            Optional<Row> then = asOf == null
                    ? RowReader.get(c, def, rowId, Json.Secrets.SEALED)
                    : RowReader.asOf(c, def, rowId, asOf, Json.Secrets.SEALED);
            if (asOf != null && then.isEmpty()) {
                return Optional.<String>empty();
            }
            Row row = then.orElseThrow(() -> new NotFoundException("no row id=" + rowId + " in sheet " + sheet));
            Object sealed = row.value(column);
            return sealed == null
                    ? Optional.<String>empty()
                    : Optional.of(secrets.open(sheet, column, (String) sealed));
        });
    }

    /**
     * The clear value of every SECRET column of every row, discarded ones included, so that output can be masked.
     * Never for display. Cached until the CMDB changes, so cheap to ask for at every run.
     */
    public List<String> revealAllSecrets() {
        return access.read(allSecrets::current);
    }

    /** Closes the database when the store opened it itself; a shared one stays open for the other stores. */
    @Override
    public void close() {
        if (ownsDatabase) {
            database.close();
        }
    }
}
