package dev.tejun.cmdb.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnValuesTest {

    @Test
    void rowValues_keepOrderEqualMapsAndRefuseChanges() {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("z", 1L);
        given.put("a", "x");
        given.put("m", null);
        Row row = new Row(1, "t", null, null, given, 1, false, Instant.EPOCH, "u");
        given.put("late", 2L);

        Map<String, Object> values = row.values();
        assertEquals(List.of("z", "a", "m"), new ArrayList<>(values.keySet()));
        assertEquals(3, values.size());
        assertEquals("x", values.get("a"));
        assertNull(values.get("m"));
        assertTrue(values.containsKey("m"));
        assertFalse(values.containsKey("late"));
        Map<String, Object> expected = new LinkedHashMap<>(given);
        expected.remove("late");
        assertEquals(expected, values);
        assertEquals(values, expected);
        assertEquals(expected.hashCode(), values.hashCode());
        assertThrows(UnsupportedOperationException.class, () -> values.put("b", 1));
        assertThrows(UnsupportedOperationException.class, () -> values.remove("a"));
        assertThrows(
                UnsupportedOperationException.class,
                () -> values.entrySet().iterator().next().setValue(3));
        assertThrows(UnsupportedOperationException.class, values::clear);
    }
}
