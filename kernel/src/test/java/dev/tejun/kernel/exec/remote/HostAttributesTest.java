package dev.tejun.kernel.exec.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.runbook.Attributes;
import dev.tejun.kernel.template.Slot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A param in {@code hosts=} or {@code limit=} names hosts; it never widens the selection to every host. */
class HostAttributesTest {

    private static Attributes rendered(String key, String template, String value) {
        return HostAttributes.render(
                new Attributes("c", List.of(), Map.of(key, template)), r -> Optional.of(new Slot(r, value, null)));
    }

    @Test
    void render_aHostName_putIn() {
        assertEquals(
                "web01", rendered("hosts", "${params.host}", "web01").values().get("hosts"));
        assertEquals(
                "web01,web02",
                rendered("limit", "${params.host}", "web01,web02").values().get("limit"));
    }

    @Test
    void render_all_refused() {
        for (String value : List.of("all", " all ", "web01,all", "all,web01")) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> rendered("hosts", "${params.host}", value), value);
            assertTrue(e.getMessage().contains("all"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> rendered("limit", "${params.host}", "all"));
    }

    @Test
    void render_patterns_refused() {
        for (String value : List.of("*", "web*", "web01:!web02", "db:&prod", "~web.*", "cmdb:SELECT host FROM h")) {
            assertThrows(IllegalArgumentException.class, () -> rendered("hosts", "${params.host}", value), value);
        }
    }
}
