package dev.tejun.kernel.cmdb;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Answers {@code cmdb.SHEET.HOST.COLUMN} references for substitution ({@code Session.Services.cmdb}) from the
 * current values of a {@link CmdbStore}: the host's default row (no operation) of a HOST sheet, or, in a DATA sheet,
 * the row whose id is given in place of the host. The host part may contain dots ({@code web1.example.com}); the
 * sheet is the first part and the column the last.
 *
 * <p>Empty (so the cell fails before running with "unresolved reference") when the sheet, the host's row or the
 * column does not exist, the row is discarded, or the value is not set — nothing runs with a hole in it.
 *
 * <p>SECRET columns are refused with an {@link IllegalArgumentException} (the session fails the cell with its
 * message): substituted code is what evidence records and what the notebook shows, so a secret put into it would
 * be kept in clear. Executors that need a secret (ssh, ansible) read it from the store themselves and hand it to
 * the process out of band, e.g. in its environment.
 */
public final class CmdbReferences implements Function<String, Optional<String>> {

    private static final String PREFIX = "cmdb.";

    private final CmdbStore store;
    /** Null: each host's default row now; else the rows in force for {@link #operation} at {@link #asOf}. */
    private final String operation;

    private final Instant asOf;

    public CmdbReferences(CmdbStore store) {
        this(store, null, null);
    }

    private CmdbReferences(CmdbStore store, String operation, Instant asOf) {
        this.store = Objects.requireNonNull(store, "store");
        this.operation = operation;
        this.asOf = asOf;
    }

    /**
     * The references as a cell with {@code operation=} / {@code as-of=} (or a run with those params) reads them: the
     * host's row of the operation, else its default row, as the journal had it then.
     *
     * @throws IllegalArgumentException an operation nothing knows or a cancelled one (the cell fails before it runs)
     */
    public CmdbReferences in(String operation, Instant asOf) {
        if (operation != null) {
            try {
                store.operations().checkRunnable(operation);
            } catch (dev.tejun.cmdb.store.CmdbException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return new CmdbReferences(store, operation, asOf);
    }

    /** A SECRET column named in code. */
    public static final class SecretRefused extends IllegalArgumentException {
        SecretRefused(String reference) {
            super("${" + reference + "} names a SECRET column; secrets are not substituted into cell code, which is"
                    + " recorded in evidence. Pass it to the process in its environment instead (an executor that"
                    + " needs it reads it from the CMDB itself)");
        }
    }

    @Override
    public Optional<String> apply(String reference) {
        if (!reference.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = reference.substring(PREFIX.length());
        int first = rest.indexOf('.');
        int last = rest.lastIndexOf('.');
        if (first <= 0 || last <= first + 1 || last == rest.length() - 1) {
            return Optional.empty();
        }
        String sheetName = rest.substring(0, first);
        String host = rest.substring(first + 1, last);
        String columnName = rest.substring(last + 1);
        Optional<SheetDef> sheet = store.sheet(sheetName);
        Optional<ColumnDef> column = sheet.flatMap(s -> s.column(columnName));
        if (column.isEmpty()) {
            return Optional.empty();
        }
        if (column.get().type() == ColumnType.SECRET) {
            throw new SecretRefused(reference);
        }
        return row(sheet.get(), host)
                .filter(row -> !row.discarded())
                .map(row -> row.value(columnName))
                .map(CmdbReferences::text);
    }

    /** The row the reference names: the host's default row of a HOST sheet, or a DATA sheet's row by id. */
    private Optional<Row> row(SheetDef sheet, String key) {
        if (operation != null || asOf != null) {
            return store.rowsInForce(sheet.name(), operation, asOf).stream()
                    .filter(r -> sheet.hostKind() ? key.equals(r.host()) : key.equals(String.valueOf(r.id())))
                    .findFirst();
        }
        if (sheet.hostKind()) {
            return store.hostRow(sheet.name(), key);
        }
        try {
            return store.get(sheet.name(), Long.parseLong(key));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String text(Object value) {
        return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    }
}
