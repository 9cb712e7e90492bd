package dev.tejun.kernel.evidence;

import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.KeyedHead;
import dev.tejun.kernel.proof.ProofKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A run's {@code manifest.json}: the SHA-256 of every file of the run, and the hash of the manifest of the run
 * sealed before it, so runs form one chain. The chain's head (last run id and its manifest hash) is kept in
 * {@code evidence/CHAIN}; sealing takes a file lock on {@code CHAIN.lock}, so the server and a CLI run beside it
 * extend the same chain without forking it.
 *
 * <p>Hashes alone anyone who can write the folder can recompute, so each manifest's hash is MACed with the
 * {@link ProofKey} into {@code manifest.mac}, and {@code CHAIN} is a {@link KeyedHead}: its MAC also fixes the run
 * after which keying began ({@code -}: every run is keyed), so a run after it without a valid MAC is a forgery.
 *
 * <pre>{"runId":"…","seq":N,"previous":{"runId":"…","sha256":"…"}|null,"files":{"run.json":"…","cells/01-a/stdout.bin":"…"}}</pre>
 */
public final class Manifest {

    public static final String FILE = "manifest.json";
    public static final String CHAIN = ProofKey.EVIDENCE_HEAD;
    public static final String MAC = "manifest.mac";

    /** The manifest and its MAC while written aside, before the head moves: never part of the run's files. */
    private static final String MANIFEST_TMP = "." + FILE + ".tmp";

    private static final String MAC_TMP = "." + MAC + ".tmp";

    /** The head of the chain: the last run sealed and its manifest's hash. */
    public record Link(String runId, String sha256) {}

    /** A file the caller wrote and hashed as it wrote it: its SHA-256 and its length in bytes. */
    public record Known(String sha256, long size) {}

    /** A run sealed: its place in the chain and the bytes of its files (manifest and MAC included). */
    public record Sealing(Link link, long bytes) {}

    /** A file lock cannot be taken twice by one JVM, so threads queue on this first. */
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    /**
     * The last run this process sealed, with its place in the chain (guarded by {@link #IN_PROCESS}): while the head
     * file still names it, the next seq is known without reading that run's manifest back. Another process that
     * sealed in between moved the head, and then the manifest it names is read as before.
     */
    private static final java.util.Map<Path, Sealed> LAST = new java.util.HashMap<>();

    private record Sealed(String runId, String sha256, long seq) {}

    private Manifest() {}

