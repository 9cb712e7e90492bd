package dev.tejun.server.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** A folder as a {@code .tar.gz} and back, with entries that cannot leave the folder they are unpacked into. */
final class Archive {

    private Archive() {}

    /** Writes every file under {@code folder} (names relative to it); answers how many. */
    /** The names a backup's database has at the archive's top: SQLite's copy, or PostgreSQL's dump. */
    static final java.util.Set<String> DATABASES = java.util.Set.of("tejun.db", PostgresDump.FILE);

    static int write(Path folder, Path out) throws IOException {
        Path tmp = out.resolveSibling(out.getFileName() + ".part");
        int count = 0;
        try (OutputStream file = Files.newOutputStream(tmp);
                GZIPOutputStream gz = new FastGzip(file);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz);
                Stream<Path> all = Files.walk(folder)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            // the database first, so a restore learns which store the backup holds without reading the evidence
            Comparator<Path> order = Comparator.comparing(
                            (Path p) -> !DATABASES.contains(folder.relativize(p).toString()))
                    .thenComparing(Comparator.naturalOrder());
            for (Path p : all.sorted(order).toList()) {
                if (p.equals(folder)) {
                    continue;
                }
                String name = folder.relativize(p).toString().replace('\\', '/') + (Files.isDirectory(p) ? "/" : "");
                tar.putArchiveEntry(new TarArchiveEntry(p, name));
                if (Files.isRegularFile(p)) {
                    Files.copy(p, tar);
                    count++;
                }
                tar.closeArchiveEntry();
            }
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return count;
    }

    /**
     * gzip at its fastest level: a backup's time is mostly compression (2 GB of run output: ~40 s at level 1, ~115 s
     * at the default level 6 on one loaded core), and level 6 makes the archive only ~20 % smaller.
     */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(java.util.zip.Deflater.BEST_SPEED);
        }
    }

    /** Unpacks {@code archive} into {@code folder}; an entry naming a path outside it is refused. */
    static int extract(Path archive, Path folder) throws IOException {
        int count = 0;
        Path root = folder.toAbsolutePath().normalize();
        try (InputStream file = Files.newInputStream(archive);
                GZIPInputStream gz = new GZIPInputStream(file, 1 << 16);
                TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                Path target = root.resolve(e.getName()).normalize();
                if (!target.startsWith(root) || e.isSymbolicLink() || e.isLink()) {
                    throw new IOException("the archive's entry " + e.getName() + " would be written outside " + root);
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * The first of {@code names} that {@code archive} holds at its top, or null: read until one is found, so a
     * backup's database (near its start) is found without unpacking the evidence after it.
     */
    static String first(Path archive, java.util.Set<String> names) throws IOException {
        try (InputStream file = Files.newInputStream(archive);
                GZIPInputStream gz = new GZIPInputStream(file, 1 << 16);
                TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String name = Path.of(e.getName()).normalize().toString();
                if (names.contains(name)) {
                    return name;
                }
            }
        }
        return null;
    }

    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
