package dev.tejun.cmdb.excel;

import dev.tejun.cmdb.model.CellError;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.RowOp;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.validation.ValueParser;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.poi.ss.usermodel.DateUtil;

/** Plans one worksheet: checks its header, converts each row's cells and decides the row's action. */
final class WorksheetPlanner {

    private final CmdbStore store;
    private final SheetDef sheet;
    private final XlsxReader.Worksheet worksheet;
    private final Map<String, Integer> columnOf = new HashMap<>();
    /** The Excel row of the header: 1 in Tejun's layout, lower under a title and group headers (Exastro style). */
    private int headerRow = 1;
    /** No {@code _id} column: headers may be labels, and HOST rows are matched by host and operation. */
    private boolean labelLayout;
    /** Host + operation → current row, for the label layout. */
    private Map<String, Row> byKey;

    WorksheetPlanner(CmdbStore store, SheetDef sheet, XlsxReader.Worksheet worksheet) {
        this.store = store;
        this.sheet = sheet;
        this.worksheet = worksheet;
    }

    void plan(List<PlannedRow> rows, List<CellError> errors) {
        if (!header(errors)) {
            return;
        }
        boolean first = true;
        for (var entry : worksheet.rows().tailMap(headerRow, false).entrySet()) {
            int excelRow = entry.getKey();
            Map<Integer, XlsxCell> cells = entry.getValue();
            XlsxCell idCell = cell(cells, ExcelLayout.ID);
            if (idCell != null && ExcelLayout.HELP_MARKER.equals(idCell.text())) {
                continue;
            }
            boolean helpRow = first && labelLayout && sheet.hostKind() && blank(cell(cells, ExcelLayout.HOST));
            first = false;
            if (helpRow || columnOf.values().stream().allMatch(i -> blank(cells.get(i)))) {
                continue; // the help row under an Exastro-style header; an empty row
            }
            List<CellError> rowErrors = new java.util.ArrayList<>();
            PlannedRow planned = row(excelRow, cells, rowErrors);
            errors.addAll(rowErrors);
            if (planned != null && rowErrors.isEmpty()) {
                rows.add(planned);
            }
        }
    }

    private static boolean blank(XlsxCell cell) {
        return cell == null || cell.text().isBlank();
    }

    private XlsxCell cell(Map<Integer, XlsxCell> cells, String header) {
        Integer at = columnOf.get(header);
        return at == null ? null : cells.get(at);
    }

