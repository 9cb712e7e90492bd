package dev.tejun.kernel.flow;

import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellOutput;
import dev.tejun.kernel.event.Event;
import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.flow.def.FlowDefinition;
import dev.tejun.kernel.flow.def.FlowFiles;
import dev.tejun.kernel.flow.def.Node;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.preview.WouldMeet;
import dev.tejun.kernel.runbook.Runbook;
import dev.tejun.kernel.session.Params;
import dev.tejun.kernel.session.RunbookFile;
import dev.tejun.kernel.session.Session;
import dev.tejun.kernel.template.Template;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes a {@link FlowPreview}: walks the flow's nodes in file order and shows each as it would start, running nothing
 * but the preview runs of its runbooks (preview executors: cells show their text, ansible runs in check mode,
 * terraform plans; a previewing guard takes no lock). Every node is shown, whichever branch a real run would take.
 */
final class FlowPreviewer {

    private static final int MAX_DEPTH = 5;
    /** Of each cell's preview output; the whole is in the preview run's evidence. */
    private static final int MAX_OUTPUT = 16 * 1024;

    private static final long RUN_WAIT_MINUTES = 10;

    private final FlowEngine engine;
    private final Session.Services previews;
    private final WouldMeet.Windows windows;
    private final String user;
    private final String via;

    FlowPreviewer(FlowEngine engine, Session.Services previews, WouldMeet.Windows windows, String user, String via) {
        this.engine = engine;
        this.previews = previews;
        this.windows = windows;
        this.user = user;
        this.via = via;
    }

    FlowPreview preview(String flow, Map<String, String> given, int depth) {
        FlowDefinition def = FlowFiles.require(engine.folder(), flow).definition();
        Map<String, String> params = Params.resolve(def.metadata(), given);
        FlowValues values = new FlowValues(params, def.secretParams(), Map.of());
        List<FlowPreview.NodePreview> nodes = new ArrayList<>();
        for (Node n : def.nodes()) {
            nodes.add(node(def, n, values, params, depth));
        }
        return new FlowPreview(
                flow,
                def.title(),
                shownParams(params, def.secretParams()),
                WouldMeet.locks(previews.guard(), flow, FlowLocks.declared(def), "flow", params),
                windows.at(flow, engine.now()),
                nodes);
    }

