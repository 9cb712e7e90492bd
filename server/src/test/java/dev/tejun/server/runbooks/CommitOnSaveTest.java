package dev.tejun.server.runbooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A save from the API is a commit of that file, authored by the signed-in user; real git reads the repository. */
class CommitOnSaveTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    TestServer t;

    @BeforeEach
    void start() throws Exception {
        t = new TestServer(temp);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private String git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=setup", "-c", "user.email=s@x"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(t.runbooks.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", args) + ": " + out);
        return out.strip();
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
}
