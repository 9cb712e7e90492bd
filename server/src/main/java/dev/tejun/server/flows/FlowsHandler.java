package dev.tejun.server.flows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.flow.Actor;
import dev.tejun.kernel.flow.FlowCheck;
import dev.tejun.kernel.flow.FlowEngine;
import dev.tejun.kernel.flow.def.FlowDefinition;
import dev.tejun.kernel.flow.def.FlowFiles;
import dev.tejun.kernel.flow.def.Node;
import dev.tejun.kernel.flow.def.Outcome;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.preview.WouldMeet;
import dev.tejun.kernel.session.Params;
import dev.tejun.kernel.session.Session;
import dev.tejun.server.ApiException;
import dev.tejun.server.Json;
import dev.tejun.server.RequestBodies;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.auth.Access;
import io.javalin.http.Context;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code /api/flows}: the flow files, each one's graph for drawing, and starting an instance. */
public final class FlowsHandler {

    private final RunbookFolder folder;
    private final FlowEngine engine;
    private final ObjectMapper json;
    private final AuditLog audit;
    /** What a preview runs on: the preview executors and a guard that holds nothing; null until the server says. */
    private volatile Session.Services previews;

    private volatile WouldMeet.Windows windows;

    FlowsHandler(RunbookFolder folder, FlowEngine engine, ObjectMapper json, AuditLog audit) {
        this.folder = folder;
        this.engine = engine;
        this.json = json;
        this.audit = audit;
    }

    /** Flow starts with {@code preview: true} run their runbooks' previews on {@code previews}, windows from these. */
    void previewWith(Session.Services previews, WouldMeet.Windows windows) {
        this.previews = previews;
        this.windows = windows;
    }

    public void list(Context ctx) {
        List<FlowWire.FlowSummary> out = new ArrayList<>();
        for (var file : FlowCheck.flowFiles(folder.root())) {
            String name = folder.root().relativize(file).toString().replace('\\', '/');
            FlowFiles.Loaded loaded = FlowFiles.load(folder, name);
            String title =
                    loaded.definition() == null ? name : loaded.definition().title();
            out.add(new FlowWire.FlowSummary(
                    name,
                    title,
                    loaded.ok(),
                    loaded.problems().stream().map(FlowWire.ProblemView::of).toList()));
        }
        ctx.json(out);
    }

    public void get(Context ctx) {
        String name = RunbookFolder.flowName(ctx.pathParam("name"));
        FlowFiles.Loaded loaded = FlowFiles.load(folder, name);
        if (loaded.definition() == null) {
            throw ApiException.notFound("no flow " + name);
        }
        ctx.json(graph(loaded));
    }

    public void start(Context ctx) {
        String name = RunbookFolder.flowName(ctx.pathParam("name"));
        FlowWire.StartFlow body = ctx.body().isBlank()
                ? new FlowWire.StartFlow(Map.of(), false)
                : RequestBodies.read(ctx, json, FlowWire.StartFlow.class);
        try {
            if (Boolean.TRUE.equals(body.preview())) {
                if (previews == null) {
                    throw new ApiException(503, "previews are not available on this server");
                }
                Map<String, String> params = body.params() == null ? Map.of() : body.params();
                ctx.json(engine.preview(
                        name,
                        params,
                        new Actor(WebUser.of(ctx), WebUser.via(ctx).wire()),
                        previews,
                        windows));
                return;
            }
            String id = engine.start(
                    name,
                    body.params() == null ? Map.of() : body.params(),
                    WebUser.of(ctx),
                    WebUser.via(ctx).wire());
            ctx.status(201).json(new FlowWire.Started(id));
        } catch (FlowEngine.NotAllowed e) {
            // the starter may not run every runbook of the flow: nothing started, the reason audited
            Access.markAudited(ctx);
            audit.append(
                    WebUser.of(ctx),
                    WebUser.via(ctx),
                    "flow.start",
                    "flow:" + name,
                    "refused",
                    ctx.ip(),
                    Json.object("reason", e.getMessage()));
            throw new ApiException(403, e.getMessage());
        } catch (FlowFiles.InvalidFlow e) {
            throw Files.exists(folder.resolve(name))
                    ? ApiException.badRequest(e.getMessage())
                    : ApiException.notFound("no flow " + name);
        } catch (Params.InvalidParams | FlowEngine.Refused e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static FlowWire.FlowGraph graph(FlowFiles.Loaded loaded) {
        FlowDefinition def = loaded.definition();
        List<FlowWire.GraphNode> nodes = def.nodes().stream()
                .map(n -> new FlowWire.GraphNode(
                        n.id(), n.type(), detail(n), n instanceof Node.PauseNode p ? p.approverRole() : null, edges(n)))
                .toList();
        return new FlowWire.FlowGraph(
                def.name(),
                def.title(),
                loaded.ok(),
                loaded.problems().stream().map(FlowWire.ProblemView::of).toList(),
                def.metadata().params().values().stream()
                        .map(FlowWire.ParamView::of)
                        .toList(),
                def.start() != null
                        ? def.start()
                        : def.nodes().isEmpty() ? null : def.nodes().getFirst().id(),
                nodes);
    }

    private static String detail(Node n) {
        return switch (n) {
            case Node.RunbookNode r -> r.runbook();
            case Node.CallNode c -> c.flow();
            case Node.ForEachNode f -> (f.runbook() != null ? f.runbook() : f.flow()) + " for each of " + f.hosts();
            case Node.PauseNode p -> p.message();
            case Node.EndNode e -> e.result() == null ? null : e.result().key();
            case Node.MergeNode m -> "on failure: " + m.onFailure().name().toLowerCase();
            case Node.BranchNode b -> null;
            case Node.ParallelNode p -> null;
        };
    }

    /** Branch edges carry the condition that takes them; several conditions to one node share one edge. */
    private static List<FlowWire.GraphEdge> edges(Node n) {
        if (!(n instanceof Node.BranchNode b)) {
            return n.successors().stream()
                    .map(to -> new FlowWire.GraphEdge(to, null))
                    .toList();
        }
        Map<String, List<String>> labels = new java.util.LinkedHashMap<>();
        b.when()
                .forEach(w ->
                        labels.computeIfAbsent(w.next(), k -> new ArrayList<>()).add("= " + w.equalsText()));
        for (Outcome o : Outcome.values()) {
            if (b.on().containsKey(o)) {
                labels.computeIfAbsent(b.on().get(o), k -> new ArrayList<>()).add(o.key());
            }
        }
        if (b.otherwise() != null) {
            labels.computeIfAbsent(b.otherwise(), k -> new ArrayList<>()).add("default");
        }
        return labels.entrySet().stream()
                .map(e -> new FlowWire.GraphEdge(e.getKey(), String.join(", ", e.getValue())))
                .toList();
    }
}
