package dev.tejun.kernel.exec.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forker forks a zygote only into the sandbox of a process the server started itself: a pid the server named
 * that now belongs to another process (the holder died and its pid was reused between the server's request and the
 * forker's look at it) is refused, even when that process holds a sandbox of its own.
 */
class ZygoteForkerTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path BWRAP = Path.of("/usr/bin/bwrap");

    @TempDir
    Path work;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void end() {
        started.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
        started.forEach(Process::destroyForcibly);
    }

    /** A sandbox of new PID, IPC and mount namespaces around {@code cat}, which has printed a line once it runs. */
    private static List<String> sandbox() {
        assertTrue(Files.isExecutable(BWRAP), "./tejun test installs bubblewrap");
        return List.of(
                BWRAP.toString(),
                "--unshare-pid",
                "--unshare-ipc",
                "--ro-bind",
                "/",
                "/",
                "--proc",
                "/proc",
                "/bin/cat",
                "/proc/self/stat",
                "-");
    }

    private Process start(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).start();
        started.add(p);
        InputStream line = p.getInputStream();
        int c;
        do {
            c = line.read();
        } while (c >= 0 && c != '\n');
        if (c < 0) {
            throw new AssertionError("the sandbox did not start: "
                    + new String(p.getErrorStream().readAllBytes()));
        }
        return p;
    }

    @Test
    void fork_intoTheSandboxOfAProcessTheServerDidNotStart_isRefused() throws Exception {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "\"$@\"; exit 0", "sh"));
        command.addAll(sandbox());
        Process shell = start(command); // sh, the server's child, starts bubblewrap as its own child
        long notOurs = shell.children()
                .findFirst()
                .orElseThrow(() -> new AssertionError("no bubblewrap under sh"))
                .pid();

        IOException refused = assertThrows(
                IOException.class,
                () -> ZygoteForker.of(PYTHON).fork(notOurs, work, null, Map.of(), Duration.ofSeconds(10)));

        assertTrue(refused.getMessage().contains("is not the server's"), refused.getMessage());
    }

    @Test
    void fork_intoTheSandboxOfTheServersOwnProcess_servesAndEndsWithIt() throws Exception {
        Process holder = start(sandbox());

        ZygoteForker.Channel channel =
                ZygoteForker.of(PYTHON).fork(holder.pid(), work, null, Map.of(), Duration.ofSeconds(10));
        holder.getOutputStream().close(); // the zygote holds the holder's stdin now

        InputStream frames = channel.frames();
        assertEquals('Z', frames.read(), "the zygote's first frame: ready");
        channel.control().close(); // no more requests: the zygote ends, and the holder with it
        frames.readAllBytes();
        frames.close();
        assertTrue(holder.waitFor(10, TimeUnit.SECONDS), "the holder outlived its zygote");
    }
}
