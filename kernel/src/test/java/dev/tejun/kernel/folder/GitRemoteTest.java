package dev.tejun.kernel.folder;

import static dev.tejun.kernel.folder.TestGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.folder.GitSaves.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull and push against real Git: a bare repository on disk, the same over {@code git daemon} and over sshd on
 * loopback. Two users: alice saves in Tejun (commit on save), bob works outside in his own clone and pushes.
 */
class GitRemoteTest {

    @TempDir
    Path temp;

    /** A bare remote holding disk.md on main, Tejun's runbooks folder cloned from it, and bob's clone. */
    private Path remote() throws Exception {
        Path seed = temp.resolve("seed");
        GitSavesTest.repository(seed, "disk.md");
        Path bare = temp.resolve("remote.git");
        git(temp, "clone", "-q", "--bare", seed.toString(), bare.toString());
        git(temp, "clone", "-q", bare.toString(), temp.resolve("runbooks").toString());
        git(temp, "clone", "-q", bare.toString(), temp.resolve("bob").toString());
        return bare;
    }

    private GitRemote tejun(String url) {
        return tejun(url, RemoteLogin.none());
    }

    private GitRemote tejun(String url, RemoteLogin login) {
        return new GitRemote(
                new GitSaves(temp.resolve("runbooks"), Policy.currentBranch()),
                new GitRemote.Target(url, "main"),
                login);
    }

    private void bobPushes(String file, String text) throws Exception {
        Path bob = temp.resolve("bob");
        git(bob, "pull", "-q", "--no-rebase");
        Files.writeString(bob.resolve(file), text);
        git(bob, "add", file);
        git(bob, "commit", "-q", "-m", "bob: " + file);
        git(bob, "push", "-q", "origin", "main");
    }

    @Test
    void pull_afterAnOutsidePush_bringsTheFilesIn() throws Exception {
        Path bare = remote();
        bobPushes("disk.md", "# Disk, by bob\n");
        bobPushes("new.md", "# New\n");

        GitRemote.Pulled p = tejun(bare.toString()).pull();

        assertTrue(p.ok(), p.conflicts().toString());
        assertEquals(List.of("disk.md", "new.md"), p.changed());
        assertEquals("# Disk, by bob\n", Files.readString(temp.resolve("runbooks/disk.md")));
        assertEquals(git(bare, "rev-parse", "main"), git(temp.resolve("runbooks"), "rev-parse", "HEAD"));
        assertEquals("", git(temp.resolve("runbooks"), "status", "--porcelain"));
    }

    @Test
    void pull_fileWithUncommittedBrowserEdits_isAConflictAndNothingIsLost() throws Exception {
        Path bare = remote();
        Path runbooks = temp.resolve("runbooks");
        String head = git(runbooks, "rev-parse", "HEAD");
        Files.writeString(runbooks.resolve("disk.md"), "# Disk, edited in the browser\n");
        bobPushes("disk.md", "# Disk, by bob\n");

        GitRemote.Pulled p = tejun(bare.toString()).pull();

        assertFalse(p.ok());
        assertTrue(
                p.conflicts().getFirst().startsWith("disk.md: has edits not committed here"),
                p.conflicts().toString());
        assertEquals("# Disk, edited in the browser\n", Files.readString(runbooks.resolve("disk.md")));
        assertEquals(head, git(runbooks, "rev-parse", "HEAD"));
    }

    @Test
    void pull_uncommittedEditsToAnotherFile_stayWhileThePullComesIn() throws Exception {
        Path bare = remote();
        Path runbooks = temp.resolve("runbooks");
        Files.writeString(runbooks.resolve("mine.md"), "# Mine, not committed\n");
        bobPushes("disk.md", "# Disk, by bob\n");

        GitRemote.Pulled p = tejun(bare.toString()).pull();

        assertTrue(p.ok(), p.conflicts().toString());
        assertEquals("# Disk, by bob\n", Files.readString(runbooks.resolve("disk.md")));
        assertEquals("# Mine, not committed\n", Files.readString(runbooks.resolve("mine.md")));
    }

