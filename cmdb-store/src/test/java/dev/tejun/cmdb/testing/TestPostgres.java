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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
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

    private final Set<String> templates = new HashSet<>();

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
        }
        return running;
    }

    /** A new, empty database on the server: its JDBC URL (user {@link #user()}, no password: trust on loopback). */
    public String freshDatabase() {
        return freshDatabase(null);
    }

    /**
     * A new database copied from {@code template} (a database {@link #template} made), or an empty one when it is
     * null: its JDBC URL.
     */
    public String freshDatabase(String template) {
        String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        create(name, template);
        return url(name);
    }

    /**
     * The database {@code name}, made on first use by {@code fill} (given its URL, and done with it when it returns:
     * a template has no connections while it is copied) and then copied by {@link #freshDatabase(String)}.
     */
    public synchronized String template(String name, Consumer<String> fill) {
        if (templates.add(name)) {
            create(name, null);
            fill.accept(url(name));
        }
        return name;
    }

    private void create(String name, String template) {
        try (Connection c = DriverManager.getConnection(url("postgres"), ACCOUNT, "");
                Statement st = c.createStatement()) {
            // FILE_COPY (PostgreSQL 15+) copies the template's files; the default writes all of it to the WAL
            st.execute("CREATE DATABASE " + name + (template == null ? "" : " TEMPLATE " + template)
                    + (c.getMetaData().getDatabaseMajorVersion() >= 15 ? " STRATEGY = FILE_COPY" : ""));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
        }
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
            ProcessBuilder command = new ProcessBuilder(asAccount(
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
                            "wal_level=minimal",
                            "-c",
                            "max_wal_senders=0",
                            "-c",
                            "max_connections=400"))
                    .redirectErrorStream(true)
                    .redirectOutput(folder.resolve("server.log").toFile());
            TestPostgres pg = new TestPostgres(folder, port, startForGood(command));
            Runtime.getRuntime().addShutdownHook(new Thread(pg::stop, "test-postgres-stop"));
            try {
                pg.awaitReady();
            } catch (IOException | RuntimeException e) {
                pg.stop();
                throw e;
            }
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL from " + bin, e);
        }
    }

    /**
     * Starts the server from a thread that lives as long as the JVM: setpriv's parent-death signal goes with the
     * thread that started the process, so a test JVM that is killed (not ended) takes its PostgreSQL with it.
     */
    private static Process startForGood(ProcessBuilder command) throws IOException {
        java.util.concurrent.CompletableFuture<Process> started = new java.util.concurrent.CompletableFuture<>();
        Thread keeper = new Thread(
                () -> {
                    try {
                        started.complete(command.start());
                    } catch (IOException | RuntimeException e) {
                        started.completeExceptionally(e);
                        return;
                    }
                    while (true) {
                        try {
                            Thread.sleep(Long.MAX_VALUE);
                        } catch (InterruptedException e) {
                            // keep living: the thread's end would stop the server
                        }
                    }
                },
                "test-postgres-parent");
        keeper.setDaemon(true);
        keeper.start();
        try {
            return started.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("cannot start PostgreSQL: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
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

    /**
     * Immediate shutdown (SIGQUIT: no checkpoint, clients cut off; the data is thrown away anyway), so the test JVM
     * ends at once; then the folder goes, in the background.
     */
    private void stop() {
        try {
            new ProcessBuilder("kill", "-QUIT", Long.toString(server.pid()))
                    .start()
                    .waitFor();
            if (!server.waitFor(5, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
            // a folder of many test databases takes long to delete on a busy disk: rm goes on after the JVM
            // ends (waiting made surefire kill the fork after 30 s, folder half deleted)
            new ProcessBuilder("rm", "-rf", folder.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
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
        // setpriv execs in place, so the Process is the server itself; it ends with the thread that started it
        List<String> out = new ArrayList<>(List.of("setpriv", "--pdeathsig", "SIGQUIT"));
        if (root) {
            // PostgreSQL refuses root
            out.addAll(List.of("--reuid=" + ACCOUNT, "--regid=" + ACCOUNT, "--init-groups"));
        }
        out.add("--");
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
