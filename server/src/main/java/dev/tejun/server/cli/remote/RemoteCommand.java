package dev.tejun.server.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.server.cli.args.Args;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code tejun run --server URL --token T FILE -p k=v…} and {@code tejun runs list|logs|stop}: what the launcher
 * does against a remote server. {@code TEJUN_SERVER} and {@code TEJUN_TOKEN} are the defaults of {@code --server}
 * and {@code --token}. Every outcome is an exit code ({@link RemoteExit}) and a line on stderr, never a trace.
 */
public final class RemoteCommand {

    public static final String SERVER_ENV = "TEJUN_SERVER";
    public static final String TOKEN_ENV = "TEJUN_TOKEN";
    public static final String USAGE = """
                   tejun run --server URL [--token T] FILE.md|FILE.flow.yaml [-p name=value]...   (run on a server)
                   tejun runs list [--runbook R] [--status S] [--user U] [--limit N]
                   tejun runs logs RUN-ID [--follow]
                   tejun runs stop RUN-ID
                   (runs …: --server and --token too; defaults $TEJUN_SERVER and $TEJUN_TOKEN)""";
    private static final List<String> CONNECTION = List.of("server", "token");

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final boolean progress;

    /** @param progress draw a progress line on {@code err} (only when it is a terminal) */
    public RemoteCommand(PrintStream out, PrintStream err, Map<String, String> env, boolean progress) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.progress = progress;
    }

    /** True when {@code run} should go to a server: {@code --server} given or {@code TEJUN_SERVER} set. */
    public boolean remote(Args args) {
        return args.options().containsKey("server")
                || !env.getOrDefault(SERVER_ENV, "").isBlank();
    }

    /**
     * {@code tejun run --server …}: starts the run (or the flow, for a {@code .flow.yaml}), prints it live, and
     * answers the exit code of the run.
     */
    public int run(Args args) throws Args.UsageError, InterruptedException {
        if (args.positional().size() != 1) {
            throw new Args.UsageError("run takes exactly one runbook file");
        }
        String runbook = RunbookName.of(args.positional().getFirst());
        try {
            ServerClient client = client(args);
            String asked = args.params().entrySet().stream()
                    .filter(e -> e.getValue().equals("?"))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElse(null);
            if (asked != null) {
                return choices(client, runbook, asked, args.params());
            }
            if (runbook.endsWith(RunbookFolder.FLOW_SUFFIX)) {
                return new RemoteFlow(client, out).run(runbook, args.params());
            }
            JsonNode started = client.post("/api/runs", Map.of("runbook", runbook, "params", args.params()));
            String runId = started.path("runId").asText();
            Thread stopOnCtrlC = new Thread(() -> stopQuietly(client, runId));
            Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
            try {
                return follow(client, runId, true);
            } finally {
                removeHook(stopOnCtrlC);
            }
        } catch (RemoteFailure e) {
            return fail("run", e);
        }
    }

    /** {@code -p NAME=?}: prints the param's choices from the server's CMDB, one a line, and runs nothing. */
    private int choices(ServerClient client, String runbook, String param, Map<String, String> given)
            throws RemoteFailure, InterruptedException {
        StringBuilder q = new StringBuilder("/api/choices?runbook=")
                .append(URLEncoder.encode(runbook, StandardCharsets.UTF_8))
                .append("&param=")
                .append(URLEncoder.encode(param, StandardCharsets.UTF_8));
        given.forEach((k, v) -> {
            if (!v.equals("?")) {
                q.append('&')
                        .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                        .append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        JsonNode listed = client.get(q.toString(), Duration.ofSeconds(30));
        listed.path("choices").forEach(c -> out.println(c.asText()));
        return 0;
    }

    /** {@code tejun runs list|logs|stop …}. */
    public int runs(List<String> words) throws Args.UsageError, InterruptedException {
        if (words.isEmpty()) {
            throw new Args.UsageError("runs needs list, logs or stop");
        }
        String sub = words.getFirst();
        List<String> rest = new ArrayList<>(words.subList(1, words.size()));
        boolean followFlag = rest.remove("--follow") | rest.remove("-f");
        try {
            return switch (sub) {
                case "list" -> list(Args.parse(rest, List.of("server", "token", "runbook", "status", "user", "limit")));
                case "logs" -> logs(oneRun(Args.parse(rest, CONNECTION), "logs"), followFlag);
                case "stop" -> stop(oneRun(Args.parse(rest, CONNECTION), "stop"));
                default -> throw new Args.UsageError("unknown runs command '" + sub + "' (list, logs, stop)");
            };
        } catch (RemoteFailure e) {
            return fail("runs " + sub, e);
        }
    }

    private int list(Args args) throws Args.UsageError, RemoteFailure, InterruptedException {
        noneOf(args, "list");
        StringBuilder q = new StringBuilder();
        for (String f : List.of("runbook", "status", "user", "limit")) {
            String v = args.options().get(f);
            if (v != null) {
                if (f.equals("limit") && !v.matches("\\d{1,5}")) {
                    throw new Args.UsageError("--limit must be a number");
                }
                q.append(q.isEmpty() ? "?" : "&")
                        .append(f)
                        .append('=')
                        .append(URLEncoder.encode(f.equals("runbook") ? RunbookName.of(v) : v, StandardCharsets.UTF_8));
            }
        }
        if (!args.options().containsKey("limit")) {
            q.append(q.isEmpty() ? "?" : "&").append("limit=50");
        }
        RunsTable.print(client(args).get("/api/runs" + q, Duration.ofSeconds(30)), out);
        return RemoteExit.OK;
    }

    private int logs(Args args, boolean follow) throws RemoteFailure, InterruptedException {
        return follow(client(args), args.positional().getFirst(), follow);
    }

    private int stop(Args args) throws RemoteFailure, InterruptedException {
        String runId = args.positional().getFirst();
        client(args).post("/api/runs/" + URLEncoder.encode(runId, StandardCharsets.UTF_8) + "/stop", null);
        out.println("stopping run " + runId);
        return RemoteExit.OK;
    }

    /** Prints the run's events; the run's exit code once it ended, 0 while it goes on (logs without --follow). */
    private int follow(ServerClient client, String runId, boolean untilEnd) throws RemoteFailure, InterruptedException {
        try (ProgressLine printer = new ProgressLine(out, err, progress && untilEnd)) {
            String status = new RunFollower(client).read(runId, printer, untilEnd);
            return status == null ? RemoteExit.OK : RemoteExit.ofStatus(status);
        }
    }

    private ServerClient client(Args args) throws RemoteFailure {
        String server = args.options().getOrDefault("server", env.get(SERVER_ENV));
        if (server == null || server.isBlank()) {
            throw new RemoteFailure(400, "no server: give --server URL or set " + SERVER_ENV);
        }
        return new ServerClient(server, args.options().getOrDefault("token", env.get(TOKEN_ENV)));
    }

    private static Args oneRun(Args args, String what) throws Args.UsageError {
        if (args.positional().size() != 1 || !args.params().isEmpty()) {
            throw new Args.UsageError("usage: tejun runs " + what + " RUN-ID");
        }
        return args;
    }

    private static void noneOf(Args args, String what) throws Args.UsageError {
        if (!args.positional().isEmpty() || !args.params().isEmpty()) {
            throw new Args.UsageError("runs " + what + " takes only options");
        }
    }

    private int fail(String what, RemoteFailure e) {
        err.println("tejun " + what + ": " + e.getMessage());
        return e.exitCode();
    }

    private static void stopQuietly(ServerClient client, String runId) {
        try {
            client.post("/api/runs/" + URLEncoder.encode(runId, StandardCharsets.UTF_8) + "/stop", null);
        } catch (Exception e) {
            // on the way out after Ctrl-C: the run may have ended already
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: Ctrl-C
        }
    }
}
