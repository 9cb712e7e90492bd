package dev.tejun.kernel.evidence;

import dev.tejun.kernel.proof.ProofKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One sealed run's folder as {@link EvidenceVerifier} reads it: each file read once (the manifest's bytes hashed and
 * parsed from the same read, its MAC and a pruned mark read beside), every other file hashed as it is streamed, and
 * its files checked against the manifest. What the chain and MAC checks need afterwards is kept here, so they read
 * nothing again.
 *
 * @param manifest     the manifest as parsed; null when it cannot be read (a problem says so)
 * @param manifestHash the SHA-256 of the manifest's bytes
 * @param mac          the text of {@code manifest.mac}, stripped; null when there is none
 * @param macOk        whether {@code mac} is the key's MAC of the run id and the manifest's hash
 * @param pruned       whether retention pruned the run under a genuine {@link PrunedMark}
 */
record SealedRun(
        String runId,
        ManifestJson manifest,
        String manifestHash,
        String mac,
        boolean macOk,
        boolean pruned,
        List<String> problems) {

    /** Files up to this size are read in one go into the thread's buffer; larger ones stream through it. */
    private static final int BUFFER = 256 * 1024;

    private static final ThreadLocal<ByteBuffer> BUFFERS = ThreadLocal.withInitial(() -> ByteBuffer.allocate(BUFFER));

    /** The run's place before it in the chain, or null (the first run, or a manifest that cannot be read). */
    String previousId() {
        return manifest == null || manifest.previous() == null
                ? null
                : manifest.previous().runId();
    }

    /** The hash the run recorded for the manifest of the run before it, or null. */
    String previousHash() {
        return manifest == null || manifest.previous() == null
                ? null
                : manifest.previous().sha256();
    }

    /** Reads and checks the run in {@code dir}; null when it has no manifest (still running, or from before them). */
    static SealedRun read(Path dir, ProofKey key) throws IOException {
        String runId = dir.getFileName().toString();
        Map<String, byte[]> own = new TreeMap<>(); // the files read whole: manifest, its MAC, the pruned mark
        Map<String, String> actual = hashes(dir, own);
        byte[] manifestBytes = own.get(Manifest.FILE);
        if (manifestBytes == null) {
            return null;
        }
        List<String> problems = new ArrayList<>();
        String manifestHash = hex(digest().digest(manifestBytes));
        ManifestJson manifest;
        try {
            manifest = EvidenceStore.JSON.readValue(manifestBytes, ManifestJson.class);
        } catch (IOException e) {
            problems.add(runId + ": " + Manifest.FILE + " cannot be read: " + e.getMessage());
            return new SealedRun(
                    runId, null, manifestHash, mac(own), macOk(key, runId, manifestHash, own), false, problems);
        }
        Set<String> removed = Set.of();
        boolean pruned = false;
        byte[] mark = own.get(PrunedMark.FILE);
        if (mark != null || own.containsKey(PrunedMark.MAC)) {
            PrunedMark.Checked checked = mark != null
                    ? PrunedMark.checked(runId, key, manifestHash, mark, text(own.get(PrunedMark.MAC)))
                    : new PrunedMark.Checked(null, runId + ": " + PrunedMark.MAC + " without " + PrunedMark.FILE);
            if (checked.problem() == null) {
                removed = new HashSet<>(checked.mark().removed());
                pruned = true;
            } else {
                problems.add(checked.problem());
            }
        }
        Set<String> listed = new HashSet<>();
        for (Map.Entry<String, String> e : manifest.files().entrySet()) {
            listed.add(e.getKey());
            String now = actual.get(e.getKey());
            if (now == null && removed.contains(e.getKey())) {
                continue; // pruned: the mark names it, and only the key could make the mark
            }
            if (now == null) {
                problems.add(runId + ": " + e.getKey() + " is missing");
            } else if (!now.equals(e.getValue())) {
                problems.add(runId + ": " + e.getKey() + " was changed (sha256 " + now + ", manifest says "
                        + e.getValue() + ")");
            }
        }
        for (String file : actual.keySet()) {
            if (!listed.contains(file)) {
                problems.add(runId + ": " + file + " was added after the run was sealed");
            }
        }
        return new SealedRun(
                runId, manifest, manifestHash, mac(own), macOk(key, runId, manifestHash, own), pruned, problems);
    }

    /** Checked here, on the verify's threads, rather than one run after the other once all are read. */
    private static boolean macOk(ProofKey key, String runId, String manifestHash, Map<String, byte[]> own) {
        String mac = mac(own);
        return mac != null && key.matches(mac, ProofKey.EVIDENCE, runId, manifestHash);
    }

    private static String mac(Map<String, byte[]> own) {
        return own.containsKey(Manifest.MAC) ? text(own.get(Manifest.MAC)) : null;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, java.nio.charset.StandardCharsets.UTF_8).strip();
    }

    /**
     * The SHA-256 of every regular file under {@code runDir} by relative path, as {@link Manifest#hashes} lists them
     * (the manifest and its MAC left out), and the pruned mark's two files left out too: those four are kept whole in
     * {@code own}, for the mark is checked by its MAC rather than against the manifest, which it postdates.
     */
    private static Map<String, String> hashes(Path runDir, Map<String, byte[]> own) throws IOException {
        Map<String, String> out = new TreeMap<>();
        MessageDigest md = digest();
        Files.walkFileTree(runDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                // a link to a file counts as the file, as Files.isRegularFile (which follows links) has it in sealing
                if (!attrs.isRegularFile() && !(attrs.isSymbolicLink() && Files.isRegularFile(f))) {
                    return FileVisitResult.CONTINUE;
                }
                String rel = runDir.relativize(f).toString().replace('\\', '/');
                boolean whole = rel.equals(Manifest.FILE) || rel.equals(Manifest.MAC) || PrunedMark.isMarkFile(rel);
                if (whole) {
                    own.put(rel, Files.readAllBytes(f));
                } else {
                    out.put(rel, sha256(f, md));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // gone between listing and reading: reported as missing
                }
                throw e;
            }
        });
        return out;
    }

    /** The file's SHA-256, read through the thread's buffer (no stream, no buffer per file). */
    private static String sha256(Path file, MessageDigest md) throws IOException {
        ByteBuffer buf = BUFFERS.get();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (true) {
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) {
                    break;
                }
                md.update(buf.array(), 0, n);
            }
        }
        return hex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
