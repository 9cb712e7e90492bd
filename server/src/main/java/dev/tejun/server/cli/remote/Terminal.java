package dev.tejun.server.cli.remote;

import java.io.Console;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the process's stderr is a terminal, so a progress line is drawn there and never into a pipe or a file. */
public final class Terminal {

    private Terminal() {}

    public static boolean stderrIsTerminal() {
        // Linux tells exactly what fd 2 is; elsewhere, fall back to "has a console" (stdin and stdout are terminals).
        Path fd2 = Path.of("/proc/self/fd/2");
        if (Files.exists(fd2, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (java.io.IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        Console console = System.console();
        return console != null;
    }
}
