package dev.tejun.kernel.folder;

import static dev.tejun.kernel.folder.TestGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.folder.GitSaves.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A save (commit on save) and a pull at the same moment, on one repository: both take Git's index lock and move the
 * checked-out branch, so without taking turns one of them fails ("saved, but not committed", a merge that did not
 * complete) or the pull sees the save's file half done. With {@link GitSaves#writes()} they take turns: every save
 * commits and every pull merges. Real git; bob pushes from his own clone between pulls.
 */
class SavesDuringPullsTest {

    private static final int ROUNDS = 25;

    @TempDir
    Path temp;

    @Test
    void commitAndPull_atTheSameTime_takeTurnsAndBothSucceed() throws Exception {
        Path seed = temp.resolve("seed");
        GitSavesTest.repository(seed, "disk.md");
        Path bare = temp.resolve("remote.git");
        git(temp, "clone", "-q", "--bare", seed.toString(), bare.toString());
        Path runbooks = temp.resolve("runbooks");
        git(temp, "clone", "-q", bare.toString(), runbooks.toString());
        Path bob = temp.resolve("bob");
        git(temp, "clone", "-q", bare.toString(), bob.toString());
        GitSaves saves = new GitSaves(runbooks, Policy.currentBranch());
        GitRemote remote = new GitRemote(saves, new GitRemote.Target(bare.toString(), "main"), RemoteLogin.none());

        List<String> failures = new ArrayList<>();
        String last = null;
        for (int i = 0; i < ROUNDS; i++) {
            Files.writeString(bob.resolve("bob-" + i + ".md"), "# Bob " + i + "\n");
            git(bob, "add", ".");
            git(bob, "commit", "-q", "-m", "bob " + i);
            git(bob, "push", "-q", "origin", "main");
            int round = i;
            CompletableFuture<String> pull = CompletableFuture.supplyAsync(() -> {
                try {
                    GitRemote.Pulled p = remote.pull();
                    return p.ok() ? null : "pull " + round + ": " + p.conflicts();
                } catch (Exception e) {
                    return "pull " + round + ": " + e.getMessage();
                }
            });
            int save = 0;
            do { // alice keeps saving for as long as the pull takes
                save++;
                try {
                    synchronized (saves.writes()) { // as the editor saves: the write and its commit together
                        Path file = runbooks.resolve("alice.md");
                        Files.writeString(file, "# Alice " + round + "." + save + "\n");
                        Optional<String> id = saves.commit(file, "alice", "alice " + round + "." + save);
                        if (id.isEmpty()) {
                            failures.add("save " + round + "." + save + " made no commit");
                        }
                    }
                } catch (Exception e) {
                    failures.add("save " + round + "." + save + ": " + e.getMessage());
                }
            } while (!pull.isDone());
            if (pull.join() != null) {
                failures.add(pull.join());
            }
            last = "# Alice " + round + "." + save + "\n";
        }

        assertEquals(List.of(), failures);
        assertEquals("", git(runbooks, "status", "--porcelain"));
        assertEquals(last, Files.readString(runbooks.resolve("alice.md")));
        assertTrue(Files.exists(runbooks.resolve("bob-" + (ROUNDS - 1) + ".md")));
    }
}
