package dev.tejun.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one PostgreSQL database each answer a socket's role check from their own {@link UserStore}; a user
 * disabled or demoted through one must be refused at the next message on the other, whose store did not see the
 * write (a remembered answer there would let a disabled user go on running cells).
 */
class RoleNamesAcrossServersTest {

    @TempDir
    Path temp;

    @Test
    void roleNames_userChangedThroughAnotherServer_answersTheUserAsItIsNow() {
        DatabaseSettings shared = TestDatabases.postgresql(temp.resolve("data"));
        try (Database dbA = Database.open(shared);
                Database dbB = Database.open(shared)) {
            UserStore a = new UserStore(dbA, Clock.systemUTC());
            UserStore b = new UserStore(dbB, Clock.systemUTC());
            b.create("mallory", "a long enough passphrase 1", Set.of(Role.OPERATOR));
            assertEquals(Set.of("operator"), a.roleNames("mallory"));
            assertEquals(Set.of("operator"), a.roleNames("mallory"));

            b.setRoles("mallory", Set.of(Role.VIEWER));
            assertEquals(Set.of("viewer"), a.roleNames("mallory"), "demoted through B");
            b.setDisabled("mallory", true);
            assertEquals(Set.of(), a.roleNames("mallory"), "disabled through B");
        }
    }
}
