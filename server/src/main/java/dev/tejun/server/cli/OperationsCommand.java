package dev.tejun.server.cli;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Operation;
import dev.tejun.cmdb.model.TimeInput;
import dev.tejun.cmdb.store.CmdbException;
import dev.tejun.cmdb.store.OperationBook;
import dev.tejun.server.Json;
import dev.tejun.server.cli.args.Args;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code tejun cmdb operations list|show NAME|create NAME|update NAME|cancel NAME}: the operation list (作業一覧) on
 * this data folder, as the Operations page and {@code /api/cmdb/operations} show and change it. {@code create} and
 * {@code update} take {@code --planned 2026-11-01T10:00+09:00[Asia/Tokyo]}, {@code --owner USER} and
 * {@code --notes TEXT}; {@code update} and {@code cancel} act on the version they read now.
 */
final class OperationsCommand {

    static final List<String> OPTIONS = List.of("planned", "owner", "notes", "format");

    private OperationsCommand() {}

    static int run(OperationBook operations, Args args, Actor actor, PrintStream out, PrintStream err)
            throws Exception {
        List<String> words = args.positional();
        String verb = words.isEmpty() ? "list" : words.getFirst();
        try {
            return switch (verb) {
                case "list" -> list(operations, args, out);
                case "show" ->
                    show(
                            operations
                                    .get(name(words, verb))
                                    .orElseThrow(() -> new Args.UsageError("no operation " + words.get(1))),
                            out);
                case "create" -> show(operations.create(draft(name(words, verb), args, null), actor), out);
                case "update" -> {
                    String name = name(words, verb);
                    Operation now = operations.get(name).orElseThrow(() -> new Args.UsageError("no operation " + name));
                    yield show(operations.update(name, now.version(), draft(name, args, now), actor), out);
                }
                case "cancel" -> {
                    String name = name(words, verb);
                    Operation now = operations.get(name).orElseThrow(() -> new Args.UsageError("no operation " + name));
                    yield show(operations.cancel(name, now.version(), actor), out);
                }
                default ->
                    throw new Args.UsageError(
                            "cmdb operations takes list, show, create, update or cancel, not '" + verb + "'");
            };
        } catch (CmdbException | IllegalArgumentException e) {
            err.println("tejun cmdb operations: " + e.getMessage());
            return 1;
        }
    }

    private static String name(List<String> words, String verb) throws Args.UsageError {
        if (words.size() != 2) {
            throw new Args.UsageError("cmdb operations " + verb + " takes one operation name");
        }
        return words.get(1);
    }

    /** The options given over what the operation has ({@code now}, or nothing for a new one). */
    private static Operation.Draft draft(String name, Args args, Operation now) {
        String planned = args.options().get("planned");
        return new Operation.Draft(
                name,
                planned == null
                        ? (now == null ? null : now.planned())
                        : planned.isBlank() ? null : TimeInput.zoned(planned, "--planned"),
                args.options().getOrDefault("owner", now == null ? null : now.owner()),
                args.options().getOrDefault("notes", now == null ? "" : now.notes()));
    }

    private static int list(OperationBook operations, Args args, PrintStream out) throws Exception {
        List<Operation> all = operations.list();
        if ("json".equals(args.options().get("format"))) {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(all));
            return 0;
        }
        for (Operation op : all) {
            out.printf(
                    "%-30s %-9s %-40s %-12s %d runs%n",
                    op.name(),
                    op.status().wire(),
                    op.planned() == null ? "-" : op.planned().toString(),
                    op.owner() == null ? "-" : op.owner(),
                    op.links().size());
        }
        return 0;
    }

    private static int show(Operation op, PrintStream out) {
        out.println("name:    " + op.name());
        out.println("status:  " + op.status().wire());
        out.println("planned: " + (op.planned() == null ? "-" : op.planned()));
        out.println("owner:   " + (op.owner() == null ? "-" : op.owner()));
        out.println("version: " + op.version() + " (" + op.updatedBy() + ", " + op.updatedAt() + ")");
        if (!op.notes().isEmpty()) {
            out.println("notes:   " + op.notes());
        }
        for (Operation.Link l : op.links()) {
            out.println("  " + l.kind().name().toLowerCase() + " " + l.ref() + " " + l.at() + " "
                    + (l.outcome() == null ? "running" : l.outcome()));
        }
        return 0;
    }
}
