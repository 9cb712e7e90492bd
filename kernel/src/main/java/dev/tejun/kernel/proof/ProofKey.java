package dev.tejun.kernel.proof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The proof key: 32 random bytes in {@code DATA/proof.key} (0600), made on the first start and never shown. It
 * is not the CMDB's {@code secret.key}: losing one must not cost the other. Its {@link #id()} (a hash of the key,
 * which reveals nothing of it) is written into every keyed head, so a different key file is named as such rather
 * than reported as a forgery of every entry.
 */
public final class ProofKey {

    public static final String FILE = "proof.key";
    /** The audit log's head file in the data folder (the server's {@code AuditHead} writes it). */
    public static final String AUDIT_HEAD = "audit-head";
    /** The evidence chain's head file, under {@code DATA/evidence/}. */
    public static final String EVIDENCE_HEAD = "CHAIN";

    public static final String AUDIT = "audit";
    public static final String EVIDENCE = "evidence";

    private static final int BYTES = 32;

    private final Path file;
    private final SecretKeySpec key;
    private final String id;
    /**
     * A MAC set up with the key once; each {@link #mac} works on a clone of it (a {@code Mac} is not thread-safe),
     * which skips the provider look-up and key set-up of a new one (several MACs per run and audit entry).
     */
    private final Mac prototype;

    private ProofKey(Path file, byte[] bytes) {
        this.file = file;
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
        try {
            this.prototype = Mac.getInstance("HmacSHA256");
            prototype.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        this.id = hex(sha256(("tejun proof key id\n").getBytes(StandardCharsets.US_ASCII), bytes))
                .substring(0, 16);
    }

    /**
     * The key of {@code dataDir}, made if there is none yet. Making it is when keying begins: a head file that is
     * there already (an audit log or evidence from before keys) is MACed at once with its last entry as the point
     * keying began after, so everything before stays readable as "not keyed" and everything after must be keyed.
     */
    public static ProofKey open(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            Optional<ProofKey> existing = read(file);
            if (existing.isPresent()) {
                existing.get().refuseOtherKeys(dataDir);
                return existing.get();
            }
            refuseNewKey(dataDir, file);
            byte[] bytes = new byte[BYTES];
            new SecureRandom().nextBytes(bytes);
            Files.createDirectories(dataDir);
            Path temp = dataDir.resolve(FILE + "." + ProcessHandle.current().pid() + ".tmp");
            Files.deleteIfExists(temp);
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temp, bytes);
            try {
                Files.createLink(file, temp); // fails if another process made one meanwhile: theirs wins
            } catch (FileAlreadyExistsException lost) {
                return read(file).orElseThrow();
            } finally {
                Files.delete(temp);
            }
            ProofKey key = new ProofKey(file, bytes);
            key.beginKeying(heads(dataDir).get(0), AUDIT);
            key.beginKeying(heads(dataDir).get(1), EVIDENCE);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the proof key " + file + ": " + e.getMessage(), e);
        }
    }

    /** The key of {@code dataDir} for checking; never makes one. */
    public static ProofKey load(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        return read(file)
                .orElseThrow(
                        () -> new IOException(
                                "no " + FILE + " at " + file
                                        + ": the MACs cannot be checked. Restore the key from its backup (it is kept apart from the data)"));
    }

    private static Optional<ProofKey> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length != BYTES) {
            throw new IOException(file + " is not a proof key (" + bytes.length + " bytes, expected " + BYTES + ")");
        }
        return Optional.of(new ProofKey(file, bytes));
    }

    /**
     * A folder keyed before must not be written on with another key (a lost or replaced key file): every verify
     * would fail from then on, so starting is refused with what to do instead.
     */
    private static void refuseNewKey(Path dataDir, Path file) throws IOException {
        for (Path head : heads(dataDir)) {
            Optional<KeyedHead> h = KeyedHead.read(head);
            if (h.isPresent() && h.get().keyed()) {
                throw new IOException("there is no " + FILE + " at " + file + ", but " + head + " was keyed with key "
                        + h.get().keyId() + ": restore that key from its backup (a new one would fail every verify)");
            }
        }
    }

    private void refuseOtherKeys(Path dataDir) throws IOException {
        for (Path head : heads(dataDir)) {
            Optional<KeyedHead> h = KeyedHead.read(head);
            if (h.isPresent() && h.get().keyed() && !h.get().keyId().equals(id)) {
                throw new IOException(file + " is not the key " + head + " was keyed with (that key's id is "
                        + h.get().keyId() + ", this one's " + id + "): restore the right " + FILE + " from its backup");
            }
        }
    }

    private static List<Path> heads(Path dataDir) {
        return List.of(dataDir.resolve(AUDIT_HEAD), dataDir.resolve("evidence").resolve(EVIDENCE_HEAD));
    }

    private void beginKeying(Path headFile, String kind) throws IOException {
        Optional<KeyedHead> head = KeyedHead.read(headFile);
        if (head.isPresent() && !head.get().keyed()) {
            KeyedHead h = head.get();
            KeyedHead.write(headFile, sign(kind, h.id(), h.hash(), h.id()));
        }
    }

    public Path file() {
        return file;
    }

    /** A short public name of this key (16 hex digits of a hash of it). */
    public String id() {
        return id;
    }

    /** HMAC-SHA-256 (hex) over the parts, each on its own line. */
    public String mac(String... parts) {
        try {
            Mac mac = (Mac) prototype.clone();
            return hex(mac.doFinal(String.join("\n", parts).getBytes(StandardCharsets.UTF_8)));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code mac} is the MAC of the parts (compared in constant time). */
    public boolean matches(String mac, String... parts) {
        return mac != null
                && MessageDigest.isEqual(
                        mac.getBytes(StandardCharsets.US_ASCII), mac(parts).getBytes(StandardCharsets.US_ASCII));
    }

    /** A head of {@code kind} MACed with this key: {@code after} is the last entry from before keying began. */
    public KeyedHead sign(String kind, String id, String hash, String after) {
        return new KeyedHead(id, hash, after, this.id, mac(kind + "-head", id, hash, after));
    }

    /** Why {@code head} is not a head of {@code kind} MACed with this key, or null when it is. */
    public String problem(KeyedHead head, String kind, String what) {
        if (!head.keyed()) {
            return what + " is not keyed although " + file + " exists: keying was stripped, or the head rewritten";
        }
        if (!head.keyId().equals(id)) {
            return file + " is not the key " + what + " was keyed with (that key's id is " + head.keyId()
                    + ", this one's " + id + "): restore the right " + FILE + " from its backup";
        }
        if (!matches(head.mac(), kind + "-head", head.id(), head.hash(), head.after())) {
            return what + " was rewritten without the key (its MAC does not match)";
        }
        return null;
    }

    private static byte[] sha256(byte[] a, byte[] b) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(a);
            return md.digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