    /**
     * Hashes every file of {@code runDir}, links to the chain head, writes the manifest and its MAC and moves the
     * head; every {@code export}-th sealed run's head is also sent out. {@code known}: hashes of files by relative
     * path that the caller wrote and hashed as it wrote them (a run's recorder), so they are not read back; every
     * other file found in the folder is read and hashed here. A run sealed already (it has a manifest) is not sealed
     * again: its link is answered as it is.
     */
    public static Sealing seal(Path runDir, Map<String, Known> known, ProofKey key, HeadExport export) {
        Path root = runDir.getParent();
        HeadExport.Head exported = null;
        Link link;
        // The run's files are complete when it is sealed: they are hashed before the chain's lock is taken, so
        // sessions ending together hash their runs side by side and queue only for linking into the chain.
        Map<String, String> files = new TreeMap<>();
        long[] bytes = {0};
        try {
            hashes(runDir, "", known, files, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot seal evidence " + runDir, e);
        }
        // An interrupt meant for the sealing thread's session (a stop or a close just as its run ended) would close
        // the lock file's channel in lock() and leave the run unsealed: it is kept for the caller, after the seal.
        boolean interrupted = Thread.interrupted();
        IN_PROCESS.lock();
        try (FileChannel lockFile = FileChannel.open(
                        root.resolve(CHAIN + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lockFile.lock()) {
            Path sealedBefore = runDir.resolve(FILE);
            if (Files.exists(sealedBefore)) {
                // sealed already, by another server of a cluster that took this one for dead (it paused past its
                // lease): never a second link for one run; what was written since shows as changed in verify
                return new Sealing(new Link(runDir.getFileName().toString(), sha256(sealedBefore)), bytes[0]);
            }
            Optional<KeyedHead> previous = readableHead(root);
            Sealed mine = LAST.get(root);
            long seq = previous.isEmpty()
                    ? 1
                    : mine != null
                                    && mine.runId().equals(previous.get().id())
                                    && mine.sha256().equals(previous.get().hash())
                            ? mine.seq() + 1
                            : seqOf(root.resolve(previous.get().id())) + 1;
            String runId = runDir.getFileName().toString();
            ManifestJson manifest = new ManifestJson(
                    runId, seq, previous.map(h -> new Link(h.id(), h.hash())).orElse(null), files);
            byte[] manifestBytes = EvidenceStore.JSON.writeValueAsBytes(manifest);
            link = new Link(runId, sha256(manifestBytes));
            String mac = key.mac(ProofKey.EVIDENCE, runId, link.sha256());
            // The manifest and its MAC are written aside first and renamed (which needs no space) only once the head
            // moved: a disk that fills up leaves neither a half manifest nor a manifest the head does not reach.
            // In the run's own folder (a rename within one small folder; in the evidence root, which holds every run,
            // a rename across folders cost several times as much); the seal's hashes pass over these two names.
            Path manifestTmp = runDir.resolve(MANIFEST_TMP);
            Path macTmp = runDir.resolve(MAC_TMP);
            boolean moved = false;
            try {
                Files.write(manifestTmp, manifestBytes);
                Files.writeString(macTmp, mac + "\n");
                bytes[0] += manifestBytes.length + mac.length() + 1; // the MAC is ASCII: a byte a character
                // A head without a key (stripped, since the key exists) does not move the point keying began after.
                String after =
                        previous.filter(KeyedHead::keyed).map(KeyedHead::after).orElse("-");
                KeyedHead.write(root.resolve(CHAIN), key.sign(ProofKey.EVIDENCE, runId, link.sha256(), after));
                Files.move(manifestTmp, runDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
                Files.move(macTmp, runDir.resolve(MAC), StandardCopyOption.ATOMIC_MOVE);
                moved = true;
                LAST.put(root, new Sealed(runId, link.sha256(), seq));
            } finally {
                if (!moved) {
                    Files.deleteIfExists(manifestTmp);
                    Files.deleteIfExists(macTmp);
                }
            }
            if (export.due(seq)) {
                exported = new HeadExport.Head(ProofKey.EVIDENCE, runId, link.sha256(), mac, java.time.Instant.now());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot seal evidence " + runDir, e);
        } finally {
            IN_PROCESS.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (exported != null) {
            export.send(exported);
        }
        return new Sealing(link, bytes[0]);
    }

    /** The head to link to; one that cannot be read is left behind (verify reports the break), not fatal. */
    private static Optional<KeyedHead> readableHead(Path root) {
        try {
            return KeyedHead.read(root.resolve(CHAIN));
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    /** The run's place in the chain (0 when its manifest is gone or from before numbering). */
    private static long seqOf(Path runDir) {
        try {
            return read(runDir).seq();
        } catch (IOException gone) {
            return 0;
        }
    }

    /** The chain head in {@code root}, if any run was sealed there. */
    public static Optional<Link> head(Path root) throws IOException {
        return KeyedHead.read(root.resolve(CHAIN)).map(h -> new Link(h.id(), h.hash()));
    }

    /** SHA-256 of every regular file under {@code runDir} except the manifest and its MAC, by relative path. */
    public static Map<String, String> hashes(Path runDir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        hashes(runDir, "", Map.of(), out, new long[1]);
        return out;
    }

    /**
     * One folder of the run, by its path {@code prefix} ("" or ending in '/'). A name listed in {@code known} is a file
     * the recorder wrote: its hash and size are taken without a stat (at every seal, most of a run's entries); any
     * other entry is stat'ed without following links, a folder is entered and a file (or a link to one) read and
     * hashed. {@code bytes[0]} grows by the size of every file hashed.
     */
    private static void hashes(Path dir, String prefix, Map<String, Known> known, Map<String, String> out, long[] bytes)
            throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path f : entries) {
                String rel = prefix + f.getFileName();
                if (rel.equals(FILE) || rel.equals(MAC) || rel.equals(MANIFEST_TMP) || rel.equals(MAC_TMP)) {
                    continue;
                }
                Known written = known.get(rel);
                if (written != null) {
                    out.put(rel, written.sha256());
                    bytes[0] += written.size();
                    continue;
                }
                BasicFileAttributes attrs =
                        Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attrs.isDirectory()) {
                    hashes(f, rel + "/", known, out, bytes);
                } else if (attrs.isRegularFile() || attrs.isSymbolicLink() && Files.isRegularFile(f)) {
                    // a link is followed as Files.isRegularFile follows it; a link to a folder is not entered
                    out.put(rel, sha256(f));
                    bytes[0] += attrs.isRegularFile() ? attrs.size() : Files.size(f);
                }
            }
        }
    }

    /** The manifest as written, parsed. */
    public static ManifestJson read(Path runDir) throws IOException {
        return EvidenceLayout.readManifest(runDir);
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
