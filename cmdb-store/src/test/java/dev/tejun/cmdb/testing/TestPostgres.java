package dev.tejun.cmdb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for tests: Debian's binaries ({@code postgresql} package, which {@code ./tejun test} installs),
 * one server per test JVM in a temporary data folder, listening on loopback only, started at first use and stopped
 * when the JVM ends. Each test takes a database of its own ({@link #freshDatabase}), so tests do not see each
 * other's rows. PostgreSQL refuses to run as root: as root the server runs as the {@code postgres} account.
 * Durability is off (fsync), as nothing here must outlive the JVM.
 */
public final class TestPostgres {

    private static final String ACCOUNT = "postgres";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static TestPostgres running;

    private final Path folder;
    private final int port;
    private final Process server;

    private TestPostgres(Path folder, int port, Process server) {
        this.folder = folder;
        this.port = port;
        this.server = server;
    }

    /** The server of this JVM, started on first use. */
    public static synchronized TestPostgres get() {
        if (running == null) {
            running = start();
            Runtime.getRuntime().addShutdownHook(new Thread(running::stop, "test-postgres-stop"));
        }
        return running;
    }

    /** A new, empty database on the server: its JDBC URL (user {@link #user()}, no password: trust on loopback). */
    public String freshDatabase() {
        String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), ACCOUNT, "");
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
        }
        return url(name);
    }

    public String user() {
        return ACCOUNT;
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static TestPostgres start() {
        Path bin = binaries();
        try {
            Path folder = Files.createTempDirectory("tejun-pg");
            Path data = folder.resolve("data");
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                run(List.of("chown", ACCOUNT + ":", folder.toString()));
            }
            run(asAccount(
                    root,
                    bin.resolve("initdb").toString(),
                    "-D",
                    data.toString(),
                    "-U",
                    ACCOUNT,
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "--no-sync"));
            int port = freePort();
            Process server = new ProcessBuilder(asAccount(
                            root,
                            bin.resolve("postgres").toString(),
                            "-D",
                            data.toString(),
                            "-p",
                            Integer.toString(port),
                            "-k",
                            folder.toString(),
                            "-c",
                            "listen_addresses=127.0.0.1",
                            "-c",
                            "fsync=off",
                            "-c",
                            "synchronous_commit=off",
                            "-c",
                            "full_page_writes=off",
                            "-c",
                            "max_connections=400"))
                    .redirectErrorStream(true)
                    .redirectOutput(folder.resolve("server.log").toFile())
                    .start();
            TestPostgres pg = new TestPostgres(folder, port, server);
            pg.awaitReady();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL from " + bin, e);
        }
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IOException("PostgreSQL ended at start: " + Files.readString(folder.resolve("server.log")));
            }
            try (Connection c = DriverManager.getConnection(url("postgres"), ACCOUNT, "")) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new IOException("PostgreSQL did not answer within 60 s", last);
    }

    /** Fast shutdown (SIGINT: clients are cut off, as the JVM that had them is ending), then the folder goes. */
    private void stop() {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(server.pid()))
                    .start()
                    .waitFor();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException e) {
            System.err.println("test PostgreSQL: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The newest installed PostgreSQL's bin folder (Debian: /usr/lib/postgresql/N/bin). */
    private static Path binaries() {
        Path lib = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.list(lib)) {
            return versions.filter(v -> Files.isExecutable(v.resolve("bin/postgres")))
                    .max(Comparator.comparingInt(
                            v -> Integer.parseInt(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL under " + lib));
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException(
                    "the PostgreSQL tests need Debian's postgresql package (./tejun test installs it): " + e, e);
        }
    }

    private static List<String> asAccount(boolean root, String... command) {
        List<String> out = new ArrayList<>();
        if (root) {
            // PostgreSQL refuses root; setpriv execs in place, so the Process is the server itself
            out.addAll(List.of("setpriv", "--reuid=" + ACCOUNT, "--regid=" + ACCOUNT, "--init-groups", "--"));
        }
        out.addAll(List.of(command));
        return out;
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
