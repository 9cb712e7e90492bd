package dev.tejun.server.git;

import static dev.tejun.kernel.folder.TestGit.git;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test fixture: a bare repository on disk as the runbooks' remote, holding {@link #DISK} on main, and bob's clone of
 * it, from which he pushes as a user of the Git host would.
 */
public record RemoteRepos(Path bare, Path bob) {

    public static final String DISK = "# Disk\n\n```sh {#df}\ndf -h /\n```\n";

    /** {@code temp/remote.git} and {@code temp/bob}. */
    public static RemoteRepos under(Path temp) throws Exception {
        Path seed = temp.resolve("seed");
        Files.createDirectories(seed);
        Files.writeString(seed.resolve("disk.md"), DISK);
        git(seed, "init", "-q", "-b", "main");
        git(seed, "add", ".");
        git(seed, "commit", "-q", "-m", "start");
        Path bare = temp.resolve("remote.git");
        git(temp, "clone", "-q", "--bare", seed.toString(), bare.toString());
        Path bob = temp.resolve("bob");
        git(temp, "clone", "-q", bare.toString(), bob.toString());
        return new RemoteRepos(bare, bob);
    }

    /** Makes {@code runbooks} (a server's folder, empty of Git) a checkout of the remote's main. */
    public void checkOut(Path runbooks) throws Exception {
        git(runbooks, "init", "-q", "-b", "main");
        git(runbooks, "pull", "-q", bare.toString(), "main");
    }

    /** bob commits {@code file} with {@code text} and pushes it to main. */
    public void bobPushes(String file, String text) throws Exception {
        Files.writeString(bob.resolve(file), text);
        git(bob, "add", file);
        git(bob, "commit", "-q", "-m", "bob: " + file);
        git(bob, "push", "-q", "origin", "main");
    }
}
