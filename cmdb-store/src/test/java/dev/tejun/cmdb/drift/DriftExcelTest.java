package dev.tejun.cmdb.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** The drift workbook, read back with POI as Excel would read it: one sheet per pairing, red where values differ. */
class DriftExcelTest {

    static final Instant AT = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void write_twoReports_oneSheetEachRedOnlyWhereDifferingValuesStayText() throws Exception {
        DriftReport web = new DriftReport(
                "web",
                "web_actual",
                List.of("port", "motd"),
                List.of(
                        new HostDrift(
                                "web1",
                                AT,
                                "run-1",
                                List.of(
                                        new CellDrift("port", "listen", 80L, "80", false, null),
                                        new CellDrift("motd", "motd", "=1+1 <b>&", "=1+1 <b>&", false, null))),
                        new HostDrift(
                                "web2",
                                AT,
                                "run-1",
                                List.of(
                                        new CellDrift("port", "listen", 8080L, "81", true, AT),
                                        new CellDrift("motd", "motd", null, null, false, null))),
                        new HostDrift("web3", null, null, List.of())),
                AT);
        DriftReport db = new DriftReport("db", "db_actual", List.of("size"), List.of(), AT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        DriftExcel.write(List.of(web, db), out);

        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            assertEquals(2, book.getNumberOfSheets());
            Sheet sheet = book.getSheet("web");
            assertEquals("port (actual)", sheet.getRow(0).getCell(3).getStringCellValue());
            assertTrue(book.getFontAt(sheet.getRow(0).getCell(0).getCellStyle().getFontIndex())
                    .getBold());
            assertEquals("81", sheet.getRow(2).getCell(3).getStringCellValue());
            assertEquals("8080", sheet.getRow(2).getCell(2).getStringCellValue());
            assertEquals(AT.toString(), sheet.getRow(2).getCell(4).getStringCellValue());
            assertEquals(
                    FillPatternType.SOLID_FOREGROUND,
                    sheet.getRow(2).getCell(3).getCellStyle().getFillPattern());
            assertNotEquals(
                    FillPatternType.SOLID_FOREGROUND,
                    sheet.getRow(1).getCell(3).getCellStyle().getFillPattern());
            var motd = sheet.getRow(1).getCell(6);
            assertEquals(CellType.STRING, motd.getCellType(), "a value that looks like a formula stays text");
            assertEquals("=1+1 <b>&", motd.getStringCellValue());
            assertEquals("never", sheet.getRow(3).getCell(1).getStringCellValue());
            assertNotNull(sheet.getPaneInformation(), "header row and host column frozen");
            assertEquals(
                    "size (since)", book.getSheet("db").getRow(0).getCell(4).getStringCellValue());
        }
    }
}