    @Test
    void pull_bothSidesChangedTheSameLines_isAConflictAndTheCommitStays() throws Exception {
        Path bare = remote();
        Path runbooks = temp.resolve("runbooks");
        Files.writeString(runbooks.resolve("disk.md"), "# Disk, by alice\n");
        String alice = new GitSaves(runbooks, Policy.currentBranch())
                .commit(runbooks.resolve("disk.md"), "alice", "alice's edit")
                .orElseThrow();
        bobPushes("disk.md", "# Disk, by bob\n");

        GitRemote.Pulled p = tejun(bare.toString()).pull();

        assertEquals(List.of("disk.md: changed here and on the remote"), p.conflicts());
        assertEquals(alice, git(runbooks, "rev-parse", "HEAD"));
        assertEquals("# Disk, by alice\n", Files.readString(runbooks.resolve("disk.md")));
        assertEquals("", git(runbooks, "status", "--porcelain"));
    }

    @Test
    void push_aliceSave_reachesTheRemoteAndBobSeesIt() throws Exception {
        Path bare = remote();
        Path runbooks = temp.resolve("runbooks");
        Files.writeString(runbooks.resolve("disk.md"), "# Disk, by alice\n");
        String alice = new GitSaves(runbooks, Policy.currentBranch())
                .commit(runbooks.resolve("disk.md"), "alice", "alice's edit")
                .orElseThrow();

        GitRemote.Pushed p = tejun(bare.toString()).push();

        assertTrue(p.ok(), p.refused().toString());
        assertEquals(alice, git(bare, "rev-parse", "main"));
        git(temp.resolve("bob"), "pull", "-q", "--no-rebase");
        assertEquals("# Disk, by alice\n", Files.readString(temp.resolve("bob/disk.md")));
    }

    @Test
    void push_remoteMovedOn_isRefusedUntilAPull() throws Exception {
        Path bare = remote();
        Path runbooks = temp.resolve("runbooks");
        bobPushes("other.md", "# Other\n");
        String bobs = git(bare, "rev-parse", "main");
        Files.writeString(runbooks.resolve("disk.md"), "# Disk, by alice\n");
        new GitSaves(runbooks, Policy.currentBranch()).commit(runbooks.resolve("disk.md"), "alice", "edit");
        GitRemote remote = tejun(bare.toString());

        GitRemote.Pushed refused = remote.push();
        assertEquals(
                List.of("main: the remote has commits this repository lacks: pull first, then push"),
                refused.refused());
        assertEquals(bobs, git(bare, "rev-parse", "main"));

        assertTrue(remote.pull().ok());
        assertTrue(remote.push().ok());
        assertEquals(git(runbooks, "rev-parse", "HEAD"), git(bare, "rev-parse", "main"));
        assertEquals("# Other\n", Files.readString(runbooks.resolve("other.md")));
    }

    @Test
    void pullAndPush_overGitDaemon_onLoopback() throws Exception {
        Path bare = remote();
        try (GitDaemon daemon = GitDaemon.start(temp, temp.resolve("daemon.log"))) {
            GitRemote remote = tejun(daemon.url("remote.git"));
            bobPushes("disk.md", "# Disk, by bob\n");

            GitRemote.Pulled p = remote.pull();
            assertEquals(List.of("disk.md"), p.changed());
            assertEquals("# Disk, by bob\n", Files.readString(temp.resolve("runbooks/disk.md")));

            Path runbooks = temp.resolve("runbooks");
            Files.writeString(runbooks.resolve("disk.md"), "# Disk, by alice\n");
            new GitSaves(runbooks, Policy.currentBranch()).commit(runbooks.resolve("disk.md"), "alice", "edit");
            assertTrue(remote.push().ok());
            assertEquals(git(runbooks, "rev-parse", "HEAD"), git(bare, "rev-parse", "main"));
        }
    }

