import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * For profiling one round trip: starts a server (TEJUN_JAVA_OPTS passes through, e.g. a JFR recording), runs a cell
 * over the WebSocket warm-up + n times, prints the percentiles. Not part of bench/run.
 *   java -cp … bench/src/ProfileRoundTrip.java REPO sh|java WARMUP N [FILE.jfr]
 * With FILE.jfr, a JFR recording (settings=profile) covers the measured cells only, not the warm-up.
 */
public class ProfileRoundTrip {
    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        String language = args[1];
        int warmUp = Integer.parseInt(args[2]);
        int n = Integer.parseInt(args[3]);
        Path work = Files.createTempDirectory("tejun-profile");
        Path runbooks = Files.createDirectories(work.resolve("runbooks"));
        Files.writeString(runbooks.resolve("p.md"), "# p\n\n```" + language + " {#t}\n"
                + (language.equals("java") ? "1+1" : "true") + "\n```\n");
        try (BenchServer s = BenchServer.start(repo, runbooks, work.resolve("home"));
             NotebookClient c = NotebookClient.connect(s, "p.md")) {
            for (int i = 0; i < warmUp; i++) {
                c.runOnce("t");
            }
            System.err.println("warm; measuring");
            if (args.length > 4) {
                System.err.println(s.jcmd("JFR.start name=bench settings=" + System.getenv().getOrDefault("JFR_SETTINGS", "profile") + " filename=" + Path.of(args[4]).toAbsolutePath()));
            }
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                times.add(c.runOnce("t"));
            }
            if (args.length > 4) {
                System.err.println(s.jcmd("JFR.stop name=bench"));
            }
            System.out.println(language + " " + Stats.HEADER);
            System.out.println("| " + Stats.of(times).cells(1) + " |");
            System.out.println("server home: " + s.home);
        }
    }
}
