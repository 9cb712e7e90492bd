package dev.tejun.kernel.exec.remote;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A bastion that is the only way in ({@link Netns}): an sshd for the bastion in its own namespace and one for two
 * targets that only the bastion's namespace reaches, each with its own key. {@link #seed} puts them in a CMDB as the
 * tests name them: {@code bastion} (group bastions), {@code app1} and {@code app2} (group app, jump bastion).
 */
public final class JumpFleet implements AutoCloseable {

    public final Netns net;
    public final Sshd bastion;
    public final Sshd targets;

    private JumpFleet(Netns net, Sshd bastion, Sshd targets) {
        this.net = net;
        this.bastion = bastion;
        this.targets = targets;
    }

    /** Fails the test naming what to install where namespaces cannot be made. */
    public static JumpFleet start(Path dir) throws Exception {
        Netns.requireAvailable();
        Netns net = Netns.create(2);
        Sshd bastion = null;
        try {
            bastion = Sshd.start(dir.resolve("bastion"), List.of(net.bastionAddress()), net.bastion(), false);
            Sshd targets = Sshd.start(dir.resolve("targets"), net.targetAddresses(), net.targets(), false);
            return new JumpFleet(net, bastion, targets);
        } catch (Exception e) {
            if (bastion != null) {
                bastion.close();
            }
            net.close();
            throw e;
        }
    }

    /** The three rows, and both sshds' host keys in the known_hosts that ssh cells over {@code data} read. */
    public void seed(CmdbStore cmdb, Path data) throws IOException {
        TestHosts.addHost(cmdb, "bastion", bastion, 0, bastion.clientKeyText(), "bastions", null);
        TestHosts.addHost(cmdb, "app1", targets, 0, targets.clientKeyText(), "app", "bastion");
        TestHosts.addHost(cmdb, "app2", targets, 1, targets.clientKeyText(), "app", "bastion");
        Files.writeString(SshExecutorFactory.knownHosts(data), bastion.knownHostsLines() + targets.knownHostsLines());
    }

    @Override
    public void close() throws InterruptedException {
        targets.close();
        bastion.close();
        net.close();
    }
}