    /**
     * The identifier a header cell names: the identifier itself, or a column's label (日本語 welcome), compared
     * after NFKC normalisation so full-width letters and spaces match; null when it names nothing.
     */
    private String identifier(String text, List<String> expected) {
        String name = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC)
                .strip();
        if (expected.contains(name)) {
            return name;
        }
        for (ColumnDef column : sheet.columns()) {
            String label = java.text.Normalizer.normalize(column.label(), java.text.Normalizer.Form.NFKC)
                    .strip();
            if (label.equals(name)) {
                return column.name();
            }
        }
        return ExcelLayout.LABELS.get(name);
    }

    /**
     * The header row: row 1, or in a workbook kept the Exastro way (a title row, merged group headers such as
     * オペレーション / パラメータ above the real column labels) the first of the top rows whose cells mostly name
     * columns. Rows above it are titles and group headers and are not read.
     */
    private Map<Integer, XlsxCell> findHeader(List<String> expected) {
        Map<Integer, XlsxCell> identifiers = identifierRow(expected);
        if (identifiers != null) {
            return identifiers;
        }
        int looked = 0;
        for (var entry : worksheet.rows().entrySet()) {
            if (++looked > 10) {
                break;
            }
            long filled =
                    entry.getValue().values().stream().filter(c -> !blank(c)).count();
            long named = entry.getValue().values().stream()
                    .filter(c -> !blank(c) && identifier(c.text(), expected) != null)
                    .count();
            if (named > 0 && named * 2 > filled) {
                headerRow = entry.getKey();
                return entry.getValue();
            }
        }
        return null;
    }

    /**
     * The row of identifiers under the labels of Tejun's label layout (hidden there): among the top rows, one
     * whose every filled cell is an identifier as written and that has {@code _id}; rows above it are title,
     * group headers and labels, whatever language they are in. Null when there is none.
     */
    private Map<Integer, XlsxCell> identifierRow(List<String> expected) {
        int looked = 0;
        for (var entry : worksheet.rows().entrySet()) {
            if (++looked > 10) {
                break;
            }
            var cells = entry.getValue().values();
            boolean hasId = cells.stream().anyMatch(c -> ExcelLayout.ID.equals(c.text()));
            if (hasId && cells.stream().allMatch(c -> blank(c) || expected.contains(c.text()))) {
                headerRow = entry.getKey();
                return entry.getValue();
            }
        }
        return null;
    }

    private boolean header(List<CellError> errors) {
        List<String> expected = ExcelLayout.headers(sheet);
        Map<Integer, XlsxCell> header = findHeader(expected);
        if (header == null) {
            errors.add(new CellError(
                    sheet.name(),
                    Integer.toString(headerRow),
                    null,
                    "row 1 must be the header: " + String.join(", ", expected)));
            return false;
        }
        int before = errors.size();
        header.forEach((index, cell) -> {
            String name = identifier(cell.text(), expected);
            if (blank(cell) && worksheet.rows().get(headerRow - 1) != null) {
                return; // under a merged group header, a column may be left blank: nothing to read there
            }
            if (name == null) {
                name = cell.text().strip();
                errors.add(new CellError(
                        sheet.name(),
                        Integer.toString(headerRow),
                        name,
                        "unknown column '" + name + "' (renamed?); expected " + String.join(", ", expected)));
                return;
            }
            if (columnOf.putIfAbsent(name, index) != null) {
                errors.add(new CellError(
                        sheet.name(), Integer.toString(headerRow), name, "column '" + name + "' appears twice"));
            }
        });
        labelLayout = !columnOf.containsKey(ExcelLayout.ID);
        for (String name : expected) {
            boolean optional = labelLayout && ExcelLayout.BOOKKEEPING.contains(name);
            if (!columnOf.containsKey(name) && !optional) {
                errors.add(new CellError(
                        sheet.name(), Integer.toString(headerRow), name, "missing column '" + name + "'"));
            }
        }
        return errors.size() == before;
    }

    private PlannedRow row(int excelRow, Map<Integer, XlsxCell> cells, List<CellError> errors) {
        String ref = Integer.toString(excelRow);
        if (merged(excelRow, cells, errors)) {
            return null;
        }
        Long id = number(ref, ExcelLayout.ID, cells, errors);
        Long version = number(ref, ExcelLayout.VERSION, cells, errors);
        boolean discarded = flag(ref, cells, errors);
        String host = sheet.hostKind() ? text(ref, ExcelLayout.HOST, cells, errors) : null;
        String operation = sheet.hostKind() ? text(ref, ExcelLayout.OPERATION, cells, errors) : null;
        if (labelLayout && sheet.hostKind() && id == null && host != null) {
            // no _id column: the row of this host and operation is the one the sheet means
            Row existing = existing().get(host + "\u0000" + (operation == null ? "" : operation));
            if (existing != null) {
                id = existing.id();
                version = existing.version();
                discarded = existing.discarded();
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (ColumnDef column : sheet.columns()) {
            Object raw = value(ref, column, cell(cells, column.name()), errors);
            if (raw != null) {
                values.put(column.name(), raw);
            }
        }
        if (!errors.isEmpty()) {
            return null;
        }
        RowDraft draft = new RowDraft(host, operation, values);
        if (id == null) {
            if (discarded) {
                errors.add(error(ref, ExcelLayout.DISCARDED, "a new row cannot be discarded"));
                return null;
            }
            return new PlannedRow(
                    sheet.name(),
                    excelRow,
                    PlannedRow.Action.REGISTER,
                    null,
                    new RowOp.Register(sheet.name(), ref, draft));
        }
        Optional<Row> current = store.get(sheet.name(), id);
        if (current.isEmpty()) {
            errors.add(error(ref, ExcelLayout.ID, "no row id=" + id + " in sheet " + sheet.name()));
            return null;
        }
        if (version == null) {
            errors.add(error(ref, ExcelLayout.VERSION, "required for an existing row"));
            return null;
        }
        Row row = current.get();
        if (row.version() != version) {
            errors.add(error(
                    ref,
                    ExcelLayout.VERSION,
                    "stale version " + version + ": the row was changed after the export and is now at version "
                            + row.version()));
            return null;
        }
        boolean changed = changed(row, draft);
        if (discarded != row.discarded()) {
            if (changed) {
                errors.add(error(
                        ref,
                        ExcelLayout.DISCARDED,
                        (discarded ? "discard" : "restore") + " the row or change its values, not both in one upload"));
                return null;
            }
            RowOp op = discarded
                    ? new RowOp.Discard(sheet.name(), ref, id, version)
                    : new RowOp.Restore(sheet.name(), ref, id, version);
            return new PlannedRow(
                    sheet.name(), excelRow, discarded ? PlannedRow.Action.DISCARD : PlannedRow.Action.RESTORE, id, op);
        }
        if (!changed) {
            return new PlannedRow(sheet.name(), excelRow, PlannedRow.Action.UNCHANGED, id, null);
        }
        if (row.discarded()) {
            errors.add(error(ref, ExcelLayout.DISCARDED, "the row is discarded; restore it before changing it"));
            return null;
        }
        return new PlannedRow(
                sheet.name(),
                excelRow,
                PlannedRow.Action.UPDATE,
                id,
                new RowOp.Update(sheet.name(), ref, id, version, draft));
    }

    /**
     * Reports each blank cell of the row that a merged range covers from a row above: Excel keeps a merged
     * value only in the range's first cell, so the row would otherwise read as blank (and "required").
     */
    private boolean merged(int excelRow, Map<Integer, XlsxCell> cells, List<CellError> errors) {
        boolean any = false;
        for (var entry : columnOf.entrySet()) {
            var range = blank(cells.get(entry.getValue())) ? worksheet.mergedAbove(excelRow, entry.getValue()) : null;
            if (range != null) {
                any = true;
                errors.add(error(
                        Integer.toString(excelRow),
                        entry.getKey(),
                        "merged with the cell above (" + range.formatAsString() + "): Excel keeps the value only in "
                                + "row " + (range.getFirstRow() + 1) + "; unmerge the cells and fill every row"));
            }
        }
        return any;
    }

    private Map<String, Row> existing() {
        if (byKey == null) {
            byKey = new HashMap<>();
            for (Row row : store.list(sheet.name(), dev.tejun.cmdb.model.RowQuery.all())) {
                if (!row.discarded()) {
                    byKey.put(row.host() + "\u0000" + (row.operation() == null ? "" : row.operation()), row);
                }
            }
        }
        return byKey;
    }

    /** Whether the draft differs from the stored row once both are canonical; a blank secret is no change. */
    private boolean changed(Row row, RowDraft draft) {
        if (!Objects.equals(row.host(), draft.host()) || !Objects.equals(row.operation(), draft.operation())) {
            return true;
        }
        for (ColumnDef column : sheet.columns()) {
            Object raw = draft.values().get(column.name());
            if (column.type() == ColumnType.SECRET) {
                if (raw != null) {
                    return true;
                }
                continue;
            }
            ValueParser.Parsed parsed = ValueParser.parse(column, raw);
            if (parsed.problem() != null) {
                return true; // the store's check will name the problem
            }
            Object stored = row.value(column.name());
            if (!Objects.equals(
                    parsed.value() == null ? null : ValueParser.canonicalText(parsed.value()),
                    stored == null ? null : ValueParser.canonicalText(stored))) {
                return true;
            }
        }
        return false;
    }

    private Object value(String ref, ColumnDef column, XlsxCell cell, List<CellError> errors) {
        if (cell == null) {
            return null;
        }
        return switch (cell.kind()) {
            case FORMULA -> {
                errors.add(error(
                        ref, column.name(), "formula cells are not accepted (" + cell.text() + "); paste values only"));
                yield null;
            }
            case ERROR -> {
                errors.add(error(ref, column.name(), "the cell holds an Excel error " + cell.text()));
                yield null;
            }
            // full-width digits and spaces (１２３, "８０　") are what Japanese input gives; numbers read them
            case TEXT ->
                column.type() == ColumnType.INTEGER || column.type() == ColumnType.DECIMAL
                        ? java.text.Normalizer.normalize(cell.text(), java.text.Normalizer.Form.NFKC)
                                .strip()
                        : cell.text();
            case BOOLEAN -> Boolean.valueOf(cell.text());
            case NUMBER -> new BigDecimal(cell.text());
            case DATE -> {
                LocalDateTime time = DateUtil.getLocalDateTime(cell.number());
                yield switch (column.type()) {
                    case DATE -> time.toLocalDate();
                    case DATETIME -> time;
                    default ->
                        time.toLocalTime().equals(LocalTime.MIDNIGHT)
                                ? time.toLocalDate().toString()
                                : time.toString();
                };
            }
        };
    }

    private Long number(String ref, String header, Map<Integer, XlsxCell> cells, List<CellError> errors) {
        XlsxCell cell = cell(cells, header);
        if (cell == null || cell.text().isBlank()) {
            return null;
        }
        String text = cell.kind() == XlsxCell.Kind.NUMBER
                ? ValueParser.canonicalText(new BigDecimal(cell.text()))
                : cell.text().strip();
        if ((cell.kind() == XlsxCell.Kind.NUMBER || cell.kind() == XlsxCell.Kind.TEXT) && text.matches("\\d{1,18}")) {
            return Long.parseLong(text);
        }
        errors.add(error(
                ref,
                header,
                "'" + cell.text() + "' is not a row " + (header.equals(ExcelLayout.ID) ? "id" : "version")
                        + " (leave the hidden _id and _version columns as exported)"));
        return null;
    }

    private boolean flag(String ref, Map<Integer, XlsxCell> cells, List<CellError> errors) {
        XlsxCell cell = cell(cells, ExcelLayout.DISCARDED);
        if (cell == null || cell.text().isBlank()) {
            return false;
        }
        if ((cell.kind() == XlsxCell.Kind.BOOLEAN || cell.kind() == XlsxCell.Kind.TEXT)
                && (cell.text().equalsIgnoreCase("true") || cell.text().equalsIgnoreCase("false"))) {
            return cell.text().equalsIgnoreCase("true");
        }
        errors.add(error(ref, ExcelLayout.DISCARDED, "'" + cell.text() + "' is not TRUE or FALSE"));
        return false;
    }

    private String text(String ref, String header, Map<Integer, XlsxCell> cells, List<CellError> errors) {
        XlsxCell cell = cell(cells, header);
        if (cell == null || cell.text().isBlank()) {
            return null;
        }
        return switch (cell.kind()) {
            case TEXT -> cell.text().strip();
            case NUMBER -> ValueParser.canonicalText(new BigDecimal(cell.text()));
            default -> {
                errors.add(error(
                        ref,
                        header,
                        "expected text, found " + cell.kind().name().toLowerCase() + " " + cell.text()));
                yield null;
            }
        };
    }

    private CellError error(String ref, String column, String message) {
        return new CellError(sheet.name(), ref, column, message);
    }
}