    /**
     * What follows hold point {@code holdId} of a running instance: the nodes reachable from it, in file order, with
     * the values the instance has now (earlier nodes' outputs included), for the approval request.
     */
    FlowPreview after(FlowDefinition def, FlowValues values, String holdId) {
        Set<String> reach = new HashSet<>();
        java.util.ArrayDeque<String> todo =
                new ArrayDeque<>(def.node(holdId).orElseThrow().successors());
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (reach.add(id)) {
                def.node(id).ifPresent(n -> todo.addAll(n.successors()));
            }
        }
        List<FlowPreview.NodePreview> nodes = new ArrayList<>();
        for (Node n : def.nodes()) {
            if (reach.contains(n.id())) {
                nodes.add(node(def, n, values, values.params(), 0));
            }
        }
        return new FlowPreview(
                def.name(), def.title(), shownParams(values.params(), def.secretParams()), List.of(), List.of(), nodes);
    }

    private FlowPreview.NodePreview node(
            FlowDefinition def, Node n, FlowValues values, Map<String, String> flowParams, int depth) {
        var locks = WouldMeet.locks(
                previews.guard(), def.name(), FlowLocks.declared(def, n.id()), "node " + n.id(), flowParams);
        Shown shown = new Shown(n.id(), n.type(), locks);
        switch (n) {
            case Node.RunbookNode r -> {
                Map<String, String> p = lenient(values, r.params());
                if (r.operation() != null) {
                    p.put(
                            "operation",
                            lenient(values, Map.of("operation", r.operation())).get("operation"));
                }
                return shown.runbook(r.runbook(), p, values.carryingSecrets(r.params()), List.of(), null);
            }
            case Node.ForEachNode f -> {
                Map<String, String> p = lenient(values, f.params());
                List<String> hosts;
                try {
                    hosts = engine.hosts(f.hosts(), values::lookup);
                } catch (RuntimeException e) {
                    return shown.plain(f.hosts(), p, "its hosts cannot be listed: " + e.getMessage());
                }
                if (hosts.isEmpty()) {
                    return shown.plain(f.hosts(), p, "the pattern selects no host: it would run nothing");
                }
                p.put("host", hosts.getFirst());
                String note = "shown for its first host, " + hosts.getFirst() + "; every host's run differs only in"
                        + " its host param";
                if (f.runbook() != null) {
                    return shown.runbook(f.runbook(), p, values.carryingSecrets(f.params()), hosts, note);
                }
                return shown.called(
                        f.flow(), p, hosts, depth < MAX_DEPTH ? preview(f.flow(), p, depth + 1) : null, note);
            }
            case Node.CallNode c -> {
                Map<String, String> p = lenient(values, c.params());
                return shown.called(
                        c.flow(), p, List.of(), depth < MAX_DEPTH ? preview(c.flow(), p, depth + 1) : null, null);
            }
            case Node.PauseNode p -> {
                return shown.plain(
                        values.lenient(p.message() == null ? "" : p.message()),
                        Map.of(),
                        "waits for an approver (role " + p.approverRole() + ")");
            }
            default -> {
                return shown.plain(null, Map.of(), null);
            }
        }
    }

    /** The params with the flow's values put in; one that needs an earlier node's output keeps its reference. */
    private static Map<String, String> lenient(FlowValues values, Map<String, String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        given.forEach((k, v) -> {
            try {
                out.put(k, Template.FLOWS.fill(v, values::lookup));
            } catch (Template.Unresolved e) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * What the rest of a runbook would do past a {@code pause} cell's hold, for its approval: the runbook's preview
     * run (cells shown, nothing run) as one node named {@code id}, with its own locks and windows.
     */
    FlowPreview.NodePreview runbook(String id, String runbook, Map<String, String> params, Set<String> secret) {
        return new Shown(id, "runbook", List.of()).runbook(runbook, params, secret, List.of(), null);
    }

    /** One node's preview being made: its id, type and locks, and the ways to finish it. */
    private final class Shown {
        private final Named node;
        private final List<WouldMeet.Lock> locks;

        Shown(String id, String type, List<WouldMeet.Lock> locks) {
            this.node = new Named(id, type);
            this.locks = locks;
        }

        FlowPreview.NodePreview plain(String target, Map<String, String> params, String note) {
            return new FlowPreview.NodePreview(
                    node.id(), node.type(), target, params, List.of(), locks, List.of(), null, List.of(), null, note);
        }

        FlowPreview.NodePreview called(
                String flow, Map<String, String> params, List<String> hosts, FlowPreview called, String note) {
            return new FlowPreview.NodePreview(
                    node.id(), node.type(), flow, params, hosts, locks, List.of(), null, List.of(), called, note);
        }

        /** Runs the runbook's preview and shows its cells, with the runbook's own locks and windows. */
        FlowPreview.NodePreview runbook(
                String runbook, Map<String, String> params, Set<String> secret, List<String> hosts, String note) {
            List<WouldMeet.Lock> all = new ArrayList<>(locks);
            String refused = engine.nodeRefusal(
                    user, via, new RunbookFile(runbook, engine.folder().resolve(runbook)));
            if (refused != null) {
                return new FlowPreview.NodePreview(
                        node.id(), node.type(), runbook, params, hosts, all, List.of(), null, List.of(), null, refused);
            }
            try {
                Path file = engine.folder().resolve(runbook);
                Runbook parsed = RunbookFormat.parse(Files.readString(file, StandardCharsets.UTF_8));
                all.addAll(
                        WouldMeet.locks(previews.guard(), runbook, parsed, Params.resolve(parsed.metadata(), params)));
                var windowsNow = windows.at(runbook, engine.now());
                Run run = run(runbook, file, params, secret);
                return new FlowPreview.NodePreview(
                        node.id(),
                        node.type(),
                        runbook,
                        shownParams(params, secret),
                        hosts,
                        all,
                        windowsNow,
                        run.id(),
                        run.cells(),
                        null,
                        note);
            } catch (IOException | RuntimeException e) {
                return new FlowPreview.NodePreview(
                        node.id(),
                        node.type(),
                        runbook,
                        shownParams(params, secret),
                        hosts,
                        all,
                        List.of(),
                        null,
                        List.of(),
                        null,
                        "no preview: " + e.getMessage());
            }
        }

        private Run run(String runbook, Path file, Map<String, String> params, Set<String> secret) throws IOException {
            String sessionId = "preview-" + UUID.randomUUID() + "-" + node.id();
            Path work =
                    Files.createDirectories(previews.dataDir().resolve("work").resolve(sessionId));
            try (Session s = new Session(sessionId, new RunbookFile(runbook, file), params, work, previews)) {
                s.alsoSecret(secret);
                Session.RunHandle h = s.run(List.of(), user, via);
                try {
                    h.finished().get(RUN_WAIT_MINUTES, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    s.interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    s.interrupt();
                }
                return new Run(
                        h.runId(), cells(s.events().since(0, Integer.MAX_VALUE).events()));
            }
        }
    }

    private static Map<String, String> shownParams(Map<String, String> params, Set<String> secret) {
        Map<String, String> out = new LinkedHashMap<>(params);
        secret.forEach(p -> out.computeIfPresent(p, (k, v) -> FlowInstance.MASK));
        return out;
    }

    private record Run(String id, List<FlowPreview.CellPreview> cells) {}

    /** What a preview shows of the node it previews: its id and type. */
    private record Named(String id, String type) {}

    /** Each cell's status and its standard output (what the preview printed), in the order the cells ran. */
    private static List<FlowPreview.CellPreview> cells(List<Event> events) {
        Map<String, StringBuilder> out = new LinkedHashMap<>();
        Map<String, String> status = new LinkedHashMap<>();
        for (Event e : events) {
            if (e instanceof CellOutput o && o.stream() == Stream.STDOUT) {
                StringBuilder b = out.computeIfAbsent(o.cellId(), k -> new StringBuilder());
                if (b.length() < MAX_OUTPUT) {
                    b.append(o.text(), 0, Math.min(o.text().length(), MAX_OUTPUT - b.length()));
                }
            } else if (e instanceof CellFinished f) {
                out.computeIfAbsent(f.cellId(), k -> new StringBuilder());
                status.put(f.cellId(), f.status().name().toLowerCase(Locale.ROOT));
            } else if (e instanceof RunFinished) {
                break;
            }
        }
        List<FlowPreview.CellPreview> cells = new ArrayList<>();
        out.forEach((id, text) -> cells.add(new FlowPreview.CellPreview(id, status.get(id), text.toString())));
        return cells;
    }
}
