package dev.tejun.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditExcelTest {

    @Served
    TestServer t;

    @BeforeEach
    void start() throws Exception {
        try (Database db = TestDatabases.open(t.data)) {
            AuditLog log = new AuditLog(db, Clock.systemUTC());
            for (int i = 0; i < 2500; i++) { // more than one page of the export
                log.append(i % 2 == 0 ? "alice" : "bob", Via.API, "thing.do", "t" + i, "ok", "10.0.0.1", null);
            }
            log.append("mallory", Via.API, "=cmd|' /C calc'!A0", "@SUM(1)", "ok", null, "{\"x\":1}");
        }
    }

    private Sheet fetch(String query) throws Exception {
        HttpResponse<byte[]> r = t.getBytes("/api/audit.xlsx" + query);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").contains("spreadsheetml"));
        return new XSSFWorkbook(new ByteArrayInputStream(r.body())).getSheet("audit");
    }

    @Test
    void GET_auditXlsx_filtersLikeTheCsvAndKeepsFormulasAsText() throws Exception {
        Sheet bob = fetch("?user=bob&action=thing");
        assertEquals(
                List.of(
                        "id",
                        "at",
                        "user",
                        "interface",
                        "action",
                        "target",
                        "outcome",
                        "address",
                        "detail",
                        "prev_hash",
                        "hash",
                        "mac"),
                values(bob.getRow(0)));
        assertEquals(1250, bob.getLastRowNum(), "every one of bob's entries, across pages");
        List<String> first = values(bob.getRow(1));
        assertEquals("bob", first.get(2));
        assertEquals("t2499", first.get(5), "newest first");

        Sheet mallory = fetch("?user=mallory");
        assertEquals(1, mallory.getLastRowNum());
        Row row = mallory.getRow(1);
        assertEquals("=cmd|' /C calc'!A0", row.getCell(4).getStringCellValue());
        assertEquals(org.apache.poi.ss.usermodel.CellType.STRING, row.getCell(5).getCellType());
        dev.tejun.kernel.proof.ProofKey key = dev.tejun.kernel.proof.ProofKey.open(t.data);
        assertEquals(
                key.mac(
                        dev.tejun.kernel.proof.ProofKey.AUDIT,
                        row.getCell(0).getStringCellValue(),
                        row.getCell(10).getStringCellValue()),
                row.getCell(11).getStringCellValue(),
                "the export carries each entry's keyed MAC, which whoever holds the key can check");

        assertEquals(3, fetch("?limit=3").getLastRowNum());
        assertEquals(
                403,
                t.as(t.userWith("vera", dev.tejun.server.auth.Role.VIEWER), "GET", "/api/audit.xlsx", null)
                        .statusCode());
    }

    private static List<String> values(Row row) {
        List<String> out = new ArrayList<>();
        row.forEach(c -> out.add(c.getStringCellValue()));
        return out;
    }
}
