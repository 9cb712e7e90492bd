package dev.tejun.server.backup;

import dev.tejun.kernel.evidence.Manifest;
import dev.tejun.kernel.proof.ProofKey;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a {@code .tar.gz} of a data folder that a server may be writing at the same time. Two locks make the copy
 * consistent: the database's write lock (held by a {@code BEGIN IMMEDIATE} on one connection while another runs
 * {@code VACUUM INTO}), during which the audit head file is copied, since an append rewrites it under that lock;
 * and the evidence chain's file lock ({@code evidence/CHAIN.lock}, which sealing takes), during which the evidence
 * is copied, so the chain head names a run that is in the copy. Writers wait for the locks; nothing they do is lost.
 *
 * <p>The evidence of a sealed run (one with its manifest) never changes again — a prune only removes its output files
 * and adds new ones — so its files are hard-linked into the staging folder instead of copied: holding the chain
 * lock then costs a walk of the folder, not a copy of gigabytes, and runs that end meanwhile wait that much less.
 * Everything else (runs still running, the chain head, hold previews) is copied. Where a link cannot be made (the
 * staging folder, beside the archive, on another file system) every file is copied.
 */
public final class Backup {

    /** Not copied: the live database (the snapshot replaces it), session work folders, lock files. */
    private static final Set<String> SKIPPED = Set.of("tejun.db", "tejun.db-wal", "tejun.db-shm", "work", "evidence");

    private Backup() {}

    /**
     * @param dataDir the data folder
     * @param config  a config file from outside the data folder to include as {@code tejun.yaml}, or null
     * @param out     the archive to write
     * @return how many files the archive holds
     */
    public static int write(Path dataDir, Path config, Path out) throws IOException, SQLException {
        Path staging = Files.createTempDirectory(out.toAbsolutePath().getParent(), ".tejun-backup-");
        try {
            Path evidence = dataDir.resolve(ProofKey.EVIDENCE);
            Files.createDirectories(evidence);
            try (FileChannel lockFile = FileChannel.open(
                            evidence.resolve(ProofKey.EVIDENCE_HEAD + ".lock"),
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE);
                    FileLock ignored = lockFile.lock()) {
                snapshotDatabase(dataDir, staging);
                stageEvidence(evidence, staging.resolve(ProofKey.EVIDENCE));
            }
            try (Stream<Path> files = Files.list(dataDir)) {
                for (Path p : files.toList()) {
                    String name = p.getFileName().toString();
                    if (!SKIPPED.contains(name) && !name.equals(ProofKey.AUDIT_HEAD) && !name.endsWith(".lock")) {
                        copyTree(p, staging.resolve(name));
                    }
                }
            }
            if (config != null && !Files.exists(staging.resolve("tejun.yaml"))) {
                Files.copy(config, staging.resolve("tejun.yaml"));
            }
            return Archive.write(staging, out);
        } finally {
            Archive.deleteTree(staging);
        }
    }

    /**
     * The database as of one moment, and the audit head of that same moment: the write lock is taken on one
     * connection, the snapshot read on another (a WAL reader is not blocked by a writer's lock).
     */
    private static void snapshotDatabase(Path dataDir, Path staging) throws SQLException, IOException {
        Path db = dataDir.resolve("tejun.db");
        if (!Files.exists(db)) {
            return;
        }
        String url = "jdbc:sqlite:" + db.toAbsolutePath();
        try (Connection lock = DriverManager.getConnection(url);
                Connection reader = DriverManager.getConnection(url)) {
            try (Statement st = lock.createStatement()) {
                st.execute("PRAGMA busy_timeout = 60000");
                st.execute("BEGIN IMMEDIATE");
            }
            try {
                try (Statement st = reader.createStatement()) {
                    st.execute("PRAGMA busy_timeout = 60000");
                    st.execute("VACUUM INTO '"
                            + staging.resolve("tejun.db").toString().replace("'", "''") + "'");
                }
                Path head = dataDir.resolve(ProofKey.AUDIT_HEAD);
                if (Files.exists(head)) {
                    Files.copy(head, staging.resolve(ProofKey.AUDIT_HEAD));
                }
            } finally {
                try (Statement st = lock.createStatement()) {
                    st.execute("ROLLBACK");
                }
            }
        }
    }

    /** The evidence folder into {@code to}: sealed runs' files as hard links, the rest copied (see the class). */
    private static void stageEvidence(Path evidence, Path to) throws IOException {
        boolean linking = true;
        Map<Path, Boolean> sealed = new HashMap<>();
        try (Stream<Path> all = Files.walk(evidence)) {
            for (Path p : all.toList()) {
                Path relative = evidence.relativize(p);
                if (p.getFileName().toString().endsWith(".lock")
                        || relative.toString().isEmpty()) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                    continue;
                }
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                Path run = evidence.resolve(relative.getName(0).toString());
                boolean immutable = relative.getNameCount() > 1
                        && sealed.computeIfAbsent(run, r -> Files.isRegularFile(r.resolve(Manifest.FILE)));
                if (linking && immutable) {
                    try {
                        Files.createLink(target, p);
                        continue;
                    } catch (IOException | UnsupportedOperationException e) {
                        linking = false; // another file system, or none that links: copy from here on
                    }
                }
                Files.copy(p, target);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            return;
        }
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                if (p.getFileName().toString().endsWith(".lock")) {
                    continue;
                }
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(p)) {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target);
                }
            }
        }
    }
}
