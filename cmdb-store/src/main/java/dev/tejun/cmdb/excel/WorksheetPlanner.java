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

    WorksheetPlanner(CmdbStore store, SheetDef sheet, XlsxReader.Worksheet worksheet) {
        this.store = store;
        this.sheet = sheet;
        this.worksheet = worksheet;
    }

    void plan(List<PlannedRow> rows, List<CellError> errors) {
        if (!header(errors)) {
            return;
        }
        for (var entry : worksheet.rows().tailMap(1, false).entrySet()) {
            int excelRow = entry.getKey();
            Map<Integer, XlsxCell> cells = entry.getValue();
            XlsxCell idCell = cells.get(columnOf.get(ExcelLayout.ID));
            if (idCell != null && ExcelLayout.HELP_MARKER.equals(idCell.text())) {
                continue;
            }
            List<CellError> rowErrors = new java.util.ArrayList<>();
            PlannedRow planned = row(excelRow, cells, rowErrors);
            errors.addAll(rowErrors);
            if (planned != null && rowErrors.isEmpty()) {
                rows.add(planned);
            }
        }
    }

    private boolean header(List<CellError> errors) {
        Map<Integer, XlsxCell> header = worksheet.rows().get(1);
        List<String> expected = ExcelLayout.headers(sheet);
        if (header == null) {
            errors.add(
                    new CellError(sheet.name(), "1", null, "row 1 must be the header: " + String.join(", ", expected)));
            return false;
        }
        int before = errors.size();
        header.forEach((index, cell) -> {
            String name = cell.text().strip();
            if (!expected.contains(name)) {
                errors.add(new CellError(
                        sheet.name(),
                        "1",
                        name,
                        "unknown column '" + name + "' (renamed?); expected " + String.join(", ", expected)));
            } else if (columnOf.putIfAbsent(name, index) != null) {
                errors.add(new CellError(sheet.name(), "1", name, "column '" + name + "' appears twice"));
            }
        });
        for (String name : expected) {
            if (!columnOf.containsKey(name)) {
                errors.add(new CellError(sheet.name(), "1", name, "missing column '" + name + "'"));
            }
        }
        return errors.size() == before;
    }

    private PlannedRow row(int excelRow, Map<Integer, XlsxCell> cells, List<CellError> errors) {
        String ref = Integer.toString(excelRow);
        Long id = number(ref, ExcelLayout.ID, cells, errors);
        Long version = number(ref, ExcelLayout.VERSION, cells, errors);
        boolean discarded = flag(ref, cells, errors);
        String host = sheet.hostKind() ? text(ref, ExcelLayout.HOST, cells, errors) : null;
        String operation = sheet.hostKind() ? text(ref, ExcelLayout.OPERATION, cells, errors) : null;
        Map<String, Object> values = new LinkedHashMap<>();
        for (ColumnDef column : sheet.columns()) {
            Object raw = value(ref, column, cells.get(columnOf.get(column.name())), errors);
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
            case TEXT -> cell.text();
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
        XlsxCell cell = cells.get(columnOf.get(header));
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
        XlsxCell cell = cells.get(columnOf.get(ExcelLayout.DISCARDED));
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
        XlsxCell cell = cells.get(columnOf.get(header));
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
