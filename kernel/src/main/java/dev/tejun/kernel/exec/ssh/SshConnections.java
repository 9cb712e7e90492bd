package dev.tejun.kernel.exec.ssh;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import dev.tejun.kernel.exec.remote.HostSecrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One SSH connection per host, opened on first use and kept for the session, so a runbook of ten ssh cells
 * authenticates once per host. A connection is opened again when it has dropped or when the CMDB now says
 * something else about the host (address, port, user or credential).
 */
final class SshConnections implements AutoCloseable {

    /** How to reach one host. The credential is clear text, so the record never prints it. */
    record Target(String host, String address, int port, String user, String credential) {
        @Override
        public String toString() {
            return user + "@" + address + ":" + port + " (" + host + ")";
        }
    }

    private record Held(Target target, Session session) {}

    private final Path knownHosts;
    private final Map<String, Held> byHost = new ConcurrentHashMap<>();

    SshConnections(Path knownHosts) {
        this.knownHosts = knownHosts;
    }

    Session open(Target target, HostKeyPolicy policy, Duration connectTimeout) throws JSchException {
        Held held = byHost.get(target.host());
        if (held != null && held.target().equals(target) && held.session().isConnected()) {
            return held.session();
        }
        if (held != null) {
            held.session().disconnect();
            byHost.remove(target.host(), held);
        }
        JSch jsch = new JSch();
        jsch.setHostKeyRepository(new KnownHostsFile(knownHosts, policy));
        String credential = target.credential();
        boolean key = credential != null && HostSecrets.isPrivateKey(credential);
        if (key) {
            jsch.addIdentity(target.host(), credential.getBytes(StandardCharsets.UTF_8), null, null);
        }
        Session session = jsch.getSession(target.user(), target.address(), target.port());
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("PreferredAuthentications", key ? "publickey" : "password");
        if (!key && credential != null) {
            session.setPassword(credential);
        }
        session.setServerAliveInterval(15_000);
        session.connect((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        byHost.put(target.host(), new Held(target, session));
        return session;
    }

    @Override
    public void close() {
        byHost.values().forEach(h -> h.session().disconnect());
        byHost.clear();
    }
}
