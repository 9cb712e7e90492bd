package dev.tejun.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.fixtures.Await;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one PostgreSQL database each answer a socket's role check from their own {@link UserStore}, which
 * remembers roles between messages; a user disabled or demoted through one must be refused on the other, whose store
 * did not see the write (a remembered answer there would let a disabled user go on running cells): the writer's
 * wake-up drops what the other remembers.
 */
class RoleNamesAcrossServersTest {

    @TempDir
    Path temp;

    /** Servers A and B on one database, and an operator "mallory" made through B. */
    private interface TwoStores {
        void test(UserStore a, UserStore b) throws Exception;
    }

    private void onTwoServers(TwoStores test) throws Exception {
        DatabaseSettings shared = TestDatabases.postgresql(temp.resolve("data"));
        try (Database dbA = Database.open(shared);
                Database dbB = Database.open(shared)) {
            UserStore a = new UserStore(dbA, Clock.systemUTC());
            UserStore b = new UserStore(dbB, Clock.systemUTC());
            b.create("mallory", "a long enough passphrase 1", Set.of(Role.OPERATOR));
            test.test(a, b);
        }
    }

    @Test
    void roleNames_userChangedThroughAnotherServer_answersTheUserAsItIsNow() throws Exception {
        onTwoServers((a, b) -> {
            assertEquals(Set.of("operator"), a.roleNames("mallory"));
            assertEquals(Set.of("operator"), a.roleNames("mallory"));

            b.setRoles("mallory", Set.of(Role.VIEWER));
            Await.until(() -> a.roleNames("mallory").equals(Set.of("viewer")), "demoted through B");
            b.setDisabled("mallory", true);
            Await.until(() -> a.roleNames("mallory").isEmpty(), "disabled through B");
        });
    }

    /**
     * What drops a remembered answer is the other server's wake-up, not its age: remembered for an hour here, the
     * roles still change once B writes.
     */
    @Test
    void knownRoles_rememberedLong_droppedByTheOtherServersWakeUp() throws Exception {
        onTwoServers((a, b) -> {
            KnownRoles known = new KnownRoles(a.changes(), Duration.ofHours(1));
            Function<String, Set<String>> read =
                    n -> a.find(n).map(u -> Role.wires(u.roles())).orElse(Set.of());
            assertEquals(Set.of("operator"), known.of("mallory", read));

            b.setRoles("mallory", Set.of(Role.VIEWER));
            Await.until(() -> known.of("mallory", read).equals(Set.of("viewer")), "demoted through B");
        });
    }
}
