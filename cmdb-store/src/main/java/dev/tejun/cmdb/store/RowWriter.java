package dev.tejun.cmdb.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.CellError;
import dev.tejun.cmdb.model.ChangeAction;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.secret.SecretBox;
import dev.tejun.cmdb.validation.UniqueKey;
import dev.tejun.cmdb.validation.Validator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Performs row changes on a connection inside the caller's transaction: validate, write the row, keep its
 * unique keys, append the journal entry. Returns an {@link Outcome} instead of throwing, so a batch can collect
 * every refusal before it rolls back.
 */
final class RowWriter implements AutoCloseable {

    /** What one change came to. */
    sealed interface Outcome {
        record Done(Row row) implements Outcome {}

        record Refused(List<CellError> errors) implements Outcome {}

        record Stale(Row current, long expected) implements Outcome {}
    }

    private final Connection c;
    private final SecretBox secrets;
    private final Instant at;
    private final Actor actor;

    /**
     * The journal entries of this batch's changes, sent {@link #JOURNAL_BATCH} at a time and the rest by {@link
     * #close} (a round trip to PostgreSQL per thousand rows instead of one per row; a 100,000-row import does not hold
     * all its entries at once). Nothing in a batch reads the journal back; a row and its unique keys are written at
     * once, as the checks of the rows after it read them.
     */
    private PreparedStatement journal;

    private int pending;

    /** Journal entries sent together. */
    static final int JOURNAL_BATCH = 1000;

    RowWriter(Connection c, SecretBox secrets, Instant at, Actor actor) {
        this.c = c;
        this.secrets = secrets;
        this.at = at;
        this.actor = actor;
    }

