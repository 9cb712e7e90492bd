package dev.tejun.kernel.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.folder.RunbookFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server decides every event with the rules: unchanged files are not parsed again, changes count at once. */
class RuleFilesCacheTest {

    @TempDir
    Path tmp;

    RunbookFolder folder;
    Path rules;
    final RuleFilesCache cache = new RuleFilesCache();

    @BeforeEach
    void files() throws Exception {
        folder = new RunbookFolder(tmp);
        rules = Files.createDirectories(tmp.resolve(RuleFiles.FOLDER));
        write("a.yaml", "page");
    }

    private void write(String file, String rule) throws Exception {
        Files.writeString(rules.resolve(file), """
                rules:
                  - name: %s
                    when: { labels.alertname: DiskFull }
                    run: ops/%s.md
                """.formatted(rule, rule));
    }

    private List<String> names() throws Exception {
        return cache.load(folder).rules().stream().map(Rule::id).toList();
    }

    @Test
    void load_unchangedFile_sameRulesAsLastTime() throws Exception {
        RuleFiles.Parsed first = cache.load(folder);
        RuleFiles.Parsed again = cache.load(folder);
        assertSame(first.rules().get(0), again.rules().get(0), "not parsed again");
        assertEquals(RuleFiles.load(folder).rules().size(), again.rules().size());
    }

    @Test
    void load_fileEdited_addedOrRemoved_countsAtTheNextCall() throws Exception {
        RuleFiles.Parsed first = cache.load(folder);
        write("a.yaml", "pages"); // another size
        RuleFiles.Parsed edited = cache.load(folder);
        assertNotSame(first.rules().get(0), edited.rules().get(0));
        assertTrue(names().get(0).contains("pages"), names().toString());

        write("b.yaml", "wake");
        assertEquals(2, names().size());
        Files.delete(rules.resolve("a.yaml"));
        List<String> left = names();
        assertEquals(1, left.size());
        assertTrue(left.get(0).contains("wake"), left.toString());
    }

    @Test
    void load_sameSizeEditWithTheSameTime_parsedAgain() throws Exception {
        java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(rules.resolve("a.yaml"));
        cache.load(folder);
        write("a.yaml", "book"); // "page" and "book": the same size, and the same time as if in one clock tick
        Files.setLastModifiedTime(rules.resolve("a.yaml"), time);
        assertTrue(names().get(0).contains("book"), names().toString());
    }

    @Test
    void load_oldFileReplacedByRename_sameSizeAndTime_parsedAgain() throws Exception {
        java.nio.file.attribute.FileTime hourAgo =
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(3600));
        Path a = rules.resolve("a.yaml");
        Files.setLastModifiedTime(a, hourAgo);
        Files.setLastModifiedTime(rules, hourAgo);
        assertTrue(names().get(0).contains("page"));
        // as an editor or Git saves: a new file renamed over the old one, here with the old one's size and time
        Path saved = tmp.resolve("a.yaml.new");
        Files.writeString(saved, Files.readString(a).replace("page", "book"));
        Files.setLastModifiedTime(saved, hourAgo);
        Files.move(
                saved,
                a,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.setLastModifiedTime(rules, hourAgo);
        assertTrue(names().get(0).contains("book"), names().toString());
    }
}
