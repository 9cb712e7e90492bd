package dev.tejun.cmdb.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a caller wants a row to hold: its key and its column values, not yet validated.
 * Values may be canonical Java values or their text (e.g. {@code "22"} for an INTEGER, {@code "true"} for a
 * BOOLEAN, ISO-8601 for dates); the validator turns them into canonical values. An update replaces all
 * values, except SECRET columns, which keep their stored value when the key is absent or holds {@link Row#MASK}.
 *
 * @param host      host name (HOST sheets), else null
 * @param operation operation name (HOST sheets), null for the default row
 * @param values    column name → value; null values are allowed and mean "no value"
 */
public record RowDraft(String host, String operation, Map<String, Object> values) {

    public RowDraft {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values == null ? Map.of() : values));
    }

    public static RowDraft data(Map<String, ?> values) {
        return new RowDraft(null, null, new LinkedHashMap<>(values));
    }

    public static RowDraft host(String host, Map<String, ?> values) {
        return new RowDraft(host, null, new LinkedHashMap<>(values));
    }

    public static RowDraft host(String host, String operation, Map<String, ?> values) {
        return new RowDraft(host, operation, new LinkedHashMap<>(values));
    }
}
