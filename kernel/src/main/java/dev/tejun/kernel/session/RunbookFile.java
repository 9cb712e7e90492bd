package dev.tejun.kernel.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The file a session runs. It is read again at the start of every run, so edits saved in between are what
 * runs next, and evidence holds the exact bytes.
 *
 * @param name the path as users know it, relative to the runbooks folder (e.g. {@code ops/patch.md})
 */
public record RunbookFile(String name, Path path) {

    public byte[] read() {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read runbook " + name, e);
        }
    }
}
