package dev.tejun.kernel.exec.ansible;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A team's OpenSSH config ({@code ssh-config:/path} as a host's credential) made readable to an ansible cell, which
 * runs sandboxed as another user and cannot see the server's files: the config is copied into the run's workspace,
 * and each key it names ({@code IdentityFile}) into the workspace's private folder, the line pointed at the copy. Both
 * go with the workspace when the run ends. {@code Include} is refused: the files it would pull in stay out of reach.
 */
final class SshConfigCopy {

    private static final Pattern IDENTITY =
            Pattern.compile("(?i)^(\\s*IdentityFile\\s*=?\\s*)(\"?)([^\"\\s]+)\\2\\s*$");
    private static final Pattern INCLUDE = Pattern.compile("(?i)^\\s*Include\\b.*");

    private SshConfigCopy() {}

    /** The copy's path in {@code ws}; {@code owner}: the host whose credential named {@code source}. */
    static Path copy(Workspace ws, String owner, Path source) throws IOException {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (String line : Files.readAllLines(source)) {
            if (INCLUDE.matcher(line).matches()) {
                throw new IOException("the ssh_config of " + owner + " (" + source + ") uses Include, which an ansible"
                        + " cell cannot follow: put the settings in that one file");
            }
            Matcher m = IDENTITY.matcher(line);
            if (m.matches()) {
                Path key = home(m.group(3));
                if (!Files.isRegularFile(key)) {
                    throw new IOException(
                            "the ssh_config of " + owner + " names the key " + key + ", which is not a file");
                }
                Path copied = ws.secretFile(
                        "ssh-config-" + Workspace.safe(owner) + "-" + n++ + ".key", Files.readString(key));
                line = m.group(1) + copied;
            }
            out.append(line).append('\n');
        }
        return ws.secretFile("ssh-config-" + Workspace.safe(owner), out.toString());
    }

    /** {@code ~/…} as OpenSSH reads it for the server's user, who wrote the file. */
    private static Path home(String path) {
        return path.startsWith("~/") ? Path.of(System.getProperty("user.home"), path.substring(2)) : Path.of(path);
    }
}
