package dev.tejun.kernel.exec.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.RecordingOutput;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.runbook.Attributes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session's zygote forked from the server's one forker into the sandbox bubblewrap set up (the default under
 * bubblewrap, with the {@code tejun-cell} account {@code ./tejun test} provides): it holds no privilege the forker
 * had, nothing of its sandbox outlives the session, and a forker that dies is started again.
 */
class ForkedZygoteTest {

    /** The zygote from inside a cell (the first Python process of the sandbox), and its command line. */
    private static final String ZYGOTE = "for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline 2>/dev/null"
            + " | grep -q '^/usr/bin/python3 -I -S -c' && z=${p#/proc/} && break; done\n"
            + "echo \"zygote: $(tr '\\0' ' ' < /proc/$z/cmdline | tail -c 7)\"\n";

    private static final List<String> PRIVILEGES =
            List.of("Uid", "Gid", "Groups", "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs");

    @TempDir
    Path data;

    private final List<Executor> executors = new ArrayList<>();

    @AfterEach
    void closeAll() {
        executors.forEach(Executor::close);
    }

    private Executor session(String name) throws IOException {
        Path work = Files.createDirectories(data.resolve("work").resolve(name));
        Executor executor = new ShellExecutorFactory().create(new SessionContext(name, work, data));
        executors.add(executor);
        return executor;
    }

    private static String ok(Executor session, String code) {
        RecordingOutput out = new RecordingOutput();
        CellOutcome outcome = session.execute(
                new CellRequest("run-1", "c1", "sh", code, Attributes.NONE, null, Duration.ofSeconds(60), Map.of()),
                out);
        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.stderrText());
        return out.stdoutText();
    }

    /** Prints the fields of /proc/{@code who}/status ("self" or "$z"), each line starting with {@code label}. */
    private static String privileges(String who, String label) {
        StringBuilder s = new StringBuilder();
        for (String field : PRIVILEGES) {
            s.append("echo \"")
                    .append(label)
                    .append(' ')
                    .append(field)
                    .append(": $(grep '^")
                    .append(field)
                    .append(":' /proc/")
                    .append(who)
                    .append("/status | cut -d: -f2 | xargs)\"\n");
        }
        return s.toString();
    }

    private static int cellUid() throws IOException {
        return Files.readAllLines(Path.of("/etc/passwd")).stream()
                .filter(l -> l.startsWith("tejun-cell:"))
                .map(l -> Integer.parseInt(l.split(":")[2]))
                .findFirst()
                .orElseThrow(() -> new AssertionError("./tejun test creates the account tejun-cell"));
    }

    @Test
    void execute_forkedZygote_itAndItsCellHoldNoPrivilegeOfTheForker() throws IOException {
        Executor session = session("s1");

        String out = ok(
                session,
                ZYGOTE + privileges("self", "cell") + privileges("$z", "zygote")
                        + "echo \"names: $(cat /proc/$z/comm) $(cat /proc/$PPID/comm)\"\n");

        // forked: the zygote carries the forker's command line (one started on its own ends in its loader)
        assertTrue(out.contains("zygote: forker"), out);
        // and a name of its own for ps -o comm and top, as the monitor that runs the cell has
        assertTrue(out.contains("names: tejun-zygote tejun-monitor\n"), out);
        String uid = Integer.toString(cellUid());
        for (String who : List.of("cell", "zygote")) {
            assertTrue(out.contains(who + " Uid: " + uid + " " + uid + " " + uid + " " + uid + "\n"), out);
            assertTrue(out.contains(who + " Groups: \n"), out);
            assertTrue(out.contains(who + " NoNewPrivs: 1\n"), out);
            for (String cap : List.of("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")) {
                assertTrue(out.contains(who + " " + cap + ": 0000000000000000\n"), cap + " of " + who + ":\n" + out);
            }
        }
    }

    @Test
    void close_session_noProcessOfItsSandboxIsLeft() throws Exception {
        Executor session = session("s1");
        String namespace = ok(session, "readlink /proc/self/ns/pid").strip();
        assertTrue(namespace.startsWith("pid:["), namespace);
        assertTrue(inNamespace(namespace).size() >= 3, "bubblewrap's first process, the holder, the zygote");

        session.close();

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!inNamespace(namespace).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of(), inNamespace(namespace), "left in the session's PID namespace");
    }

    @Test
    void forkerKilled_sessionsGoOnAndTheNextZygoteIsForkedByANewOne() throws Exception {
        Executor first = session("s1");
        ok(first, "true");
        ProcessHandle forker = forker().orElseThrow(() -> new AssertionError("no forker among the JVM's children"));
        assertEquals("tejun-forker\n", Files.readString(Path.of("/proc", Long.toString(forker.pid()), "comm")));

        forker.destroyForcibly();
        forker.onExit().join();

        assertEquals("still\n", ok(first, "echo still"));
        String out = ok(session("s2"), ZYGOTE);
        assertTrue(out.contains("zygote: forker"), "forked, not started on its own:\n" + out);
        ProcessHandle next = forker().orElseThrow(() -> new AssertionError("no new forker"));
        assertNotEquals(forker.pid(), next.pid());
    }

    /** The JVM's child that forks zygotes. */
    private static Optional<ProcessHandle> forker() {
        return ProcessHandle.current()
                .children()
                .filter(p -> p.isAlive()
                        && cmdline(p.pid()).startsWith("/usr/bin/python3 -I -S -c")
                        && cmdline(p.pid()).endsWith(" forker"))
                .findFirst();
    }

    private static String cmdline(long pid) {
        try {
            return new String(
                            Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ')
                    .strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** The live processes of the machine in the PID namespace {@code namespace} (as {@code readlink} shows it). */
    private static List<Long> inNamespace(String namespace) throws IOException {
        try (Stream<Path> all = Files.list(Path.of("/proc"))) {
            return all.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> {
                        try {
                            return Files.readSymbolicLink(p.resolve("ns/pid"))
                                            .toString()
                                            .equals(namespace)
                                    && !Files.readString(p.resolve("stat")).matches("^\\d+ \\(.*\\) [ZX] .*");
                        } catch (IOException e) {
                            return false; // gone meanwhile
                        }
                    })
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .toList();
        }
    }
}
