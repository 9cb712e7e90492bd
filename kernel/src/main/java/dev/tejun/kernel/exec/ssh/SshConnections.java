package dev.tejun.kernel.exec.ssh;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UnixDomainSocketFactory;
import dev.tejun.kernel.exec.remote.HostSecrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SSH connection per host, opened on first use and kept for the session, so a runbook of ten ssh cells
 * authenticates once per host. A connection is opened again when it has dropped or when the CMDB now says
 * something else about the host (address, port, user, credential or bastions). A bastion's connection is shared by
 * every host behind it: each of them is a {@code direct-tcpip} channel through it ({@link JumpProxy}).
 */
final class SshConnections implements AutoCloseable {

    /** The prefix of a credential that says "authenticate with the ssh-agent listening on this socket". */
    static final String AGENT_PREFIX = "ssh-agent:";

    /**
     * How to reach one host. The credential is clear text (a private key, a password, or {@code ssh-agent:SOCKET}),
     * so the record never prints it.
     *
     * @param jumps          bastions, nearest first, each reached through the ones before it
     * @param connectTimeout from ssh_config's {@code ConnectTimeout}, or null for the cell's
     * @param aliveInterval  from ssh_config's {@code ServerAliveInterval}, or null for 15 s
     */
    record Target(
            String host,
            String address,
            int port,
            String user,
            String credential,
            List<Target> jumps,
            Duration connectTimeout,
            Duration aliveInterval) {

        Target {
            jumps = List.copyOf(jumps);
        }

        Target(String host, String address, int port, String user, String credential) {
            this(host, address, port, user, credential, List.of(), null, null);
        }

        Target withJumps(List<Target> through) {
            return new Target(host, address, port, user, credential, through, connectTimeout, aliveInterval);
        }

        /** Where the connection goes, through which bastions: the detail of the host's "running" status. */
        @Override
        public String toString() {
            return user + "@" + address + ":" + port + " (" + host + ")" + via();
        }

        /** {@code " via B1 → B2"}, the bastions nearest first; empty when the host is reached directly. */
        String via() {
            return jumps.isEmpty()
                    ? ""
                    : " via "
                            + String.join(
                                    " → ", jumps.stream().map(Target::host).toList());
        }

        /** The key of this connection: who, where, and through which bastions. */
        String path() {
            StringBuilder out = new StringBuilder();
            jumps.forEach(j -> out.append(j.host()).append('>'));
            return out.append(host).toString();
        }
    }

    private record Held(Target target, Session session) {}

    private final Path knownHosts;
    private final Map<String, Held> byPath = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    SshConnections(Path knownHosts) {
        this.knownHosts = knownHosts;
    }

    /**
     * The connection to a target: kept, or opened through its bastions (each opened or reused in turn).
     *
     * @throws JSchException with the bastion named first when a bastion could not be reached
     */
    Session open(Target target, HostKeyPolicy policy, Duration connectTimeout) throws JSchException {
        Session via = null;
        for (int i = 0; i < target.jumps().size(); i++) {
            Target jump = target.jumps().get(i).withJumps(target.jumps().subList(0, i));
            try {
                via = openOne(jump, via, policy, connectTimeout);
            } catch (JSchException e) {
                throw new JSchException(
                        "jump host " + jump.host() + " (" + jump.address() + ":" + jump.port() + "): " + e.getMessage(),
                        e);
            }
        }
        return openOne(target, via, policy, connectTimeout);
    }

    private Session openOne(Target target, Session via, HostKeyPolicy policy, Duration connectTimeout)
            throws JSchException {
        String key = target.path();
        ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        try {
            Held held = byPath.get(key);
            if (held != null && held.target().equals(target) && held.session().isConnected()) {
                return held.session();
            }
            if (held != null) {
                held.session().disconnect();
                byPath.remove(key, held);
            }
            Session session = connect(target, via, policy, connectTimeout);
            byPath.put(key, new Held(target, session));
            return session;
        } finally {
            lock.unlock();
        }
    }

    private Session connect(Target target, Session via, HostKeyPolicy policy, Duration connectTimeout)
            throws JSchException {
        JSch jsch = new JSch();
        KnownHostsFile known = new KnownHostsFile(knownHosts, policy);
        jsch.setHostKeyRepository(known);
        String credential = target.credential();
        boolean agent = credential != null && credential.startsWith(AGENT_PREFIX);
        boolean key = !agent && credential != null && HostSecrets.isPrivateKey(credential);
        if (agent) {
            jsch.setIdentityRepository(
                    agent(credential.substring(AGENT_PREFIX.length()).strip()));
        } else if (key) {
            jsch.addIdentity(target.host(), credential.getBytes(StandardCharsets.UTF_8), null, null);
        }
        Session session = jsch.getSession(target.user(), target.address(), target.port());
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("PreferredAuthentications", agent || key ? "publickey" : "password");
        if (!agent && !key && credential != null) {
            session.setPassword(credential);
        }
        if (via != null) {
            session.setProxy(new JumpProxy(via));
        }
        Duration alive = target.aliveInterval() == null ? Duration.ofSeconds(15) : target.aliveInterval();
        session.setServerAliveInterval((int) Math.min(Integer.MAX_VALUE, alive.toMillis()));
        Duration timeout = target.connectTimeout() == null ? connectTimeout : target.connectTimeout();
        try {
            session.connect((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        } catch (JSchChangedHostKeyException e) {
            throw new ChangedHostKey(known.changeSeen(), e);
        }
        return session;
    }

    private static AgentIdentityRepository agent(String socket) throws JSchException {
        if (socket.isEmpty()) {
            throw new JSchException("the credential names no agent socket: write ssh-agent:/path/to/socket");
        }
        try {
            return new AgentIdentityRepository(new SSHAgentConnector(new UnixDomainSocketFactory(), Path.of(socket)));
        } catch (AgentProxyException e) {
            throw new JSchException("cannot use the ssh-agent at " + socket + ": " + e.getMessage(), e);
        }
    }

    /** A host key that differs from the one known; the message names both fingerprints. */
    static final class ChangedHostKey extends JSchException {
        ChangedHostKey(String fingerprints, Throwable cause) {
            super(
                    "host key differs from known_hosts: refused"
                            + (fingerprints == null ? "" : " (" + fingerprints + ")"),
                    cause);
        }
    }

    @Override
    public void close() {
        // hosts behind a bastion first, so no channel is cut under a session that is still closing
        byPath.entrySet().stream()
                .sorted((a, b) -> Long.compare(depth(b.getKey()), depth(a.getKey())))
                .forEach(e -> e.getValue().session().disconnect());
        byPath.clear();
    }

    private static long depth(String path) {
        return path.chars().filter(c -> c == '>').count();
    }
}
