package dev.tejun.kernel.exec.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The bubblewrap command line of {@link CellSandbox.Mode#BWRAP}: a read-only view of the system, a private /tmp and
 * /dev/shm, the data folder covered by an empty tmpfs, only the cell's own paths bound back (the folders on the way
 * to them made passable), a new PID namespace and session, no capabilities for a root cell without a cell user.
 */
final class BwrapCommand {

    private final Machine machine;
    /** The data folder, absolute; null when there is none to hide. */
    private final Path dataDir;
    /** The account cells run as, or null. */
    private final CellUser user;

    BwrapCommand(Machine machine, Path dataDir, CellUser user) {
        this.machine = machine;
        this.dataDir = dataDir;
        this.user = user;
    }

    /**
     * The bubblewrap command line a cell's command follows, starting in {@code cwd}: {@code visible} bound
     * read-write (the work folder first), {@code readOnly} bound read-only; the command running as root without
     * capabilities when {@code rootWithoutCaps} and the server runs as root (without a cell user: every command;
     * with one: the holder of a forked zygote's sandbox, which runs nothing of a cell's).
     */
    List<String> args(Path cwd, List<Path> visible, List<Path> readOnly, boolean rootWithoutCaps) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                machine.bwrap().toString(),
                "--ro-bind",
                "/",
                "/",
                "--dev",
                "/dev",
                "--proc",
                "/proc",
                // writable by every user, as on a host: Python's multiprocessing (Ansible) needs /dev/shm
                "--perms",
                "1777",
                "--tmpfs",
                "/dev/shm",
                "--perms",
                "1777",
                "--tmpfs",
                "/tmp",
                "--unshare-pid",
                "--unshare-ipc",
                "--die-with-parent",
                "--new-session"));
        List<Path> hidden = new ArrayList<>(List.of(Path.of("/tmp")));
        List<Path> wanted = new ArrayList<>(
                readOnly.stream().map(p -> p.toAbsolutePath().normalize()).toList());
        wanted.addAll(visible);
        if (dataDir != null) {
            wanted.add(dataDir);
        }
        for (Path closed : closedOnTheWay(wanted, hidden)) {
            // Tejun installed or run from a closed folder (/root/tejun): the cell user could reach neither its own
            // work folder nor the runbook's; it sees an empty folder there instead, holding only the paths bound below
            args.addAll(List.of("--tmpfs", closed.toString()));
            hidden.add(closed);
        }
        // before the data folder is emptied: a runbooks folder holding the data folder (.tejun) shows it empty
        for (Path folder :
                readOnly.stream().map(p -> p.toAbsolutePath().normalize()).toList()) {
            passable(args, folder, hidden);
            args.addAll(List.of("--ro-bind", folder.toString(), folder.toString()));
        }
        if (dataDir != null && dataDir.getNameCount() > 0 && !Path.of("/tmp").startsWith(dataDir)) {
            passable(args, dataDir, hidden);
            args.addAll(List.of("--tmpfs", dataDir.toString()));
            hidden.add(dataDir);
        }
        if (rootWithoutCaps && machine.root()) {
            args.addAll(List.of("--cap-drop", "ALL"));
        }
        for (Path p : visible.stream()
                .sorted(Comparator.comparingInt(Path::getNameCount))
                .toList()) {
            passable(args, p, hidden);
            args.addAll(List.of("--bind", p.toString(), p.toString()));
        }
        if (user != null
                && user.home() != null
                && Files.isDirectory(user.home())
                && !user.home().equals(visible.getFirst())) {
            args.addAll(
                    List.of("--bind", visible.getFirst().toString(), user.home().toString()));
        }
        args.addAll(List.of("--chdir", cwd.toAbsolutePath().toString(), "--"));
        return args;
    }

    /**
     * The highest folder on the way to each of {@code paths} (not the path itself) the cell user may not pass,
     * outside the folders already emptied; none when cells run as the server's own user.
     */
    private List<Path> closedOnTheWay(List<Path> paths, List<Path> hidden) throws IOException {
        List<Path> closed = new ArrayList<>();
        if (user == null) {
            return closed;
        }
        for (Path p : paths) {
            for (int i = 1; i < p.getNameCount(); i++) {
                Path d = p.getRoot().resolve(p.subpath(0, i));
                if (hidden.stream().anyMatch(d::startsWith) || closed.stream().anyMatch(d::startsWith)) {
                    break;
                }
                if (!CellFiles.lets(user, d, false)) {
                    closed.removeIf(c -> c.startsWith(d));
                    closed.add(d);
                    break;
                }
            }
        }
        return closed;
    }

    /** The folders between an emptied tmpfs and a bound path {@code p}, made passable (bwrap would copy no mode). */
    private static void passable(List<String> args, Path p, List<Path> hidden) {
        for (Path root : hidden) {
            if (p.startsWith(root) && !p.equals(root)) {
                for (Path d = root.resolve(p.subpath(root.getNameCount(), root.getNameCount() + 1));
                        !d.equals(p);
                        d = d.resolve(p.getName(d.getNameCount()))) {
                    args.addAll(List.of("--dir", d.toString()));
                }
            }
        }
    }
}
