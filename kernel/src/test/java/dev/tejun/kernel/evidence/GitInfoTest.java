package dev.tejun.kernel.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
            commit = git.commit()
                    .setMessage("m")
                    .setAuthor("t", "t@example.invalid")
                    .setSign(false)
                    .call()
                    .getName();
        }
        GitInfo same = GitInfo.of(f, "# one\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(commit, same.commit());
        assertFalse(same.modified());
        assertTrue(GitInfo.of(f, "# two\n".getBytes(StandardCharsets.UTF_8)).modified());
    }

    @Test
    void lookup_reusedAcrossCommits_followsHeadAndContent() throws Exception {
        Path f = Files.writeString(tmp.resolve("b.md"), "v1\n");
        try (Git git = Git.init().setDirectory(tmp.toFile()).call();
                GitLookup lookup = new GitLookup()) {
            git.add().addFilepattern("b.md").call();
            String first = git.commit()
                    .setMessage("1")
                    .setAuthor("t", "t@example.invalid")
                    .setSign(false)
                    .call()
                    .getName();
            assertEquals(new GitInfo(first, false), lookup.of(f, "v1\n".getBytes(StandardCharsets.UTF_8)));
            Files.writeString(f, "v2\n");
            assertEquals(new GitInfo(first, true), lookup.of(f, "v2\n".getBytes(StandardCharsets.UTF_8)));
            git.add().addFilepattern("b.md").call();
            String second = git.commit()
                    .setMessage("2")
                    .setAuthor("t", "t@example.invalid")
                    .setSign(false)
                    .call()
                    .getName();
            assertEquals(new GitInfo(second, false), lookup.of(f, "v2\n".getBytes(StandardCharsets.UTF_8)));
        }
    }
}
