import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures a real Tejun server process from outside: start-up, idle memory, WebSocket round trips of trivial
 * cells, and a 100 MB output flood. Run through bench/run; writes bench/RESULTS.md.
 */
public class TejunBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String ADMIN_PASSWORD = "bench-admin-password";

    public static void main(String[] args) throws Exception {
        boolean quick = args[0].equals("quick");
        Path repo = Path.of(args[1]);
        Path work = Files.createTempDirectory("tejun-bench");
        Path runbooks = Files.createDirectories(work.resolve("runbooks"));
        Files.writeString(runbooks.resolve("sh.md"), "# sh\n\n```sh {#t}\ntrue\n```\n");
        Files.writeString(runbooks.resolve("java.md"), "# java\n\n```java {#t}\n1+1\n```\n");
        Files.writeString(runbooks.resolve("flood.md"),
                "# flood\n\n```sh {#f}\nyes 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' | head -c 104857600\n```\n");
        List<String> lines = new ArrayList<>();
        lines.add("# Tejun benchmark results");
        lines.add("");
        lines.add("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + (Files.readString(Path.of("/proc/meminfo")).lines().findFirst().orElse("?")).replaceAll("\\s+", " ")
                + "; JVM " + Runtime.version() + "; date " + LocalDate.now() + ".");
        lines.add("Command: `bench/run" + (quick ? " quick" : "") + "` (server started as `./tejun serve` does, on 127.0.0.1).");
        lines.add("");

        int starts = quick ? 3 : 7;
        List<Double> startup = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            try (Server s = Server.start(repo, runbooks, work.resolve("home-start-" + i))) {
                startup.add(s.startMillis);
                Thread.sleep(2000);
                rss.add(s.rssMb());
            }
        }
        lines.add("## Start-up and idle memory");
        lines.add("");
        lines.add("| figure | median | min | max | goal |");
        lines.add("|---|---|---|---|---|");
        lines.add(row("process start to healthy (ms)", startup, "<= 2000"));
        lines.add(row("idle RSS after start (MB)", rss, "<= 150"));
        lines.add("");

        try (Server s = Server.start(repo, runbooks, work.resolve("home"))) {
            int n = quick ? 100 : 300;
            List<Double> sh = roundTrips(s, "sh.md", n);
            List<Double> jv = roundTrips(s, "java.md", n);
            lines.add("## Cell round trip over the WebSocket (execute sent → cell-finished received)");
            lines.add("");
            lines.add("| cell | n | p50 ms | p90 ms | p99 ms | goal p50 |");
            lines.add("|---|---|---|---|---|---|");
            lines.add(pct("`sh`: `true`", sh, "<= 15"));
            lines.add(pct("`java`: `1+1`", jv, "<= 20"));
            lines.add("");

            Flood f = flood(s);
            lines.add("## Output flood: a cell printing 100 MiB");
            lines.add("");
            lines.add("| figure | value | goal |");
            lines.add("|---|---|---|");
            lines.add("| time to cell-finished | " + f.millis + " ms (" + String.format("%.0f", 100.0 * 1000 / f.millis) + " MiB/s) | |");
            lines.add("| bytes in evidence | " + f.evidenceBytes + " of 104857600 | all |");
            lines.add("| characters delivered to a WebSocket client | " + f.deliveredChars + " (the rest left out with an output-gap marker) | bounded |");
            lines.add("| server heap growth (peak used − used before) | " + f.heapGrowthMb + " MB | <= 64 MB |");
            lines.add("| server RSS after | " + s.rssMb() + " MB | |");
            lines.add("");
        }
        Files.write(repo.resolve("bench/RESULTS.md"), lines);
        lines.forEach(System.out::println);
    }

    static String row(String name, List<Double> v, String goal) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return String.format("| %s | %.0f | %.0f | %.0f | %s |", name, s.get(s.size() / 2), s.getFirst(), s.getLast(), goal);
    }

    static String pct(String name, List<Double> v, String goal) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return String.format("| %s | %d | %.1f | %.1f | %.1f | %s |", name, s.size(), p(s, 50), p(s, 90), p(s, 99), goal);
    }

    static double p(List<Double> sorted, int pct) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(pct / 100.0 * sorted.size()) - 1));
    }

    static List<Double> roundTrips(Server s, String runbook, int n) throws Exception {
        try (Client c = Client.connect(s, runbook)) {
            // Warm means the server's JIT has compiled its hot paths, javac's included (JShell compiles each cell
            // inside the server): a server that has run a few hundred cells.
            for (int i = 0; i < 200; i++) {
                c.runOnce("t");
            }
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                times.add(c.runOnce("t"));
            }
            return times;
        }
    }

    record Flood(long millis, long evidenceBytes, long deliveredChars, long heapGrowthMb) {
    }

    static Flood flood(Server s) throws Exception {
        s.jcmd("GC.run");
        long before = s.heapUsedKb();
        AtomicLong peak = new AtomicLong(before);
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    peak.accumulateAndGet(s.heapUsedKb(), Math::max);
                    Thread.sleep(100);
                } catch (Exception e) {
                    return;
                }
            }
        });
        try (Client c = Client.connect(s, "flood.md")) {
            long t0 = System.nanoTime();
            JsonNode finished = c.run("f", Duration.ofMinutes(5));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            sampler.interrupt();
            sampler.join();
            String runId = finished.get("runId").asText();
            Path evidence;
            try (var dirs = Files.list(s.home.resolve("evidence").resolve(runId).resolve("cells"))) {
                evidence = dirs.findFirst().orElseThrow().resolve("stdout.bin");
            }
            return new Flood(millis, Files.size(evidence), c.outputChars, (peak.get() - before) / 1024);
        }
    }

    /** A server process started the way the launcher starts it. */
    static final class Server implements AutoCloseable {
        final Process process;
        final int port;
        final Path home;
        double startMillis;

        private Server(Process process, int port, Path home) {
            this.process = process;
            this.port = port;
            this.home = home;
        }

        static Server start(Path repo, Path runbooks, Path home) throws Exception {
            int port;
            try (ServerSocket ss = new ServerSocket(0)) {
                port = ss.getLocalPort();
            }
            Files.createDirectories(home);
            // Started exactly as a user starts it, so the launcher's JVM options are what is measured.
            ProcessBuilder pb = new ProcessBuilder(repo.resolve("tejun").toString(), "serve", "--port", String.valueOf(port),
                    "--runbooks", runbooks.toString());
            pb.environment().put("TEJUN_HOME", home.toString());
            pb.environment().put("TEJUN_ADMIN_PASSWORD", ADMIN_PASSWORD);
            pb.redirectErrorStream(true).redirectOutput(home.resolve("server.log").toFile());
            long t0 = System.nanoTime();
            Server s = new Server(pb.start(), port, home);
            while (true) {
                try {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(s.base() + "/api/health")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (!s.process.isAlive()) {
                    throw new IllegalStateException("server died: " + Files.readString(home.resolve("server.log")));
                }
                Thread.sleep(5);
            }
            s.startMillis = (System.nanoTime() - t0) / 1e6;
            return s;
        }

        String base() {
            return "http://127.0.0.1:" + port;
        }

        double rssMb() throws IOException {
            for (String l : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("\\D", "")) / 1024.0;
                }
            }
            return -1;
        }

        String jcmd(String command) throws Exception {
            Process p = new ProcessBuilder(Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd").toString(),
                    String.valueOf(process.pid()), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out;
        }

        /** Heap in use in KB, from jcmd GC.heap_info ("used NNNK" on the heap lines). */
        long heapUsedKb() throws Exception {
            String info = jcmd("GC.heap_info");
            long used = 0;
            for (String l : info.split("\n")) {
                var m = java.util.regex.Pattern.compile("(DefNew|Tenured|def new generation|tenured generation).*used (\\d+)K").matcher(l);
                if (m.find()) {
                    used += Long.parseLong(m.group(2));
                }
            }
            return used;
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** A notebook client on the WebSocket: sends execute, waits for the matching cell-finished. */
    static final class Client implements WebSocket.Listener, AutoCloseable {
        final LinkedBlockingQueue<JsonNode> finished = new LinkedBlockingQueue<>();
        final StringBuilder partial = new StringBuilder();
        WebSocket ws;
        long outputChars;
        int requests;

        static Client connect(Server s, String runbook) throws Exception {
            Client c = new Client();
            HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(s.base() + "/api/login"))
                    .header("Content-Type", "application/json").header("Origin", s.base())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (login.statusCode() != 200) {
                throw new IllegalStateException("login failed: " + login.statusCode() + " " + login.body());
            }
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
            c.ws = HTTP.newWebSocketBuilder().header("Origin", s.base()).header("Cookie", cookie)
                    .buildAsync(URI.create("ws://127.0.0.1:" + s.port + "/ws/session?runbook=" + runbook), c).get();
            c.ws.sendText("{\"type\":\"attach\",\"since\":0}", true).get();
            return c;
        }

        double runOnce(String cellId) throws Exception {
            long t0 = System.nanoTime();
            run(cellId, Duration.ofSeconds(30));
            return (System.nanoTime() - t0) / 1e6;
        }

        JsonNode run(String cellId, Duration timeout) throws Exception {
            finished.clear();
            ws.sendText("{\"type\":\"execute\",\"id\":\"" + (++requests) + "\",\"cellId\":\"" + cellId + "\"}", true).get();
            JsonNode f = finished.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (f == null) {
                throw new IllegalStateException("no cell-finished within " + timeout);
            }
            return f;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode msg = JSON.readTree(partial.toString());
                    if ("events".equals(msg.path("type").asText())) {
                        for (JsonNode e : msg.get("events")) {
                            switch (e.path("type").asText()) {
                                case "cell-output" -> outputChars += e.get("text").asText().length();
                                case "cell-finished" -> finished.add(e);
                                default -> { }
                            }
                        }
                    } else if ("error".equals(msg.path("type").asText())) {
                        System.err.println("server error: " + msg);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }
}
