package dev.tejun.kernel.exec.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Test fixture: two network namespaces made for one test class, so that a bastion really is the only way in. The
 * test's own namespace reaches the bastion namespace over one veth pair ({@code 10.N.1.1 ↔ 10.N.1.2}); the bastion
 * namespace reaches the target namespace over another ({@code 10.N.2.1 ↔ 10.N.2.2…}); the bastion namespace does not
 * forward, and the test's namespace has no route to {@code 10.N.2.0/24}. Needs root (as {@code ./tejun test} runs).
 *
 * <pre>{@code
 * try (Netns net = Netns.create(3)) { Sshd.start(dir, List.of(net.bastionAddress()), net.bastion(), false); … }
 * }</pre>
 */
public final class Netns implements AutoCloseable {

    private final String bastion;
    private final String targets;
    private final String rootLink;
    private final int net;
    private final int hosts;

    private Netns(String bastion, String targets, String rootLink, int net, int hosts) {
        this.bastion = bastion;
        this.targets = targets;
        this.rootLink = rootLink;
        this.net = net;
        this.hosts = hosts;
    }

    /** Fails with what to install when namespaces cannot be made here (root and {@code ip} are needed). */
    public static void requireAvailable() {
        // not a skip: ./tejun test runs as root and installs iproute2; a machine without them fails loudly
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("network namespaces need root: run ./tejun test as root");
        }
        try {
            if (run(List.of("ip", "netns", "list")) != 0) {
                throw new IllegalStateException("'ip netns list' failed: install iproute2 (./tejun test does)");
            }
        } catch (IOException e) {
            throw new IllegalStateException("no 'ip' command: install iproute2 (./tejun test does)", e);
        }
    }

    /** The two namespaces, with {@code hosts} target addresses. */
    public static Netns create(int hosts) throws IOException {
        int tag = ThreadLocalRandom.current().nextInt(10_000, 100_000);
        int net = ThreadLocalRandom.current().nextInt(100, 250);
        Netns n = new Netns("tjb" + tag, "tjt" + tag, "tjr" + tag, net, hosts);
        try {
            n.build();
        } catch (IOException e) {
            n.close();
            throw e;
        }
        return n;
    }

    private void build() throws IOException {
        must("ip", "netns", "add", bastion);
        must("ip", "netns", "add", targets);
        must("ip", "link", "add", rootLink, "type", "veth", "peer", "name", "up0", "netns", bastion);
        must("ip", "addr", "add", "10." + net + ".1.1/24", "dev", rootLink);
        must("ip", "link", "set", rootLink, "up");
        must("ip", "-n", bastion, "addr", "add", bastionAddress() + "/24", "dev", "up0");
        must("ip", "-n", bastion, "link", "set", "up0", "up");
        must("ip", "-n", bastion, "link", "set", "lo", "up");
        must("ip", "netns", "exec", bastion, "sysctl", "-q", "-w", "net.ipv4.ip_forward=0");
        must("ip", "-n", bastion, "link", "add", "down0", "type", "veth", "peer", "name", "in0", "netns", targets);
        must("ip", "-n", bastion, "addr", "add", "10." + net + ".2.1/24", "dev", "down0");
        must("ip", "-n", bastion, "link", "set", "down0", "up");
        for (String address : targetAddresses()) {
            must("ip", "-n", targets, "addr", "add", address + "/24", "dev", "in0");
        }
        must("ip", "-n", targets, "link", "set", "in0", "up");
        must("ip", "-n", targets, "link", "set", "lo", "up");
    }

    public String bastion() {
        return bastion;
    }

    public String targets() {
        return targets;
    }

    /** The bastion's address, reachable from the test. */
    public String bastionAddress() {
        return "10." + net + ".1.2";
    }

    /** The targets' addresses, reachable from the bastion only. */
    public List<String> targetAddresses() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            out.add("10." + net + ".2." + (i + 2));
        }
        return out;
    }

    @Override
    public void close() {
        // deleting a namespace deletes its veth ends, and with them their peers in the test's namespace
        for (String ns : List.of(targets, bastion)) {
            try {
                run(List.of("ip", "netns", "del", ns));
            } catch (IOException ignored) {
                // not made, or gone
            }
        }
        try {
            run(List.of("ip", "link", "del", rootLink));
        } catch (IOException ignored) {
            // gone with its peer
        }
    }

    private static void must(String... command) throws IOException {
        if (run(List.of(command)) != 0) {
            throw new IOException("failed: " + String.join(" ", command));
        }
    }

    private static int run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            int exit = p.waitFor();
            if (exit != 0 && !command.contains("del")) {
                System.err.println(String.join(" ", command) + ": " + out);
            }
            return exit;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
