package dev.tejun.server.runbooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tejun.kernel.folder.RunbookFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParsedRunbooksTest {

    @TempDir
    Path root;

    @Test
    void read_unchangedText_parsedOnce_changedText_parsedAgain() throws Exception {
        Files.writeString(root.resolve("a.md"), "# One\n");
        ParsedRunbooks parsed = new ParsedRunbooks(new RunbookFolder(root));
        ParsedRunbooks.Parsed first = parsed.read("a.md");
        assertSame(first, parsed.read("a.md"), "the same text is not parsed again");
        // same length, same second: only the text tells the edit apart
        Files.writeString(root.resolve("a.md"), "# Two\n");
        ParsedRunbooks.Parsed second = parsed.read("a.md");
        assertNotSame(first, second);
        assertEquals(List.of("Two"), second.headings());
    }

    @Test
    void all_leavesOutDeletedFiles() throws Exception {
        Files.writeString(root.resolve("a.md"), "# A\n");
        Files.writeString(root.resolve("b.md"), "# B\n");
        ParsedRunbooks parsed = new ParsedRunbooks(new RunbookFolder(root));
        assertEquals(
                List.of("a.md", "b.md"),
                parsed.all().stream().map(ParsedRunbooks.Parsed::name).toList());
        Files.delete(root.resolve("a.md"));
        assertEquals(
                List.of("b.md"),
                parsed.all().stream().map(ParsedRunbooks.Parsed::name).toList());
    }

    @Test
    void headings_proseOnly_notInFencesOrCells() throws Exception {
        Files.writeString(
                root.resolve("h.md"),
                "# Title #\n\ntext\n\n```text\n# not a heading\n```\n\n```sh\n# a comment\n```\n\n### Last step\n");
        assertEquals(
                List.of("Title", "Last step"),
                new ParsedRunbooks(new RunbookFolder(root)).read("h.md").headings());
    }
}
