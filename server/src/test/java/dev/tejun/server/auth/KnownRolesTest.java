package dev.tejun.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.cmdb.db.Wakeups;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Roles are read once and then remembered (a cell run on PostgreSQL no longer reads the users table), until a write
 * through this store drops them, or on a shared database until the answer is older than its limit.
 */
class KnownRolesTest {

    private final List<String> reads = new ArrayList<>();
    private final Function<String, Set<String>> read = n -> {
        reads.add(n);
        return Set.of("operator");
    };

    @Test
    void of_asked_again_readsOnce_untilAChange() {
        KnownRoles known = new KnownRoles(null, Duration.ZERO);
        known.of("carol", read);
        known.of("carol", read);
        assertEquals(List.of("carol"), reads);
        known.changed();
        known.of("carol", read);
        assertEquals(List.of("carol", "carol"), reads);
    }

    @Test
    void of_onASharedDatabase_readsAgainOnceTheAnswerIsOlderThanItsLimit() {
        KnownRoles remembered = new KnownRoles(new Wakeups.Signal(), Duration.ofHours(1));
        remembered.of("carol", read);
        remembered.of("carol", read);
        assertEquals(1, reads.size());

        KnownRoles never = new KnownRoles(new Wakeups.Signal(), Duration.ZERO);
        never.of("carol", read);
        never.of("carol", read);
        assertEquals(3, reads.size());
    }
}
