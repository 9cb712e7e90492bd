package dev.tejun.server.cluster;

import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * This server among several on one database: its {@code name} (unique in the cluster: {@code cluster.node-name}, or
 * the machine's host name and the port) and the {@code address} other servers and browsers reach it at.
 */
public record ClusterNode(String name, String address) {

    public ClusterNode {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a cluster node needs a name");
        }
    }

    /**
     * The name {@code settings} give, else {@code HOSTNAME:PORT} for the configured {@code port}. Known before the
     * server listens, as the stores that write it (alert runs, schedule runs, evidence) are made first: with port 0
     * (a port picked at the bind) the name is the host name and a random suffix, one per start, as the port would be.
     */
    public static String name(Settings settings, int port) {
        String name = settings.text(Key.CLUSTER_NODE_NAME);
        if (!name.isBlank()) {
            return name;
        }
        return hostName() + ":"
                + (port > 0
                        ? String.valueOf(port)
                        : "any-"
                                + HexFormat.of()
                                        .toHexDigits(ThreadLocalRandom.current().nextInt()));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost"; // no name resolves: the port still tells servers of one machine apart
        }
    }
}
