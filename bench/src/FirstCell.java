import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The first {@code java} cell of a session, run 3 s after a browser opened its runbook, in N fresh sessions of one
 * server (issue 21 §4: the session's JShell JVM is made ready when the runbook is opened). Not part of bench/run:
 * {@code java -cp "$(ls server/target/tejun-server-*.jar):server/target/lib/*" bench/src/FirstCell.java "$PWD" 5}
 * after {@code ./tejun build}; prints the times in ms.
 */
public class FirstCell {
    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        Path work = Files.createTempDirectory("tejun-first-");
        Path runbooks = Files.createDirectories(work.resolve("runbooks"));
        for (int i = 0; i < n; i++) {
            Files.writeString(runbooks.resolve("j" + i + ".md"), "# j\n\n```java {#t}\n1+" + i + "\n```\n");
        }
        List<Double> times = new ArrayList<>();
        try (BenchServer s = BenchServer.start(repo, runbooks, work.resolve("home"))) {
            for (int i = 0; i < n; i++) {
                NotebookClient c = NotebookClient.connect(s, "j" + i + ".md");
                Thread.sleep(3000);
                times.add(c.runOnce("t"));
                c.close();
            }
        }
        System.out.println("first java cell, 3 s after open (ms): " + times + " median " + times.stream().sorted().toList().get(n / 2)
                + " load " + Files.readString(Path.of("/proc/loadavg")).strip());
    }
}
