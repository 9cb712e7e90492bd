package dev.tejun.cmdb.validation;

import dev.tejun.cmdb.model.CellError;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.HostsSheet;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a draft row against its sheet: key fields, types, required, length, regex, range, enum, IP/CIDR,
 * references and uniqueness. Never throws on bad input: every problem becomes a {@link CellError}, so a
 * caller can report all of them at once.
 */
public final class Validator {

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,254}");
    private static final Pattern OPERATION = Pattern.compile("\\S(.{0,98}\\S)?");

    /** What the validator needs to know about other rows. */
    public interface Lookup {
        /** The id of the current row that holds this unique key in the sheet, if any. */
        Optional<Long> uniqueOwner(String sheet, UniqueKey key);

        /** Whether a current row of the sheet has this key (host name for HOST sheets, id for DATA sheets). */
        boolean referenceExists(String sheet, String key);
    }

    /**
     * The outcome of a check.
     *
     * @param values canonical values of the valid columns, in column order (defaults applied on register)
     * @param keys   the unique keys the row would claim
     * @param errors every problem found; empty means the draft can be written
     */
    public record Checked(Map<String, Object> values, List<UniqueKey> keys, List<CellError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private final SheetDef sheet;
    private final Lookup lookup;

    public Validator(SheetDef sheet, Lookup lookup) {
        this.sheet = sheet;
        this.lookup = lookup;
    }

    /**
     * @param rowRef how errors name the row
     * @param draft  the values to check
     * @param selfId the row being updated or restored (its own unique keys are no conflict), null on register
     */
    public Checked check(String rowRef, RowDraft draft, Long selfId) {
        List<CellError> errors = new ArrayList<>();
        checkKey(rowRef, draft, errors);
        for (String name : draft.values().keySet()) {
            if (sheet.column(name).isEmpty()) {
                errors.add(error(rowRef, name, "unknown column"));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (ColumnDef column : sheet.columns()) {
            Object raw = draft.values().get(column.name());
            if (raw == null && selfId == null && column.defaultValue() != null) {
                raw = column.defaultValue();
            }
            if (column.type() == ColumnType.SECRET && Row.MASK.equals(raw)) {
                if (selfId == null) {
                    errors.add(error(rowRef, column.name(), "give the secret itself, not the mask"));
                } else {
                    values.put(column.name(), Row.MASK); // the store keeps the stored secret
                }
                continue;
            }
            ValueParser.Parsed parsed = ValueParser.parse(column, raw);
            if (parsed.problem() != null) {
                errors.add(error(rowRef, column.name(), parsed.problem()));
            } else if (parsed.value() == null) {
                if (column.required()) {
                    errors.add(error(rowRef, column.name(), "required"));
                }
            } else {
                values.put(column.name(), parsed.value());
                if (column.type() == ColumnType.REFERENCE
                        && !lookup.referenceExists(column.referenceSheet(), (String) parsed.value())) {
                    errors.add(error(
                            rowRef,
                            column.name(),
                            "no current row '" + parsed.value() + "' in sheet " + column.referenceSheet()));
                }
            }
        }
        List<UniqueKey> keys = uniqueKeys(draft, values);
        if (errors.isEmpty()) {
            for (UniqueKey key : keys) {
                Optional<Long> owner = lookup.uniqueOwner(sheet.name(), key);
                if (owner.isPresent() && !owner.get().equals(selfId)) {
                    errors.add(error(
                            rowRef,
                            columnOf(key),
                            "duplicate: row id=" + owner.get() + " already has this "
                                    + (key.name().equals("row") ? "host and operation" : "value")));
                }
            }
        }
        return new Checked(values, keys, List.copyOf(errors));
    }

    /** The unique keys of canonical values; nulls claim nothing, as in SQL. */
    public List<UniqueKey> uniqueKeys(RowDraft draft, Map<String, Object> values) {
        List<UniqueKey> keys = new ArrayList<>();
        if (sheet.hostKind() && draft.host() != null) {
            keys.add(new UniqueKey("row", scoped(draft.operation(), List.of(draft.host()))));
        }
        for (ColumnDef column : sheet.columns()) {
            Object value = values.get(column.name());
            if (column.unique() && value != null) {
                keys.add(new UniqueKey("col:" + column.name(), scoped(draft.operation(), List.of(value))));
            }
        }
        for (List<String> set : sheet.uniqueSets()) {
            List<Object> parts = set.stream().map(values::get).toList();
            if (parts.stream().allMatch(java.util.Objects::nonNull)) {
                keys.add(new UniqueKey("set:" + String.join(",", set), scoped(draft.operation(), parts)));
            }
        }
        return keys;
    }

    private void checkKey(String rowRef, RowDraft draft, List<CellError> errors) {
        if (sheet.hostKind()) {
            if (draft.host() == null || draft.host().isBlank()) {
                errors.add(error(rowRef, "host", "required"));
            } else if (!HOST_NAME.matcher(draft.host()).matches()) {
                errors.add(error(rowRef, "host", "'" + draft.host() + "' is not a valid host name"));
            } else if (!sheet.name().equals(HostsSheet.NAME)
                    && !lookup.referenceExists(HostsSheet.NAME, draft.host())) {
                errors.add(error(rowRef, "host", "host '" + draft.host() + "' is not in the hosts sheet"));
            }
            if (draft.operation() != null
                    && !OPERATION.matcher(draft.operation()).matches()) {
                errors.add(error(
                        rowRef, "operation", "operation must be 1-100 characters without leading or trailing blanks"));
            }
        } else {
            if (draft.host() != null) {
                errors.add(error(rowRef, "host", "a data sheet row has no host"));
            }
            if (draft.operation() != null) {
                errors.add(error(rowRef, "operation", "a data sheet row has no operation"));
            }
        }
    }

    private static String scoped(String operation, List<Object> parts) {
        StringBuilder out = new StringBuilder(operation == null ? "~" : operation.length() + ":" + operation);
        for (Object part : parts) {
            String text = ValueParser.canonicalText(part);
            out.append('|').append(text.length()).append(':').append(text);
        }
        return out.toString();
    }

    private static String columnOf(UniqueKey key) {
        if (key.name().equals("row")) {
            return "host";
        }
        return key.name().substring(key.name().indexOf(':') + 1);
    }

    private CellError error(String rowRef, String column, String message) {
        return new CellError(sheet.name(), rowRef, column, message);
    }
}
