package dev.tejun.kernel.notebook;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Test fixture: the Literate-computing notebooks in the shared corpus, found in a folder above the build's. */
final class Lc4riCorpus {

    private static final Path WHERE = Path.of("shared", "corpus", "lc4ri-notebooks");

    private Lc4riCorpus() {}

    static Path folder() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(WHERE))) {
                return p.resolve(WHERE);
            }
        }
        return fail("no " + WHERE + " in any folder above " + Path.of("").toAbsolutePath());
    }

    static List<Path> notebooks() throws IOException {
        try (Stream<Path> files = Files.list(folder())) {
            return files.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
        }
    }
}
