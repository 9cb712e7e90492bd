package dev.tejun.kernel.exec.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.runbook.Attributes;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code batch=} splits hosts as Ansible's {@code serial} list does; {@code max-fail=} says when to stop. */
class BatchesTest {

    static Batches read(String... kv) throws CellSettings.Refused {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return Batches.read(new CellSettings(new Attributes("c", List.of(), m)));
    }

    static List<Integer> sizes(Batches b, int hosts) {
        return b.split(IntStream.range(0, hosts).boxed().toList()).stream()
                .map(List::size)
                .toList();
    }

    @Test
    void split_canaryQuarterRest_asAnsibleSerial() throws Exception {
        assertEquals(List.of(1, 5, 14), sizes(read("batch", "1,25%,100%"), 20));
        assertEquals(List.of(3, 3, 3, 1), sizes(read("batch", "3"), 10));
        // a percentage rounds down but never to nothing
        assertEquals(List.of(1, 1, 1), sizes(read("batch", "10%"), 3));
    }

    @Test
    void split_noBatch_oneBatchOfAll() throws Exception {
        assertEquals(List.of(7), sizes(read(), 7));
        assertFalse(read().exceeded(7, 7));
    }

    @Test
    void exceeded_percentOfHostsStartedSoFar() throws Exception {
        Batches b = read("batch", "1,25%,100%", "max-fail", "10%");
        assertFalse(b.exceeded(0, 6));
        assertTrue(b.exceeded(1, 1), "a failed canary is 100 %");
        assertTrue(b.exceeded(3, 6));
        assertFalse(b.exceeded(1, 10), "10 % is allowed, more is not");
    }

    @Test
    void exceeded_defaultWithBatches_oneFailureStops() throws Exception {
        assertTrue(read("batch", "2").exceeded(1, 2));
        assertFalse(read("batch", "2", "max-fail", "1").exceeded(1, 2));
    }

    @Test
    void read_badValues_refusedNamingTheAttribute() {
        assertTrue(assertThrows(CellSettings.Refused.class, () -> read("batch", "0"))
                .getMessage()
                .contains("batch="));
        assertTrue(assertThrows(CellSettings.Refused.class, () -> read("batch", "1", "max-fail", "x%"))
                .getMessage()
                .contains("max-fail=x%"));
        assertTrue(assertThrows(CellSettings.Refused.class, () -> read("max-fail", "1"))
                .getMessage()
                .contains("need batch="));
    }
}
