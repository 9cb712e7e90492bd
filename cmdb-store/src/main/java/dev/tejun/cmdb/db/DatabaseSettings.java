package dev.tejun.cmdb.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which database a data folder's process opens: SQLite at {@code home/tejun.db} (the default), or PostgreSQL when a
 * {@code jdbc:postgresql://…} URL is given. The data folder is named either way: keys and chain heads live there.
 *
 * @param home     the data folder ({@code TEJUN_HOME})
 * @param url      null for SQLite, else the PostgreSQL JDBC URL
 * @param user     PostgreSQL user, or null (the URL's or the driver's default)
 * @param password PostgreSQL password, or null
 */
public record DatabaseSettings(Path home, String url, String user, String password) {

    /** The environment keys, as the server's and the CLI's environment has them. */
    public static final String URL = "TEJUN_DATABASE_URL";

    public static final String USER = "TEJUN_DATABASE_USER";
    public static final String PASSWORD = "TEJUN_DATABASE_PASSWORD";
    public static final String PASSWORD_FILE = "TEJUN_DATABASE_PASSWORD_FILE";

    private static final String POSTGRESQL = "jdbc:postgresql:";

    public DatabaseSettings {
        if (home == null) {
            throw new IllegalArgumentException("the data folder is required");
        }
        url = blankToNull(url);
        if (url != null && !url.startsWith(POSTGRESQL)) {
            throw new IllegalArgumentException(
                    URL + " must be a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/tejun), not " + redacted(url));
        }
        user = blankToNull(user);
    }

    /** SQLite at {@code home/tejun.db}. */
    public static DatabaseSettings sqlite(Path home) {
        return new DatabaseSettings(home, null, null, null);
    }

    /**
     * From environment-style keys ({@link #URL}, {@link #USER}, {@link #PASSWORD} or {@link #PASSWORD_FILE}); none
     * set means SQLite. A password file is read here (its trailing newline dropped), so a missing one fails at start.
     */
    public static DatabaseSettings from(Map<String, String> env, Path home) {
        String url = env.get(URL);
        String password = env.get(PASSWORD);
        String passwordFile = blankToNull(env.get(PASSWORD_FILE));
        if (passwordFile != null) {
            if (password != null) {
                throw new IllegalArgumentException("set " + PASSWORD + " or " + PASSWORD_FILE + ", not both");
            }
            password = readPassword(Path.of(passwordFile));
        }
        return new DatabaseSettings(home, url, env.get(USER), password);
    }

    /** Whether this is PostgreSQL (else SQLite). */
    public boolean postgresql() {
        return url != null;
    }

    /** The SQLite file (meaningful for SQLite only). */
    public Path sqliteFile() {
        return home.resolve("tejun.db");
    }

    /** Where the database is, for messages: the file, or the URL without a password in it. */
    public String where() {
        return postgresql() ? redacted(url) : sqliteFile().toString();
    }

    @Override
    public String toString() {
        return "DatabaseSettings[" + where() + (user == null ? "" : ", user " + user) + "]";
    }

    private static String readPassword(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + PASSWORD_FILE + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** The URL with any {@code password=…} parameter blanked, so it can be shown. */
    static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
