package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.server.Json;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tejun cmdb drift}: exit 1 on drift, as a table, JSON and a real workbook read back with POI. */
class DriftCliTest {

    static final Actor WHO = new Actor("test", Channel.SYSTEM);

    @TempDir
    Path home;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void fill() {
        try (CmdbStore cmdb = new CmdbStore(home.resolve("tejun.db"))) {
            cmdb.putSheet(SheetDef.host("web", "", ColumnDef.of("port", ColumnType.INTEGER)), WHO);
            cmdb.putSheet(
                    SheetDef.host("web_seen", "", ColumnDef.of("port", ColumnType.STRING))
                            .observing(new SheetDef.Pairing("web", Map.of())),
                    WHO);
            for (String host : List.of("web1", "web2")) {
                cmdb.register("hosts", RowDraft.host(host, Map.of()), WHO);
            }
            cmdb.register("web", RowDraft.host("web1", Map.of("port", 80)), WHO);
            cmdb.register("web", RowDraft.host("web2", Map.of("port", 8080)), WHO);
            cmdb.recordObserved(
                    "web_seen", Map.of("web1", Map.of("port", "80"), "web2", Map.of("port", "81")), "r1", WHO);
        }
    }

    private int tejun(String... words) throws Exception {
        return LocalCli.run(out, err, home, System.getenv(), words);
    }

    @Test
    void drift_table_exitsOneNamingHostColumnExpectedAndActual() throws Exception {
        assertEquals(1, tejun("cmdb", "drift"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("web × web_seen: 1 differing value(s) over 2 host(s)"), text);
        assertTrue(text.contains("web2 port: expected 8080, actual 81"), text);
        try (CmdbStore cmdb = new CmdbStore(home.resolve("tejun.db"))) {
            cmdb.recordObserved("web_seen", Map.of("web2", Map.of("port", "8080")), "r2", WHO);
        }
        assertEquals(0, tejun("cmdb", "drift", "web"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void drift_json_isTheReport() throws Exception {
        assertEquals(1, tejun("cmdb", "drift", "web_seen", "--format", "json"));
        JsonNode report = Json.MAPPER.readTree(out.toByteArray()).get(0);
        assertEquals("web", report.get("expectedSheet").asText());
        JsonNode web2 = report.get("hosts").get(1);
        assertEquals("r1", web2.get("collectedBy").asText());
        JsonNode port = web2.get("cells").get(0);
        assertTrue(port.get("differs").asBoolean());
        assertEquals(8080, port.get("expected").asInt());
        assertEquals("81", port.get("actual").asText());
    }

    @Test
    void drift_xlsx_differingCellsFilledAndOthersNot() throws Exception {
        Path file = home.resolve("drift.xlsx");
        assertEquals(1, tejun("cmdb", "drift", "--format", "xlsx", "-o", file.toString()));
        try (InputStream in = Files.newInputStream(file);
                XSSFWorkbook book = new XSSFWorkbook(in)) {
            Sheet sheet = book.getSheet("web");
            assertEquals("port (actual)", sheet.getRow(0).getCell(3).getStringCellValue());
            Cell web1 = sheet.getRow(1).getCell(3);
            Cell web2 = sheet.getRow(2).getCell(3);
            assertEquals("81", web2.getStringCellValue());
            assertEquals("8080", sheet.getRow(2).getCell(2).getStringCellValue());
            assertEquals(FillPatternType.SOLID_FOREGROUND, web2.getCellStyle().getFillPattern());
            assertNotEquals(
                    FillPatternType.SOLID_FOREGROUND, web1.getCellStyle().getFillPattern());
        }
    }

    @Test
    void drift_sheetWithoutPairing_usageErrorSaysSo() throws Exception {
        assertEquals(2, tejun("cmdb", "drift", "hosts"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no observed sheet paired"), err.toString());
        assertEquals(1, tejun("cmdb", "drift", "nothere"));
    }
}
