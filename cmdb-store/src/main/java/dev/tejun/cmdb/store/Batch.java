package dev.tejun.cmdb.store;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.CellError;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowOp;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.secret.SecretBox;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a list of row changes in the caller's transaction and collects every refusal instead of stopping at the
 * first, so an import can report all bad cells at once. The caller commits only when there are none.
 */
final class Batch {

    /**
     * @param rows    rows after their change, in op order (meaningful only when {@code errors} is empty)
     * @param errors  every refusal
     * @param stale   the first stale-version refusal, for single-row callers
     * @param missing the first missing row, for single-row callers
     */
    record Result(List<Row> rows, List<CellError> errors, StaleVersionException stale, NotFoundException missing) {}

    private final Connection c;
    private final RowWriter writer;
    private final Map<String, Optional<SheetDef>> sheets = new HashMap<>();

    Batch(Connection c, SecretBox secrets, Instant at, Actor actor) {
        this.c = c;
        this.writer = new RowWriter(c, secrets, at, actor);
    }

    Result run(List<RowOp> ops) throws SQLException {
        try (writer) {
            return changes(ops);
        }
    }

    private Result changes(List<RowOp> ops) throws SQLException {
        // Rows that change release their unique values first, so two rows can swap values in one batch.
        for (RowOp op : ops) {
            switch (op) {
                case RowOp.Update u -> writer.releaseKeys(u.id());
                case RowOp.Discard d -> writer.releaseKeys(d.id());
                default -> {}
            }
        }
        List<Row> rows = new ArrayList<>();
        List<CellError> errors = new ArrayList<>();
        StaleVersionException stale = null;
        NotFoundException missing = null;
        for (RowOp op : ops) {
            Optional<SheetDef> sheet = sheets.computeIfAbsent(op.sheet(), this::sheet);
            if (sheet.isEmpty()) {
                errors.add(new CellError(op.sheet(), ref(op), null, "no sheet " + op.sheet()));
                missing = missing == null ? new NotFoundException("no sheet " + op.sheet()) : missing;
                continue;
            }
            RowWriter.Outcome outcome;
            try {
                outcome = switch (op) {
                    case RowOp.Register r -> writer.register(sheet.get(), r.ref(), r.draft());
                    case RowOp.Update u -> writer.update(sheet.get(), u.ref(), u.id(), u.expectedVersion(), u.draft());
                    case RowOp.Discard d -> writer.discard(sheet.get(), d.ref(), d.id(), d.expectedVersion());
                    case RowOp.Restore r -> writer.restore(sheet.get(), r.ref(), r.id(), r.expectedVersion());
                };
            } catch (NotFoundException e) {
                errors.add(new CellError(op.sheet(), ref(op), "_id", e.getMessage()));
                missing = missing == null ? e : missing;
                continue;
            }
            switch (outcome) {
                case RowWriter.Outcome.Done done -> rows.add(done.row());
                case RowWriter.Outcome.Refused refused -> errors.addAll(refused.errors());
                case RowWriter.Outcome.Stale s -> {
                    errors.add(new CellError(
                            op.sheet(),
                            ref(op),
                            "_version",
                            "stale version " + s.expected() + ": the row was changed meanwhile and is now at version "
                                    + s.current().version()));
                    stale = stale == null ? new StaleVersionException(s.current(), s.expected()) : stale;
                }
            }
        }
        return new Result(rows, errors, stale, missing);
    }

    private Optional<SheetDef> sheet(String name) {
        try {
            return Sheets.get(c, name);
        } catch (SQLException e) {
            throw new StorageException("cannot read sheet " + name, e);
        }
    }

    private static String ref(RowOp op) {
        if (op.ref() != null) {
            return op.ref();
        }
        return switch (op) {
            case RowOp.Register r -> "new";
            case RowOp.Update u -> "id=" + u.id();
            case RowOp.Discard d -> "id=" + d.id();
            case RowOp.Restore r -> "id=" + r.id();
        };
    }
}
