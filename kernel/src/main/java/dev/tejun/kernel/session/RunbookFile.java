package dev.tejun.kernel.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The file a session runs. It is read again at the start of every run, so edits saved in between are what
 * runs next, and evidence holds the exact bytes — unless it is {@link #pinned}: then every read answers the text the
 * run was accepted with, whatever became of the file since.
 *
 * @param name   the path as users know it, relative to the runbooks folder (e.g. {@code ops/patch.md})
 * @param pinned the text every read answers; null to read the file
 */
public record RunbookFile(String name, Path path, String pinned) {

    public RunbookFile(String name, Path path) {
        this(name, path, null);
    }

    /**
     * The file as {@code text}: a run accepted (checked, queued) with that text runs it, also when the file is edited
     * or deleted before the run begins (a queued run may wait for a server, and its roles were checked against it).
     */
    public static RunbookFile pinned(String name, Path path, String text) {
        if (text == null) {
            throw new IllegalArgumentException("a pinned runbook needs its text");
        }
        return new RunbookFile(name, path, text);
    }

    public byte[] read() {
        if (pinned != null) {
            return pinned.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read runbook " + name, e);
        }
    }
}
