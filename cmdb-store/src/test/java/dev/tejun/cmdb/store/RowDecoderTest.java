package dev.tejun.cmdb.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.SheetDef;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RowDecoderTest {

    static final SheetDef SHEET = SheetDef.data(
            "t",
            "",
            ColumnDef.of("n", ColumnType.INTEGER),
            ColumnDef.of("d", ColumnType.DECIMAL),
            ColumnDef.of("b", ColumnType.BOOLEAN),
            ColumnDef.of("day", ColumnType.DATE),
            ColumnDef.of("at", ColumnType.DATETIME),
            ColumnDef.of("s", ColumnType.STRING),
            ColumnDef.of("k", ColumnType.SECRET));

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void values_typedInColumnOrderThenUnknownFields() {
        Map<String, Object> values = new RowDecoder(SHEET, Json.Secrets.MASKED)
                .values(utf8("{\"old\":7,\"s\":\"x\",\"n\":8080,\"d\":0.10,\"b\":true,\"day\":\"2026-01-31\","
                        + "\"at\":\"2026-01-31T12:00:00.5Z\",\"k\":\"sealed\"}"));

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("n", 8080L);
        expected.put("d", new BigDecimal("0.10"));
        expected.put("b", true);
        expected.put("day", LocalDate.of(2026, 1, 31));
        expected.put("at", Instant.parse("2026-01-31T12:00:00.5Z"));
        expected.put("s", "x");
        expected.put("k", Row.MASK);
        expected.put("old", 7L);
        assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(values.entrySet()));
        assertEquals(
                "sealed",
                new RowDecoder(SHEET, Json.Secrets.SEALED)
                        .values(utf8("{\"k\":\"sealed\"}"))
                        .get("k"));
    }

    @Test
    void values_valueThatNoLongerFitsItsTypeComesBackAsStored() {
        Map<String, Object> values = new RowDecoder(SHEET, Json.Secrets.MASKED)
                .values(utf8("{\"n\":\"eighty\",\"b\":\"yes\",\"day\":\"2026-02-30\",\"at\":12,\"d\":\"x\",\"s\":5}"));

        assertEquals(Map.of("n", "eighty", "b", "yes", "day", "2026-02-30", "at", 12L, "d", "x", "s", "5"), values);
    }

    @Test
    void journalRow_readsKeyAndBookkeeping() {
        Row row = new RowDecoder(SHEET, Json.Secrets.MASKED)
                .journalRow(utf8(
                        "{\"id\":3,\"sheet\":\"t\",\"host\":null,\"operation\":\"op\",\"version\":2,\"discarded\":true,"
                                + "\"updatedAt\":1000,\"updatedBy\":\"alice\",\"values\":{\"n\":1}}"));

        assertEquals(new Row(3, "t", null, "op", Map.of("n", 1L), 2, true, Instant.ofEpochMilli(1000), "alice"), row);
        assertThrows(StorageException.class, () -> new RowDecoder(SHEET, Json.Secrets.MASKED).journalRow(utf8("[1]")));
    }

    @Test
    void decodeAll_keepsOrderAcrossParallelChunks() {
        List<Integer> ids = IntStream.range(0, 25_000).boxed().toList();

        List<Row> rows = RowDecoder.decodeAll(
                SHEET,
                Json.Secrets.MASKED,
                ids,
                (decoder, i) -> new Row(
                        i, "t", null, null, decoder.values(utf8("{\"n\":" + i + "}")), 1, false, Instant.EPOCH, "x"));

        assertEquals(
                ids, rows.stream().map(r -> ((Long) r.value("n")).intValue()).toList());
    }

    @Test
    void isoTimes_agreeWithTheJdk() {
        for (String s : List.of("2026-01-31", "0001-01-01", "9999-12-31", "2024-02-29")) {
            assertEquals(LocalDate.parse(s), IsoTimes.date(s), s);
        }
        for (String s : List.of(
                "2026-01-31T12:00:00Z",
                "2026-01-31T23:59:59.999Z",
                "2026-01-31T00:00:00.000000001Z",
                "2026-01-31T00:00:00.1Z",
                "+12026-01-31T00:00:00Z")) {
            assertEquals(Instant.parse(s), IsoTimes.instant(s), s);
        }
        for (String bad : List.of("2026-02-30", "2026-1-31", "20260131")) {
            assertThrows(RuntimeException.class, () -> IsoTimes.date(bad), bad);
        }
        assertThrows(RuntimeException.class, () -> IsoTimes.instant("2026-01-31T25:00:00Z"));
    }
}
