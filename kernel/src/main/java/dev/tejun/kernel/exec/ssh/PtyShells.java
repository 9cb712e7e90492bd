package dev.tejun.kernel.exec.ssh;

import com.jcraft.jsch.Channel;
import com.jcraft.jsch.ChannelDirectTCPIP;
import com.jcraft.jsch.ChannelShell;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.Session;
import dev.tejun.cmdb.inventory.Inventory;
import dev.tejun.cmdb.inventory.InventoryHost;
import dev.tejun.kernel.exec.remote.CellSettings;
import dev.tejun.kernel.exec.remote.HostSecrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Interactive channels to CMDB hosts for cells that hold a conversation rather than run a command ({@code dialog}
 * cells): a shell with a pseudo-terminal, or a TCP stream forwarded by a host's bastion (telnet behind a jump host).
 * Hosts are reached exactly as ssh cells reach them ({@link Reach}: CMDB row, ssh_config, jump chain), over
 * connections kept for the session.
 */
public final class PtyShells implements AutoCloseable {

    /** A byte stream both ways; closing it ends the channel, never the connection it runs over. */
    public interface Stream extends AutoCloseable {
        InputStream input();

        OutputStream output();

        @Override
        void close();
    }

    private final SshConnections connections;
    private final Path sshConfig;
    private final Map<String, SshConnections.Target> targets = new LinkedHashMap<>();
    private HostKeyPolicy policy = HostKeyPolicy.STRICT;

    /** {@code knownHosts} and {@code sshConfig} as ssh cells read them ({@link SshExecutorFactory#knownHosts}). */
    public PtyShells(Path knownHosts, Path sshConfig) {
        this.connections = new SshConnections(knownHosts);
        this.sshConfig = sshConfig;
    }

    /** The ssh_config file of a data folder, as ssh cells read it. */
    public static Path sshConfig(Path dataDir) {
        return dataDir.resolve(SshConfig.FILE);
    }

    /**
     * Works out how to reach each host before anything connects.
     *
     * @throws CellSettings.Refused when a host's bastions or {@code host-key-policy=} cannot be used
     * @throws IOException          when the ssh_config file cannot be read
     */
    public synchronized void plan(Inventory inventory, HostSecrets secrets, List<InventoryHost> hosts, String keyPolicy)
            throws CellSettings.Refused, IOException {
        try {
            policy = keyPolicy == null ? HostKeyPolicy.STRICT : HostKeyPolicy.parse(keyPolicy);
        } catch (IllegalArgumentException e) {
            throw new CellSettings.Refused(e.getMessage());
        }
        Reach reach = new Reach(inventory, secrets, SshConfig.load(sshConfig));
        targets.clear();
        for (InventoryHost host : hosts) {
            targets.put(host.name(), reach.target(host));
        }
    }

    /** Where a host is reached, through which bastions: the detail of its "running" status. */
    public synchronized String describe(String host) {
        return String.valueOf(targets.get(host));
    }

    /** The bastions a host is reached through, as a transcript names them ({@code " via B1 → B2"}), or empty. */
    public synchronized String via(String host) {
        SshConnections.Target t = targets.get(host);
        return t == null ? "" : t.via();
    }

    /** A login shell on the host with a pseudo-terminal ({@code vt100}, 200 columns so lines are not wrapped). */
    public Stream shell(String host, Duration connectTimeout) throws IOException {
        Session session = session(host, connectTimeout);
        try {
            ChannelShell ch = (ChannelShell) session.openChannel("shell");
            ch.setPty(true);
            ch.setPtyType("vt100", 200, 50, 0, 0);
            return connect(ch, connectTimeout);
        } catch (JSchException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * A TCP stream to the host's {@code port}, opened by the last of its bastions (a {@code direct-tcpip} channel);
     * null when the host has no bastion, so the caller connects itself.
     */
    public Stream forwarded(String host, int port, Duration connectTimeout) throws IOException {
        SshConnections.Target t;
        synchronized (this) {
            t = targets.get(host);
        }
        if (t == null || t.jumps().isEmpty()) {
            return null;
        }
        List<SshConnections.Target> jumps = t.jumps();
        SshConnections.Target last = jumps.getLast().withJumps(jumps.subList(0, jumps.size() - 1));
        try {
            Session via = connections.open(last, policy, connectTimeout);
            ChannelDirectTCPIP ch = (ChannelDirectTCPIP) via.openChannel("direct-tcpip");
            ch.setHost(t.address());
            ch.setPort(port);
            return connect(ch, connectTimeout);
        } catch (JSchException e) {
            throw new IOException("through " + last.host() + ": " + e.getMessage(), e);
        }
    }

    private Session session(String host, Duration connectTimeout) throws IOException {
        SshConnections.Target t;
        synchronized (this) {
            t = targets.get(host);
        }
        if (t == null) {
            throw new IllegalStateException("host " + host + " was not planned");
        }
        try {
            return connections.open(t, policy, connectTimeout);
        } catch (JSchUnknownHostKeyException e) {
            throw new IOException("host key not in known_hosts (add it, or set host-key-policy=accept-new)", e);
        } catch (JSchException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static Stream connect(Channel ch, Duration connectTimeout) throws JSchException, IOException {
        InputStream in = ch.getInputStream();
        OutputStream out = ch.getOutputStream();
        ch.connect((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        return new Stream() {
            @Override
            public InputStream input() {
                return in;
            }

            @Override
            public OutputStream output() {
                return out;
            }

            @Override
            public void close() {
                ch.disconnect();
            }
        };
    }

    @Override
    public void close() {
        connections.close();
    }
}
