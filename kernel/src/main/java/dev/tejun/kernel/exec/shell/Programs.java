package dev.tejun.kernel.exec.shell;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The programs a shell cell needs, found once per executor.
 *
 * @param sh     the POSIX shell, always present
 * @param bash   bash, or null when the machine has none (bash cells then run with {@code sh})
 * @param setsid util-linux {@code setsid}, or null; without it a cell shares the server's process group and
 *               only the processes still attached to the cell's shell can be stopped
 */
record Programs(Path sh, Path bash, Path setsid) {

    static Programs find() {
        return new Programs(
                lookup("sh").orElse(Path.of("/bin/sh")),
                lookup("bash").orElse(null),
                lookup("setsid").orElse(null));
    }

    /** The shell for a cell language: bash only for {@code bash}, so {@code sh} cells stay portable. */
    Path shellFor(String language) {
        return "bash".equals(language) && bash != null ? bash : sh;
    }

    private static Optional<Path> lookup(String name) {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/bin", name), Path.of("/usr/bin", name)));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, name));
                }
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }
}
