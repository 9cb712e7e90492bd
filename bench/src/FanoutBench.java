import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.ansible.AnsibleExecutorFactory;
import dev.tejun.kernel.exec.remote.HostOutput;
import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
import dev.tejun.kernel.runbook.Attributes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `true` on 20 loopback host aliases: Tejun's ssh executor (a new session each run, so connections are opened
 * each time, and a warm figure where the session's connections are reused), ansible-playbook and ansible ad hoc
 * (forks=10, a fresh ControlPath folder each run so no ssh master survives between runs), same sshd, same
 * known_hosts, same key, alternating. Then an ansible cell beside a bare ansible-playbook of the same play.
 */
public class FanoutBench {

    static final int HOSTS = 20;
    static final String PLAY = """
            - hosts: web
              gather_facts: false
              tasks:
                - ansible.builtin.command: "true"
            """;

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        if (args.length > 2 && args[2].equals("fleet")) {
            fleet(repo, runs);
            return;
        }
        if (args.length > 2 && args[2].equals("facts")) {
            FactsBench.run(repo, runs);
            return;
        }
        Path tmp = Files.createTempDirectory("tejun-fanout-");
        // sshd reads the authorized keys as the account logging in, which must be able to walk down to them
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Sshd sshd = Sshd.start(tmp.resolve("sshd"), HOSTS)) {
            sshd.loginAs(benchAccount());
            Path data = Files.createDirectories(tmp.resolve("data"));
            try (CmdbStore cmdb = new CmdbStore(data.resolve("tejun.db"))) {
                TestHosts.seed(cmdb, sshd);
                Files.writeString(SshExecutorFactory.knownHosts(data), sshd.knownHostsLines());
                Path ansibleDir = bareAnsible(tmp, sshd, data);
                Map<String, List<Double>> times = new LinkedHashMap<>();
                for (String k : List.of("tejun ssh (cold session)", "tejun ssh (warm session)", "ansible-playbook -f 10",
                        "ansible -m command -f 10", "tejun ansible cell", "bare ansible-playbook (same play)")) {
                    times.put(k, new ArrayList<>());
                }
                for (int i = -1; i < runs; i++) { // run -1 warms the JVM and the page cache; not counted
                    boolean count = i >= 0;
                    List<Runnable> order = new ArrayList<>();
                    order.add(() -> record(times, count, "tejun ssh (cold session)", () -> tejunSsh(cmdb, data, false)));
                    order.add(() -> record(times, count, "tejun ssh (warm session)", () -> tejunSsh(cmdb, data, true)));
                    order.add(() -> record(times, count, "ansible-playbook -f 10", () -> proc(ansibleDir, "ansible-playbook", "-f", "10", "play.yml")));
                    order.add(() -> record(times, count, "ansible -m command -f 10", () -> proc(ansibleDir, "ansible", "web", "-f", "10", "-m", "command", "-a", "true")));
                    order.add(() -> record(times, count, "tejun ansible cell", () -> tejunAnsible(cmdb, data)));
                    order.add(() -> record(times, count, "bare ansible-playbook (same play)", () -> proc(ansibleDir, "ansible-playbook", "-f", "10", "play.yml")));
                    if (i % 2 != 0) {
                        java.util.Collections.reverse(order); // alternate which tool goes first
                    }
                    order.forEach(Runnable::run);
                    System.err.println("run " + i + " done");
                }
                write(repo, runs, times);
            }
        }
    }

    static final int FLEET = 200;
    static final int FLEET_PARALLEL = 50;

    /**
     * Issue 22's figures: {@value #FLEET} host aliases, {@code true} on each with {@value #FLEET_PARALLEL} at a time —
     * an ssh cell (cold session: new connections each run) against {@code ansible -m command -f 50} on the same
     * inventory, and the same cell through a bastion (another local sshd; every host's connection a channel of the
     * one bastion connection) against direct. Writes bench/RESULTS-fleet.md.
     */
    static void fleet(Path repo, int runs) throws Exception {
        Path tmp = Files.createTempDirectory("tejun-fleet-");
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Sshd sshd = Sshd.start(tmp.resolve("sshd"), FLEET);
                Sshd bastion = Sshd.start(tmp.resolve("bastion"), 1)) {
            String account = benchAccount();
            sshd.loginAs(account);
            bastion.loginAs(account);
            Path data = Files.createDirectories(tmp.resolve("data"));
            try (CmdbStore cmdb = new CmdbStore(data.resolve("tejun.db"))) {
                TestHosts.seed(cmdb, sshd);
                TestHosts.addHost(cmdb, "bastion", bastion, 0, bastion.clientKeyText(), "bastions", null);
                for (int i = 0; i < FLEET; i++) {
                    TestHosts.addHost(cmdb, "jweb" + (i + 1), sshd, i, sshd.clientKeyText(), "jweb", "bastion");
                }
                Files.writeString(SshExecutorFactory.knownHosts(data), sshd.knownHostsLines() + bastion.knownHostsLines());
                Path ansibleDir = bareAnsible(tmp, sshd, data);
                Map<String, List<Double>> times = new LinkedHashMap<>();
                String direct = "tejun ssh parallel=50 (cold session)";
                String jumped = "tejun ssh parallel=50 through a bastion (cold session)";
                String ansible = "ansible -m command -f 50";
                for (String k : List.of(direct, jumped, ansible)) {
                    times.put(k, new ArrayList<>());
                }
                for (int i = -1; i < runs; i++) {
                    boolean count = i >= 0;
                    List<Runnable> order = new ArrayList<>();
                    order.add(() -> record(times, count, direct, () -> fleetSsh(cmdb, data, "web")));
                    order.add(() -> record(times, count, jumped, () -> fleetSsh(cmdb, data, "jweb")));
                    order.add(() -> record(times, count, ansible, () -> proc(ansibleDir, "ansible", "web", "-f", "50",
                            "-m", "command", "-a", "true")));
                    if (i % 2 != 0) {
                        java.util.Collections.reverse(order);
                    }
                    order.forEach(Runnable::run);
                    System.err.println("run " + i + " done");
                }
                double a = median(times.get(ansible));
                double d = median(times.get(direct));
                double j = median(times.get(jumped));
                StringBuilder md = new StringBuilder("# Fleet fan-out: 200 hosts, and through a bastion\n\n")
                        .append("Measured by `bench/fanout fleet` on ").append(LocalDate.now()).append(", ")
                        .append(Runtime.getRuntime().availableProcessors()).append(" cores, ").append(FLEET)
                        .append(" host aliases (127.0.0.2…) of local sshd processes, `true` on each, ")
                        .append(FLEET_PARALLEL).append(" at a time; median of ").append(runs)
                        .append(" runs after one uncounted warm-up, order alternating. Load average at the end: ")
                        .append(Files.readString(Path.of("/proc/loadavg")).strip()).append(".\n\n")
                        .append("| what | median ms | min | max |\n|---|---:|---:|---:|\n");
                times.forEach((name, v) -> md.append("| ").append(name).append(" | ").append(Math.round(median(v)))
                        .append(" | ").append(Math.round(v.stream().mapToDouble(x -> x).min().orElse(0))).append(" | ")
                        .append(Math.round(v.stream().mapToDouble(x -> x).max().orElse(0))).append(" |\n"));
                md.append(String.format("%nGoal: ssh cell <= 0.2 x ansible -m command: measured %.2f x.%n", d / a))
                        .append(String.format("Goal: through a bastion <= 2 x direct: measured %.2f x.%n%n", j / d))
                        .append("Notes: each Tejun run is a new session, so every host's connection (and the bastion's) is ")
                        .append("opened and authenticated inside the measured time; the bastion is a second local sshd, so ")
                        .append("its figure is the cost of the extra hop and of 200 channels over one connection, not of ")
                        .append("a network. Hosts log in as `").append(ACCOUNT).append("` (see RESULTS-fanout.md).\n");
                Files.writeString(outDir(repo).resolve("RESULTS-fleet.md"), md);
                System.out.print(md);
            }
        }
    }

    static void fleetSsh(CmdbStore cmdb, Path data, String hosts) throws Exception {
        try (Executor ex = new SshExecutorFactory(cmdb).create(new SessionContext("fleet", data, data))) {
            check(ex.execute(
                    cell("ssh", "true", Map.of("hosts", hosts, "parallel", Integer.toString(FLEET_PARALLEL))),
                    new HostOutput()));
        }
    }

    interface Timed {
        void run() throws Exception;
    }

    static void record(Map<String, List<Double>> times, boolean count, String name, Timed t) {
        long start = System.nanoTime();
        try {
            t.run();
        } catch (Exception e) {
            throw new RuntimeException(name + ": " + e.getMessage(), e);
        }
        double ms = (System.nanoTime() - start) / 1e6;
        if (count) {
            times.get(name).add(ms);
        }
        System.out.printf("%-36s %8.0f ms%n", name, ms);
    }

    static Executor warm;

    static void tejunSsh(CmdbStore cmdb, Path data, boolean reuse) throws Exception {
        Executor ex;
        if (reuse) {
            if (warm == null) {
                warm = new SshExecutorFactory(cmdb).create(new SessionContext("warm", data, data));
                ex = warm;
                check(ex.execute(cell("ssh", "true", Map.of("hosts", "web", "parallel", "10")), new HostOutput()));
            }
            ex = warm;
        } else {
            ex = new SshExecutorFactory(cmdb).create(new SessionContext("cold", data, data));
        }
        try {
            check(ex.execute(cell("ssh", "true", Map.of("hosts", "web", "parallel", "10")), new HostOutput()));
        } finally {
            if (!reuse) {
                ex.close();
            }
        }
    }

    static void tejunAnsible(CmdbStore cmdb, Path data) throws Exception {
        Path work = Files.createDirectories(data.resolve("work"));
        Executor ex = new AnsibleExecutorFactory(cmdb, null).create(new SessionContext("a", work, data));
        check(ex.execute(cell("ansible", PLAY, Map.of("forks", "10")), new HostOutput()));
    }

    static CellRequest cell(String lang, String code, Map<String, String> attrs) {
        return new CellRequest("bench", "c", lang, code, new Attributes("c", List.of(), attrs), null, null, Map.of());
    }

    static void check(CellOutcome o) {
        if (o.status() != CellStatus.OK) {
            throw new IllegalStateException(o.status() + " " + o.message());
        }
    }

    static final String ACCOUNT = "tejun-bench";

    /**
     * The account the hosts log in as: {@value #ACCOUNT}, with {@code /bin/sh} as its shell and no rc files.
     * Logged in as root here, every remote command first ran root's .bashrc ({@code pyenv init}, ~0.25 s of CPU),
     * twenty at a time on two cores: a cost of this machine's account that both tools paid once per host and
     * command, which hid their own difference. Created once if missing; its home holds Ansible's remote tmp.
     */
    static String benchAccount() throws Exception {
        Path home = Path.of("/var/tmp/tejun-bench-home");
        if (new ProcessBuilder("id", "-u", ACCOUNT).start().waitFor() != 0) {
            int made = new ProcessBuilder("useradd", "--system", "--no-create-home", "--home-dir", home.toString(),
                    "--shell", "/bin/sh", ACCOUNT).inheritIO().start().waitFor();
            if (made != 0) {
                throw new IllegalStateException("useradd " + ACCOUNT + " failed: bench/fanout runs as root");
            }
        }
        // '*': no password, but not locked either; sshd without PAM refuses even key logins to a locked ('!') account
        new ProcessBuilder("usermod", "-p", "*", ACCOUNT).inheritIO().start().waitFor();
        Files.createDirectories(home);
        new ProcessBuilder("chown", ACCOUNT, home.toString()).inheritIO().start().waitFor();
        return ACCOUNT;
    }

    /** An inventory, config and play for the bare ansible runs, from the same CMDB hosts and key. */
    static Path bareAnsible(Path tmp, Sshd sshd, Path data) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bare"));
        StringBuilder inv = new StringBuilder("web:\n  hosts:\n");
        for (int i = 0; i < sshd.addresses().size(); i++) {
            inv.append("    web").append(i + 1).append(": {ansible_host: ").append(sshd.address(i)).append(", ansible_port: ")
                    .append(sshd.port()).append(", ansible_user: ").append(sshd.user()).append(", ansible_ssh_private_key_file: ")
                    .append(sshd.clientKey()).append("}\n");
        }
        Files.writeString(dir.resolve("inventory.yml"), inv);
        Files.writeString(dir.resolve("play.yml"), PLAY);
        Files.writeString(dir.resolve("ansible.cfg"), """
                [defaults]
                inventory = inventory.yml
                retry_files_enabled = False
                interpreter_python = auto_silent
                [ssh_connection]
                ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=%s -o StrictHostKeyChecking=yes
                pipelining = True
                """.formatted(SshExecutorFactory.knownHosts(data)));
        return dir;
    }

    static int cp = 0;

    static void proc(Path dir, String... command) throws Exception {
        Path controlDir = Files.createDirectories(dir.resolve("cp" + (cp++)));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("ANSIBLE_CONFIG", dir.resolve("ansible.cfg").toString());
        pb.environment().put("ANSIBLE_SSH_CONTROL_PATH_DIR", controlDir.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
    }

    static double median(List<Double> v) {
        List<Double> s = v.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static void write(Path repo, int runs, Map<String, List<Double>> times) throws Exception {
        double playbook = median(times.get("ansible-playbook -f 10"));
        StringBuilder md = new StringBuilder();
        md.append("# SSH fan-out and Ansible cell overhead\n\n")
                .append("Measured by `bench/fanout` on ").append(LocalDate.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, ").append(HOSTS)
                .append(" host aliases (127.0.0.2…) of one local sshd, `true` on each; median of ").append(runs)
                .append(" runs after one uncounted warm-up, tools alternating order each run. Load average at the end: ")
                .append(Files.readString(Path.of("/proc/loadavg")).strip())
                .append(" (other work on the machine makes single figures noisy; compare within a row of runs).\n\n")
                .append("| what | median ms | min | max | vs ansible-playbook |\n|---|---:|---:|---:|---:|\n");
        times.forEach((name, v) -> md.append("| ").append(name).append(" | ").append(Math.round(median(v))).append(" | ")
                .append(Math.round(v.stream().mapToDouble(d -> d).min().orElse(0))).append(" | ")
                .append(Math.round(v.stream().mapToDouble(d -> d).max().orElse(0))).append(" | ")
                .append(String.format("%.2f", median(v) / playbook)).append(" |\n"));
        double overhead = median(times.get("tejun ansible cell")) - median(times.get("bare ansible-playbook (same play)"));
        md.append("\nGoal: Tejun ssh fan-out <= 1/3 of ansible-playbook's time. Goal: ansible cell overhead <= 300 ms; measured ")
                .append(Math.round(overhead)).append(" ms (median cell minus median bare run).\n\n")
                .append("Notes: *cold session* opens 20 new SSH connections each run (parallel=10), like a first cell; *warm session* reuses ")
                .append("the session's connections, like every later ssh cell of a runbook. The Ansible runs use OpenSSH with ")
                .append("ControlPersist but a fresh control folder each run, so no master survives between runs. The Tejun ")
                .append("figures are taken inside one JVM (no JVM start-up); `ansible*` figures include Python start-up, as a user sees them. ")
                .append("The hosts log in as `" + ACCOUNT + "`, whose shell is `/bin/sh` without rc files: as root, each remote command ")
                .append("first ran root's .bashrc here (`pyenv init`, ~0.25 s of CPU), a cost of this machine's account, not of either tool ")
                .append("(measured that way, 2026-11-22: ssh cell 0.36 warm / 0.42 cold of ansible-playbook's 12.4 s).\n");
        Files.writeString(outDir(repo).resolve("RESULTS-fanout.md"), md);
        System.out.print(md);
    }

    /** Where results go: bench/ unless bench/run sets TEJUN_BENCH_OUT (a quick run must not overwrite the committed files). */
    static Path outDir(Path repo) throws java.io.IOException {
        String out = System.getenv("TEJUN_BENCH_OUT");
        return out == null || out.isEmpty() ? repo.resolve("bench") : Files.createDirectories(Path.of(out));
    }
}
