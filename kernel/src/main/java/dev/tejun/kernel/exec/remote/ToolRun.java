package dev.tejun.kernel.exec.remote;

import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.sandbox.CellSandbox;
import dev.tejun.kernel.exec.shell.ProcessGroup;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One run of an external tool (ansible-playbook, terraform): started in its own process group through
 * {@code setsid} so that a stop or timeout ends it and everything it forked (Ansible's forks, ssh masters it is
 * still talking to, Terraform's providers); stdout and stderr go to an {@link Output} as they come: merged, one pipe
 * for both, so the output keeps exactly the order the tool wrote it in (stderr arrives as stdout), or separate, a
 * pipe each (for a tool whose stdout is parsed, as Terraform's JSON is), each in its own order.
 */
public final class ToolRun {

    /** How the tool ended: an exit code, or stopped / timed out (exit null). */
    public record Ending(Integer exit, boolean stopped, boolean timedOut) {}

    private ToolRun() {}

    /** The first executable of that name on PATH (or in /usr/bin, /bin), if any. */
    public static Optional<Path> find(String name) {
        return CellSandbox.program(name);
    }

    /**
     * Runs the command to its end, the deadline, or the calling thread's interrupt (the interrupt flag is set
     * again on return in that case).
     *
     * @param sandbox    how the tool is kept from the server (see {@link CellSandbox#builder})
     * @param workFolder the session's work folder, and {@code binds} the other paths the tool may write
     * @param merged     stderr into the same pipe as stdout (the order kept), or a pipe of its own
     */
    public static Ending run(
            CellSandbox sandbox,
            Path workFolder,
            List<Path> binds,
            List<String> command,
            Path dir,
            Map<String, String> env,
            Duration timeout,
            boolean merged,
            Output output)
            throws IOException {
        ProcessBuilder builder = sandbox.builder(command, dir, workFolder, env, binds, List.of(), true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(merged);
        Process process = CellSandbox.start(builder);
        ProcessGroup group = new ProcessGroup(process, sandbox.groups());
        Thread out = pump(process.getInputStream(), Stream.STDOUT, output);
        // merged: the error stream is an empty stream that ends at once
        Thread err = pump(process.getErrorStream(), Stream.STDERR, output);
        try {
            boolean exited;
            if (timeout == null) {
                process.waitFor();
                exited = true;
            } else {
                exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            if (!exited) {
                group.kill();
                join(out, err);
                return new Ending(null, false, true);
            }
            join(out, err);
            return new Ending(process.exitValue(), false, false);
        } catch (InterruptedException e) {
            group.kill();
            try {
                join(out, err);
            } catch (InterruptedException ignored) {
                // already stopping
            }
            Thread.currentThread().interrupt();
            return new Ending(null, true, false);
        }
    }

    private static void join(Thread out, Thread err) throws InterruptedException {
        out.join(Duration.ofSeconds(5));
        err.join(Duration.ofSeconds(5));
    }

    private static Thread pump(InputStream in, Stream stream, Output output) {
        return Thread.ofVirtual()
                .name("tejun-tool-" + stream.name().toLowerCase())
                .start(() -> {
                    byte[] buffer = new byte[32 * 1024];
                    try (in) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            if (n > 0) {
                                output.write(stream, null, buffer, 0, n);
                            }
                        }
                    } catch (IOException e) {
                        // the process was killed and its pipe closed: nothing more comes
                    }
                });
    }
}
