import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Tejun server process started the way a user starts it ({@code ./tejun serve}, so the launcher's JVM options are
 * what is measured), with a GC log so heap peaks can be read without polling the JVM (a jcmd per sample would start
 * a JVM each time and slow the thing measured on a 2-core machine).
 */
final class BenchServer implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String ADMIN_PASSWORD = "bench-admin-password";
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    final Process process;
    final int port;
    final Path home;
    final double startMillis;
    private String cookie;

    private BenchServer(Process process, int port, Path home, double startMillis) {
        this.process = process;
        this.port = port;
        this.home = home;
        this.startMillis = startMillis;
    }

    /** Removes a benchmark's temporary folder and everything in it (a server's data can be close to a GB). */
    static void remove(Path dir) throws java.io.IOException {
        try (var walk = java.nio.file.Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static BenchServer start(Path repo, Path runbooks, Path home) throws Exception {
        return start(repo, runbooks, home, java.util.Map.of());
    }

    /** {@code env}: settings for this server as TEJUN_… variables (TEJUN_LOG_FORMAT=json). */
    static BenchServer start(Path repo, Path runbooks, Path home, java.util.Map<String, String> env) throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0)) {
            port = ss.getLocalPort();
        }
        Files.createDirectories(home);
        ProcessBuilder pb = new ProcessBuilder(repo.resolve("tejun").toString(), "serve", "--port", String.valueOf(port),
                "--runbooks", runbooks.toString());
        pb.environment().put("TEJUN_HOME", home.toString());
        pb.environment().put("TEJUN_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // bench/run --roundtrips --postgresql: each server's store is a fresh database on that PostgreSQL
        String postgres = System.getenv("TEJUN_BENCH_POSTGRES");
        if (postgres != null) {
            String database = "bench_" + Long.toString(System.nanoTime(), 36);
            try (var c = java.sql.DriverManager.getConnection(postgres + "postgres", "postgres", "");
                    var st = c.createStatement()) {
                st.execute("CREATE DATABASE " + database);
            }
            pb.environment().put("TEJUN_DATABASE_URL", postgres + database);
            pb.environment().put("TEJUN_DATABASE_USER", "postgres");
        }
        pb.environment().putAll(env);
        String extra = System.getenv().getOrDefault("TEJUN_JAVA_OPTS", "");
        pb.environment().put("TEJUN_JAVA_OPTS", (extra + " -Xlog:gc:file=" + home.resolve("gc.log")).trim());
        pb.redirectErrorStream(true).redirectOutput(home.resolve("server.log").toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        // A bench stopped half way (Ctrl-C) must not leave servers and their JShell JVMs behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }));
        String base = "http://127.0.0.1:" + port;
        while (true) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("server died: " + Files.readString(home.resolve("server.log")));
            }
            Thread.sleep(5);
        }
        return new BenchServer(p, port, home, (System.nanoTime() - t0) / 1e6);
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** The JVM's pid: the launcher execs java, so it is the process started. */
    long pid() {
        return process.pid();
    }

    /** One sign-in shared by every client of this server (a login per client would only measure the password hash). */
    synchronized String cookie() throws Exception {
        if (cookie == null) {
            HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/login"))
                    .header("Content-Type", "application/json").header("Origin", base())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (login.statusCode() != 200) {
                throw new IllegalStateException("login failed: " + login.statusCode() + " " + login.body());
            }
            cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        }
        return cookie;
    }

    double rssMb() throws IOException {
        return ProcStatus.kb(pid(), "VmRSS") / 1024.0;
    }

    /** The process's own memory (anonymous pages: heap, metaspace, code, stacks), in MB: RSS less mapped files. */
    double privateRssMb() throws IOException {
        return ProcStatus.kb(pid(), "RssAnon") / 1024.0;
    }

    double hwmMb() throws IOException {
        return ProcStatus.kb(pid(), "VmHWM") / 1024.0;
    }

    /** RSS of the server's descendants (JShell agents, cell processes), in MB. */
    double childrenRssMb() {
        return ProcStatus.descendants(pid()).stream().mapToLong(pid -> {
            try {
                return ProcStatus.kb(pid, "VmRSS");
            } catch (IOException gone) {
                return 0;
            }
        }).sum() / 1024.0;
    }

    String jcmd(String command) throws Exception {
        Process p = new ProcessBuilder(Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd").toString(),
                String.valueOf(pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    /** Heap in use right after a full collection, in MB (what the server really holds). */
    double liveHeapMb() throws Exception {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        long used = 0;
        Matcher m = Pattern.compile("(def new generation|tenured generation|DefNew|Tenured).*?used (\\d+)K").matcher(info);
        while (m.find()) {
            used += Long.parseLong(m.group(2));
        }
        return used / 1024.0;
    }

    /** Length of the GC log now: a mark to read the collections after it. */
    long gcMark() throws IOException {
        Path log = home.resolve("gc.log");
        return Files.exists(log) ? Files.size(log) : 0;
    }

    /** The most heap in use before any collection since {@code mark}, in MB (used peaks just before a collection). */
    double heapPeakSinceMb(long mark) throws IOException {
        byte[] all = Files.readAllBytes(home.resolve("gc.log"));
        String tail = new String(all, (int) Math.min(mark, all.length), all.length - (int) Math.min(mark, all.length));
        double peak = 0;
        for (String line : tail.split("\n")) {
            Matcher m = GC_LINE.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, Double.parseDouble(m.group(1)));
            }
        }
        return peak;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** /proc readings. */
    static final class ProcStatus {
        static long kb(long pid, String field) throws IOException {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith(field + ":")) {
                    return Long.parseLong(l.replaceAll("\\D", ""));
                }
            }
            return -1;
        }

        static List<Long> descendants(long pid) {
            return ProcessHandle.of(pid).map(h -> h.descendants().map(ProcessHandle::pid).toList()).orElse(List.of());
        }
    }
}
