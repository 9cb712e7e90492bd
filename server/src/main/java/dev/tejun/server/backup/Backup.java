package dev.tejun.server.backup;

import dev.tejun.cmdb.db.DatabaseSettings;
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
import java.util.HashSet;
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
 * and adds new ones, atomically — so its files are hard-linked into the staging folder instead of copied, and before
 * the chain lock is taken: a run staged then is the run as it was then. Under the lock only what is not staged yet
 * is (runs sealed meanwhile, runs still running, the chain head, hold previews; everything but sealed runs copied),
 * so runs that end during a backup wait for a database snapshot and a listing, not for a walk of the whole folder.
 * Where a link cannot be made (the staging folder, beside the archive, on another file system) files are copied.
 *
 * <p>A PostgreSQL store is dumped with {@code pg_dump} over a snapshot taken at the same moment ({@link PostgresDump}).
 */
public final class Backup {

    /** Not copied: the live database (the snapshot replaces it), session work folders, lock files. */
    private static final Set<String> SKIPPED = Set.of("tejun.db", "tejun.db-wal", "tejun.db-shm", "work", "evidence");

    private Backup() {}

    /**
     * @param store   the data folder ({@link DatabaseSettings#home()}) and its database: SQLite's file is copied, a
     *                PostgreSQL database dumped ({@link PostgresDump})
     * @param config  a config file from outside the data folder to include as {@code tejun.yaml}, or null
     * @param out     the archive to write
     * @return how many files the archive holds
     */
    public static int write(DatabaseSettings store, Path config, Path out) throws IOException, SQLException {
        Path dataDir = store.home();
        Path staging = Files.createTempDirectory(out.toAbsolutePath().getParent(), ".tejun-backup-");
        PostgresDump dump = null;
        try {
            Path evidence = dataDir.resolve(ProofKey.EVIDENCE);
            Files.createDirectories(evidence);
            Path stagedEvidence = staging.resolve(ProofKey.EVIDENCE);
            // sealed runs first, without the lock (they do not change); under it only what came or changed since
            Set<Path> staged = new HashSet<>();
            stageEvidence(evidence, stagedEvidence, staged, true);
            try (FileChannel lockFile = FileChannel.open(
                            evidence.resolve(ProofKey.EVIDENCE_HEAD + ".lock"),
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE);
                    FileLock ignored = lockFile.lock()) {
                if (store.postgresql()) {
                    dump = PostgresDump.at(store, staging);
                } else {
                    snapshotDatabase(dataDir, staging);
                }
                stageEvidence(evidence, stagedEvidence, staged, false);
            }
            if (dump != null) {
                dump.dump(staging); // the moment taken above, read while nobody waits for it
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
            if (dump != null) {
                dump.close();
            }
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

    /**
     * The evidence folder's entries not in {@code staged} into {@code to}, each added to {@code staged}: with
     * {@code sealedOnly} only sealed runs (before the chain lock is taken), else every other entry (under it).
     * Sealed runs' files are hard-linked, the rest copied (see the class).
     */
    private static void stageEvidence(Path evidence, Path to, Set<Path> staged, boolean sealedOnly) throws IOException {
        Files.createDirectories(to);
        boolean[] linking = {true};
        try (Stream<Path> entries = Files.list(evidence)) {
            for (Path entry : entries.toList()) {
                if (staged.contains(entry) || entry.getFileName().toString().endsWith(".lock")) {
                    continue;
                }
                boolean sealed = Files.isDirectory(entry) && Files.isRegularFile(entry.resolve(Manifest.FILE));
                if (sealedOnly && !sealed) {
                    continue;
                }
                stageEntry(entry, to.resolve(entry.getFileName().toString()), sealed, linking);
                staged.add(entry);
            }
        }
    }

    /** One run folder (or other entry) of the evidence folder: linked when sealed and linking works, else copied. */
    private static void stageEntry(Path entry, Path target, boolean sealed, boolean[] linking) throws IOException {
        try (Stream<Path> all = Files.walk(entry)) {
            for (Path p : all.toList()) {
                Path to = target.resolve(entry.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                    continue;
                }
                if (!Files.isRegularFile(p) || p.getFileName().toString().endsWith(".lock")) {
                    continue;
                }
                Files.createDirectories(to.getParent());
                if (sealed && linking[0]) {
                    try {
                        Files.createLink(to, p);
                        continue;
                    } catch (IOException | UnsupportedOperationException e) {
                        linking[0] = false; // another file system, or none that links: copy from here on
                    }
                }
                Files.copy(p, to);
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
