import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A {@code java} session left idle for 75 s keeps its definitions: its agent JVM is still alive (under bubblewrap it
 * died with the pooled thread that had started it). Not part of bench/run:
 * {@code java -cp "$(ls server/target/tejun-server-*.jar):server/target/lib/*" bench/src/IdleCheck.java "$PWD"}
 * after {@code ./tejun build}; prints both cells' cell-finished.
 */
public class IdleCheck {
    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        Path work = Files.createTempDirectory("tejun-idle-");
        Path runbooks = Files.createDirectories(work.resolve("runbooks"));
        Files.writeString(runbooks.resolve("idle.md"), "# idle\n\n```java {#a}\nint a = 41;\n```\n\n```java {#b}\na + 1\n```\n");
        try (BenchServer s = BenchServer.start(repo, runbooks, work.resolve("home"))) {
            NotebookClient c = NotebookClient.connect(s, "idle.md");
            System.out.println("a: " + c.runToEnd("a", Duration.ofSeconds(60)));
            Thread.sleep(75_000);
            System.out.println("b after 75 s idle: " + c.runToEnd("b", Duration.ofSeconds(60)));
            c.close();
        }
    }
}
