package dev.tejun.cmdb.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseSettingsTest {

    @TempDir
    Path home;

    @Test
    void from_nothingSet_isSqliteInTheDataFolder() {
        DatabaseSettings s = DatabaseSettings.from(Map.of(), home);
        assertFalse(s.postgresql());
        assertEquals(home.resolve("tejun.db"), s.sqliteFile());
    }

    @Test
    void from_urlUserAndPasswordFile_readsThePassword() throws Exception {
        Path file = Files.writeString(home.resolve("pw"), "s3cret\n");
        DatabaseSettings s = DatabaseSettings.from(
                Map.of(
                        DatabaseSettings.URL, "jdbc:postgresql://db:5432/tejun",
                        DatabaseSettings.USER, "tejun",
                        DatabaseSettings.PASSWORD_FILE, file.toString()),
                home);
        assertTrue(s.postgresql());
        assertEquals("tejun", s.user());
        assertEquals("s3cret", s.password());
        assertFalse(s.toString().contains("s3cret"), s.toString());
    }

    @Test
    void from_passwordAndPasswordFile_isRefused() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> DatabaseSettings.from(
                        Map.of(
                                DatabaseSettings.URL, "jdbc:postgresql://db/tejun",
                                DatabaseSettings.PASSWORD, "a",
                                DatabaseSettings.PASSWORD_FILE, "/nowhere"),
                        home));
        assertTrue(e.getMessage().contains("not both"), e.getMessage());
    }

    @Test
    void from_missingPasswordFile_namesIt() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> DatabaseSettings.from(
                        Map.of(
                                DatabaseSettings.URL,
                                "jdbc:postgresql://db/tejun",
                                DatabaseSettings.PASSWORD_FILE,
                                home.resolve("missing").toString()),
                        home));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void from_otherUrl_isRefused_withoutShowingThePassword() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> DatabaseSettings.from(Map.of(DatabaseSettings.URL, "jdbc:mysql://db/x?password=hush"), home));
        assertTrue(e.getMessage().contains("PostgreSQL"), e.getMessage());
        assertFalse(e.getMessage().contains("hush"), e.getMessage());
    }

    @Test
    void from_blankUrl_isSqlite() {
        assertNull(
                DatabaseSettings.from(Map.of(DatabaseSettings.URL, " "), home).url());
    }
}
