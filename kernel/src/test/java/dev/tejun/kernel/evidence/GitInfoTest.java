package dev.tejun.kernel.evidence;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GitInfoTest {

    @TempDir
    Path tmp;

    @Test
    void of_fileOutsideGit_none() throws Exception {
        Path f = Files.writeString(tmp.resolve("a.md"), "x");
        assertNull(GitInfo.of(f, Files.readAllBytes(f)).commit());
    }

    @Test
    void of_committedFile_reportsCommitAndWhetherBytesDiffer() throws Exception {
        Path f = Files.writeString(tmp.resolve("a.md"), "# one\n");
        String commit;
        try (Git git = Git.init().setDirectory(tmp.toFile()).call()) {
            git.add().addFilepattern("a.md").call();
            commit = git.commit().setMessage("m").setAuthor("t", "t@example.invalid").setSign(false).call().getName();
        }
        GitInfo same = GitInfo.of(f, "# one\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(commit, same.commit());
        assertFalse(same.modified());
        assertTrue(GitInfo.of(f, "# two\n".getBytes(StandardCharsets.UTF_8)).modified());
    }
}
