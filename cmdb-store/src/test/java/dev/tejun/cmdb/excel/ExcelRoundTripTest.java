package dev.tejun.cmdb.excel;

import static dev.tejun.cmdb.testing.Fixtures.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.CellError;
import dev.tejun.cmdb.model.ChangeAction;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.store.ValidationException;
import dev.tejun.cmdb.testing.Fixtures;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.testing.FakeClock;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExcelRoundTripTest {

    static final Actor EXCEL = new Actor("carol", Channel.EXCEL);
    // web sheet columns: _id _version discarded host operation port server_name tls mode vip
    static final int PORT = 5;
    static final int TLS = 7;
    static final int VIP = 9;

    @TempDir
    Path home;

    @AutoClose
    CmdbStore cmdb;

    Row web1;
    Row web2;

    @BeforeEach
    void open() {
        cmdb = new CmdbStore(TestDatabases.settings(home), new FakeClock(Instant.parse("2026-03-01T00:00:00Z")));
        cmdb.putSheet(Fixtures.webSheet(), ALICE);
        Fixtures.addHosts(cmdb, "web1", "web2", "web3");
        web1 = cmdb.register(
                "web",
                RowDraft.host("web1", Map.of("port", 80, "tls", true, "mode", "prod", "vip", "10.1.0.1")),
                ALICE);
        web2 = cmdb.register("web", RowDraft.host("web2", Map.of("port", 81, "server_name", "b.example")), ALICE);
    }

    private Path export(String... sheets) throws Exception {
        Path file = home.resolve("export.xlsx");
        try (OutputStream out = Files.newOutputStream(file)) {
            new ExcelExporter(cmdb).export(List.of(sheets), out);
        }
        return file;
    }

    private static Path edit(Path file, Consumer<XSSFWorkbook> change) throws Exception {
        Path edited = file.resolveSibling("edited-" + System.nanoTime() + ".xlsx");
        try (XSSFWorkbook workbook = new XSSFWorkbook(Files.newInputStream(file))) {
            change.accept(workbook);
            try (OutputStream out = Files.newOutputStream(edited)) {
                workbook.write(out);
            }
        }
        return edited;
    }

    private ImportPlan plan(Path file) throws Exception {
        return new ExcelImporter(cmdb).plan(file);
    }

    private static List<String> where(ImportPlan plan) {
        return plan.errors().stream()
                .map(e -> e.sheet() + "!" + e.rowRef() + ":" + e.column())
                .toList();
    }

    @Test
    void export_writesHeaderHelpHiddenKeysDropdownsAndBlankSecrets() throws Exception {
        cmdb.update(
                "hosts", 1, 1, RowDraft.host("web1", Map.of("address", "10.0.0.1", "credential", "pw-123456")), ALICE);
        try (XSSFWorkbook workbook = new XSSFWorkbook(Files.newInputStream(export()))) {
            assertEquals(List.of("hosts", "web"), List.of(workbook.getSheetName(0), workbook.getSheetName(1)));
            Sheet web = workbook.getSheet("web");
            assertEquals("[_id, _version, discarded, host, operation, port, server_name, tls, mode, vip]", header(web));
            assertTrue(web.isColumnHidden(0) && web.isColumnHidden(1) && !web.isColumnHidden(2));
            assertTrue(web.getRow(1).getCell(PORT).getStringCellValue().startsWith("INTEGER, required, 1..65535"));
            assertEquals(web1.id(), (long) web.getRow(2).getCell(0).getNumericCellValue());
            assertEquals(80, web.getRow(2).getCell(PORT).getNumericCellValue());
            assertTrue(web.getRow(2).getCell(TLS).getBooleanCellValue());
            assertEquals(3, web.getDataValidations().size(), "discarded, tls and mode get dropdowns");
            Sheet hosts = workbook.getSheet("hosts");
            int credential = header(hosts).replaceAll("[\\[\\] ]", "").indexOf("credential");
            assertTrue(credential > 0);
            assertNull(hosts.getRow(2).getCell(8), "secret column written blank");
        }
        assertFalse(new String(
                        Files.readAllBytes(home.resolve("export.xlsx")), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("pw-123456"));
    }

    @Test
    void plan_unchangedExport_changesNothing() throws Exception {
        ImportPlan plan = plan(export());
        assertEquals(List.of(), plan.errors());
        assertEquals(5, plan.counts().get(PlannedRow.Action.UNCHANGED), "3 hosts and 2 web rows");
        assertEquals(List.of(), plan.ops());
    }

    @Test
    void apply_editedWorkbook_registersUpdatesDiscardsAndJournalsExcel() throws Exception {
        Row discarded = cmdb.register("web", RowDraft.host("web3", Map.of("port", 90)), ALICE);
        cmdb.discard("web", discarded.id(), 1, ALICE);
        Path file = edit(export("web"), wb -> {
            Sheet web = wb.getSheet("web");
            web.getRow(2).getCell(PORT).setCellValue(8080); // update web1
            web.getRow(3).getCell(2).setCellValue(true); // discard web2
            web.getRow(4).getCell(2).setCellValue("FALSE"); // restore web3
            var added = web.createRow(5); // register web1 for an operation
            added.createCell(3).setCellValue("web1");
            added.createCell(4).setCellValue("2026-04 patch");
            added.createCell(PORT).setCellValue("8443");
            added.createCell(TLS).setCellValue(false);
        });
        ImportPlan plan = plan(file);
        assertEquals(List.of(), plan.errors());
        assertEquals(
                List.of(
                        PlannedRow.Action.UPDATE,
                        PlannedRow.Action.DISCARD,
                        PlannedRow.Action.RESTORE,
                        PlannedRow.Action.REGISTER),
                plan.rows().stream().map(PlannedRow::action).toList());
        assertEquals(
                List.of(3, 4, 5, 6),
                plan.rows().stream().map(PlannedRow::excelRow).toList());

        new ExcelImporter(cmdb).apply(plan, EXCEL);
        assertEquals(8080L, cmdb.get("web", web1.id()).orElseThrow().value("port"));
        assertTrue(cmdb.get("web", web2.id()).orElseThrow().discarded());
        assertFalse(cmdb.get("web", discarded.id()).orElseThrow().discarded());
        Row added = cmdb.list("web", RowQuery.active().withOperation("2026-04 patch"))
                .getFirst();
        assertEquals(Map.of("port", 8443L, "tls", false), added.values());
        var last = cmdb.history("web", web1.id()).getLast();
        assertEquals(ChangeAction.UPDATE, last.action());
        assertEquals(Channel.EXCEL, last.channel());
        assertEquals("carol", last.user());
    }

    @Test
    void plan_badCells_nameEachAndApplyNothing() throws Exception {
        Path file = edit(export("web"), wb -> {
            Sheet web = wb.getSheet("web");
            web.getRow(2).getCell(PORT).setCellValue("eighty"); // wrong type
            web.getRow(3).createCell(VIP).setCellValue("10.1.0.1"); // duplicate of web1's vip
            web.getRow(3).getCell(PORT).setCellValue(82);
            var added = web.createRow(4);
            added.createCell(3).setCellValue("web3"); // required port missing
            added.createCell(TLS).setCellValue("maybe"); // not a boolean
        });
        cmdb.update("web", web2.id(), 1, RowDraft.host("web2", Map.of("port", 99)), ALICE); // makes row 4 stale
        ImportPlan plan = plan(file);
        assertEquals(List.of("web!4:_version"), where(plan), "stale rows are refused before anything else is checked");

        cmdb.close();
        cmdb = new CmdbStore(TestDatabases.settings(home), Clock.systemUTC());
        Path fresh = edit(export("web"), wb -> {
            Sheet web = wb.getSheet("web");
            web.getRow(2).getCell(PORT).setCellValue("eighty");
            web.getRow(3).createCell(VIP).setCellValue("10.1.0.1");
            var added = web.createRow(4);
            added.createCell(3).setCellValue("web3");
            added.createCell(TLS).setCellValue("maybe");
        });
        plan = plan(fresh);
        assertEquals(List.of("web!3:port", "web!5:port", "web!5:tls"), where(plan));
        // Fix the type errors: now the duplicate within the file shows.
        Path typed = edit(fresh, wb -> {
            wb.getSheet("web").getRow(2).getCell(PORT).setCellValue(80);
            wb.getSheet("web").getRow(4).createCell(PORT).setCellValue(70);
            wb.getSheet("web").getRow(4).getCell(TLS).setCellValue(true);
        });
        ImportPlan duplicate = plan(typed);
        assertEquals(List.of("web!4:vip"), where(duplicate));
        ImportPlan refused = duplicate;
        assertThrows(ValidationException.class, () -> new ExcelImporter(cmdb).apply(refused, EXCEL));
        assertEquals(2, cmdb.list("web", RowQuery.all()).size(), "nothing applied");
        assertNull(cmdb.get("web", web2.id()).orElseThrow().value("vip"));
    }

    @Test
    void apply_dataChangedSincePlan_appliesNothing() throws Exception {
        Path file = edit(export("web"), wb -> {
            wb.getSheet("web").getRow(2).getCell(PORT).setCellValue(1);
            wb.getSheet("web").getRow(3).getCell(PORT).setCellValue(2);
        });
        ImportPlan plan = plan(file);
        assertTrue(plan.ok());
        cmdb.update("web", web2.id(), 1, RowDraft.host("web2", Map.of("port", 99)), ALICE);
        var e = assertThrows(ValidationException.class, () -> new ExcelImporter(cmdb).apply(plan, EXCEL));
        assertEquals("_version", e.errors().getFirst().column());
        assertEquals(80L, cmdb.get("web", web1.id()).orElseThrow().value("port"), "web1 not half-applied");
    }

    @Test
    void plan_renamedOrMissingHeader_isRefusedClearly() throws Exception {
        Path renamed = edit(export("web"), wb -> {
            var header = wb.getSheet("web").getRow(0);
            header.removeCell(header.getCell(PORT)); // a fresh cell, as Excel would write it
            header.createCell(PORT).setCellValue("Port");
        });
        ImportPlan plan = plan(renamed);
        assertEquals(List.of("web!1:Port", "web!1:port"), where(plan));
        assertTrue(plan.errors().getFirst().message().startsWith("unknown column 'Port' (renamed?)"));
        assertEquals("missing column 'port'", plan.errors().get(1).message());
        Path noHeader = edit(
                export("web"),
                wb -> wb.getSheet("web").removeRow(wb.getSheet("web").getRow(0)));
        assertTrue(plan(noHeader).errors().getFirst().message().startsWith("row 1 must be the header"));
    }

    @Test
    void plan_formulaCell_isRefused() throws Exception {
        Path file = edit(
                export("web"), wb -> wb.getSheet("web").getRow(2).getCell(PORT).setCellFormula("40+40"));
        ImportPlan plan = plan(file);
        assertEquals(List.of("web!3:port"), where(plan));
        assertTrue(plan.errors().getFirst().message().startsWith("formula cells are not accepted (=40+40)"));
    }

    @Test
    void plan_notAnXlsxOrEmptyOrUnknownSheet_isRefused() throws Exception {
        Path text = Files.writeString(home.resolve("hosts.xlsx"), "host,address\nweb1,10.0.0.1\n");
        assertEquals("not an .xlsx file", plan(text).errors().getFirst().message());
        Path xls = Files.write(
                home.resolve("old.xlsx"), new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, 0, 0, 0, 0});
        assertTrue(plan(xls).errors().getFirst().message().contains("old .xls"));
        Path zip = home.resolve("plain.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("a.txt"));
            out.write(1);
        }
        assertTrue(plan(zip).errors().getFirst().message().startsWith("not a readable .xlsx workbook"));
        Path empty = home.resolve("empty.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook();
                OutputStream out = Files.newOutputStream(empty)) {
            wb.createSheet("web");
            wb.write(out);
        }
        assertEquals("the workbook is empty", plan(empty).errors().getFirst().message());
        Path unknown = edit(export("web"), wb -> wb.setSheetName(0, "webs"));
        assertEquals(
                List.of(new CellError("webs", null, null, "no CMDB sheet named 'webs'")),
                plan(unknown).errors());
    }

    @Test
    void plan_moreRowsThanTheLimit_isRefusedWithoutReadingThemAll() throws Exception {
        Path file = edit(export("web"), wb -> {
            Sheet web = wb.getSheet("web");
            for (int i = 4; i < 40; i++) {
                web.createRow(i).createCell(3).setCellValue("web1");
            }
        });
        ImportPlan plan = new ExcelImporter(cmdb, 10).plan(file);
        assertEquals(1, plan.errors().size());
        assertTrue(
                plan.errors().getFirst().message().startsWith("more than 10 rows"),
                plan.errors().toString());
        assertEquals(Optional.empty(), plan.rows().stream().findAny());
    }

    private static String header(Sheet sheet) {
        List<String> names = new java.util.ArrayList<>();
        sheet.getRow(0).forEach(c -> names.add(c.getStringCellValue()));
        return names.toString();
    }
}
