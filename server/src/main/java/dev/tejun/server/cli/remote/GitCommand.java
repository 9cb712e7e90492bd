package dev.tejun.server.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.server.cli.args.Args;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code tejun git pull} and {@code tejun git push} against a server (an admin's token): the server's runbooks
 * repository pulls from or pushes to its configured remote; a pull prints each changed file's check.
 */
public final class GitCommand {

    public static final String USAGE = """
                   tejun git pull|push     (admin: the server's runbooks repository with its configured remote)""";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public GitCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /** 0 when done and every changed file passed its check; 1 on a conflict, a refusal or a failed check. */
    public int run(List<String> words) throws Args.UsageError, InterruptedException {
        if (words.isEmpty()) {
            throw new Args.UsageError("git needs pull or push");
        }
        String sub = words.getFirst();
        if (!sub.equals("pull") && !sub.equals("push")) {
            throw new Args.UsageError("unknown git command '" + sub + "' (pull, push)");
        }
        Args args = Args.parse(words.subList(1, words.size()), List.of("server", "token"));
        if (!args.positional().isEmpty() || !args.params().isEmpty()) {
            throw new Args.UsageError("usage: tejun git " + sub);
        }
        try {
            String server = args.options().getOrDefault("server", env.get(RemoteCommand.SERVER_ENV));
            if (server == null || server.isBlank()) {
                throw new RemoteFailure(400, "no server: give --server URL or set " + RemoteCommand.SERVER_ENV);
            }
            ServerClient client =
                    new ServerClient(server, args.options().getOrDefault("token", env.get(RemoteCommand.TOKEN_ENV)));
            return print(client.post("/api/git/" + sub, null));
        } catch (RemoteFailure e) {
            err.println("tejun git " + sub + ": " + e.getMessage());
            return e.exitCode();
        }
    }

    private int print(JsonNode r) {
        out.println(r.path("action").asText() + ": " + r.path("message").asText());
        int failed = 0;
        for (JsonNode c : r.path("checks")) {
            out.println("  " + (c.path("ok").asBoolean() ? "ok   " : "FAIL ")
                    + c.path("path").asText());
            c.path("problems").forEach(p -> out.println("       " + p.asText()));
            failed += c.path("ok").asBoolean() ? 0 : 1;
        }
        return failed == 0 ? RemoteExit.OK : RemoteExit.CELL_FAILED;
    }
}
