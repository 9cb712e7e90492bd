package dev.tejun.kernel.exec.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Who owns what in the data folder when cells run as their own account: the folders and files a cell may use are
 * given to the cell user, everything else keeps modes the cell user cannot read. Nothing here when cells run as the
 * server's own user ({@code user} null).
 */
final class CellFiles {

    /** Folders of the data folder a cell passes through to reach its own in {@link CellSandbox.Mode#USER}. */
    private static final List<String> TRAVERSED = List.of("work", "terraform");

    private final CellUser user;
    private final Path dataDir;

    CellFiles(CellUser user, Path dataDir) {
        this.user = user;
        this.dataDir = dataDir;
    }

    /**
     * A cell-visible path belongs to the cell user, so the cell can write there; the server, root, reads it still.
     * Only the data folder's own folders are given away: a folder elsewhere (a caller's mistake, such as the
     * server's working directory) keeps its owner.
     */
    void giveAway(Path p) throws IOException {
        if (user == null
                || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)
                || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && (dataDir == null || !p.startsWith(dataDir))) {
            return;
        }
        if (!Integer.valueOf(user.uid()).equals(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS))) {
            chown(p);
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /**
     * Hands everything under {@code root} to the cell user (files the server wrote for the cell, such as an
     * Ansible work folder and its 0600 secret files), so that the cell, and only it, can read them.
     */
    void handOver(Path root) throws IOException {
        if (user == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                chown(p);
            }
        }
    }

    /**
     * Why the cell user cannot start in {@code dir} and read it, or null when it can (or cells run as the server's
     * own user). {@code dir} itself must let it list; every folder on the way must let it pass, unless
     * {@code passedFor} (under bubblewrap, whose {@link BwrapCommand} covers a closed folder on the way with an
     * empty one it can pass).
     */
    String closed(Path dir, boolean passedFor) throws IOException {
        if (user == null) {
            return null;
        }
        Path real = dir.toRealPath();
        for (Path d = real; d != null; d = passedFor ? null : d.getParent()) {
            if (!lets(user, d, d.equals(real))) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(d));
                return d + " (mode " + mode + ") does not let the cell user " + user.name() + " in";
            }
        }
        return null;
    }

    /**
     * Whether {@code user} may pass folder {@code d} (and list it, with {@code list}); one stat (asked at every shell
     * cell): owner, group and mode together. A folder that is not there lets nothing be refused here.
     */
    static boolean lets(CellUser user, Path d, boolean list) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(d, "unix:uid,gid,mode");
        } catch (NoSuchFileException e) {
            return true;
        }
        int shift = (Integer) a.get("uid") == user.uid() ? 6 : (Integer) a.get("gid") == user.gid() ? 3 : 0;
        int bits = ((Integer) a.get("mode") >> shift) & 7;
        return (bits & 1) != 0 && (!list || (bits & 4) != 0);
    }

    private void chown(Path p) throws IOException {
        Files.setAttribute(p, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Safe modes for the data folder: 0700 for it and its folders, 0600 for its files, so that nothing of it is
     * readable by the cell user. With {@code traverse} ({@link CellSandbox.Mode#USER}, where cells see the real
     * folder) the data folder and the folders leading to cells' own ones are 0711: passable by name, not listable.
     */
    void guard(boolean traverse) throws IOException {
        if (dataDir == null || !Files.isDirectory(dataDir)) {
            return;
        }
        setMode(dataDir, traverse ? "rwx--x--x" : "rwx------");
        try (Stream<Path> entries = Files.list(dataDir)) {
            for (Path p : entries.toList()) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                boolean dir = Files.isDirectory(p);
                setMode(
                        p,
                        !dir
                                ? "rw-------"
                                : traverse && TRAVERSED.contains(p.getFileName().toString())
                                        ? "rwx--x--x"
                                        : "rwx------");
            }
        }
    }

    private static void setMode(Path p, String mode) {
        try {
            if (!PosixFilePermissions.toString(Files.getPosixFilePermissions(p)).equals(mode)) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not ours (another owner) or gone meanwhile: the next guard tries again
        }
    }
}
