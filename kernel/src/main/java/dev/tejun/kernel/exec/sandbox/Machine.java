package dev.tejun.kernel.exec.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What this machine offers a sandbox, found once per JVM: whether the server is root (only root can switch a cell
 * to another user), the {@code bwrap} and {@code setpriv} programs, and whether bubblewrap can actually make its
 * namespaces here (a container without the rights fails at once, so it is tried, not assumed).
 */
record Machine(boolean root, Path bwrap, Path setpriv, Path setsid) {

    private static final class Found {
        static final Machine INSTANCE = probe();
    }

    static Machine get() {
        return Found.INSTANCE;
    }

    private static Machine probe() {
        Path bwrap = find("bwrap").filter(Machine::bwrapWorks).orElse(null);
        return new Machine(
                effectiveUid() == 0,
                bwrap,
                find("setpriv").orElse(null),
                find("setsid").orElse(null));
    }

    /** The owner of /proc/self is the process's effective user. */
    private static int effectiveUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name")) ? 0 : -1;
        }
    }

    private static boolean bwrapWorks(Path bwrap) {
        try {
            Process p = new ProcessBuilder(
                            bwrap.toString(),
                            "--ro-bind",
                            "/",
                            "/",
                            "--proc",
                            "/proc",
                            "--unshare-pid",
                            "--die-with-parent",
                            "true")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The first executable of that name on PATH, or in /usr/bin, /bin. */
    static Optional<Path> find(String name) {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, name));
                }
            }
        }
        candidates.add(Path.of("/usr/bin", name));
        candidates.add(Path.of("/bin", name));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** The uid and gid of a local account, from /etc/passwd; empty when there is none of that name. */
    static Optional<CellUser> account(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length >= 4 && f[0].equals(name)) {
                    Path home = f.length >= 6 && f[5].startsWith("/") ? Path.of(f[5]) : null;
                    return Optional.of(new CellUser(name, Integer.parseInt(f[2]), Integer.parseInt(f[3]), home));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