    @Test
    void pull_overSsh_withAKeyCredentialAndAKnownHostKey() throws Exception {
        Path bare = remote();
        try (Sshd sshd = Sshd.start(temp.resolve("sshd"), 1)) {
            Path known = temp.resolve("known_hosts");
            Files.writeString(known, sshd.knownHostsLines());
            String url = "ssh://" + sshd.user() + "@" + sshd.address(0) + ":" + sshd.port() + bare;
            bobPushes("disk.md", "# Disk, by bob\n");

            GitRemote.Pulled p =
                    tejun(url, RemoteLogin.of(sshd.clientKeyText(), known)).pull();

            assertEquals(List.of("disk.md"), p.changed());
            assertEquals("# Disk, by bob\n", Files.readString(temp.resolve("runbooks/disk.md")));

            Files.writeString(known, sshd.wrongKnownHostsLines());
            GitRemote.Failed f = assertThrows(
                    GitRemote.Failed.class,
                    () -> tejun(url, RemoteLogin.of(sshd.clientKeyText(), known))
                            .pull());
            assertTrue(f.getMessage().contains("HostKey"), f.getMessage());
        }
    }

    @Test
    void pull_unreachableRemote_failsWithTheUrl() throws Exception {
        remote();
        String url = "git://127.0.0.1:" + Sshd.freePort() + "/remote.git";

        GitRemote.Failed f =
                assertThrows(GitRemote.Failed.class, () -> tejun(url).pull());

        assertTrue(f.getMessage().startsWith("fetch from " + url + " failed"), f.getMessage());
    }

    @Test
    void pullAndPush_overHttpWithAToken_andAWrongTokenRefused() throws Exception {
        Path bare = remote();
        try (GitHttp http = GitHttp.start(temp, "deploy", "tok-3c9f")) {
            String url = http.url("remote.git");
            bobPushes("disk.md", "# Disk, by bob\n");

            GitRemote.Failed refused = assertThrows(
                    GitRemote.Failed.class,
                    () -> tejun(url, RemoteLogin.of("deploy:wrong", null)).pull());
            assertTrue(
                    refused.getMessage().contains("not authorized")
                            || refused.getMessage().contains("401"),
                    refused.getMessage());
            assertEquals("# Disk\n", Files.readString(temp.resolve("runbooks/disk.md")));

            GitRemote remote = tejun(url, RemoteLogin.of("deploy:tok-3c9f", null));
            assertEquals(List.of("disk.md"), remote.pull().changed());
            Path runbooks = temp.resolve("runbooks");
            Files.writeString(runbooks.resolve("disk.md"), "# Disk, by alice\n");
            new GitSaves(runbooks, Policy.currentBranch()).commit(runbooks.resolve("disk.md"), "alice", "edit");
            GitRemote.Pushed p = remote.push();
            assertTrue(p.ok(), p.refused().toString());
            assertEquals(git(runbooks, "rev-parse", "HEAD"), git(bare, "rev-parse", "main"));
        }
    }

    @Test
    void pull_bothSidesCommittedOtherFiles_mergedAsTejunAndStagedWorkRefused() throws Exception {
        Path bare = remote();
        Path runbooks = temp.resolve("runbooks");
        Files.writeString(runbooks.resolve("mine.md"), "# Mine\n");
        git(runbooks, "add", "mine.md");
        bobPushes("other.md", "# Other\n");
        String head = git(runbooks, "rev-parse", "HEAD");

        GitRemote.Pulled staged = tejun(bare.toString()).pull();
        assertEquals(List.of("mine.md: staged but not committed: commit or unstage it, then pull"), staged.conflicts());
        assertEquals(head, git(runbooks, "rev-parse", "HEAD"));

        git(runbooks, "commit", "-q", "-m", "mine");
        GitRemote.Pulled merged = tejun(bare.toString()).pull();
        assertTrue(merged.ok(), merged.conflicts().toString());
        assertEquals(List.of("other.md"), merged.changed());
        assertEquals("Tejun Tejun", git(runbooks, "log", "-1", "--format=%an %cn"));
        assertEquals(
                3, git(runbooks, "rev-list", "--parents", "-n", "1", "HEAD").split(" ").length, "a merge");
        assertEquals("# Other\n", Files.readString(runbooks.resolve("other.md")));
    }
}
