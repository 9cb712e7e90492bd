package dev.tejun.cmdb.excel;

import static dev.tejun.cmdb.testing.Fixtures.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.CellError;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.store.CmdbStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The label layout (for people who read only Japanese): exported through POI's streaming writer, opened and edited
 * with POI's workbook model as Excel would, imported back; and merged data cells in an Exastro-style workbook.
 */
class LabelLayoutTest {

    @TempDir
    Path home;

    @AutoClose
    CmdbStore cmdb;

    @BeforeEach
    void open() {
        cmdb = new CmdbStore(home.resolve("tejun.db"));
        ServerParams.define(cmdb);
        cmdb.register("server_params", RowDraft.host("web2", Map.of("ntp_server", "old.example", "port", 80)), ALICE);
    }

    private Path export() throws Exception {
        Path file = home.resolve("labels.xlsx");
        try (OutputStream out = Files.newOutputStream(file)) {
            new ExcelExporter(cmdb).export(List.of("server_params"), ExcelExporter.Layout.LABELS, out);
        }
        return file;
    }

    private static List<String> texts(Row row) {
        List<String> out = new ArrayList<>();
        row.forEach(c -> out.add(c.getStringCellValue()));
        return out;
    }

    @Test
    void export_labels_titleGroupsAndLabelsOverAHiddenRowOfIdentifiers() throws Exception {
        try (InputStream in = Files.newInputStream(export());
                XSSFWorkbook wb = new XSSFWorkbook(in)) {
            Sheet sheet = wb.getSheet("サーバ設定");
            assertNotNull(sheet, "the worksheet is named by the sheet's label");
            assertEquals("サーバ設定 (server_params)", sheet.getRow(0).getCell(0).getStringCellValue());
            assertEquals("オペレーション", sheet.getRow(1).getCell(3).getStringCellValue());
            assertEquals("パラメータ", sheet.getRow(1).getCell(5).getStringCellValue());
            assertTrue(sheet.getMergedRegions().contains(new CellRangeAddress(1, 1, 3, 4)), "オペレーション merged");
            assertTrue(sheet.getMergedRegions().contains(new CellRangeAddress(1, 1, 5, 6)), "パラメータ merged");
            assertEquals(
                    List.of("_id", "_version", "廃止", "ホスト名", "オペレーション名", "NTPサーバ", "待受ポート"), texts(sheet.getRow(2)));
            assertEquals(
                    List.of("_id", "_version", "discarded", "host", "operation", "ntp_server", "port"),
                    texts(sheet.getRow(3)));
            assertTrue(sheet.getRow(3).getZeroHeight(), "the identifiers' row is hidden");
            assertEquals("web1", sheet.getRow(5).getCell(3).getStringCellValue());
            assertTrue(sheet.isColumnHidden(0) && sheet.isColumnHidden(1));
        }
    }

    @Test
    void roundTrip_editedInJapanese_labelsRetypedAndValuesChanged_applied() throws Exception {
        Path file = export();
        try (InputStream in = Files.newInputStream(file);
                XSSFWorkbook wb = new XSSFWorkbook(in)) {
            Sheet sheet = wb.getSheet("サーバ設定");
            retype(sheet, 2, 6, "待受ポート番号"); // a label retyped: the hidden row still says port
            retype(sheet, 5, 6, "８０８０"); // full-width, as Japanese input gives
            retype(sheet, 6, 5, "ntp.example.jp");
            try (OutputStream out = Files.newOutputStream(file)) {
                wb.write(out);
            }
        }
        ImportPlan plan = new ExcelImporter(cmdb).plan(file);
        assertEquals(List.of(), plan.errors());
        assertEquals(
                List.of(PlannedRow.Action.UPDATE, PlannedRow.Action.UPDATE),
                plan.rows().stream().map(PlannedRow::action).toList(),
                plan.rows().toString());
        new ExcelImporter(cmdb).apply(plan, ALICE);
        assertEquals(8080L, cmdb.hostRow("server_params", "web1").orElseThrow().value("port"));
        assertEquals(
                "ntp.example.jp",
                cmdb.hostRow("server_params", "web2").orElseThrow().value("ntp_server"));
    }

