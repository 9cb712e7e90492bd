package dev.tejun.server.events.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.secret.SecretBox;
import dev.tejun.server.audit.ServerSchema;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code event_sources} table. A bearer token or basic password is kept as its SHA-256 only; an HMAC secret,
 * which must be read back to check a signature, is sealed with the data folder's secret key.
 */
final class SourceStore {

    /** A source with what its credential is checked against. */
    record Stored(EventSource source, String secretHash, String hmacSecret) {}

    private static final String SEAL_AS = "event-source";

    private final Database db;
    private final ObjectMapper json;
    private final SecretBox box;

    /**
     * Sources found, by name, when this server is the only writer of the table (SQLite): every event post looks its
     * source up, and a source changes only through this object. On a shared database (PostgreSQL) another server may
     * delete a source at any time, so each post reads the table. Only sources that exist are kept (a post naming
     * none cannot grow it).
     */
    private final java.util.Map<String, Stored> found = new java.util.concurrent.ConcurrentHashMap<>();

    /** Counts changes, so a lookup that read the table before a change does not keep what it read. */
    private long changes;

    SourceStore(Database db, ObjectMapper json, SecretBox box) {
        this.db = db;
        this.json = json;
        this.box = box;
        db.migrate(ServerSchema.SCHEMA);
    }

    /** Adds {@code source} with its {@code secret}; false when the name is taken. */
    boolean create(EventSource source, String secret) {
        boolean hmac = source.auth().equals("hmac");
        String mapping = source.mapping() == null ? null : source.mapping().toString();
        String key = text(source.key());
        return changed(db.write(c -> {
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM event_sources WHERE name = ?")) {
                exists.setString(1, source.name());
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO event_sources (name, format, mapping, dedupe_key, auth, username, secret_hash,
                      hmac_secret, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                ps.setString(1, source.name());
                ps.setString(2, source.format());
                ps.setString(3, mapping);
                ps.setString(4, key);
                ps.setString(5, source.auth());
                ps.setString(6, source.username());
                ps.setString(7, hmac ? null : Credentials.sha256(secret));
                ps.setString(8, hmac ? box.seal(SEAL_AS, source.name(), secret) : null);
                ps.setString(9, source.createdBy());
                ps.setString(10, source.createdAt().toString());
                ps.executeUpdate();
            }
            return true;
        }));
    }

    boolean delete(String name) {
        return changed(db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM event_sources WHERE name = ?")) {
                ps.setString(1, name);
                return ps.executeUpdate() > 0;
            }
        }));
    }

    /** After a committed change: nothing found before it is used again. */
    private synchronized boolean changed(boolean result) {
        changes++;
        found.clear();
        return result;
    }

    List<EventSource> list() {
        return db.read(c -> {
            List<EventSource> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY name");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(stored(rs).source());
                }
            }
            return out;
        });
    }

    Optional<Stored> find(String name) {
        boolean alone = !db.wakeups().shared();
        Stored known = alone ? found.get(name) : null;
        if (known != null) {
            return Optional.of(known);
        }
        long before;
        synchronized (this) {
            before = changes;
        }
        Optional<Stored> read = read(name);
        if (alone && read.isPresent()) {
            synchronized (this) {
                if (changes == before) {
                    found.put(name, read.get());
                }
            }
        }
        return read;
    }

    private Optional<Stored> read(String name) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(stored(rs)) : Optional.<Stored>empty();
                }
            }
        });
    }

    private static final String SELECT = """
            SELECT name, format, mapping, dedupe_key, auth, username, created_by, created_at, secret_hash, hmac_secret
            FROM event_sources""";

    private Stored stored(ResultSet rs) throws SQLException {
        String name = rs.getString(1);
        String sealed = rs.getString(10);
        EventSource source = new EventSource(
                name,
                rs.getString(2),
                rs.getString(3) == null ? null : tree(rs.getString(3)),
                rs.getString(4) == null ? List.of() : List.of(json.convertValue(tree(rs.getString(4)), String[].class)),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                Instant.parse(rs.getString(8)));
        return new Stored(source, rs.getString(9), sealed == null ? null : box.open(SEAL_AS, name, sealed));
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String text(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
