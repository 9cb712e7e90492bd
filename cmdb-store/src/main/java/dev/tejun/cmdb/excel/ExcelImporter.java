package dev.tejun.cmdb.excel;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.CellError;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.store.ValidationException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.xml.sax.SAXException;

/**
 * Turns an uploaded workbook into an {@link ImportPlan} and applies it all-or-nothing. Planning reads the file
 * (streaming), checks headers, converts cells, decides each row's action, then runs the whole batch through the
 * store's own checks in a transaction that is rolled back — so the preview reports exactly what apply would
 * refuse: types, required, unique (also within the file), references, stale versions.
 */
public final class ExcelImporter {

    /** Data rows accepted in one upload; past it the file is refused, not read into memory. */
    public static final int DEFAULT_MAX_ROWS = 200_000;

    private final CmdbStore store;
    private final int maxRows;

    public ExcelImporter(CmdbStore store) {
        this(store, DEFAULT_MAX_ROWS);
    }

    public ExcelImporter(CmdbStore store, int maxRows) {
        this.store = store;
        this.maxRows = maxRows;
    }

    /** The plan as somebody who may not change locked values would get it. */
    public ImportPlan plan(Path file) throws IOException {
        return plan(file, Actor.SYSTEM);
    }

    /** The plan checked as {@code actor} would apply it: locked values refused unless {@link Actor#approver}. */
    public ImportPlan plan(Path file, Actor actor) throws IOException {
        String problem = signatureProblem(file);
        if (problem != null) {
            return ImportPlan.refused(new CellError(null, null, null, problem));
        }
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            return plan(XlsxReader.read(pkg, maxRows + 2), actor);
        } catch (InvalidFormatException | IOException | SAXException | RuntimeException e) {
            return ImportPlan.refused(
                    new CellError(null, null, null, "not a readable .xlsx workbook: " + e.getMessage()));
        }
    }

    /**
     * Applies a plan in one transaction.
     *
     * @throws ValidationException if the plan has errors, or the data changed since it was made in a way that
     *                             refuses any row (e.g. a stale version); then nothing is applied
     */
    public List<Row> apply(ImportPlan plan, Actor actor) {
        if (!plan.ok()) {
            throw new ValidationException(plan.errors());
        }
        return store.apply(plan.ops(), actor);
    }

    private ImportPlan plan(List<XlsxReader.Worksheet> worksheets, Actor actor) {
        List<PlannedRow> rows = new ArrayList<>();
        List<CellError> errors = new ArrayList<>();
        if (worksheets.stream().allMatch(w -> w.rows().isEmpty())) {
            return ImportPlan.refused(new CellError(null, null, null, "the workbook is empty"));
        }
        List<SheetDef> defs = store.sheets();
        List<String> warnings = new ArrayList<>();
        boolean anyKnown =
                worksheets.stream().anyMatch(w -> sheetOf(defs, w.name()).isPresent());
        for (XlsxReader.Worksheet worksheet : worksheets) {
            Optional<SheetDef> sheet = sheetOf(defs, worksheet.name());
            if (sheet.isEmpty()) {
                // beside CMDB sheets, another worksheet is a list or a note kept with them (Exastro style): left out,
                // said; alone, it is a misnamed sheet and nothing would be imported
                if (anyKnown) {
                    warnings.add("worksheet '" + worksheet.name() + "' is no CMDB sheet: left out");
                } else {
                    errors.add(new CellError(
                            worksheet.name(), null, null, "no CMDB sheet named '" + worksheet.name() + "'"));
                }
                continue;
            }
            if (worksheet.truncated()) {
                errors.add(new CellError(
                        worksheet.name(),
                        null,
                        null,
                        "more than " + maxRows + " rows; split the file (nothing was read past the limit)"));
                continue;
            }
            new WorksheetPlanner(store, sheet.get(), worksheet).plan(rows, errors);
        }
        if (errors.isEmpty()) {
            errors.addAll(store.check(
                    rows.stream()
                            .map(PlannedRow::op)
                            .filter(java.util.Objects::nonNull)
                            .toList(),
                    actor));
        }
        return new ImportPlan(rows, errors, warnings);
    }

    /** The sheet a worksheet is named after, by identifier or by label (NFKC, so full-width letters match). */
    private static Optional<SheetDef> sheetOf(List<SheetDef> defs, String worksheet) {
        String name = java.text.Normalizer.normalize(worksheet, java.text.Normalizer.Form.NFKC)
                .strip();
        return defs.stream()
                .filter(d -> d.name().equals(name)
                        || java.text.Normalizer.normalize(d.label(), java.text.Normalizer.Form.NFKC)
                                .strip()
                                .equals(name))
                .findFirst();
    }

    private static String signatureProblem(Path file) throws IOException {
        byte[] head = new byte[8];
        int n;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return null;
        }
        if (n >= 4
                && (head[0] & 0xff) == 0xD0
                && (head[1] & 0xff) == 0xCF
                && (head[2] & 0xff) == 0x11
                && (head[3] & 0xff) == 0xE0) {
            return "this is an old .xls (or encrypted) workbook; save it as .xlsx";
        }
        return "not an .xlsx file";
    }
}
