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
 * @param shell  what a {@code shell} fence (and a pasted {@code console} session) means: an interactive-style shell,
 *               bash where installed, {@code TEJUN_SHELL} (a program name or path) when the server sets it
 * @param setsid util-linux {@code setsid}, or null; without it a cell shares the server's process group and
 *               only the processes still attached to the cell's shell can be stopped
 */
record Programs(Path sh, Path bash, Path shell, Path setsid) {

    static Programs find() {
        Path sh = lookup("sh").orElse(Path.of("/bin/sh"));
        Path bash = lookup("bash").orElse(null);
        String chosen = System.getenv("TEJUN_SHELL");
        Path shell = chosen == null || chosen.isBlank()
                ? null
                : chosen.contains("/") ? Path.of(chosen) : lookup(chosen).orElse(Path.of(chosen));
        return new Programs(
                sh, bash, shell != null ? shell : bash, lookup("setsid").orElse(null));
    }

    /**
     * The shell for a cell language: {@code sh} stays POSIX sh so such cells stay portable; {@code bash} is bash;
     * {@code shell} and the pasted-session fences are what people type at a prompt, where {@code {09..11}} expands.
     */
    Path shellFor(String language) {
        return switch (language) {
            case "bash" -> bash != null ? bash : sh;
            case "sh" -> sh;
            default -> shell != null ? shell : sh;
        };
    }

    /**
     * util-linux {@code script}, which runs a command on a pseudo-terminal of its own: how a {@code pty=true} cell
     * that starts on its own (not in a session's zygote, which opens the terminal itself) gets one.
     */
    static Optional<Path> script() {
        return lookup("script");
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
