package dev.tejun.kernel.exec.ssh;

import dev.tejun.cmdb.inventory.Inventory;
import dev.tejun.cmdb.inventory.InventoryHost;
import dev.tejun.kernel.exec.remote.CellSettings;
import dev.tejun.kernel.exec.remote.HostSecrets;
import dev.tejun.kernel.exec.remote.Jumps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to reach each host of a cell: its CMDB row, then the server's ssh_config for what the row leaves open, then
 * its bastions — the CMDB's {@code jump} chain, or else ssh_config's {@code ProxyJump} — each with its own row's
 * credential.
 */
final class Reach {

    private final Inventory inventory;
    private final HostSecrets secrets;
    private final SshConfig config;

    Reach(Inventory inventory, HostSecrets secrets, SshConfig config) {
        this.inventory = inventory;
        this.secrets = secrets;
        this.config = config;
    }

    SshConnections.Target target(InventoryHost host) throws CellSettings.Refused, IOException {
        SshConnections.Target self = direct(host);
        List<SshConnections.Target> jumps = new ArrayList<>();
        for (InventoryHost bastion : Jumps.chain(inventory, host)) {
            jumps.add(direct(bastion));
        }
        if (jumps.isEmpty()) {
            SshConfig own = configOf(host);
            for (String hop : own.proxyJump(host.address())) {
                jumps.add(hop(hop, self, own));
            }
        }
        return self.withJumps(jumps);
    }

    private SshConnections.Target direct(InventoryHost host) throws IOException, CellSettings.Refused {
        String credential = secrets.credential(host.name()).orElse(null);
        boolean ownConfig = credential != null && credential.startsWith(HostSecrets.SSH_CONFIG_PREFIX);
        SshConnections.Target t = configOf(host)
                .apply(new SshConnections.Target(
                        host.name(), host.address(), host.sshPort(), host.user(), ownConfig ? null : credential));
        return t.user() != null ? t : withUser(t, System.getProperty("user.name"));
    }

    /**
     * The ssh_config for a host: the file its credential names ({@code ssh-config:/path}: a team keeps its own
     * aliases, keys and jumps), else the server's.
     */
    private SshConfig configOf(InventoryHost host) throws IOException, CellSettings.Refused {
        Optional<Path> own = secrets.sshConfig(host.name());
        return own.isPresent() ? SshConfig.load(own.get()) : config;
    }

    /**
     * One {@code ProxyJump} entry: a CMDB host by that name, else {@code [user@]host[:port]} through ssh_config;
     * with no key of its own it uses the target's, as ssh offers its default identities to every hop.
     */
    private SshConnections.Target hop(String spec, SshConnections.Target target, SshConfig config)
            throws IOException, CellSettings.Refused {
        InventoryHost known = inventory.hosts().get(spec);
        if (known != null) {
            return direct(known);
        }
        String user = null;
        String rest = spec;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            user = rest.substring(0, at);
            rest = rest.substring(at + 1);
        }
        int port = 22;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0 && rest.indexOf(':') == colon) {
            try {
                port = Integer.parseInt(rest.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new CellSettings.Refused("ProxyJump " + spec + " in ssh_config has no valid port");
            }
            rest = rest.substring(0, colon);
        }
        SshConnections.Target t = config.apply(new SshConnections.Target(rest, rest, port, user, null));
        if (t.credential() == null) {
            t = new SshConnections.Target(
                    t.host(),
                    t.address(),
                    t.port(),
                    t.user(),
                    target.credential(),
                    List.of(),
                    t.connectTimeout(),
                    t.aliveInterval());
        }
        return t.user() != null ? t : withUser(t, target.user());
    }

    private static SshConnections.Target withUser(SshConnections.Target t, String user) {
        return new SshConnections.Target(
                t.host(),
                t.address(),
                t.port(),
                user,
                t.credential(),
                t.jumps(),
                t.connectTimeout(),
                t.aliveInterval());
    }
}
