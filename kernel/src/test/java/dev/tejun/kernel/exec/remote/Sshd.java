package dev.tejun.kernel.exec.remote;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: a real OpenSSH server ({@code /usr/sbin/sshd -D -e}) on loopback, with a fresh host key and a
 * fresh client key, listening on one port of several loopback addresses (127.0.0.2, 127.0.0.3, …) so that it
 * acts as several hosts. The login user is the one running the tests; only the generated client key is accepted.
 *
 * <pre>{@code
 * try (Sshd sshd = Sshd.start(dir, 3)) { sshd.address(0); sshd.port(); sshd.clientKey(); }
 * }</pre>
 */
public final class Sshd implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final List<String> addresses;
    /** sshd listens on at most 16 sockets (its MAX_LISTEN_SOCKS), so more hosts take more processes. */
    private static final int ADDRESSES_PER_PROCESS = 16;

    private final List<Process> processes;
    /** The network namespace sshd runs in ({@link Netns}), or null for the test's own. */
    private final String namespace;

    private volatile String loginUser;

    private Sshd(Path dir, int port, List<String> addresses, List<Process> processes, String namespace) {
        this.dir = dir;
        this.port = port;
        this.addresses = addresses;
        this.processes = processes;
        this.namespace = namespace;
    }

    /** Starts sshd for {@code hosts} loopback addresses; fails if it is not accepting connections within 15 s. */
    public static Sshd start(Path dir, int hosts) throws IOException, InterruptedException {
        return start(dir, hosts, false);
    }

    /**
     * As {@link #start(Path, int)}; with {@code passwords}, the server also accepts password logins (checked by
     * sshd against the system's shadow file, since PAM is off), for tests of password credentials.
     */
    public static Sshd start(Path dir, int hosts, boolean passwords) throws IOException, InterruptedException {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            addresses.add("127.0.0." + (i + 2));
        }
        return start(dir, addresses, null, passwords);
    }

    /**
     * sshd on the given addresses, inside a network namespace made by {@link Netns} (null: the test's own), so a
     * host can be made reachable only through a bastion.
     */
    public static Sshd start(Path dir, List<String> addresses, String namespace, boolean passwords)
            throws IOException, InterruptedException {
        return start(dir, addresses, namespace, passwords, ADDRESSES_PER_PROCESS);
    }

    /**
     * As {@link #start(Path, int)}, with an sshd process of its own for each host, so that {@link #stop(int)} can
     * take one host down (its address then refuses connections) while the others go on.
     */
    public static Sshd startApart(Path dir, int hosts) throws IOException, InterruptedException {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            addresses.add("127.0.0." + (i + 2));
        }
        return start(dir, addresses, null, false, 1);
    }

    private static Sshd start(
            Path dir, List<String> addresses, String namespace, boolean passwords, int addressesPerProcess)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        keygen(dir.resolve("host_key"));
        keygen(dir.resolve("other_host_key"));
        keygen(dir.resolve("client_key"));
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        if (Files.exists(dir.resolve("ca_key"))) {
            // a CA made by certifiedBy(): sshd presents the host key signed by it, for every address
            sign(dir, addresses);
        }
        // sshd's privilege separation needs this directory; a container may not have it
        Files.createDirectories(Path.of("/run/sshd"));
        int port = freePort();
        List<Process> processes = new ArrayList<>();
        for (int from = 0; from < addresses.size(); from += addressesPerProcess) {
            List<String> mine = addresses.subList(from, Math.min(addresses.size(), from + addressesPerProcess));
            processes.add(startOne(dir, port, mine, from / addressesPerProcess, passwords, namespace));
        }
        Sshd sshd = new Sshd(dir, port, List.copyOf(addresses), processes, namespace);
        sshd.awaitListening();
        return sshd;
    }

    /** Makes a host CA in {@code dir} before {@link #start}: sshd there will present a host certificate it signed. */
    public static void certifiedBy(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        keygen(dir.resolve("ca_key"));
    }

    /** A known_hosts line that trusts the CA of {@link #certifiedBy} for every host. */
    public String certAuthorityLine() throws IOException {
        String[] key = Files.readString(dir.resolve("ca_key.pub")).trim().split("\\s+");
        return "@cert-authority * " + key[0] + " " + key[1] + "\n";
    }

    private static void sign(Path dir, List<String> addresses) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        "ssh-keygen",
                        "-q",
                        "-s",
                        dir.resolve("ca_key").toString(),
                        "-h",
                        "-I",
                        "tejun-test-host",
                        "-n",
                        String.join(",", addresses),
                        dir.resolve("host_key.pub").toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("ssh-keygen -s failed: " + out);
        }
    }

    private static Process startOne(
            Path dir, int port, List<String> addresses, int n, boolean passwords, String namespace) throws IOException {
        StringBuilder config = new StringBuilder();
        config.append("Port ").append(port).append('\n');
        addresses.forEach(a -> config.append("ListenAddress ").append(a).append('\n'));
        config.append("HostKey ").append(dir.resolve("host_key")).append('\n');
        if (Files.exists(dir.resolve("host_key-cert.pub"))) {
            config.append("HostCertificate ")
                    .append(dir.resolve("host_key-cert.pub"))
                    .append('\n');
        }
        config.append("AuthorizedKeysFile ")
                .append(dir.resolve("authorized_keys"))
                .append('\n')
                .append("PidFile ")
                .append(dir.resolve("sshd" + n + ".pid"))
                .append('\n')
                .append("""
                        UsePAM no
                        StrictModes no
                        PermitRootLogin prohibit-password
                        PasswordAuthentication %s
                        KbdInteractiveAuthentication no
                        MaxStartups 200
                        MaxSessions 100
                        LogLevel ERROR
                        """.formatted(passwords ? "yes" : "no"));
        if (Files.exists(dir.resolve("extra_config"))) {
            // lines a test adds (a ForceCommand running a device's console, say)
            config.append(Files.readString(dir.resolve("extra_config")));
        }
        Path configFile = dir.resolve("sshd_config" + n);
        Files.writeString(configFile, config);
        List<String> command = new ArrayList<>();
        if (namespace != null) {
            command.addAll(List.of("ip", "netns", "exec", namespace));
        }
        command.addAll(List.of("/usr/sbin/sshd", "-D", "-e", "-f", configFile.toString()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sshd" + n + ".log").toFile())
                .start();
    }

    public int port() {
        return port;
    }

    /** The loopback address of host {@code i} (0-based). */
    public String address(int i) {
        return addresses.get(i);
    }

    public List<String> addresses() {
        return addresses;
    }

    public Path clientKey() {
        return dir.resolve("client_key");
    }

    public String clientKeyText() throws IOException {
        return Files.readString(clientKey());
    }

    /** The account hosts log in as: the current user unless {@link #loginAs} named another. */
    public String user() {
        return loginUser == null ? System.getProperty("user.name") : loginUser;
    }

    /**
     * Logs in as another local account (the benchmarks use one whose shell is plain {@code sh}, so no rc file of
     * the current user is timed); the same client key works, as the authorized keys file is this server's own.
     */
    public void loginAs(String account) {
        this.loginUser = account;
    }

    /** Lines for a known_hosts file that trust this server's host key at every address. */
    public String knownHostsLines() throws IOException {
        return knownHostsLines(dir.resolve("host_key.pub"));
    }

    /** Lines that pin a different key than the server's: a "changed host key". */
    public String wrongKnownHostsLines() throws IOException {
        return knownHostsLines(dir.resolve("other_host_key.pub"));
    }

    private String knownHostsLines(Path pub) throws IOException {
        String[] key = Files.readString(pub).trim().split("\\s+");
        StringBuilder out = new StringBuilder();
        addresses.forEach(a -> out.append('[')
                .append(a)
                .append("]:")
                .append(port)
                .append(' ')
                .append(key[0])
                .append(' ')
                .append(key[1])
                .append('\n'));
        return out.toString();
    }

    /** A port on which nothing listens (bound and released), for an unreachable host. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        for (String address : addresses) {
            while (true) {
                for (int n = 0; n < processes.size(); n++) {
                    if (!processes.get(n).isAlive()) {
                        throw new IOException("sshd exited: " + Files.readString(dir.resolve("sshd" + n + ".log")));
                    }
                }
                try {
                    connect(address);
                    break;
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("sshd not listening on " + address + ":" + port, e);
                    }
                    Thread.sleep(20);
                }
            }
        }
    }

    /** A TCP connect to the address from sshd's own namespace. */
    private void connect(String address) throws IOException, InterruptedException {
        if (namespace == null) {
            try (Socket s = new Socket(address, port)) {
                return;
            }
        }
        Process probe = new ProcessBuilder(
                        "ip", "netns", "exec", namespace, "bash", "-c", "exec 3<>/dev/tcp/" + address + "/" + port)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (probe.waitFor() != 0) {
            throw new IOException("not yet listening");
        }
    }

    private static void keygen(Path key) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "tejun-test", "-f", key.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("ssh-keygen failed: " + out);
        }
    }

    /**
     * Takes host {@code i} down: its sshd process ends, and connections to its address are refused from then on.
     * Only for a server made by {@link #startApart}, where each host has a process of its own.
     */
    public void stop(int i) throws InterruptedException {
        if (processes.size() != addresses.size()) {
            throw new IllegalStateException("hosts share sshd processes here: start the server with startApart");
        }
        Process process = processes.get(i);
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
