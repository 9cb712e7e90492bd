package dev.tejun.cmdb.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.validation.JsonValues;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The JSON forms the store writes: sheet definitions, row documents (user columns) and journal rows.
 * Values are stored in their canonical form (numbers as JSON numbers, dates as ISO-8601 text) and read back
 * through the column's current type; a value that no longer fits a changed type is returned as stored.
 */
public final class Json {

    /** The CMDB module's one mapper (others in the module take it from here): exact decimals, lenient reads. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** How SECRET values are returned. */
    enum Secrets {
        MASKED,
        SEALED
    }

    private Json() {}

    static String sheet(SheetDef sheet) {
        try {
            return MAPPER.writeValueAsString(sheet);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static SheetDef sheet(String json) {
        try {
            return MAPPER.readValue(json, SheetDef.class);
        } catch (JsonProcessingException e) {
            throw new StorageException("unreadable sheet definition", e);
        }
    }

    /** Stored values (secrets already sealed) → document. */
    static ObjectNode doc(Map<String, Object> values) {
        ObjectNode doc = MAPPER.createObjectNode();
        values.forEach((name, value) -> {
            switch (value) {
                case null -> {}
                case Long l -> doc.put(name, l);
                case BigDecimal d -> doc.put(name, d);
                case Boolean b -> doc.put(name, b);
                case List<?> l -> doc.set(name, MAPPER.valueToTree(l));
                case Map<?, ?> m -> doc.set(name, MAPPER.valueToTree(m));
                default -> doc.put(name, value.toString()); // String, LocalDate, Instant: ISO text
            }
        });
        return doc;
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new StorageException("unreadable row document", e);
        }
    }

    static Object value(ColumnType type, JsonNode node, Secrets secrets) {
        try {
            return switch (type) {
                case INTEGER -> node.isIntegralNumber() ? node.longValue() : plain(node);
                case DECIMAL -> node.isNumber() ? node.decimalValue() : plain(node);
                case BOOLEAN -> node.isBoolean() ? node.booleanValue() : plain(node);
                case DATE -> LocalDate.parse(node.asText());
                case DATETIME -> Instant.parse(node.asText());
                case SECRET -> secrets == Secrets.MASKED ? Row.MASK : node.asText();
                case LIST, MAP -> plain(node);
                default -> node.asText();
            };
        } catch (RuntimeException e) {
            return plain(node);
        }
    }

    static Object plain(JsonNode node) {
        if (node.isContainerNode()) {
            return JsonValues.plain(node);
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }

    /** The whole row as the journal keeps it. */
    static String journalRow(
            long id,
            String sheet,
            String host,
            String operation,
            ObjectNode doc,
            long version,
            boolean discarded,
            Instant at,
            String by) {
        ObjectNode row = MAPPER.createObjectNode();
        row.put("id", id);
        row.put("sheet", sheet);
        row.put("host", host);
        row.put("operation", operation);
        row.put("version", version);
        row.put("discarded", discarded);
        row.put("updatedAt", at.toEpochMilli());
        row.put("updatedBy", by);
        row.set("values", doc);
        return row.toString();
    }
}
