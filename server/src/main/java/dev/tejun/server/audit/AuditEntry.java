package dev.tejun.server.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One line of the audit log.
 *
 * @param id        the row id; 0 before it is written
 * @param iface     web, api, ws, cli, scheduler, excel
 * @param outcome   ok, failed, refused, or an HTTP status
 * @param detail    compact JSON, e.g. {@code {"before":…,"after":…}} for a change; may be null
 * @param prevHash  the hash of the entry before (64 zeros for the first)
 * @param hash      SHA-256 over {@code prevHash} and the canonical form of the other fields
 * @param mac       HMAC of {@code id} and {@code hash} with the data folder's proof key (so whoever can rewrite the
 *                  database but not read the key cannot recompute the chain); null for entries from before keying
 */
public record AuditEntry(
        long id,
        Instant at,
        String user,
        String iface,
        String action,
        String target,
        String outcome,
        String address,
        String detail,
        String prevHash,
        String hash,
        String mac) {

    public static final String GENESIS = "0".repeat(64);

    /** The hash this entry should carry, from its fields and {@code prevHash}. */
    public String computeHash() {
        StringBuilder canonical = new StringBuilder(prevHash);
        // length-prefixed fields, so no choice of values can make two different rows read the same
        for (String field :
                new String[] {Long.toString(id), at.toString(), user, iface, action, target, outcome, address, detail
                }) {
            if (field == null) {
                canonical.append("|-");
            } else {
                canonical.append('|').append(field.length()).append(':').append(field);
            }
        }
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This entry with its hash and MAC. */
    AuditEntry proven(String hash, String mac) {
        return new AuditEntry(id, at, user, iface, action, target, outcome, address, detail, prevHash, hash, mac);
    }
}
