package dev.tejun.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's configuration reference lists every setting with its default, and no setting that does not exist. */
class ConfigReferenceTest {

    @Test
    void readme_listsEveryKeyWithItsDefault() throws Exception {
        List<String> rows = Files.readString(Path.of("..", "README.md"))
                .lines()
                .filter(l -> l.matches("\\| `[a-z]+\\.[a-z.-]+` \\|.*"))
                .map(l -> l.substring(0, l.indexOf(" | ", l.indexOf(" | ") + 3)))
                .toList();
        List<String> expected = Arrays.stream(Key.values())
                .map(k -> "| `" + k.key() + "` | " + (k.defaultValue().isEmpty() ? "—" : "`" + k.defaultValue() + "`"))
                .toList();
        assertEquals(expected, rows);
    }
}
