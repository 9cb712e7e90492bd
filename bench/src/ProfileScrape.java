import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * For profiling the /metrics scrape: starts a server, runs RUNS cells (rows in the run index, which a scrape counts),
 * scrapes warm-up + n times with a signed-in cookie, prints the percentiles. Not part of bench/run.
 *   java -cp … bench/src/ProfileScrape.java REPO RUNS WARMUP N [FILE.jfr]
 * With FILE.jfr, a JFR recording (settings=profile) covers the measured scrapes only.
 */
public class ProfileScrape {
    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        int warmUp = Integer.parseInt(args[2]);
        int n = Integer.parseInt(args[3]);
        Path work = Files.createTempDirectory("tejun-profile");
        Path runbooks = Files.createDirectories(work.resolve("runbooks"));
        Files.writeString(runbooks.resolve("p.md"), "# p\n\n```sh {#t}\ntrue\n```\n");
        try (BenchServer s = BenchServer.start(repo, runbooks, work.resolve("home"));
             NotebookClient c = NotebookClient.connect(s, "p.md")) {
            for (int i = 0; i < runs; i++) {
                c.runOnce("t");
            }
            HttpRequest metrics = HttpRequest.newBuilder(URI.create(s.base() + "/metrics"))
                    .header("Cookie", s.cookie()).build();
            for (int i = 0; i < warmUp; i++) {
                BenchServer.HTTP.send(metrics, HttpResponse.BodyHandlers.ofString());
            }
            System.err.println("warm; measuring");
            if (args.length > 4) {
                System.err.println(s.jcmd("JFR.start name=bench settings=profile filename=" + Path.of(args[4]).toAbsolutePath()));
            }
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> m = BenchServer.HTTP.send(metrics, HttpResponse.BodyHandlers.ofString());
                times.add((System.nanoTime() - t0) / 1e6);
                if (m.statusCode() != 200) {
                    throw new IllegalStateException("/metrics answered " + m.statusCode());
                }
            }
            if (args.length > 4) {
                System.err.println(s.jcmd("JFR.stop name=bench"));
            }
            System.out.println("scrape " + Stats.HEADER);
            System.out.println("| " + Stats.of(times).cells(2) + " |");
        }
    }
}
