package dev.tejun.kernel.exec.jupyter;

import dev.tejun.kernel.format.RunbookFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;

/**
 * The kernel a runbook's front matter names for cells that name none: {@code kernel: NAME}, or the notebook's own
 * {@code jupyter: {kernelspec: {name: NAME}}} that {@code tejun import} keeps. Read again when the file changes.
 */
final class DefaultKernel {

    private final Path runbook;
    private FileTime readAt;
    private String name;

    /** @param runbook the session's runbook file, or null when the session runs none */
    DefaultKernel(Path runbook) {
        this.runbook = runbook;
    }

    synchronized Optional<String> name() {
        if (runbook == null) {
            return Optional.empty();
        }
        try {
            FileTime modified = Files.getLastModifiedTime(runbook);
            if (!modified.equals(readAt)) {
                name = of(RunbookFormat.parse(Files.readString(runbook))
                        .metadata()
                        .extra());
                readAt = modified;
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(name);
    }

    /** What front matter with these keys names, or null. */
    static String of(Map<String, Object> frontMatter) {
        if (frontMatter.get("kernel") instanceof String s && !s.isBlank()) {
            return s.strip();
        }
        if (frontMatter.get("jupyter") instanceof Map<?, ?> jupyter
                && jupyter.get("kernelspec") instanceof Map<?, ?> spec
                && spec.get("name") instanceof String s
                && !s.isBlank()) {
            return s.strip();
        }
        return null;
    }
}
