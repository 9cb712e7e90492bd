package dev.tejun.kernel.folder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Whole folders of scratch files (work folders, Ansible workspaces) that go when their run does. */
public final class Trees {

    private Trees() {}

    /**
     * Deletes a folder and everything in it. Links are deleted, never followed: a cell may have planted one that
     * points out of its folder.
     */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
