package dev.tejun.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.server.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * One archived stretch of the audit log, entries {@code firstId}–{@code lastId}: a file of JSON lines in
 * {@code DATA/audit-archive/}, whose first line is this header and every other line one {@link AuditEntry} as it
 * was in the table (hash and MAC included). The header is MACed with the proof key over the ids, the hash the
 * first entry follows and the last entry's hash, so a segment cannot be cut, swapped or rewritten without the key;
 * the entries inside are checked as the table's are ({@link AuditChainWalk}). The same header, with the file's
 * name and SHA-256, is the segment's row in the table {@code audit_archive}, whose newest {@code lastId} is the
 * mark up to which the table's delete trigger lets entries go.
 */
public record AuditSegment(
        String format,
        long firstId,
        long lastId,
        String firstPrevHash,
        String lastHash,
        long entries,
        Instant archivedAt,
        String keyId,
        String mac) {

    static final String FORMAT = "tejun-audit-segment/1";
    private static final ObjectMapper JSON = Json.MAPPER;

    /** A header for entries {@code firstId}–{@code lastId}, MACed with {@code key}. */
    static AuditSegment signed(
            ProofKey key, long firstId, long lastId, String firstPrevHash, String lastHash, Instant at) {
        long entries = lastId - firstId + 1;
        return new AuditSegment(
                FORMAT,
                firstId,
                lastId,
                firstPrevHash,
                lastHash,
                entries,
                at,
                key.id(),
                key.mac(macParts(firstId, lastId, firstPrevHash, lastHash, entries)));
    }

    private static String[] macParts(long firstId, long lastId, String firstPrevHash, String lastHash, long entries) {
        return new String[] {
            "audit-segment",
            Long.toString(firstId),
            Long.toString(lastId),
            firstPrevHash,
            lastHash,
            Long.toString(entries)
        };
    }

    /** Why this header is not one {@code key} signed, or null when it is. */
    String problem(ProofKey key) {
        if (!FORMAT.equals(format)) {
            return "is not an audit segment (format " + format + ")";
        }
        if (!key.id().equals(keyId)) {
            return "was signed with another key (key id " + keyId + ", this " + ProofKey.FILE + "'s is " + key.id()
                    + ")";
        }
        if (!key.matches(mac, macParts(firstId, lastId, firstPrevHash, lastHash, entries))) {
            return "was rewritten without the key (its MAC does not match)";
        }
        return null;
    }

    /** The file name of the segment of these ids: ids padded, so the names sort in chain order. */
    static String fileName(long firstId, long lastId) {
        return String.format("audit-%012d-%012d.jsonl", firstId, lastId);
    }

    String fileName() {
        return fileName(firstId, lastId);
    }

    static String line(Object value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What reading a segment file found: its header (null when unreadable), the first problem (null when none) and
     * the file's SHA-256 (null unless it was read to the end without a problem).
     */
    record Reading(AuditSegment header, String problem, String sha256) {}

    /** Reads {@code file}, handing each entry to {@code entry}, which answers a problem (reading stops) or null. */
    static Reading read(Path file, Function<AuditEntry, String> entry) throws IOException {
        MessageDigest sha = sha256();
        AuditSegment header;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new DigestInputStream(Files.newInputStream(file), sha), StandardCharsets.UTF_8))) {
            String first = in.readLine();
            if (first == null) {
                return new Reading(null, "is empty", null);
            }
            try {
                header = JSON.readValue(first, AuditSegment.class);
            } catch (JsonProcessingException e) {
                return new Reading(null, "has no readable header (" + e.getOriginalMessage() + ")", null);
            }
            long n = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                AuditEntry e;
                try {
                    e = JSON.readValue(line, AuditEntry.class);
                } catch (JsonProcessingException bad) {
                    return new Reading(
                            header,
                            "line " + (n + 2) + " is not an audit entry (" + bad.getOriginalMessage() + ")",
                            null);
                }
                n++;
                String problem = entry.apply(e);
                if (problem != null) {
                    return new Reading(header, problem, null);
                }
            }
            if (n != header.entries()) {
                return new Reading(header, "holds " + n + " entries, its header says " + header.entries(), null);
            }
        }
        return new Reading(header, null, HexFormat.of().formatHex(sha.digest()));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
