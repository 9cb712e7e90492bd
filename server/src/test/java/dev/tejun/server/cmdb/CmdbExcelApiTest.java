package dev.tejun.server.cmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.model.Row;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CmdbExcelApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @Served
    TestServer t;

    Row web1;

    @BeforeEach
    void start() throws Exception {
        web1 = CmdbSamples.fill(t.cmdb);
    }

    private byte[] export(String path) throws Exception {
        HttpResponse<byte[]> r = t.getBytes(path);
        assertEquals(200, r.statusCode());
        assertEquals(XLSX, r.headers().firstValue("Content-Type").orElse(""));
        return r.body();
    }

    /** Sets the cell of {@code column} (a header name) in the worksheet row holding {@code host}. */
    static byte[] edit(byte[] xlsx, String sheetName, String host, String column, String value) throws Exception {
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = book.getSheet(sheetName);
            int col = -1;
            for (Cell c : sheet.getRow(0)) {
                if (c.getStringCellValue().equals(column)) {
                    col = c.getColumnIndex();
                }
            }
            int hostCol = -1;
            for (Cell c : sheet.getRow(0)) {
                if (c.getStringCellValue().equals("host")) {
                    hostCol = c.getColumnIndex();
                }
            }
            for (int r = 2; r <= sheet.getLastRowNum(); r++) {
                if (host.equals(sheet.getRow(r).getCell(hostCol).getStringCellValue())) {
                    sheet.getRow(r).createCell(col).setCellValue(value);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            book.write(out);
            return out.toByteArray();
        }
    }

    private JsonNode upload(byte[] body, int expectedStatus) throws Exception {
        HttpResponse<String> r = t.postBytes("/api/cmdb/import", XLSX, body);
        assertEquals(expectedStatus, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void GET_export_allSheets_hasEveryWorksheet_andNoSecret() throws Exception {
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(export("/api/cmdb/export")))) {
            assertTrue(book.getSheet("hosts") != null && book.getSheet("web") != null);
            assertEquals(4, book.getSheet("web").getLastRowNum() + 1, "header, help, two rows");
        }
        byte[] one = export("/api/cmdb/sheets/web/export");
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(one))) {
            assertEquals(1, book.getNumberOfSheets());
        }
        assertFalse(new String(one, StandardCharsets.ISO_8859_1).contains(CmdbSamples.SECRET));
        assertEquals(404, t.getBytes("/api/cmdb/sheets/nope/export").statusCode());
    }

    @Test
    void GET_export_labelLayout_editedAndUploaded_roundTrips() throws Exception {
        byte[] labels = export("/api/cmdb/sheets/web/export?layout=labels");
        byte[] edited;
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(labels))) {
            Sheet sheet = book.getSheetAt(0);
            org.apache.poi.ss.usermodel.Row identifiers = sheet.getRow(3);
            assertTrue(identifiers.getZeroHeight(), "identifiers in a hidden row under the labels");
            int port = -1;
            int host = -1;
            for (Cell c : identifiers) {
                port = c.getStringCellValue().equals("port") ? c.getColumnIndex() : port;
                host = c.getStringCellValue().equals("host") ? c.getColumnIndex() : host;
            }
            assertEquals("ホスト名", sheet.getRow(2).getCell(host).getStringCellValue());
            for (int r = 5; r <= sheet.getLastRowNum(); r++) {
                if (sheet.getRow(r).getCell(host).getStringCellValue().equals("web1")) {
                    sheet.getRow(r).removeCell(sheet.getRow(r).getCell(port));
                    sheet.getRow(r).createCell(port).setCellValue("8444");
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            book.write(out);
            edited = out.toByteArray();
        }
        JsonNode preview = upload(edited, 200);
        assertTrue(preview.path("ok").asBoolean(), preview.toString());
        assertEquals(1, preview.path("counts").path("UPDATE").asInt(), preview.toString());
        HttpResponse<String> applied =
                t.post("/api/cmdb/import/" + preview.path("planId").asText() + "/apply", "{}");
        assertEquals(200, applied.statusCode(), applied.body());
        assertEquals(8444L, t.cmdb.get("web", web1.id()).orElseThrow().value("port"));
        assertEquals(400, t.getBytes("/api/cmdb/export?layout=pretty").statusCode());
    }

    @Test
    void POST_import_badCell_previewNamesSheetRowColumn_andNothingApplies() throws Exception {
        byte[] bad = edit(export("/api/cmdb/sheets/web/export"), "web", "web1", "port", "eighty");
        JsonNode preview = upload(bad, 200);
        assertFalse(preview.path("ok").asBoolean());
        assertTrue(preview.path("planId").isNull(), "a plan with errors is not kept");
        JsonNode error = preview.path("errors").get(0);
        assertEquals("web", error.path("sheet").asText());
        assertEquals("port", error.path("column").asText());
        assertTrue(error.path("rowRef").asText().matches("[34]"), error.toString());
        assertEquals(8080L, t.cmdb.get("web", web1.id()).orElseThrow().value("port"));
    }

    @Test
    void POST_import_thenApply_updatesOnce() throws Exception {
        byte[] good = edit(export("/api/cmdb/sheets/web/export"), "web", "web1", "port", "8443");
        JsonNode preview = upload(good, 200);
        assertTrue(preview.path("ok").asBoolean(), preview.toString());
        List<String> actions = new ArrayList<>();
        preview.path("rows").forEach(r -> actions.add(r.path("action").asText()));
        assertTrue(actions.contains("UPDATE") && actions.contains("UNCHANGED"), actions.toString());
        assertEquals(1, preview.path("counts").path("UPDATE").asInt());
        assertEquals(8080L, t.cmdb.get("web", web1.id()).orElseThrow().value("port"), "a preview changes nothing");

        String apply = "/api/cmdb/import/" + preview.path("planId").asText() + "/apply";
        HttpResponse<String> applied = t.post(apply, "{}");
        assertEquals(200, applied.statusCode(), applied.body());
        assertEquals(1, JSON.readTree(applied.body()).path("changed").asInt());
        Row after = t.cmdb.get("web", web1.id()).orElseThrow();
        assertEquals(8443L, after.value("port"));
        assertEquals(
                "EXCEL", t.cmdb.history("web", web1.id()).getLast().channel().name());
        assertEquals(404, t.post(apply, "{}").statusCode(), "a plan applies once");
    }

    @Test
    void POST_import_multipart_isReadLikeARawBody() throws Exception {
        byte[] good = edit(export("/api/cmdb/sheets/web/export"), "web", "web2", "env", "staging");
        String boundary = "----tejun" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"web.xlsx\"\r\n"
                        + "Content-Type: " + XLSX + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(good);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r =
                t.postBytes("/api/cmdb/import", "multipart/form-data; boundary=" + boundary, body.toByteArray());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1, JSON.readTree(r.body()).path("counts").path("UPDATE").asInt());
    }

    @Test
    void POST_import_notAnXlsx_is400WithAClearMessage() throws Exception {
        JsonNode preview = upload("host,port\nweb1,80\n".getBytes(StandardCharsets.UTF_8), 400);
        assertFalse(preview.path("ok").asBoolean());
        String message = preview.path("errors").get(0).path("message").asText();
        assertTrue(message.toLowerCase().contains("xlsx"), message);
        // Larger than Javalin's default 1 MB body limit: uploads stream past it and are judged by content.
        byte[] big = new byte[3 * 1024 * 1024];
        new java.util.Random(1).nextBytes(big);
        assertFalse(upload(big, 400).path("ok").asBoolean());
        HttpResponse<String> empty = t.postBytes("/api/cmdb/import", XLSX, new byte[0]);
        assertEquals(400, empty.statusCode());
        assertEquals(
                404, t.post("/api/cmdb/import/0123456789abcdef/apply", "{}").statusCode());
    }
}
