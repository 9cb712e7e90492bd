package dev.tejun.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's roles are remembered between socket messages, and every change to the user is seen by the next
 * lookup: roles changed, the user disabled, deleted, made again.
 */
class RoleNamesTest {

    @TempDir
    Path temp;

    @Test
    void roleNames_afterEachChange_answersTheUserAsItIsNow() {
        try (Database db = TestDatabases.open(temp)) {
            UserStore users = new UserStore(db, Clock.systemUTC());
            assertEquals(Set.of(), users.roleNames("carol"));
            users.create("carol", "a long enough passphrase 1", Set.of(Role.OPERATOR));
            assertEquals(Set.of("operator"), users.roleNames("carol"));
            assertEquals(Set.of("operator"), users.roleNames("carol"));

            users.setRoles("carol", Set.of(Role.VIEWER));
            assertEquals(Set.of("viewer"), users.roleNames("carol"));
            users.setDisabled("carol", true);
            assertEquals(Set.of(), users.roleNames("carol"));
            users.setDisabled("carol", false);
            assertEquals(Set.of("viewer"), users.roleNames("carol"));
            users.delete("carol");
            assertEquals(Set.of(), users.roleNames("carol"));
            users.create("carol", "a long enough passphrase 2", Set.of(Role.ADMIN));
            assertEquals(Set.of("admin"), users.roleNames("carol"));
        }
    }
}