    Outcome register(SheetDef sheet, String ref, RowDraft draft) throws SQLException {
        Validator.Checked checked =
                new Validator(sheet, new SqlLookup(c)).check(ref == null ? "new" : ref, draft, null);
        if (!checked.ok()) {
            return new Outcome.Refused(checked.errors());
        }
        ObjectNode doc = Json.doc(seal(sheet, checked.values(), Map.of()));
        List<CellError> locked = Locks.refusals(sheet, ref == null ? "new" : ref, Json.doc(Map.of()), doc, true, actor);
        if (!locked.isEmpty()) {
            return new Outcome.Refused(locked);
        }
        long id;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO cmdb_row (sheet, host, operation, doc, version, discarded, updated_at, updated_by)"
                        + " VALUES (?, ?, ?, ?, 1, ?, ?, ?) RETURNING id")) {
            ps.setString(1, sheet.name());
            ps.setString(2, draft.host());
            ps.setString(3, draft.operation());
            ps.setString(4, doc.toString());
            ps.setBoolean(5, false);
            ps.setLong(6, at.toEpochMilli());
            ps.setString(7, actor.user());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        insertKeys(sheet, id, checked.keys());
        return done(sheet, id, draft.host(), draft.operation(), doc, 1, false, ChangeAction.REGISTER);
    }

    Outcome update(SheetDef sheet, String ref, long id, long expected, RowDraft draft) throws SQLException {
        Row stored = existing(sheet, id);
        if (stored.version() != expected) {
            return stale(sheet, id, expected);
        }
        String rowRef = ref == null ? "id=" + id : ref;
        if (stored.discarded()) {
            return refused(sheet, rowRef, null, "row is discarded; restore it before changing it");
        }
        Map<String, Object> values = new LinkedHashMap<>(draft.values());
        for (ColumnDef column : sheet.columns()) {
            // An absent secret keeps its stored value: clients never hold it in clear to send it back.
            if (column.type() == ColumnType.SECRET
                    && !values.containsKey(column.name())
                    && stored.value(column.name()) != null) {
                values.put(column.name(), Row.MASK);
            }
        }
        RowDraft effective = new RowDraft(draft.host(), draft.operation(), values);
        Validator.Checked checked = new Validator(sheet, new SqlLookup(c)).check(rowRef, effective, id);
        if (!checked.ok()) {
            return new Outcome.Refused(checked.errors());
        }
        ObjectNode doc = Json.doc(seal(sheet, checked.values(), stored.values()));
        boolean keyMoved =
                !Objects.equals(draft.host(), stored.host()) || !Objects.equals(draft.operation(), stored.operation());
        List<CellError> locked = Locks.refusals(sheet, rowRef, Json.doc(stored.values()), doc, keyMoved, actor);
        if (!locked.isEmpty()) {
            return new Outcome.Refused(locked);
        }
        if (doc.equals(Json.doc(stored.values()))
                && Objects.equals(draft.host(), stored.host())
                && Objects.equals(draft.operation(), stored.operation())) {
            return new Outcome.Done(masked(sheet, id)); // nothing changed: no new version, no journal entry
        }
        deleteKeys(id);
        insertKeys(sheet, id, checked.keys());
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE cmdb_row SET host = ?, operation = ?, doc = ?, version = ?, updated_at = ?, updated_by = ? WHERE id = ?")) {
            ps.setString(1, draft.host());
            ps.setString(2, draft.operation());
            ps.setString(3, doc.toString());
            ps.setLong(4, expected + 1);
            ps.setLong(5, at.toEpochMilli());
            ps.setString(6, actor.user());
            ps.setLong(7, id);
            ps.executeUpdate();
        }
        return done(sheet, id, draft.host(), draft.operation(), doc, expected + 1, false, ChangeAction.UPDATE);
    }

    Outcome discard(SheetDef sheet, String ref, long id, long expected) throws SQLException {
        Row stored = existing(sheet, id);
        if (stored.version() != expected) {
            return stale(sheet, id, expected);
        }
        if (stored.discarded()) {
            return refused(sheet, ref == null ? "id=" + id : ref, null, "row is already discarded");
        }
        List<CellError> locked = Locks.refusals(
                sheet, ref == null ? "id=" + id : ref, Json.doc(stored.values()), Json.doc(Map.of()), true, actor);
        if (!locked.isEmpty()) {
            return new Outcome.Refused(locked);
        }
        deleteKeys(id);
        return flag(sheet, stored, true, ChangeAction.DISCARD);
    }

    Outcome restore(SheetDef sheet, String ref, long id, long expected) throws SQLException {
        Row stored = existing(sheet, id);
        if (stored.version() != expected) {
            return stale(sheet, id, expected);
        }
        String rowRef = ref == null ? "id=" + id : ref;
        if (!stored.discarded()) {
            return refused(sheet, rowRef, null, "row is not discarded");
        }
        List<CellError> locked =
                Locks.refusals(sheet, rowRef, Json.doc(Map.of()), Json.doc(stored.values()), true, actor);
        if (!locked.isEmpty()) {
            return new Outcome.Refused(locked);
        }
        // Restoring re-claims unique values and references that may have been taken or discarded meanwhile.
        Map<String, Object> values = new LinkedHashMap<>(stored.values());
        values.replaceAll((name, value) ->
                sheet.column(name).map(col -> col.type() == ColumnType.SECRET).orElse(false) ? Row.MASK : value);
        values.keySet().removeIf(name -> sheet.column(name).isEmpty());
        RowDraft draft = new RowDraft(stored.host(), stored.operation(), values);
        Validator.Checked checked = new Validator(sheet, new SqlLookup(c)).check(rowRef, draft, id);
        if (!checked.ok()) {
            return new Outcome.Refused(checked.errors());
        }
        insertKeys(sheet, id, checked.keys());
        return flag(sheet, stored, false, ChangeAction.RESTORE);
    }

    /** Drops the unique keys of rows a batch is about to change, so values can move between them. */
    void releaseKeys(long id) throws SQLException {
        deleteKeys(id);
    }

    private Outcome flag(SheetDef sheet, Row stored, boolean discarded, ChangeAction action) throws SQLException {
        long version = stored.version() + 1;
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE cmdb_row SET discarded = ?, version = ?, updated_at = ?, updated_by = ? WHERE id = ?")) {
            ps.setBoolean(1, discarded);
            ps.setLong(2, version);
            ps.setLong(3, at.toEpochMilli());
            ps.setString(4, actor.user());
            ps.setLong(5, stored.id());
            ps.executeUpdate();
        }
        return done(
                sheet,
                stored.id(),
                stored.host(),
                stored.operation(),
                Json.doc(stored.values()),
                version,
                discarded,
                action);
    }

    private Map<String, Object> seal(SheetDef sheet, Map<String, Object> values, Map<String, Object> stored) {
        Map<String, Object> out = new LinkedHashMap<>(values);
        for (ColumnDef column : sheet.columns()) {
            Object value = out.get(column.name());
            if (column.type() == ColumnType.SECRET && value != null) {
                out.put(
                        column.name(),
                        Row.MASK.equals(value)
                                ? stored.get(column.name())
                                : secrets.seal(sheet.name(), column.name(), (String) value));
            }
        }
        return out;
    }

    private Outcome done(
            SheetDef sheet,
            long id,
            String host,
            String operation,
            ObjectNode doc,
            long version,
            boolean discarded,
            ChangeAction action)
            throws SQLException {
        if (journal == null) {
            journal = c.prepareStatement(
                    "INSERT INTO cmdb_journal (sheet, row_id, action, user_name, channel, at, row_after) VALUES (?, ?, ?, ?, ?, ?, ?)");
        }
        journal.setString(1, sheet.name());
        journal.setLong(2, id);
        journal.setString(3, action.name());
        journal.setString(4, actor.user());
        journal.setString(5, actor.channel().name());
        journal.setLong(6, at.toEpochMilli());
        journal.setString(
                7, Json.journalRow(id, sheet.name(), host, operation, doc, version, discarded, at, actor.user()));
        journal.addBatch();
        if (++pending == JOURNAL_BATCH) {
            journal.executeBatch();
            pending = 0;
        }
        // Built from what was just written rather than read back: a read per row was a sixth of a large import.
        Map<String, Object> values = new RowDecoder(sheet, Json.Secrets.MASKED)
                .values(doc.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new Outcome.Done(
                new Row(id, sheet.name(), host, operation, values, version, discarded, at, actor.user()));
    }

    /** Writes the journal entries of the changes so far; the statement is closed even when that fails. */
    @Override
    public void close() throws SQLException {
        if (journal != null) {
            try (PreparedStatement ps = journal) {
                journal = null;
                if (pending > 0) {
                    pending = 0;
                    ps.executeBatch();
                }
            }
        }
    }

    private Row existing(SheetDef sheet, long id) throws SQLException {
        return RowReader.get(c, sheet, id, Json.Secrets.SEALED)
                .orElseThrow(() -> new NotFoundException("no row id=" + id + " in sheet " + sheet.name()));
    }

    private Row masked(SheetDef sheet, long id) throws SQLException {
        return RowReader.get(c, sheet, id, Json.Secrets.MASKED).orElseThrow();
    }

    private Outcome stale(SheetDef sheet, long id, long expected) throws SQLException {
        return new Outcome.Stale(masked(sheet, id), expected);
    }

    private static Outcome refused(SheetDef sheet, String rowRef, String column, String message) {
        return new Outcome.Refused(List.of(new CellError(sheet.name(), rowRef, column, message)));
    }

    private void insertKeys(SheetDef sheet, long id, List<UniqueKey> keys) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO cmdb_unique_key (sheet, key_name, key_value, row_id) VALUES (?, ?, ?, ?)")) {
            for (UniqueKey key : keys) {
                ps.setString(1, sheet.name());
                ps.setString(2, key.name());
                ps.setString(3, key.value());
                ps.setLong(4, id);
                ps.executeUpdate();
            }
        }
    }

    private void deleteKeys(long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM cmdb_unique_key WHERE row_id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }
}
