package dev.tejun.kernel.folder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunbookFolderTest {

    @TempDir
    Path tmp;

    @Test
    void list_findsMarkdownRecursivelySkippingDotAndTargetFolders() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("rb"));
        Files.writeString(root.resolve("b.md"), "b");
        Files.createDirectories(root.resolve("ops"));
        Files.writeString(root.resolve("ops/a.md"), "a");
        Files.createDirectories(root.resolve(".git"));
        Files.writeString(root.resolve(".git/x.md"), "x");
        Files.createDirectories(root.resolve("target"));
        Files.writeString(root.resolve("target/y.md"), "y");
        Files.writeString(root.resolve("notes.txt"), "n");
        assertEquals(List.of("b.md", "ops/a.md"), new RunbookFolder(root).list());
    }

    @Test
    void resolve_refusesEscapes() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("rb"));
        Files.writeString(tmp.resolve("secret.md"), "s");
        Files.createSymbolicLink(root.resolve("link.md"), tmp.resolve("secret.md"));
        Files.createSymbolicLink(root.resolve("out"), tmp);
        RunbookFolder folder = new RunbookFolder(root);
        for (String bad : List.of(
                "../secret.md",
                "ops/../../secret.md",
                "/etc/passwd",
                "link.md",
                "out/secret.md",
                "",
                "a\0b.md",
                "..\\secret.md")) {
            assertThrows(RunbookFolder.OutsideFolder.class, () -> folder.resolve(bad), bad);
        }
    }

    @Test
    void write_thenRead_roundTripsBytesAndCreatesFolders() throws Exception {
        RunbookFolder folder = new RunbookFolder(tmp.resolve("rb"));
        byte[] content = "# 手順\r\nno final newline".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        folder.write("new/deep.md", content);
        assertArrayEquals(content, folder.read("new/deep.md"));
        try (var files = Files.list(tmp.resolve("rb/new"))) {
            assertEquals(1, files.count(), "no temp file left behind");
        }
    }
}
