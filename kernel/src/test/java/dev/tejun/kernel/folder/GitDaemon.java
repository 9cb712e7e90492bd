package dev.tejun.kernel.folder;

import dev.tejun.kernel.exec.remote.Sshd;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: real {@code git daemon} on 127.0.0.1 serving every repository under a folder, pushes allowed, for a
 * network remote without logins.
 */
public final class GitDaemon implements AutoCloseable {

    private final Process process;
    private final int port;

    private GitDaemon(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Serves the repositories under {@code base}; fails unless it accepts connections within 15 s. */
    public static GitDaemon start(Path base, Path log) throws IOException, InterruptedException {
        int port = Sshd.freePort();
        Process p = new ProcessBuilder(
                        "git",
                        "daemon",
                        "--reuseaddr",
                        "--listen=127.0.0.1",
                        "--port=" + port,
                        "--base-path=" + base,
                        "--export-all",
                        "--enable=receive-pack",
                        base.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            if (!p.isAlive()) {
                throw new IOException("git daemon exited: " + Files.readString(log));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new GitDaemon(p, port);
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IOException("git daemon not listening on " + port, e);
                }
                Thread.sleep(20);
            }
        }
    }

    /** {@code git://127.0.0.1:PORT/NAME}. */
    public String url(String name) {
        return "git://127.0.0.1:" + port + "/" + name;
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
