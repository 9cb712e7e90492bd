package dev.tejun.server.cli;

import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.java.JavaExecutorFactory;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.kernel.format.CheckReport;
import dev.tejun.kernel.format.RunbookCheck;
import dev.tejun.kernel.run.HeadlessRun;
import dev.tejun.kernel.session.Session;
import dev.tejun.server.ServerConfig;
import dev.tejun.server.TejunServer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@code tejun serve | run | check}: the one entry point of the launcher script. */
public final class Main {

    private static final String USAGE = """
            usage: tejun serve [--port 7070] [--host 127.0.0.1] [--runbooks DIR]
                   tejun run FILE [-p name=value]...
                   tejun check PATH...
            data directory: $TEJUN_HOME (default ./.tejun)""";

    private final PrintStream out;
    private final PrintStream err;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] argv) throws Exception {
        int code = new Main(System.out, System.err).execute(Arrays.asList(argv));
        if (code >= 0) {
            System.exit(code);
        }
    }

    /** Returns the exit code, or -1 when the command keeps running (the server). */
    int execute(List<String> argv) throws Exception {
        if (argv.isEmpty() || argv.getFirst().equals("--help") || argv.getFirst().equals("help")) {
            out.println(USAGE);
            return argv.isEmpty() ? HeadlessRun.USAGE : 0;
        }
        List<String> rest = argv.subList(1, argv.size());
        try {
            return switch (argv.getFirst()) {
                case "serve" -> serve(Args.parse(rest, List.of("port", "host", "runbooks")));
                case "run" -> run(Args.parse(rest, List.of()));
                case "check" -> check(Args.parse(rest, List.of()));
                default -> throw new Args.UsageError("unknown command '" + argv.getFirst() + "'");
            };
        } catch (Args.UsageError e) {
            err.println("tejun: " + e.getMessage());
            err.println(USAGE);
            return HeadlessRun.USAGE;
        }
    }

    static Path dataDir() throws IOException {
        String home = Optional.ofNullable(System.getenv("TEJUN_HOME")).filter(s -> !s.isBlank()).orElse(".tejun");
        return Files.createDirectories(Path.of(home)).toAbsolutePath();
    }

    static ExecutorRegistry executors() {
        return new ExecutorRegistry(List.of(new ShellExecutorFactory(), new JavaExecutorFactory()));
    }

    private int serve(Args args) throws Exception {
        if (!args.positional().isEmpty()) {
            throw new Args.UsageError("serve takes no file names");
        }
        int port;
        try {
            port = Integer.parseInt(args.options().getOrDefault("port", "7070"));
        } catch (NumberFormatException e) {
            throw new Args.UsageError("--port must be a number");
        }
        Path runbooks = Path.of(args.options().getOrDefault("runbooks", "runbooks")).toAbsolutePath();
        if (!Files.isDirectory(runbooks)) {
            throw new Args.UsageError("no runbooks folder at " + runbooks);
        }
        String host = args.options().getOrDefault("host", "127.0.0.1");
        TejunServer server = TejunServer.start(new ServerConfig(host, port, runbooks, dataDir(), executors(),
                Clock.systemUTC()));
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        out.println("Tejun is serving " + runbooks + " at " + server.baseUrl() + " (data in " + dataDir() + ")");
        return -1;
    }

    private int run(Args args) throws Exception {
        if (args.positional().size() != 1) {
            throw new Args.UsageError("run takes exactly one runbook file");
        }
        Path data = dataDir();
        Session.Services services = new Session.Services(executors(), new EvidenceStore(data.resolve("evidence"),
                Clock.systemUTC()), data, Clock.systemUTC(), ref -> Optional.empty());
        String user = System.getProperty("user.name", "unknown");
        return new HeadlessRun(services, out, err).run(Path.of(args.positional().getFirst()), args.params(), user);
    }

    private int check(Args args) throws Exception {
        if (args.positional().isEmpty()) {
            throw new Args.UsageError("check needs at least one file or folder");
        }
        if (!args.params().isEmpty()) {
            throw new Args.UsageError("check takes no params");
        }
        List<Path> paths = args.positional().stream().map(Path::of).toList();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                err.println("tejun check: no such file or folder: " + p);
                return HeadlessRun.USAGE;
            }
        }
        List<CheckReport> reports = RunbookCheck.checkAll(paths);
        int failed = 0;
        for (CheckReport r : reports) {
            out.println(CheckOutput.describe(r));
            if (!r.ok()) {
                failed++;
            }
        }
        out.println(reports.size() + " files: " + (reports.size() - failed) + " passed, " + failed + " failed");
        return failed == 0 && !reports.isEmpty() ? 0 : 1;
    }
}
