package dev.tejun.kernel.evidence;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tejun.kernel.proof.ProofKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A run's {@code pruned.json}: which files of its manifest retention removed, when, and the archive they went into
 * (null when they were deleted). It is MACed with the {@link ProofKey} into {@code pruned.mac} over the run id, its
 * manifest's hash and the mark's own hash, so {@link EvidenceVerifier} can tell a run pruned by Tejun (files listed
 * here missing) from one tampered with (files missing without a mark only the key could make).
 *
 * @param archive       the archive file's name (in the archive folder), or null
 * @param archiveSha256 its SHA-256 when it was written, or null
 * @param removed       paths relative to the run's folder, each listed in its manifest
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"runId", "manifestSha256", "prunedAt", "policy", "archive", "archiveSha256", "removed"})
public record PrunedMark(
        String runId,
        String manifestSha256,
        Instant prunedAt,
        String policy,
        String archive,
        String archiveSha256,
        List<String> removed) {

    public static final String FILE = "pruned.json";
    public static final String MAC = "pruned.mac";
    /** The MAC's domain: a pruned mark's MAC can never pass for a manifest's. */
    static final String KIND = "evidence-pruned";

    public PrunedMark {
        removed = removed == null ? List.of() : List.copyOf(removed);
    }

    /** Whether {@code rel} (a path in a run's folder) is one of the mark's own two files. */
    public static boolean isMarkFile(String rel) {
        return rel.equals(FILE) || rel.equals(MAC);
    }

    /** Writes the mark and its MAC (each aside first, then renamed), before any file it lists is removed. */
    public void write(Path runDir, ProofKey key) throws IOException {
        byte[] bytes = EvidenceStore.JSON.writeValueAsBytes(this);
        String mac = key.mac(KIND, runId, manifestSha256, Manifest.sha256(bytes));
        Path tmp = runDir.resolve("." + FILE + ".tmp");
        Path macTmp = runDir.resolve("." + MAC + ".tmp");
        Files.write(tmp, bytes);
        Files.writeString(macTmp, mac + "\n");
        Files.move(macTmp, runDir.resolve(MAC), StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmp, runDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The run's mark, or empty when it was never pruned. */
    public static Optional<PrunedMark> read(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE);
        return Files.isRegularFile(file)
                ? Optional.of(EvidenceStore.JSON.readValue(file.toFile(), PrunedMark.class))
                : Optional.empty();
    }

    /** A mark as checked: the mark when this key made it for this manifest, else why not. */
    record Checked(PrunedMark mark, String problem) {}

    /**
     * The run's mark checked, from its bytes and its MAC (null: none) as read: the mark when this key made it for
     * the manifest with hash {@code manifestSha256}, else why it is not.
     */
    static Checked checked(String runId, ProofKey key, String manifestSha256, byte[] bytes, String mac) {
        if (!key.matches(mac, KIND, runId, manifestSha256, Manifest.sha256(bytes))) {
            return new Checked(
                    null,
                    runId + ": " + FILE + " was not made by Tejun's retention with this key (its " + MAC
                            + " does not match): files may have been removed by hand");
        }
        try {
            PrunedMark mark = EvidenceStore.JSON.readValue(bytes, PrunedMark.class);
            return runId.equals(mark.runId())
                    ? new Checked(mark, null)
                    : new Checked(null, runId + ": " + FILE + " names another run, " + mark.runId());
        } catch (IOException e) {
            return new Checked(null, runId + ": " + FILE + " cannot be read: " + e.getMessage());
        }
    }
}
