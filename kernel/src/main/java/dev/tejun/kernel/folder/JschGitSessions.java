package dev.tejun.kernel.folder;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RemoteSession;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;

/**
 * SSH for Git remotes through the JSch Tejun already uses for ssh cells (JGit's own SSH modules are not a dependency):
 * one key, and a host key that must already be in the known_hosts file ssh cells use — an SSH remote is never trusted
 * on first use, since a pull writes into the runbooks that production runs.
 */
final class JschGitSessions extends SshSessionFactory {

    private final String pem;
    private final Path knownHosts;

    JschGitSessions(String pem, Path knownHosts) {
        this.pem = pem;
        this.knownHosts = knownHosts;
    }

    @Override
    public RemoteSession getSession(URIish uri, CredentialsProvider credentials, FS fs, int timeoutSeconds)
            throws TransportException {
        if (knownHosts == null || !Files.isRegularFile(knownHosts)) {
            throw new TransportException(
                    uri,
                    "no known_hosts file (" + knownHosts + "): add the Git host's key there"
                            + " (ssh-keyscan), an SSH remote is never trusted on first use");
        }
        try {
            JSch jsch = new JSch();
            jsch.setKnownHosts(knownHosts.toString());
            jsch.addIdentity("git-remote", pem.getBytes(StandardCharsets.UTF_8), null, null);
            String user = uri.getUser() != null ? uri.getUser() : "git";
            Session session = jsch.getSession(user, uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 22);
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("PreferredAuthentications", "publickey");
            session.connect(Math.max(timeoutSeconds, 10) * 1000);
            return new Connected(session);
        } catch (JSchException e) {
            throw new TransportException(uri, "ssh: " + e.getMessage(), e);
        }
    }

    @Override
    public String getType() {
        return "tejun-jsch";
    }

    private record Connected(Session session) implements RemoteSession {
        @Override
        public Process exec(String command, int timeout) throws IOException {
            try {
                ChannelExec channel = (ChannelExec) session.openChannel("exec");
                channel.setCommand(command);
                InputStream out = channel.getInputStream();
                InputStream err = channel.getErrStream();
                OutputStream in = channel.getOutputStream();
                channel.connect(Math.max(timeout, 10) * 1000);
                return new ChannelProcess(channel, in, out, err);
            } catch (JSchException e) {
                throw new IOException("ssh exec " + command + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void disconnect() {
            session.disconnect();
        }
    }

    /** A remote command seen as a local {@link Process}, which is what JGit's SSH transport reads and writes. */
    private static final class ChannelProcess extends Process {
        private final ChannelExec channel;
        private final OutputStream in;
        private final InputStream out;
        private final InputStream err;

        ChannelProcess(ChannelExec channel, OutputStream in, InputStream out, InputStream err) {
            this.channel = channel;
            this.in = in;
            this.out = out;
            this.err = err;
        }

        @Override
        public OutputStream getOutputStream() {
            return in;
        }

        @Override
        public InputStream getInputStream() {
            return out;
        }

        @Override
        public InputStream getErrorStream() {
            return err;
        }

        @Override
        public int waitFor() throws InterruptedException {
            while (!channel.isClosed()) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            return channel.getExitStatus();
        }

        @Override
        public int exitValue() {
            if (!channel.isClosed()) {
                throw new IllegalThreadStateException("still running");
            }
            return channel.getExitStatus();
        }

        @Override
        public void destroy() {
            channel.disconnect();
        }
    }
}
