package dev.tejun.server.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.server.cli.args.Args;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code tejun events …} against a server: the recent events and their outcome, one event, the unhandled queue, a
 * draft rules file replayed on recorded events, and a decision-table workbook imported as rules files. The same
 * {@code --server}/{@code --token} (or {@code TEJUN_SERVER}/{@code TEJUN_TOKEN}) as {@code tejun runs}.
 */
public final class EventsCommand {

    public static final String USAGE = """
                   tejun events list [--limit N]               recent events: id, time, source, decision, rule
                   tejun events show EVENT-ID                  one event: decision, run, links, window
                   tejun events unhandled                      events no rule matched, not yet acknowledged
                   tejun events export [--format csv|json|xlsx] [-o FILE] [--from DATE] [--to DATE]
                                       [--source S] [--rule R] [--decision D]
                                                               the outcome history, oldest first
                   tejun events replay RULES.yaml [--days N]   the same as tejun rules replay
                   tejun events rules import FILE.xlsx         the same as tejun rules import""";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public EventsCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public int run(List<String> words) throws Args.UsageError, InterruptedException {
        if (words.isEmpty()) {
            throw new Args.UsageError("events needs list, show, unhandled, export, replay or rules import");
        }
        String sub = words.getFirst();
        List<String> rest = new ArrayList<>(words.subList(1, words.size()));
        try {
            return switch (sub) {
                case "list" -> list(Args.parse(rest, List.of("server", "token", "limit")));
                case "show" -> show(Args.parse(rest, List.of("server", "token")));
                case "unhandled" -> unhandled(Args.parse(rest, List.of("server", "token")));
                case "export" -> export(Args.parse(rest, EXPORT_OPTIONS));
                case "replay" ->
                    new RulesCommand(out, err, env).replay(Args.parse(rest, List.of("server", "token", "days")));
                case "rules" -> rules(rest);
                default -> throw new Args.UsageError("unknown events command '" + sub + "'");
            };
        } catch (RemoteFailure e) {
            err.println("tejun events " + sub + ": " + e.getMessage());
            return e.exitCode();
        }
    }

    private int list(Args args) throws Args.UsageError, RemoteFailure, InterruptedException {
        String limit = args.options().getOrDefault("limit", "50");
        if (!limit.matches("\\d{1,4}") || !args.positional().isEmpty()) {
            throw new Args.UsageError("usage: tejun events list [--limit N]");
        }
        JsonNode events =
                client(args).get("/api/events", Duration.ofSeconds(30)).path("events");
        int n = 0;
        for (JsonNode e : events) {
            if (n++ >= Integer.parseInt(limit)) {
                break;
            }
            out.println(line(e));
        }
        return RemoteExit.OK;
    }

    private int show(Args args) throws Args.UsageError, RemoteFailure, InterruptedException {
        if (args.positional().size() != 1 || !args.positional().getFirst().matches("\\d{1,18}")) {
            throw new Args.UsageError("usage: tejun events show EVENT-ID");
        }
        long id = Long.parseLong(args.positional().getFirst());
        out.println(
                client(args).get("/api/events/" + id, Duration.ofSeconds(30)).toPrettyString());
        return RemoteExit.OK;
    }

    private static final List<String> FILTERS = List.of("from", "to", "source", "rule", "decision", "status", "limit");
    private static final List<String> EXPORT_OPTIONS = java.util.stream.Stream.concat(
                    Stream.of("server", "token", "format", "output"), FILTERS.stream())
            .toList();

    /** The outcome history, as the server's {@code GET /api/events/history} gives it, to a file or standard output. */
    private int export(Args args) throws Args.UsageError, RemoteFailure, InterruptedException {
        String format = args.options().getOrDefault("format", "csv");
        if (!List.of("csv", "json", "xlsx").contains(format)
                || !args.positional().isEmpty()) {
            throw new Args.UsageError("usage: tejun events export [--format csv|json|xlsx] [-o FILE] [--from DATE] "
                    + "[--to DATE] [--source S] [--rule R] [--decision D] [--status S] [--limit N]");
        }
        StringBuilder query =
                new StringBuilder(format.equals("xlsx") ? "/api/events/history.xlsx?" : "/api/events/history?");
        if (format.equals("csv")) {
            query.append("format=csv&");
        }
        for (String f : FILTERS) {
            String v = args.options().get(f);
            if (v != null) {
                query.append(f)
                        .append('=')
                        .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8))
                        .append('&');
            }
        }
        byte[] body = client(args).getBytes(query.substring(0, query.length() - 1));
        String output = args.options().get("output");
        if (output == null) {
            if (format.equals("xlsx")) {
                throw new Args.UsageError("an Excel export needs -o FILE.xlsx");
            }
            out.print(new String(body, java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            return RemoteExit.OK;
        }
        try {
            java.nio.file.Files.write(java.nio.file.Path.of(output), body);
        } catch (java.io.IOException e) {
            throw new Args.UsageError("cannot write " + output + ": " + e.getMessage());
        }
        out.println("wrote " + output + " (" + body.length + " bytes)");
        return RemoteExit.OK;
    }

    private int unhandled(Args args) throws RemoteFailure, InterruptedException {
        for (JsonNode e : client(args)
                .get("/api/events/unhandled", Duration.ofSeconds(30))
                .path("events")) {
            out.println(line(e));
        }
        return RemoteExit.OK;
    }

    /** {@code tejun events rules import} is {@code tejun rules import} under its first name. */
    private int rules(List<String> words) throws Args.UsageError, RemoteFailure, InterruptedException {
        if (words.isEmpty() || !words.getFirst().equals("import")) {
            throw new Args.UsageError("usage: tejun events rules import FILE.xlsx (or tejun rules import)");
        }
        return new RulesCommand(out, err, env)
                .importWorkbook(Args.parse(words.subList(1, words.size()), List.of("server", "token")));
    }

    private static String line(JsonNode e) {
        return String.join(
                "  ",
                e.path("id").asText(),
                e.path("receivedAt").asText(),
                e.path("source").asText(),
                e.path("status").asText(),
                e.path("decision").asText(e.path("kind").asText()),
                e.path("rule").asText("-"),
                e.path("labels").toString());
    }

    private ServerClient client(Args args) throws RemoteFailure {
        return client(args, env);
    }

    /** The server {@code --server} or {@code TEJUN_SERVER} names, with {@code --token} or {@code TEJUN_TOKEN}. */
    static ServerClient client(Args args, Map<String, String> env) throws RemoteFailure {
        String server = args.options().getOrDefault("server", env.get(RemoteCommand.SERVER_ENV));
        if (server == null || server.isBlank()) {
            throw new RemoteFailure(400, "no server: give --server URL or set " + RemoteCommand.SERVER_ENV);
        }
        return new ServerClient(server, args.options().getOrDefault("token", env.get(RemoteCommand.TOKEN_ENV)));
    }
}
