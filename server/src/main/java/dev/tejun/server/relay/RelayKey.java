package dev.tejun.server.relay;

import dev.tejun.cmdb.db.Database;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client's own address, carried with a relayed notebook socket ({@link #HEADER}) so the server holding the
 * session audits the browser's address, not the relaying server's. The value is signed with a key the servers of
 * the cluster share through their database ({@code cluster_keys}, made by the first server that needs it): a
 * browser that sends the header itself cannot sign it, and is audited with its peer address as before. A signature
 * is good for {@link #FRESH} either side of its time, so a header seen once cannot be replayed for long.
 */
public final class RelayKey {

    /** {@code address;epoch-seconds;mac} of the client as the relaying server saw it. */
    public static final String HEADER = "X-Tejun-Client-Address";

    static final Duration FRESH = Duration.ofMinutes(2);

    private final SecretKeySpec key;

    private RelayKey(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** The cluster's relay key: read from {@code db}, made there first when no server made it yet. */
    public static RelayKey of(Database db) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        String stored = db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO cluster_keys (name, value) VALUES ('relay', ?) ON CONFLICT (name) DO NOTHING")) {
                ps.setString(1, Base64.getEncoder().encodeToString(fresh));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM cluster_keys WHERE name = 'relay'");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
        return new RelayKey(Base64.getDecoder().decode(stored));
    }

    /** The header's value for {@code address}, signed now. */
    String sign(String address, Instant now) {
        String at = Long.toString(now.getEpochSecond());
        return address + ";" + at + ";" + mac(address, at);
    }

    /**
     * The address a signed {@code value} carries, or null when it is missing, malformed, not signed with this key,
     * or not fresh at {@code now}.
     */
    public String address(String value, Instant now) {
        if (value == null) {
            return null;
        }
        String[] parts = value.split(";", -1);
        if (parts.length != 3 || parts[0].isBlank()) {
            return null;
        }
        long at;
        try {
            at = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return null;
        }
        if (Math.abs(now.getEpochSecond() - at) > FRESH.toSeconds()) {
            return null;
        }
        boolean signed = MessageDigest.isEqual(
                mac(parts[0], parts[1]).getBytes(StandardCharsets.US_ASCII),
                parts[2].getBytes(StandardCharsets.US_ASCII));
        return signed ? parts[0] : null;
    }

    private String mac(String address, String at) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of()
                    .formatHex(mac.doFinal(("relay\n" + address + "\n" + at).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing", e);
        }
    }
}
