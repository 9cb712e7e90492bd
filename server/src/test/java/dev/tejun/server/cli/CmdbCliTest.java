package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.excel.ExcelExporter;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.server.cmdb.CmdbSamples;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tejun cmdb …} run in-process on a temp data directory, as the launcher would. */
class CmdbCliTest {

    @TempDir
    Path temp;

    Path home;
    Row web1;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void fill() throws Exception {
        home = Files.createDirectories(temp.resolve("home"));
        try (CmdbStore store = new CmdbStore(home.resolve("tejun.db"))) {
            web1 = CmdbSamples.fill(store);
        }
    }

    private int tejun(String... words) throws Exception {
        return LocalCli.run(out, err, home, System.getenv(), words);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private long port() {
        try (CmdbStore store = new CmdbStore(home.resolve("tejun.db"))) {
            return (Long) store.get("web", web1.id()).orElseThrow().value("port");
        }
    }

    /** Exports sheet web with the port of every row set to {@code port}. */
    private Path workbookWithPort(String port) throws Exception {
        Path file = temp.resolve("web-" + port + ".xlsx");
        try (CmdbStore store = new CmdbStore(home.resolve("tejun.db"));
                OutputStream o = Files.newOutputStream(file)) {
            new ExcelExporter(store).export(List.of("web"), o);
        }
        XSSFWorkbook book;
        try (InputStream in = Files.newInputStream(file)) {
            book = new XSSFWorkbook(in);
        }
        try (book) {
            Sheet sheet = book.getSheet("web");
            int col = -1;
            for (Cell c : sheet.getRow(0)) {
                col = c.getStringCellValue().equals("port") ? c.getColumnIndex() : col;
            }
            for (int r = 2; r <= sheet.getLastRowNum(); r++) {
                sheet.getRow(r).createCell(col).setCellValue(port);
            }
            try (OutputStream o = Files.newOutputStream(file)) {
                book.write(o);
            }
        }
        return file;
    }

    @Test
    void sheets_listsEverySheet() throws Exception {
        assertEquals(0, tejun("cmdb", "sheets"));
        assertTrue(out().contains("hosts") && out().contains("web"), out());
    }

    @Test
    void export_writesTheWorkbook_withShortOutputOption() throws Exception {
        Path file = temp.resolve("out.xlsx");
        assertEquals(0, tejun("cmdb", "export", "web", "-o", file.toString()), err.toString());
        try (InputStream in = Files.newInputStream(file);
                XSSFWorkbook book = new XSSFWorkbook(in)) {
            assertEquals(1, book.getNumberOfSheets());
            assertEquals("web", book.getSheetName(0));
        }
        assertEquals(2, tejun("cmdb", "export", "web"), "no -o is a usage error");
        assertEquals(1, tejun("cmdb", "export", "nope", "-o", file.toString()));
    }

    @Test
    void export_labelLayout_writesLabelsOverHiddenIdentifiers_andImportsBack() throws Exception {
        Path file = temp.resolve("labels.xlsx");
        assertEquals(0, tejun("cmdb", "export", "web", "--layout", "labels", "-o", file.toString()), err.toString());
        try (InputStream in = Files.newInputStream(file);
                XSSFWorkbook book = new XSSFWorkbook(in)) {
            assertTrue(book.getSheetAt(0).getRow(3).getZeroHeight());
            assertEquals("_id", book.getSheetAt(0).getRow(3).getCell(0).getStringCellValue());
        }
        assertEquals(0, tejun("cmdb", "import", file.toString(), "--dry-run"), out() + err);
        assertTrue(out().contains("dry run: nothing applied"), out());
        assertEquals(2, tejun("cmdb", "export", "web", "--layout", "pretty", "-o", file.toString()));
    }

    @Test
    void import_dryRun_reportsRowsAndAppliesNothing() throws Exception {
        Path file = workbookWithPort("9000");
        assertEquals(0, tejun("cmdb", "import", file.toString(), "--dry-run"), out() + err);
        assertTrue(out().contains("web row 3: update") || out().contains("web row 4: update"), out());
        assertTrue(out().contains("dry run: nothing applied"), out());
        assertEquals(8080L, port());
        assertEquals(0, tejun("cmdb", "import", file.toString()), out());
        assertEquals(9000L, port());
    }

    @Test
    void import_badCell_exits1NamesTheCellAndAppliesNothing() throws Exception {
        Path file = workbookWithPort("70000");
        assertEquals(1, tejun("cmdb", "import", file.toString()));
        assertTrue(out().contains("refused: web row") && out().contains("column port"), out());
        assertTrue(out().contains("nothing applied"), out());
        assertEquals(8080L, port());
    }

    @Test
    void inventory_yamlAndJson_haveTheHosts() throws Exception {
        assertEquals(0, tejun("cmdb", "inventory", "--format", "yaml"));
        assertTrue(out().startsWith("---") && out().contains("web1:") && out().contains("children:"), out());
        assertFalse(out().contains(CmdbSamples.SECRET));
        assertEquals(0, tejun("cmdb", "inventory"));
        assertTrue(out().contains("\"hostvars\""), out());
        assertEquals(2, tejun("cmdb", "inventory", "--format", "xml"));
    }
}
