package dev.tejun.server.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting Tejun reads from {@code tejun.yaml}, with its default and what it means. The configuration reference
 * in the README lists these same keys (a test compares them). Each key is also an environment variable: {@code
 * TEJUN_} and the key in capitals with dots and dashes as underscores ({@code server.public-url} is {@code
 * TEJUN_SERVER_PUBLIC_URL}).
 */
public enum Key {
    SERVER_HOST("server.host", Kind.TEXT, "127.0.0.1", "the address to bind (0.0.0.0: every interface)"),
    SERVER_PORT("server.port", Kind.PORT, "7070", "the port of the web UI and the API (0: any free port)"),
    SERVER_RUNBOOKS("server.runbooks", Kind.PATH, "runbooks", "the runbooks folder (a Git work tree)"),
    SERVER_PUBLIC_URL(
            "server.public-url",
            Kind.URL,
            "",
            "the URL users open (https://tejun.example.com): WebSocket Origin checks accept it, an https one makes the"
                    + " session cookie Secure"),
    SERVER_TRUSTED_PROXIES(
            "server.trusted-proxies",
            Kind.ADDRESSES,
            "",
            "addresses or CIDR ranges of reverse proxies whose X-Forwarded-For/Proto/Host count; from any other"
                    + " address those headers are ignored"),
    SERVER_TLS_KEYSTORE(
            "server.tls.keystore", Kind.PATH, "", "a PKCS#12 file with the server's key and certificate: serve HTTPS"),
    SERVER_TLS_KEYSTORE_PASSWORD_FILE(
            "server.tls.keystore-password-file", Kind.PATH, "", "a file whose first line is the keystore's password"),
    SERVER_TLS_CERT(
            "server.tls.cert", Kind.PATH, "", "a PEM certificate chain (with server.tls.key, instead of a keystore)"),
    SERVER_TLS_KEY("server.tls.key", Kind.PATH, "", "the PEM private key (PKCS#8, unencrypted) of server.tls.cert"),
    SERVER_TLS_REDIRECT_PORT(
            "server.tls.redirect-port",
            Kind.PORT,
            "",
            "also listen for plain HTTP on this port and redirect every request to HTTPS"),
    SERVER_HSTS_MAX_AGE(
            "server.hsts-max-age",
            Kind.NUMBER,
            "31536000",
            "Strict-Transport-Security max-age in seconds, sent on HTTPS answers (0: no header)"),
    HEALTH_MIN_FREE_MB(
            "health.min-free-mb",
            Kind.NUMBER,
            "100",
            "/api/health/ready answers 503 when TEJUN_HOME has less free disk than this many megabytes"),
    LOG_FORMAT("log.format", Kind.LOG_FORMAT, "text", "text (one line per event) or json (one JSON object per line)"),
    DATABASE_URL(
            "database.url",
            Kind.TEXT,
            "",
            "a JDBC URL of the shared database (jdbc:postgresql://…); empty: SQLite in TEJUN_HOME"),
    DATABASE_USER("database.user", Kind.TEXT, "", "the database user"),
    DATABASE_PASSWORD_FILE("database.password-file", Kind.PATH, "", "a file whose first line is the database password"),
    GIT_COMMIT_ON_SAVE(
            "git.commit-on-save",
            Kind.BOOLEAN,
            "false",
            "true: each save from the browser or the API is a commit of that file, authored by the signed-in user"),
    GIT_REPOSITORY(
            "git.repository",
            Kind.PATH,
            "",
            "the work tree root that takes those commits when it is not the runbooks folder itself (a repository"
                    + " further up is never committed into unless named here)"),
    GIT_BRANCH_POLICY(
            "git.branch-policy",
            Kind.BRANCH_POLICY,
            "current",
            "current (commit on the checked-out branch) or per-user (each user's saves on branch tejun/USER)");

    /** How a value is written and checked. */
    public enum Kind {
        TEXT,
        PORT,
        PATH,
        URL,
        ADDRESSES,
        NUMBER, // a whole number >= 0
        BOOLEAN,
        BRANCH_POLICY,

        LOG_FORMAT
    }

    private final String name;
    private final Kind kind;
    private final String defaultValue;
    private final String meaning;

    Key(String name, Kind kind, String defaultValue, String meaning) {
        this.name = name;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.meaning = meaning;
    }

    /** The dotted name in {@code tejun.yaml}. */
    public String key() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** The default as it would be written in the file; empty when the setting is off unless given. */
    public String defaultValue() {
        return defaultValue;
    }

    public String meaning() {
        return meaning;
    }

    /** The environment variable that overrides the file. */
    public String env() {
        return "TEJUN_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public static Optional<Key> named(String name) {
        return Arrays.stream(values()).filter(k -> k.name.equals(name)).findFirst();
    }

    /** Whether {@code prefix} is a section some key lives under ({@code server}, {@code server.tls}). */
    public static boolean isSection(String prefix) {
        return Arrays.stream(values()).anyMatch(k -> k.name.startsWith(prefix + "."));
    }
}
