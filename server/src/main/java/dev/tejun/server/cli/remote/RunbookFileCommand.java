package dev.tejun.server.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.server.cli.args.Args;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tejun runbook mv FROM TO} and {@code tejun runbook rm NAME} against a server (an editor's token): the same
 * rename, move and delete as the notebook's, refused while a schedule, flow or alert rule refers to the runbook.
 */
public final class RunbookFileCommand {

    public static final String USAGE = """
                   tejun runbook mv FROM.md TO.md [--message M]   (editor: rename or move a runbook on the server)
                   tejun runbook rm NAME.md [--message M]         (editor: delete a runbook on the server)""";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public RunbookFileCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /** 0 when done; the refusal's exit code otherwise (its message, naming the referrers, on stderr). */
    public int run(List<String> words) throws Args.UsageError, InterruptedException {
        String sub = words.isEmpty() ? "" : words.getFirst();
        int names = switch (sub) {
            case "mv" -> 2;
            case "rm" -> 1;
            default -> throw new Args.UsageError("runbook needs mv or rm");
        };
        Args args = Args.parse(words.subList(1, words.size()), List.of("server", "token", "message"));
        if (args.positional().size() != names || !args.params().isEmpty()) {
            throw new Args.UsageError(
                    sub.equals("mv") ? "usage: tejun runbook mv FROM TO" : "usage: tejun runbook rm NAME");
        }
        String name = RunbookName.of(args.positional().getFirst());
        try {
            String server = args.options().getOrDefault("server", env.get(RemoteCommand.SERVER_ENV));
            if (server == null || server.isBlank()) {
                throw new RemoteFailure(400, "no server: give --server URL or set " + RemoteCommand.SERVER_ENV);
            }
            ServerClient client =
                    new ServerClient(server, args.options().getOrDefault("token", env.get(RemoteCommand.TOKEN_ENV)));
            String path = "/api/runbooks/" + name;
            Map<String, String> body = new LinkedHashMap<>();
            body.put(
                    "version",
                    client.get(path, Duration.ofSeconds(30)).path("version").asText());
            body.put("message", args.options().get("message"));
            if (sub.equals("mv")) {
                body.put("to", RunbookName.of(args.positional().get(1)));
                JsonNode moved = client.post(path + "/move", body);
                out.println("moved " + name + " to " + moved.path("name").asText());
            } else {
                client.delete(path, body);
                out.println("deleted " + name);
            }
            return RemoteExit.OK;
        } catch (RemoteFailure e) {
            err.println("tejun runbook " + sub + ": " + e.getMessage());
            return e.exitCode();
        }
    }
}
