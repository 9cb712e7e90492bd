package dev.tejun.server.cluster;

import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import java.net.InetAddress;
import java.net.UnknownHostException;

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

    /** The node {@code settings} name, or {@code HOSTNAME:PORT} when none is set, reached at {@code address}. */
    public static ClusterNode of(Settings settings, int port, String address) {
        String name = settings.text(Key.CLUSTER_NODE_NAME);
        return new ClusterNode(name.isBlank() ? hostName() + ":" + port : name, address);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost"; // no name resolves: the port still tells servers of one machine apart
        }
    }
}
