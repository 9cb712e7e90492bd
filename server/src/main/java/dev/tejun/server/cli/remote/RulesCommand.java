package dev.tejun.server.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.alert.RuleCheck;
import dev.tejun.kernel.format.CheckReport;
import dev.tejun.kernel.runbook.Problem;
import dev.tejun.server.cli.args.Args;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code tejun rules …}: {@code check} reads rules files here, with the parse the server uses, and prints each problem
 * as {@code FILE:LINE: message}; {@code import} and {@code replay} go to a server ({@code --server}/{@code --token} or
 * {@code TEJUN_SERVER}/{@code TEJUN_TOKEN}, as {@code tejun runs}). {@code tejun events replay} and {@code tejun events
 * rules import} are the same commands under their first names.
 */
public final class RulesCommand {

    public static final String USAGE = """
                   tejun rules check [RUNBOOKS-DIR|RULES.yaml]...  every problem of rules/*.yaml as FILE:LINE
                   tejun rules import FILE.xlsx                    a decision-table workbook as rules/SHEET.yaml
                   tejun rules export rules/NAME.yaml [-o FILE.xlsx]  a rules file as a decision-table workbook
                   tejun rules replay RULES.yaml [--days N]        what a draft rules file would have done""";

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public RulesCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public int run(List<String> words) throws Args.UsageError, InterruptedException {
        if (words.isEmpty()) {
            throw new Args.UsageError("rules needs check, import, export or replay");
        }
        String sub = words.getFirst();
        List<String> rest = new ArrayList<>(words.subList(1, words.size()));
        try {
            return switch (sub) {
                case "check" -> check(Args.parse(rest, List.of()));
                case "import" -> importWorkbook(Args.parse(rest, List.of("server", "token")));
                case "export" -> export(Args.parse(rest, List.of("server", "token", "output")));
                case "replay" -> replay(Args.parse(rest, List.of("server", "token", "days")));
                default -> throw new Args.UsageError("unknown rules command '" + sub + "'");
            };
        } catch (RemoteFailure e) {
            err.println("tejun rules " + sub + ": " + e.getMessage());
            return e.exitCode();
        }
    }

    /** Exit 0 when every file parses without an error, 1 when one has one, 2 for a path that is not there. */
    private int check(Args args) throws Args.UsageError {
        if (!args.params().isEmpty()) {
            throw new Args.UsageError("usage: tejun rules check [RUNBOOKS-DIR|RULES.yaml]...");
        }
        List<Path> files = new ArrayList<>();
        for (String given : args.positional().isEmpty() ? List.of(".") : args.positional()) {
            Path p = Path.of(given);
            if (Files.isDirectory(p)) {
                // the runbooks folder (its rules/ is read) or the rules folder itself
                boolean rulesFolder = RuleCheck.isRuleFile(p.resolve("x.yaml"));
                files.addAll(
                        RuleCheck.ruleFiles(rulesFolder ? p.toAbsolutePath().getParent() : p));
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                err.println("tejun rules check: no such file or folder: " + p);
                return RemoteExit.USAGE;
            }
        }
        if (files.isEmpty()) {
            err.println("tejun rules check: no rules/*.yaml files found");
            return 1;
        }
        int rules = 0;
        int errors = 0;
        for (Path f : files) {
            CheckReport r = RuleCheck.check(f);
            rules += r.cells().size();
            for (Problem p : r.problems()) {
                out.println(f + ":" + Math.max(p.line(), 1) + ": "
                        + p.severity().name().toLowerCase(java.util.Locale.ROOT) + ": " + p.message());
                if (p.severity() == Problem.Severity.ERROR) {
                    errors++;
                }
            }
        }
        out.println("checked " + files.size() + " rules files, " + rules + " rules, " + errors + " errors");
        return errors == 0 ? RemoteExit.OK : 1;
    }

    private int export(Args args) throws Args.UsageError, RemoteFailure, InterruptedException {
        if (args.positional().size() != 1) {
            throw new Args.UsageError("usage: tejun rules export rules/NAME.yaml [-o FILE.xlsx]");
        }
        String file = args.positional().getFirst().replace('\\', '/');
        String name = file.substring(file.lastIndexOf('/') + 1).replaceFirst("\\.ya?ml$", "");
        Path to = Path.of(args.options().getOrDefault("output", name + ".xlsx"));
        byte[] workbook =
                client(args).getBytes("/api/rules/export?file=" + URLEncoder.encode(file, StandardCharsets.UTF_8));
        try {
            Files.write(to, workbook);
        } catch (IOException e) {
            throw new Args.UsageError("cannot write " + to + ": " + e.getMessage());
        }
        out.println("wrote " + to + " (" + workbook.length + " bytes); tejun rules import gives the same rules back");
        return RemoteExit.OK;
    }

    int replay(Args args) throws Args.UsageError, RemoteFailure, InterruptedException {
        if (args.positional().size() != 1) {
            throw new Args.UsageError("usage: tejun rules replay RULES.yaml [--days N]");
        }
        Path file = Path.of(args.positional().getFirst());
        String days = args.options().getOrDefault("days", "7");
        if (!days.matches("\\d{1,3}")) {
            throw new Args.UsageError("--days must be a number of days");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new Args.UsageError("cannot read " + file + ": " + e.getMessage());
        }
        JsonNode r = client(args)
                .post(
                        "/api/rules/replay",
                        Map.of("name", file.getFileName().toString(), "rules", text, "days", Integer.parseInt(days)));
        out.println(r.path("events").asInt() + " events replayed, "
                + r.path("changed").asInt() + " decided otherwise");
        out.println("then:  " + r.path("was"));
        out.println("draft: " + r.path("would"));
        for (JsonNode d : r.path("differences")) {
            out.println("  " + d);
        }
        return RemoteExit.OK;
    }

    int importWorkbook(Args args) throws Args.UsageError, RemoteFailure, InterruptedException {
        if (args.positional().size() != 1) {
            throw new Args.UsageError("usage: tejun rules import FILE.xlsx");
        }
        Path file = Path.of(args.positional().getFirst());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new Args.UsageError("cannot read " + file + ": " + e.getMessage());
        }
        JsonNode r = client(args).postBytes("/api/rules/import", XLSX, bytes);
        r.path("files")
                .properties()
                .forEach(f -> out.println(f.getKey() + ": " + f.getValue().asInt() + " rule(s)"));
        out.println("imported; an operator activates the rules before they run");
        return RemoteExit.OK;
    }

    private ServerClient client(Args args) throws RemoteFailure {
        return EventsCommand.client(args, env);
    }
}
