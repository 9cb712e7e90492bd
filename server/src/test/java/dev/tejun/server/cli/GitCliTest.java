package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
import dev.tejun.kernel.folder.TestGit;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.git.RemoteRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tejun git pull|push} against a server whose runbooks have a bare repository on disk as their remote. */
class GitCliTest {

    @TempDir
    Path tmp;

    @AutoClose
    private TestServer ts;

    private CliAgainstServer server(String remoteUrl) throws Exception {
        return server(Map.of(Key.GIT_REMOTE_URL, remoteUrl));
    }

    private CliAgainstServer server(Map<Key, String> flags) throws Exception {
        Settings settings = Settings.of(Map.of(), Map.of(), flags);
        ts = new TestServer(tmp.resolve("server"), config -> config.with(settings));
        return new CliAgainstServer(ts, tmp.resolve("home"));
    }

    @Test
    void pull_aFileThatFailsItsCheck_printsItAndExits1() throws Exception {
        RemoteRepos remote = RemoteRepos.under(tmp);
        CliAgainstServer cli = server(remote.bare().toString());
        remote.checkOut(ts.runbooks);
        remote.bobPushes("bad.md", "---\ntitle: [unclosed\n---\n# Bad\n");

        assertEquals(1, cli.run("git", "pull"), cli.err());

        assertTrue(cli.out().contains("pull: 1 file(s) changed, 1 failed the check"), cli.out());
        assertTrue(cli.out().contains("FAIL bad.md"), cli.out());
        assertTrue(Files.exists(ts.runbooks.resolve("bad.md")));
    }

    @Test
    void push_thenPullUpToDate_exit0() throws Exception {
        RemoteRepos remote = RemoteRepos.under(tmp);
        CliAgainstServer cli = server(remote.bare().toString());
        remote.checkOut(ts.runbooks);
        Files.writeString(ts.runbooks.resolve("disk.md"), "# Disk, by tejun\n");
        TestGit.git(ts.runbooks, "commit", "-q", "-am", "local");

        assertEquals(0, cli.run("git", "push"), cli.err());
        assertEquals(TestGit.git(ts.runbooks, "rev-parse", "HEAD"), TestGit.git(remote.bare(), "rev-parse", "main"));
        assertEquals(0, cli.run("git", "pull"), cli.err());
        assertTrue(cli.out().contains("pull: up to date"), cli.out());
    }

    @Test
    void pull_unreachableRemote_saysSoAndExitsNonZero() throws Exception {
        CliAgainstServer cli = server(tmp.resolve("no-such.git").toString());
        TestGit.git(ts.runbooks, "init", "-q", "-b", "main");

        int code = cli.run("git", "pull");

        assertTrue(code != 0);
        assertTrue(cli.err().contains("502") && cli.err().contains("fetch from"), cli.err());
    }

    @Test
    void pull_credentialNamesNoRow_failsNamingItAndPullsNothing() throws Exception {
        RemoteRepos remote = RemoteRepos.under(tmp);
        CliAgainstServer cli = server(
                Map.of(Key.GIT_REMOTE_URL, remote.bare().toString(), Key.GIT_REMOTE_CREDENTIAL, "credential:nosuch"));
        remote.checkOut(ts.runbooks);
        remote.bobPushes("new.md", "# New\n");

        assertTrue(cli.run("git", "pull") != 0);

        assertTrue(cli.err().contains("git.remote.credential=credential:nosuch: no row nosuch"), cli.err());
        assertTrue(Files.notExists(ts.runbooks.resolve("new.md")));
    }

    @Test
    void pull_overSshWithAKeyFromTheCredentialsSheet_bringsThePush() throws Exception {
        RemoteRepos remote = RemoteRepos.under(tmp);
        try (Sshd sshd = Sshd.start(tmp.resolve("sshd"), 1)) {
            String url = "ssh://" + sshd.user() + "@" + sshd.address(0) + ":" + sshd.port() + remote.bare();
            CliAgainstServer cli =
                    server(Map.of(Key.GIT_REMOTE_URL, url, Key.GIT_REMOTE_CREDENTIAL, "credential:git-deploy"));
            TestHosts.credential(ts.cmdb, "git-deploy", sshd.clientKeyText());
            Files.writeString(SshExecutorFactory.knownHosts(ts.data), sshd.knownHostsLines());
            remote.checkOut(ts.runbooks);
            remote.bobPushes("new.md", "# New\n");

            assertEquals(0, cli.run("git", "pull"), cli.err());

            assertEquals("# New\n", Files.readString(ts.runbooks.resolve("new.md")));
        }
    }
}
