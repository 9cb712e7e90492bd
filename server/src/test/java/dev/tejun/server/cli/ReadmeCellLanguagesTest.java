package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.folder.Releases;
import dev.tejun.kernel.format.FenceInfo;
import dev.tejun.server.flows.HeadlessFlows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's list of cell languages and attributes is the one the code declares: the executors this build runs
 * (as {@code tejun run} wires them, pause and flow cells included) and the attribute keys {@code tejun check} knows.
 * The README had said "sh, bash, shell, java; more to come" long after ssh, ansible and the rest had come.
 */
class ReadmeCellLanguagesTest {

    private static final Pattern CODE = Pattern.compile("`([a-z][a-z-]*)`");

    @TempDir
    Path temp;

    private static String readme() throws Exception {
        Path file = Path.of("..", "README.md");
        assertTrue(
                Files.isRegularFile(file),
                "README.md not found from " + Path.of("").toAbsolutePath());
        return Files.readString(file);
    }

    /** The backquoted words of the README between {@code from} and the next {@code to}. */
    private static Set<String> words(String text, String from, String to) {
        int start = text.indexOf(from);
        assertTrue(start >= 0, "README has no '" + from + "'");
        int end = text.indexOf(to, start + from.length());
        Matcher m = CODE.matcher(text.substring(start + from.length(), end));
        Set<String> words = new TreeSet<>();
        while (m.find()) {
            words.add(m.group(1));
        }
        return words;
    }

    @Test
    void readme_cellLanguages_areTheExecutorsLanguages() throws Exception {
        Set<String> declared;
        try (CmdbStore cmdb = new CmdbStore(temp.resolve("tejun.db"))) {
            declared = new TreeSet<>(new HeadlessFlows(temp, Releases.MAIN, cmdb.database(), Clock.systemUTC())
                    .withCells(Main.executors(cmdb, temp))
                    .languages());
        }

        assertEquals(declared, words(readme(), "its language has an executor (", ")"));
    }

    @Test
    void readme_attributes_areTheKeysTheCheckerKnows() throws Exception {
        assertEquals(new TreeSet<>(FenceInfo.KNOWN_KEYS), words(readme(), "The attributes Tejun reads", "\n- "));
    }
}
