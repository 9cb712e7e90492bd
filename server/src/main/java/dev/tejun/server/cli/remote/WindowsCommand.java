package dev.tejun.server.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.server.cli.args.Args;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tejun windows status FILE} (a runbook's or flow's maintenance windows now and next) and
 * {@code tejun windows override FILE --reason WHY [--minutes N]} (an approver lets it start by hand outside them),
 * against a server, like {@code tejun runs}.
 */
public final class WindowsCommand {

    public static final String USAGE = """
                   tejun windows status FILE.md|FILE.flow.yaml      (its maintenance windows now and next)
                   tejun windows override FILE --reason WHY [--minutes 60]   (approver: allow a manual run now)""";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public WindowsCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public int run(List<String> words) throws Args.UsageError, InterruptedException {
        if (words.isEmpty()) {
            throw new Args.UsageError("windows needs status or override");
        }
        String sub = words.getFirst();
        Args args = Args.parse(words.subList(1, words.size()), List.of("server", "token", "reason", "minutes"));
        if (args.positional().size() != 1 || !args.params().isEmpty()) {
            throw new Args.UsageError("usage: tejun windows " + sub + " FILE");
        }
        String target = RunbookName.of(args.positional().getFirst());
        try {
            ServerClient client = client(args);
            return switch (sub) {
                case "status" -> status(client, target);
                case "override" -> override(client, target, args);
                default -> throw new Args.UsageError("unknown windows command '" + sub + "' (status, override)");
            };
        } catch (RemoteFailure e) {
            err.println("tejun windows " + sub + ": " + e.getMessage());
            return e.exitCode();
        }
    }

    private int status(ServerClient client, String target) throws RemoteFailure, InterruptedException {
        JsonNode s = client.get(
                "/api/windows?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8), Duration.ofSeconds(30));
        out.println(target + ": " + (s.path("open").asBoolean() ? "may start now" : "may not start now"));
        if (!s.path("reason").isNull() && s.has("reason")) {
            out.println("  why: " + s.path("reason").asText());
        }
        if (!s.path("nextAllowed").isNull() && s.has("nextAllowed")) {
            out.println("  next allowed: " + s.path("nextAllowed").asText());
        }
        for (JsonNode a : s.path("active")) {
            out.println("  active: " + a.path("calendar").asText() + " ("
                    + a.path("type").asText() + ") until " + a.path("until").asText());
        }
        if (s.path("next").isObject()) {
            JsonNode n = s.path("next");
            out.println("  next window: " + n.path("calendar").asText() + " ("
                    + n.path("type").asText() + ") at " + n.path("start").asText());
        }
        if (s.path("override").isObject()) {
            JsonNode o = s.path("override");
            out.println("  override " + o.path("id").asText() + " by "
                    + o.path("grantedBy").asText() + " until "
                    + o.path("expiresAt").asText() + ": " + o.path("reason").asText());
        }
        return 0;
    }

    private int override(ServerClient client, String target, Args args)
            throws Args.UsageError, RemoteFailure, InterruptedException {
        String reason = args.options().get("reason");
        if (reason == null || reason.isBlank()) {
            throw new Args.UsageError("windows override needs --reason WHY (it is audited)");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target", target);
        body.put("reason", reason);
        String minutes = args.options().get("minutes");
        if (minutes != null) {
            if (!minutes.matches("\\d{1,5}")) {
                throw new Args.UsageError("--minutes takes a whole number of minutes");
            }
            body.put("minutes", Integer.parseInt(minutes));
        }
        JsonNode o = client.post("/api/windows/overrides", body);
        out.println("override " + o.path("id").asText() + ": " + target + " may start by hand until "
                + o.path("expiresAt").asText());
        return 0;
    }

    private ServerClient client(Args args) throws RemoteFailure {
        String server = args.options().getOrDefault("server", env.get(RemoteCommand.SERVER_ENV));
        if (server == null || server.isBlank()) {
            throw new RemoteFailure(400, "no server: give --server URL or set " + RemoteCommand.SERVER_ENV);
        }
        return new ServerClient(server, args.options().getOrDefault("token", env.get(RemoteCommand.TOKEN_ENV)));
    }
}
