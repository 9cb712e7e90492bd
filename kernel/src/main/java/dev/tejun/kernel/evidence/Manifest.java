package dev.tejun.kernel.evidence;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * A run's {@code manifest.json}: the SHA-256 of every file of the run, and the hash of the manifest of the run
 * sealed before it, so runs form one chain. The chain's head (last run id and its manifest hash) is kept in
 * {@code evidence/CHAIN}; sealing takes a file lock on {@code CHAIN.lock}, so the server and a CLI run beside it
 * extend the same chain without forking it.
 *
 * <pre>{"runId":"…","previous":{"runId":"…","sha256":"…"}|null,"files":{"run.json":"…","cells/01-a/stdout.bin":"…"}}</pre>
 */
public final class Manifest {

    public static final String FILE = "manifest.json";
    public static final String CHAIN = "CHAIN";

    /** The head of the chain: the last run sealed and its manifest's hash. */
    public record Link(String runId, String sha256) {
    }

    /** A file lock cannot be taken twice by one JVM, so threads queue on this first. */
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private Manifest() {
    }

    /** Hashes every file of {@code runDir}, links to the chain head, writes the manifest and moves the head. */
    public static Link seal(Path runDir) {
        Path root = runDir.getParent();
        IN_PROCESS.lock();
        try (FileChannel lockFile = FileChannel.open(root.resolve(CHAIN + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
            Optional<Link> previous = head(root);
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("runId", runDir.getFileName().toString());
            manifest.put("previous", previous.orElse(null));
            manifest.put("files", hashes(runDir));
            byte[] bytes = EvidenceStore.JSON.writeValueAsBytes(manifest);
            Link link = new Link(runDir.getFileName().toString(), sha256(bytes));
            // Both files are written aside first and then renamed (which needs no space): a disk that fills up
            // leaves neither a half manifest nor a manifest the chain head does not reach, only an unsealed run.
            Path manifestTmp = root.resolve("." + link.runId() + ".manifest.tmp");
            Path tmp = root.resolve(CHAIN + ".tmp");
            try {
                Files.write(manifestTmp, bytes);
                Files.writeString(tmp, link.runId() + " " + link.sha256() + "\n");
                Files.move(manifestTmp, runDir.resolve(FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmp, root.resolve(CHAIN), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(manifestTmp);
            }
            return link;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot seal evidence " + runDir, e);
        } finally {
            IN_PROCESS.unlock();
        }
    }

    /** The chain head in {@code root}, if any run was sealed there. */
    public static Optional<Link> head(Path root) throws IOException {
        Path chain = root.resolve(CHAIN);
        if (!Files.isRegularFile(chain)) {
            return Optional.empty();
        }
        String[] parts = Files.readString(chain).strip().split(" ");
        return parts.length == 2 ? Optional.of(new Link(parts[0], parts[1])) : Optional.empty();
    }

    /** SHA-256 of every regular file under {@code runDir} except the manifest, by path relative to it. */
    public static Map<String, String> hashes(Path runDir) throws IOException {
        Map<String, String> out = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.walk(runDir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String rel = runDir.relativize(f).toString().replace('\\', '/');
                if (!rel.equals(FILE)) {
                    out.put(rel, sha256(f));
                }
            }
        }
        return out;
    }

    /** The manifest as written, parsed. */
    public static JsonNode read(Path runDir) throws IOException {
        return EvidenceStore.JSON.readTree(runDir.resolve(FILE).toFile());
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
