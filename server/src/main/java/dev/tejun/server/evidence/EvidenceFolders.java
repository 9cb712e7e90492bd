package dev.tejun.server.evidence;

import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where this server's evidence is written, and where the runs of the other servers of its cluster are read (issue
 * 19, item 4; docs/cluster.md §5). With no {@code evidence.folder} (the default, separate disks) there is one
 * folder, {@code TEJUN_HOME/evidence}. With one, every server of the cluster mounts it and writes under
 * {@code <folder>/<cluster.node-name>/}, its own chain in its own folder, so no two servers ever write one file; a
 * run another server executed is read from that server's folder, also after that server died. All servers of a
 * shared folder seal with one {@link ProofKey} (the folder records its id in {@link #KEY_ID}; a server with another
 * key is refused at start), so any of them verifies any run.
 *
 * @param own where this server writes (and its chain lives)
 * @param shared the folder all servers mount; null when evidence stays in the data folder
 */
public record EvidenceFolders(Path own, Path shared) {

    /** In the shared folder: the id (never the key) of the proof key every server's runs are sealed with. */
    public static final String KEY_ID = "proof-key.id";

    /** A node name as a folder: no separators, no dot names. */
    private static final Pattern FOLDER_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:@-]{0,99}");

    public EvidenceFolders {
        own = own.toAbsolutePath().normalize();
        shared = shared == null ? null : shared.toAbsolutePath().normalize();
    }

    /** Evidence in the data folder only (the CLI beside a server, tests). */
    public static EvidenceFolders local(Path dataDir) {
        return new EvidenceFolders(dataDir.resolve("evidence"), null);
    }

    /**
     * The folders {@code settings} give for the data folder {@code dataDir} sealing with {@code key}: an
     * {@link IllegalArgumentException} (the server does not start) when {@code evidence.folder} is set without an
     * explicit {@code cluster.node-name} (a generated name would leave a new folder at every start), with a name
     * that cannot be a folder, or when the shared folder's runs are sealed with another key.
     */
    public static EvidenceFolders of(Settings settings, Path dataDir, ProofKey key) {
        Path folder = settings.path(Key.EVIDENCE_FOLDER);
        if (folder == null) {
            return local(dataDir);
        }
        String node = settings.text(Key.CLUSTER_NODE_NAME);
        if (node.isBlank()) {
            throw new IllegalArgumentException("evidence.folder " + folder + " needs cluster.node-name: each server"
                    + " writes under <folder>/<its name>/, which must stay the same across restarts");
        }
        if (!FOLDER_NAME.matcher(node).matches()) {
            throw new IllegalArgumentException("cluster.node-name '" + node + "' cannot name a folder under " + folder
                    + ": letters, digits and _ . : @ - only");
        }
        try {
            Files.createDirectories(folder);
            sameKey(folder, key);
            Files.createDirectories(folder.resolve(node));
        } catch (IOException e) {
            throw new IllegalArgumentException("evidence.folder " + folder + ": " + e.getMessage(), e);
        }
        return new EvidenceFolders(folder.resolve(node), folder);
    }

    /** The first server writes the key's id; every later one must seal with the same key. */
    private static void sameKey(Path folder, ProofKey key) throws IOException {
        Path idFile = folder.resolve(KEY_ID);
        try {
            Files.writeString(
                    idFile, key.id() + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
            return;
        } catch (FileAlreadyExistsException e) {
            // another server (or an earlier start) chose the key: ours must be it
        }
        String recorded = Files.readString(idFile, StandardCharsets.UTF_8).strip();
        if (!recorded.equals(key.id())) {
            throw new IOException("its runs are sealed with proof key " + recorded + ", this server's " + key.file()
                    + " is " + key.id() + ": copy the cluster's proof.key into this data folder");
        }
    }

    /** Every server's folder: this one's first, then the others' in name order (empty ones too). */
    public List<Path> all() throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(own);
        if (shared == null) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(shared)) {
            dirs.filter(Files::isDirectory).filter(d -> !d.equals(own)).sorted().forEach(out::add);
        }
        return out;
    }
}
