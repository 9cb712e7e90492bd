package dev.tejun.cmdb.excel;

import static dev.tejun.cmdb.testing.Fixtures.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.CellError;
import dev.tejun.cmdb.store.CmdbStore;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workbook kept the way Japanese operations teams keep parameter sheets (Exastro style), written by POI: a title
 * row, merged group headers, Japanese column labels, a help row, a list sheet beside; no Tejun ids.
 */
class ExastroWorkbookTest {

    @TempDir
    Path home;

    @AutoClose
    CmdbStore cmdb;

    @BeforeEach
    void open() {
        cmdb = new CmdbStore(home.resolve("tejun.db"));
        ServerParams.define(cmdb);
    }

    private Path workbook(List<List<String>> data) throws Exception {
        Path file = home.resolve("exastro.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook();
                OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = wb.createSheet("サーバ設定");
            sheet.createRow(0).createCell(0).setCellValue("サーバ設定一覧（2026年度）");
            sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, 3));
            Row groups = sheet.createRow(1);
            groups.createCell(0).setCellValue("ホスト/オペレーション");
            groups.createCell(2).setCellValue("パラメータ");
            sheet.addMergedRegion(new CellRangeAddress(1, 1, 0, 1));
            sheet.addMergedRegion(new CellRangeAddress(1, 1, 2, 3));
            List<List<String>> rows = new java.util.ArrayList<>();
            rows.add(List.of("ホスト名", "オペレーション名", "ＮＴＰサーバ", "待受ポート"));
            rows.add(List.of("", "", "NTPサーバのアドレス", "1～65535"));
            rows.addAll(data);
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r + 2);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    row.createCell(c).setCellValue(rows.get(r).get(c));
                }
            }
            Sheet list = wb.createSheet("リスト");
            list.createRow(0).createCell(0).setCellValue("ntp.example");
            wb.setSheetHidden(1, true);
            wb.write(out);
        }
        return file;
    }

    @Test
    void plan_exastroLayout_matchesLabelsAndHostsAndLeavesTheListSheetOutWithAWarning() throws Exception {
        ImportPlan plan = new ExcelImporter(cmdb)
                .plan(workbook(
                        List.of(List.of("web1", "", "ntp.example", "８０８０"), List.of("web2", "", "ntp2", "443"))));
        assertEquals(List.of(), plan.errors());
        assertEquals(List.of("worksheet 'リスト' is no CMDB sheet: left out"), plan.warnings());
        assertEquals(
                List.of(PlannedRow.Action.UPDATE, PlannedRow.Action.REGISTER),
                plan.rows().stream().map(PlannedRow::action).toList(),
                "web1 matched by host, not registered twice");
        new ExcelImporter(cmdb).apply(plan, ALICE);
        assertEquals(8080L, cmdb.hostRow("server_params", "web1").orElseThrow().value("port"), "full-width digits");
        assertEquals("ntp2", cmdb.hostRow("server_params", "web2").orElseThrow().value("ntp_server"));
    }

    @Test
    void plan_badValuesInSeveralRows_everyOneReportedBySheetRowAndColumnAndNothingApplied() throws Exception {
        ImportPlan plan = new ExcelImporter(cmdb)
                .plan(workbook(List.of(
                        List.of("web1", "", "ntp.example", "eighty"),
                        List.of("web2", "", "ntp2", "70000"),
                        List.of("ghost", "", "x", "1"))));
        List<String> where = plan.errors().stream()
                .map(e -> e.sheet() + "!" + e.rowRef() + ":" + e.column())
                .toList();
        assertTrue(where.contains("server_params!5:port"), where.toString());
        assertTrue(where.contains("server_params!6:port"), where.toString());
        assertTrue(where.stream().anyMatch(w -> w.startsWith("server_params!7:")), where.toString());
        assertEquals(80L, cmdb.hostRow("server_params", "web1").orElseThrow().value("port"));
        assertTrue(plan.errors().stream().map(CellError::message).noneMatch(m -> m.contains("リスト")));
    }
}
