package dev.tejun.cmdb.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.SheetDef;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes row documents and journal rows with Jackson's streaming parser, straight into typed values. Reads of
 * whole sheets (as-of, export, inventory) decode 100,000 documents at a time; building a JSON tree per document
 * first and then looking every field up again cost more than half of such a read. Values come in the sheet's
 * column order, then any fields the sheet no longer has; each is read through its column's current type
 * ({@link Json#value} rules), and a value that no longer fits is returned as stored.
 *
 * <p>One decoder serves one read of one sheet; it is not thread-safe.
 */
final class RowDecoder {

    /** Rows per parallel chunk, at least; below it a thread hand-off costs more than it saves. */
    private static final int PARALLEL_CHUNK = 2_000;

    private final SheetDef sheet;
    private final Json.Secrets secrets;
    private final Map<String, Integer> position = new HashMap<>();
    private final Object[] slots;

    RowDecoder(SheetDef sheet, Json.Secrets secrets) {
        this.sheet = sheet;
        this.secrets = secrets;
        List<ColumnDef> columns = sheet == null ? List.of() : sheet.columns();
        for (int i = 0; i < columns.size(); i++) {
            position.put(columns.get(i).name(), i);
        }
        this.slots = new Object[columns.size()];
    }

    /**
     * Decodes many stored rows, in order, in parallel chunks with a decoder each. Whole-sheet reads are bound by
     * decoding, not by SQLite, so this divides them by the number of cores; small inputs stay on this thread.
     * Returns a mutable list, as the sequential reads always did.
     */
    static <T> List<Row> decodeAll(
            SheetDef sheet,
            Json.Secrets secrets,
            List<T> stored,
            java.util.function.BiFunction<RowDecoder, T, Row> decode) {
        int chunks = Math.min(Runtime.getRuntime().availableProcessors() * 4, stored.size() / PARALLEL_CHUNK);
        if (chunks <= 1) {
            RowDecoder decoder = new RowDecoder(sheet, secrets);
            return stored.stream()
                    .map(t -> decode.apply(decoder, t))
                    .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        }
        int size = (stored.size() + chunks - 1) / chunks;
        return java.util.stream.IntStream.range(0, chunks)
                .parallel()
                .mapToObj(k -> {
                    RowDecoder decoder = new RowDecoder(sheet, secrets);
                    return stored.subList(k * size, Math.min(stored.size(), (k + 1) * size)).stream()
                            .map(t -> decode.apply(decoder, t))
                            .toList();
                })
                .flatMap(List::stream)
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    }

    /** A row document ({@code cmdb_row.doc}) as UTF-8 → values. */
    Map<String, Object> values(byte[] doc) {
        try (JsonParser p = Json.MAPPER.createParser(doc)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            return values(p);
        } catch (IOException | RuntimeException e) {
            throw new StorageException("unreadable row document", e);
        }
    }

    /** A journal row ({@code cmdb_journal.row_after}) as UTF-8 → the row as it was. */
    Row journalRow(byte[] json) {
        try (JsonParser p = Json.MAPPER.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            long id = 0;
            long version = 0;
            long updatedAt = 0;
            boolean discarded = false;
            String sheetName = null;
            String host = null;
            String operation = null;
            String updatedBy = null;
            Map<String, Object> values = Map.of();
            for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                JsonToken token = p.nextToken();
                switch (field) {
                    case "id" -> id = p.getLongValue();
                    case "sheet" -> sheetName = p.getText();
                    case "host" -> host = token == JsonToken.VALUE_NULL ? null : p.getText();
                    case "operation" -> operation = token == JsonToken.VALUE_NULL ? null : p.getText();
                    case "version" -> version = p.getLongValue();
                    case "discarded" -> discarded = p.getBooleanValue();
                    case "updatedAt" -> updatedAt = p.getLongValue();
                    case "updatedBy" -> updatedBy = p.getText();
                    case "values" -> {
                        expect(token, JsonToken.START_OBJECT);
                        values = values(p);
                    }
                    default -> p.skipChildren();
                }
            }
            return new Row(
                    id,
                    sheetName,
                    host,
                    operation,
                    values,
                    version,
                    discarded,
                    Instant.ofEpochMilli(updatedAt),
                    updatedBy);
        } catch (IOException | RuntimeException e) {
            throw new StorageException("unreadable journal row", e);
        }
    }

    /** The fields of the object whose START_OBJECT the parser has just read. */
    private Map<String, Object> values(JsonParser p) throws IOException {
        java.util.Arrays.fill(slots, null);
        List<Map.Entry<String, Object>> extra = null;
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            JsonToken token = p.nextToken();
            Integer at = position.get(field);
            if (at != null) {
                if (token != JsonToken.VALUE_NULL) {
                    slots[at] = value(sheet.columns().get(at), token, p);
                }
            } else {
                if (extra == null) {
                    extra = new ArrayList<>();
                }
                extra.add(Map.entry(field, plain(token, p)));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null) {
                out.put(sheet.columns().get(i).name(), slots[i]);
            }
        }
        if (extra != null) {
            extra.forEach(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }

    private Object value(ColumnDef column, JsonToken token, JsonParser p) throws IOException {
        if (!token.isScalarValue()) {
            JsonNode node = p.readValueAsTree();
            return Json.value(column.type(), node, secrets);
        }
        try {
            return switch (column.type()) {
                case INTEGER ->
                    token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                            ? p.getLongValue()
                            : plain(token, p);
                case DECIMAL -> token.isNumeric() ? p.getDecimalValue() : plain(token, p);
                case BOOLEAN -> token.isBoolean() ? token == JsonToken.VALUE_TRUE : plain(token, p);
                case DATE -> IsoTimes.date(p.getText());
                case DATETIME -> IsoTimes.instant(p.getText());
                case SECRET -> secrets == Json.Secrets.MASKED ? Row.MASK : p.getText();
                default -> p.getText();
            };
        } catch (RuntimeException e) {
            return plain(token, p);
        }
    }

    private static Object plain(JsonToken token, JsonParser p) throws IOException {
        return switch (token) {
            case VALUE_NUMBER_INT ->
                p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? new java.math.BigDecimal(p.getBigIntegerValue())
                        : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case START_OBJECT, START_ARRAY -> Json.plain(p.readValueAsTree());
            default -> p.getText();
        };
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalStateException("expected " + expected + " but found " + actual);
        }
    }
}
