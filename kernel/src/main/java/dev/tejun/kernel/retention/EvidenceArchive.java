package dev.tejun.kernel.retention;

import dev.tejun.kernel.evidence.Manifest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A dated archive of whole runs ({@code evidence-YYYYMMDD.zip}, then {@code -2}, {@code -3} … the same day): each
 * run's folder as it was sealed, manifest and MAC included, so the archive can be checked on its own after the
 * output is gone from the evidence folder. Written aside and renamed, so a half archive never has the final name.
 */
public final class EvidenceArchive {

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private EvidenceArchive() {}

    /** Packs the runs' folders into a new archive in {@code archiveDir}; answers its path. */
    public static Path pack(Path evidenceRoot, List<String> runIds, Path archiveDir, Instant now) throws IOException {
        Files.createDirectories(archiveDir);
        Path target = freeName(archiveDir, "evidence-" + DAY.format(now));
        Path tmp = archiveDir.resolve("." + target.getFileName() + ".tmp");
        try (OutputStream file = Files.newOutputStream(tmp);
                ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.setLevel(Deflater.BEST_SPEED); // raw output compresses well even so; a prune must not take hours
            for (String runId : runIds) {
                Path dir = evidenceRoot.resolve(runId);
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        zip.putNextEntry(new ZipEntry(
                                runId + "/" + dir.relativize(f).toString().replace('\\', '/')));
                        Files.copy(f, zip);
                        zip.closeEntry();
                    }
                }
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** SHA-256 of the archive as written, kept in each pruned run's mark. */
    static String sha256(Path archive) throws IOException {
        return Manifest.sha256(archive);
    }

    private static Path freeName(Path dir, String stem) {
        Path p = dir.resolve(stem + ".zip");
        for (int n = 2; Files.exists(p); n++) {
            p = dir.resolve(stem + "-" + n + ".zip");
        }
        return p;
    }
}
