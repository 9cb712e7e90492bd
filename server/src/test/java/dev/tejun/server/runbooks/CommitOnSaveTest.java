package dev.tejun.server.runbooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.folder.TestGit;
import dev.tejun.server.auth.Role;
import dev.tejun.server.config.ConfigError;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code git.commit-on-save}, a save from the API is a commit of that file, authored by the signed-in user; only
 * into a repository rooted at the runbooks folder or the one configured. Real git reads the repository.
 */
class CommitOnSaveTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @AutoClose
    TestServer t;

    @BeforeEach
    void start() throws Exception {
        t = server(Map.of(Key.GIT_COMMIT_ON_SAVE, "true"));
    }

    static Settings settings(Map<Key, String> values) throws ConfigError {
        return Settings.of(Map.of(), Map.of(), values);
    }

    /** The server again over the same folders, with these settings. */
    private void restart(Map<Key, String> values) throws Exception {
        t.close();
        t = server(values);
    }

    private TestServer server(Map<Key, String> values) throws Exception {
        Settings settings = settings(values);
        return new TestServer(temp, config -> config.with(settings));
    }

    private String git(String... args) throws Exception {
        return git(t.runbooks, args);
    }

    private static String git(Path dir, String... args) throws Exception {
        return TestGit.git(dir, args);
    }

    private void repository() throws Exception {
        git("init", "-q", "-b", "main");
        t.write("disk.md", "# Disk\n\n```sh\ndf -h /\n```\n");
        t.write("notes.txt", "first\n");
        git("add", ".");
        git("commit", "-q", "-m", "start");
    }

    private String version(String editor) throws Exception {
        return JSON.readTree(t.as(editor, "GET", "/api/runbooks/disk.md", null).body())
                .path("version")
                .asText();
    }

    private HttpResponse<String> put(String editor, String text, String message) throws Exception {
        String body = JSON.createObjectNode()
                .put("text", text)
                .put("version", version(editor))
                .put("message", message)
                .toString();
        return t.as(editor, "PUT", "/api/runbooks/disk.md", body);
    }

    @Test
    void put_inAGitWorkTree_commitsTheFileAsTheUserWithTheirMessage() throws Exception {
        repository();
        String alice = t.userWith("alice", Role.EDITOR);
        Files.writeString(t.runbooks.resolve("notes.txt"), "changed by hand, not to be committed\n");

        HttpResponse<String> r = put(alice, "# Disk\n\n```sh\ndf -h / /var\n```\n", "Check /var too");

        assertEquals(200, r.statusCode(), r.body());
        String commit = r.headers().firstValue("Tejun-Commit").orElseThrow();
        assertEquals(commit, git("rev-parse", "HEAD"));
        assertEquals("alice|alice@tejun.invalid|Tejun|Check /var too", git("log", "-1", "--format=%an|%ae|%cn|%s"));
        assertEquals("disk.md", git("show", "--name-only", "--format=", "HEAD"));
        assertEquals("M notes.txt", git("status", "--porcelain"));
    }

    @Test
    void put_withoutMessageOrChange_defaultMessageThenNoEmptyCommit() throws Exception {
        repository();
        String alice = t.userWith("alice", Role.EDITOR);
        String text = "# Disk\n\n```sh\ndf -h\n```\n";

        assertEquals(200, put(alice, text, null).statusCode());
        assertEquals("Edit disk.md in Tejun", git("log", "-1", "--format=%s"));

        HttpResponse<String> again = put(alice, text, "nothing changed");
        assertEquals(200, again.statusCode());
        assertTrue(again.headers().firstValue("Tejun-Commit").isEmpty());
        assertEquals("2", git("rev-list", "--count", "HEAD"));
    }

    @Test
    void putCell_inAGitWorkTree_commitsToo() throws Exception {
        repository();
        String bob = t.userWith("bob", Role.EDITOR);
        String body = JSON.createObjectNode()
                .put("code", "df -i /\n")
                .put("version", version(bob))
                .put("message", "inodes")
                .toString();

        HttpResponse<String> r = t.as(bob, "PUT", "/api/runbooks/disk.md/cells/1", body);

        assertEquals(200, r.statusCode(), r.body());
        assertEquals("bob|inodes", git("log", "-1", "--format=%an|%s"));
        assertTrue(git("show", "HEAD:disk.md").contains("df -i /"));
    }

    @Test
    void put_outsideAnyWorkTree_savesWithoutCommit() throws Exception {
        t.write("disk.md", "# Disk\n");
        String alice = t.userWith("alice", Role.EDITOR);

        HttpResponse<String> r = put(alice, "# Disk, edited\n", "x");

        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Tejun-Commit").isEmpty());
        assertEquals("# Disk, edited\n", Files.readString(t.runbooks.resolve("disk.md")));
    }

    /** Tejun's own runbooks/ served from a clone of Tejun: the clone is not Tejun's to commit into. */
    private void enclosingRepository() throws Exception {
        t.write("disk.md", "# Disk\n\n```sh\ndf -h /\n```\n");
        git(temp, "init", "-q", "-b", "main");
        git(temp, "add", "runbooks");
        git(temp, "commit", "-q", "-m", "start");
    }

    @Test
    void put_runbooksInsideALargerRepositoryByDefault_noCommitThere() throws Exception {
        restart(Map.of());
        enclosingRepository();
        saveLeavesTheEnclosingRepositoryAlone();
    }

    private void saveLeavesTheEnclosingRepositoryAlone() throws Exception {
        String alice = t.userWith("alice", Role.EDITOR);

        HttpResponse<String> r = put(alice, "# Disk, edited\n", "x");

        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Tejun-Commit").isEmpty());
        assertEquals("1", git(temp, "rev-list", "--count", "HEAD"));
        assertEquals("M runbooks/disk.md", git(temp, "status", "--porcelain", "runbooks"));
    }

    @Test
    void put_commitOnSaveButRepositoryFurtherUp_noCommitThere() throws Exception {
        enclosingRepository();
        saveLeavesTheEnclosingRepositoryAlone();
    }

    @Test
    void put_enclosingRepositoryConfigured_commitsThere() throws Exception {
        restart(Map.of(Key.GIT_COMMIT_ON_SAVE, "true", Key.GIT_REPOSITORY, temp.toString()));
        enclosingRepository();
        String alice = t.userWith("alice", Role.EDITOR);

        HttpResponse<String> r = put(alice, "# Disk, edited\n", "configured");

        assertEquals(200, r.statusCode(), r.body());
        assertEquals(r.headers().firstValue("Tejun-Commit").orElseThrow(), git(temp, "rev-parse", "HEAD"));
        assertEquals(
                "alice|configured|runbooks/disk.md",
                git(temp, "log", "-1", "--name-only", "--format=%an|%s|").replace("\n", ""));
    }

    @Test
    void put_perUserPolicy_commitsOnTheSignedInUsersBranch() throws Exception {
        restart(Map.of(Key.GIT_COMMIT_ON_SAVE, "true", Key.GIT_BRANCH_POLICY, "per-user"));
        repository();
        String alice = t.userWith("alice", Role.EDITOR);

        HttpResponse<String> r = put(alice, "# Disk by alice\n", "mine");

        assertEquals(200, r.statusCode(), r.body());
        assertEquals(r.headers().firstValue("Tejun-Commit").orElseThrow(), git("rev-parse", "tejun/alice"));
        assertEquals("alice|mine", git("log", "-1", "--format=%an|%s", "tejun/alice"));
        assertEquals("start", git("log", "-1", "--format=%s", "main"));
        assertEquals("main", git("branch", "--show-current"));
    }

    @Test
    void moveThenDelete_inAGitWorkTree_eachOneCommitAsTheUserAndTheTreeClean() throws Exception {
        repository();
        String alice = t.userWith("alice", Role.EDITOR);
        Files.writeString(t.runbooks.resolve("notes.txt"), "changed by hand, not to be committed\n");

        HttpResponse<String> moved = t.as(
                alice,
                "POST",
                "/api/runbooks/disk.md/move",
                "{\"to\":\"ops/disk-check.md\",\"version\":\"" + version(alice) + "\"}");

        assertEquals(201, moved.statusCode(), moved.body());
        assertEquals(moved.headers().firstValue("Tejun-Commit").orElseThrow(), git("rev-parse", "HEAD"));
        assertEquals("alice|Move disk.md to ops/disk-check.md in Tejun", git("log", "-1", "--format=%an|%s"));
        assertEquals("R100\tdisk.md\tops/disk-check.md", git("show", "-M", "--name-status", "--format=", "HEAD"));
        assertEquals("M notes.txt", git("status", "--porcelain"));

        String version = JSON.readTree(t.as(alice, "GET", "/api/runbooks/ops/disk-check.md", null)
                        .body())
                .path("version")
                .asText();
        HttpResponse<String> deleted = t.as(
                alice,
                "DELETE",
                "/api/runbooks/ops/disk-check.md",
                "{\"version\":\"" + version + "\",\"message\":\"Retire the disk check\"}");

        assertEquals(200, deleted.statusCode(), deleted.body());
        assertEquals("alice|Retire the disk check", git("log", "-1", "--format=%an|%s"));
        assertEquals("D\tops/disk-check.md", git("show", "--name-status", "--format=", "HEAD"));
        assertEquals("M notes.txt", git("status", "--porcelain"));
    }

    @Test
    void move_perUserPolicy_commitsOnTheUsersBranchOnly() throws Exception {
        restart(Map.of(Key.GIT_COMMIT_ON_SAVE, "true", Key.GIT_BRANCH_POLICY, "per-user"));
        repository();
        String alice = t.userWith("alice", Role.EDITOR);

        HttpResponse<String> r = t.as(
                alice,
                "POST",
                "/api/runbooks/disk.md/move",
                "{\"to\":\"renamed.md\",\"version\":\"" + version(alice) + "\"}");

        assertEquals(201, r.statusCode(), r.body());
        assertEquals(r.headers().firstValue("Tejun-Commit").orElseThrow(), git("rev-parse", "tejun/alice"));
        assertEquals("notes.txt\nrenamed.md", git("ls-tree", "--name-only", "tejun/alice"));
        assertEquals("start", git("log", "-1", "--format=%s", "main"));
    }

    @Test
    void settings_badBranchPolicy_refusedNamingTheKey() {
        ConfigError e = assertThrows(ConfigError.class, () -> settings(Map.of(Key.GIT_BRANCH_POLICY, "per-team")));
        assertTrue(e.getMessage().contains("git.branch-policy"), e.getMessage());
    }
}
