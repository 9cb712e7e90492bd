package dev.tejun.server.edge;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** A real nginx from Debian in the foreground on loopback, in its own prefix folder; {@link #close} stops it. */
final class Nginx implements AutoCloseable {

    /** The port nginx listens on. */
    final int port;

    private final Process process;

    private Nginx(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /**
     * Starts nginx in {@code prefix}; {@code servers} gives the rest of the {@code http} block (upstreams, maps and
     * server blocks) for the port it is to listen on. Answers once the port takes connections.
     */
    static Nginx start(Path prefix, IntFunction<String> servers) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(prefix);
        Path conf = Files.writeString(prefix.resolve("nginx.conf"), """
                master_process off;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events {}
                http {
                  access_log off;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                %2$s
                }
                """.formatted(prefix, servers.apply(port)));
        Process nginx = new ProcessBuilder("nginx", "-p", prefix.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(prefix.resolve("out.log").toFile())
                .start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new Nginx(port, nginx);
            } catch (IOException e) {
                if (!nginx.isAlive() || System.nanoTime() > until) {
                    nginx.destroyForcibly();
                    throw new AssertionError("nginx did not start: " + Files.readString(prefix.resolve("out.log"))
                            + (Files.exists(prefix.resolve("error.log"))
                                    ? Files.readString(prefix.resolve("error.log"))
                                    : ""));
                }
                Thread.sleep(50);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
