package dev.tejun.server.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.Wakeups;
import dev.tejun.server.audit.ServerSchema;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Users and their bcrypt password hashes in the {@code users} table. */
public final class UserStore {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    static final int MIN_PASSWORD = 12;
    // 10 is the floor OWASP gives for bcrypt; a sign-in then costs tens of milliseconds, not hundreds.
    private static final int COST = 10;
    /** The wake-up channel of changes to users ({@link #changes}). */
    private static final String CHANGES = "users_changed";
    /** Checked against when the user does not exist, so that a wrong name costs as long as a wrong password. */
    private static final byte[] DUMMY = BCrypt.withDefaults().hash(COST, "no-such-user".toCharArray());

    private final Database db;
    private final Clock clock;

    public UserStore(Database db, Clock clock) {
        this.db = db;
        db.migrate(ServerSchema.SCHEMA);
        this.clock = clock;
    }

    public boolean isEmpty() {
        return db.read(c -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM users")) {
                return rs.next() && rs.getInt(1) == 0;
            }
        });
    }

    public User create(String name, String password, Set<Role> roles) {
        checkName(name);
        checkPassword(password);
        String hash = new String(BCrypt.withDefaults().hash(COST, password.toCharArray()), StandardCharsets.UTF_8);
        Instant now = clock.instant();
        int added = db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO users (name, password_hash, roles, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, name);
                ps.setString(2, hash);
                ps.setString(3, encode(roles));
                ps.setString(4, now.toString());
                return ps.executeUpdate();
            }
        });
        changed();
        if (added == 0) {
            throw new IllegalArgumentException("user " + name + " exists already");
        }
        return new User(name, roles, now);
    }

    /**
     * The role names {@code name} holds now, as the permission policy reads them; none for a disabled or unknown user.
     * Asked for every socket message, so answered from memory ({@link KnownRoles}): a change through this store counts
     * from the next message on; one through another server on a shared database once its wake-up arrives.
     */
    public Set<String> roleNames(String name) {
        return knownRoles()
                .of(name, n -> find(n).map(u -> Role.wires(u.roles())).orElse(Set.of()));
    }

    private volatile KnownRoles knownRoles;

    /** Made at the first lookup, so that a store never asked (a CLI command) listens to nothing. */
    private KnownRoles knownRoles() {
        KnownRoles k = knownRoles;
        if (k == null) {
            synchronized (this) {
                if (knownRoles == null) {
                    knownRoles = new KnownRoles(shared() ? changes() : null, KnownRoles.LONGEST);
                }
                k = knownRoles;
            }
        }
        return k;
    }

    /** After any write to users (committed): roles are read from the table again. */
    private void changed() {
        KnownRoles k = knownRoles;
        if (k != null) {
            k.changed();
        }
    }

    /** An enabled user: what sign-in, tokens and sockets go by, so a disabled one is refused everywhere at once. */
    public Optional<User> find(String name) {
        return find(name, " AND disabled = 0");
    }

    /** A user, enabled or not (the admin's view). */
    public Optional<User> findAny(String name) {
        return find(name, "");
    }

    private Optional<User> find(String name, String condition) {
        return db.read(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT name, roles, created_at FROM users WHERE name = ?" + condition)) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(user(rs)) : Optional.empty();
                }
            }
        });
    }

    public List<User> list() {
        return db.read(c -> {
            List<User> out = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT name, roles, created_at FROM users ORDER BY name")) {
                while (rs.next()) {
                    out.add(user(rs));
                }
            }
            return out;
        });
    }

    /** The user when the password is right; the same time is spent whether or not the user exists. */
    public Optional<User> check(String name, String password) {
        Optional<String> hash = db.read(c -> {
            // only a local user has a password here; a single sign-on user of the same name is not signed in by one
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT password_hash FROM users WHERE name = ? AND source = 'local'")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
        byte[] stored = hash.map(h -> h.getBytes(StandardCharsets.UTF_8)).orElse(DUMMY);
        boolean ok = BCrypt.verifyer().verify(password.toCharArray(), stored).verified;
        return ok && hash.isPresent() ? find(name) : Optional.empty();
    }

    /** Where {@code name} signs in ({@code local}, {@code oidc}, {@code ldap}); empty for no such user. */
    public Optional<String> source(String name) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT source FROM users WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /**
     * A user single sign-on vouched for: made on the first sign-in, roles replaced by what the directory says now on
     * every later one. Such a user has no password here.
     *
     * @throws IllegalStateException when {@code name} is a user of another source (a local one: taking it over would
     *                               hand its roles to whoever the directory calls by that name) or is disabled
     */
    public User signedInElsewhere(String name, String source, Set<Role> roles) {
        checkName(name);
        Instant now = clock.instant();
        String existing = db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO users (name, password_hash, roles, created_at, source) VALUES (?, '-', ?, ?, ?)"
                            + " ON CONFLICT DO NOTHING")) {
                ps.setString(1, name);
                ps.setString(2, encode(roles));
                ps.setString(3, now.toString());
                ps.setString(4, source);
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT source FROM users WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    String was = rs.getString(1);
                    if (!was.equals(source)) {
                        return was;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE users SET roles = ? WHERE name = ?")) {
                ps.setString(1, encode(roles));
                ps.setString(2, name);
                ps.executeUpdate();
            }
            db.wakeups().send(c, CHANGES);
            return null;
        });
        changed();
        if (existing != null) {
            throw new IllegalStateException("user " + name + " is a " + existing + " user here, not one of " + source);
        }
        return find(name).orElseThrow(() -> new IllegalStateException("user " + name + " is disabled"));
    }

    /**
     * Wakes when a user's roles change or the user is disabled or deleted, through any server on this database
     * (NOTIFY at commit on PostgreSQL; on SQLite only this process writes).
     */
    Wakeups.Signal changes() {
        return db.wakeups().signal(CHANGES);
    }

    /** Whether other servers may write the users table too (a shared PostgreSQL database). */
    boolean shared() {
        return db.wakeups().shared();
    }

    /** Names of the disabled users. */
    public Set<String> disabled() {
        return db.read(c -> {
            Set<String> out = new java.util.TreeSet<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT name FROM users WHERE disabled = 1")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    public void setDisabled(String name, boolean disabled) {
        update("UPDATE users SET disabled = ? WHERE name = ?", disabled ? "1" : "0", name);
    }

    public void setRoles(String name, Set<Role> roles) {
        update("UPDATE users SET roles = ? WHERE name = ?", encode(roles), name);
    }

    public void setPassword(String name, String password) {
        checkPassword(password);
        update(
                "UPDATE users SET password_hash = ? WHERE name = ?",
                new String(BCrypt.withDefaults().hash(COST, password.toCharArray()), StandardCharsets.UTF_8),
                name);
    }

    public void delete(String name) {
        if (db.write(c -> {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE name = ?")) {
                        ps.setString(1, name);
                        int deleted = ps.executeUpdate();
                        db.wakeups().send(c, CHANGES);
                        return deleted;
                    }
                })
                == 0) {
            changed();
            throw new java.util.NoSuchElementException("no user " + name);
        }
        changed();
    }

    private void update(String sql, String value, String name) {
        int n = db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, value);
                ps.setString(2, name);
                int updated = ps.executeUpdate();
                db.wakeups().send(c, CHANGES); // servers beside this one close the user's sockets (UserChanges)
                return updated;
            }
        });
        changed();
        if (n == 0) {
            throw new java.util.NoSuchElementException("no user " + name);
        }
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a user name is 1 to 64 letters, digits or _ . @ -");
        }
    }

    static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new IllegalArgumentException("a password has at least " + MIN_PASSWORD + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > 72) {
            // bcrypt reads 72 bytes; a longer one would be accepted with any tail
            throw new IllegalArgumentException("a password has at most 72 bytes");
        }
        if (CommonPasswords.contains(password)) {
            throw new IllegalArgumentException("this password is among the first that guessers try; choose another");
        }
    }

    static String encode(Set<Role> roles) {
        return roles.stream()
                .filter(r -> r != Role.PUBLIC)
                .map(Role::wire)
                .sorted()
                .collect(Collectors.joining(","));
    }

    static Set<Role> decode(String roles) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        Arrays.stream(roles.split(","))
                .filter(s -> !s.isBlank())
                .map(Role::holdable)
                .forEach(out::add);
        return out;
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getString(1), decode(rs.getString(2)), Instant.parse(rs.getString(3)));
    }
}