    @Test
    void roundTrip_setByAScriptWithPoiSetCellValue_theNewTextIsImported() throws Exception {
        Path file = export();
        try (InputStream in = Files.newInputStream(file);
                XSSFWorkbook wb = new XSSFWorkbook(in)) {
            // POI keeps the exported inline string's old text in the cell's XML and writes the new one beside it
            wb.getSheet("サーバ設定").getRow(6).getCell(5).setCellValue("ntp.script.example");
            try (OutputStream out = Files.newOutputStream(file)) {
                wb.write(out);
            }
        }
        ImportPlan plan = new ExcelImporter(cmdb).plan(file);
        assertEquals(List.of(), plan.errors());
        new ExcelImporter(cmdb).apply(plan, ALICE);
        assertEquals(
                "ntp.script.example",
                cmdb.hostRow("server_params", "web2").orElseThrow().value("ntp_server"));
    }

    /** A cell typed anew, as Excel saves it (a shared string). */
    private static void retype(Sheet sheet, int row, int column, String text) {
        Row r = sheet.getRow(row);
        r.removeCell(r.getCell(column));
        r.createCell(column).setCellValue(text);
    }

    @Test
    void roundTrip_rowChangedAfterTheExport_staleVersionRefused() throws Exception {
        Path file = export();
        var web1 = cmdb.hostRow("server_params", "web1").orElseThrow();
        cmdb.update(
                "server_params",
                web1.id(),
                web1.version(),
                RowDraft.host("web1", Map.of("ntp_server", "changed", "port", 81)),
                ALICE);
        try (InputStream in = Files.newInputStream(file);
                XSSFWorkbook wb = new XSSFWorkbook(in)) {
            wb.getSheet("サーバ設定").getRow(5).getCell(6).setCellValue(8080);
            try (OutputStream out = Files.newOutputStream(file)) {
                wb.write(out);
            }
        }
        ImportPlan plan = new ExcelImporter(cmdb).plan(file);
        assertEquals(1, plan.errors().size(), plan.errors().toString());
        assertTrue(
                plan.errors().getFirst().message().startsWith("stale version"),
                plan.errors().toString());
    }

    @Test
    void plan_mergedDataCells_reportedAsMergedNotAsRequired() throws Exception {
        Path file = home.resolve("merged.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook();
                OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = wb.createSheet("サーバ設定");
            List<List<String>> rows = List.of(
                    List.of("ホスト名", "オペレーション名", "NTPサーバ", "待受ポート"),
                    List.of("web1", "", "ntp.example", "123"),
                    List.of("web2", "", "", "123"),
                    List.of("web3", "", "", "123"));
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    if (!rows.get(r).get(c).isEmpty()) {
                        row.createCell(c).setCellValue(rows.get(r).get(c));
                    }
                }
            }
            sheet.addMergedRegion(new CellRangeAddress(1, 3, 2, 2)); // one NTP server written once for three hosts
            wb.write(out);
        }
        cmdb.register("hosts", RowDraft.host("web3", Map.of()), ALICE);
        ImportPlan plan = new ExcelImporter(cmdb).plan(file);
        List<String> errors = plan.errors().stream()
                .map(e -> e.rowRef() + ":" + e.column() + " " + e.message())
                .toList();
        assertEquals(2, errors.size(), errors.toString());
        for (String row : List.of("3", "4")) {
            assertTrue(
                    errors.contains(row + ":ntp_server merged with the cell above (C2:C4): Excel keeps the value only"
                            + " in row 2; unmerge the cells and fill every row"),
                    errors.toString());
        }
        assertTrue(plan.errors().stream().map(CellError::message).noneMatch(m -> m.contains("required")));
    }
}
