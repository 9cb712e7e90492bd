package dev.tejun.kernel.folder;

import java.nio.file.Path;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * How Tejun logs in to its Git remote: nothing (a {@code file:} or {@code git://} remote), an access token (HTTPS, as
 * GitHub, GitLab and Gitea take one for the password), or an SSH private key (an {@code ssh://} or {@code user@host:}
 * remote, through Tejun's own SSH client and the host keys ssh cells trust). The secret is the CMDB credential the
 * configuration names; it lives in this object only for one pull or push.
 */
public sealed interface RemoteLogin {

    /** Applies the login to a fetch or push. */
    <C extends TransportCommand<C, ?>> C apply(C command);

    /** No login. */
    static RemoteLogin none() {
        return new None();
    }

    /**
     * The login a credential's value stands for: a PEM private key ({@code -----BEGIN … PRIVATE KEY-----}) is an SSH
     * key, anything else a token; {@code knownHosts}: the file whose entries an SSH remote's host key must match.
     */
    static RemoteLogin of(String secret, Path knownHosts) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the credential has no value");
        }
        String s = secret.strip();
        return s.startsWith("-----BEGIN") && s.contains("PRIVATE KEY") ? new SshKey(s, knownHosts) : new Token(s);
    }

    record None() implements RemoteLogin {
        @Override
        public <C extends TransportCommand<C, ?>> C apply(C command) {
            return command;
        }
    }

    /** {@code USER:TOKEN}, or a token alone (sent with the user name {@code tejun}, which the hosts ignore). */
    record Token(String token) implements RemoteLogin {
        @Override
        public <C extends TransportCommand<C, ?>> C apply(C command) {
            int colon = token.indexOf(':');
            String user = colon > 0 ? token.substring(0, colon) : "tejun";
            String secret = colon > 0 ? token.substring(colon + 1) : token;
            return command.setCredentialsProvider(new UsernamePasswordCredentialsProvider(user, secret));
        }

        @Override
        public String toString() {
            return "Token[****]";
        }
    }

    record SshKey(String pem, Path knownHosts) implements RemoteLogin {
        @Override
        public <C extends TransportCommand<C, ?>> C apply(C command) {
            return command.setTransportConfigCallback(t -> {
                if (t instanceof SshTransport ssh) {
                    ssh.setSshSessionFactory(new JschGitSessions(pem, knownHosts));
                }
            });
        }

        @Override
        public String toString() {
            return "SshKey[****]";
        }
    }
}
