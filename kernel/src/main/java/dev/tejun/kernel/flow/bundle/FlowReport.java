package dev.tejun.kernel.flow.bundle;

import static dev.tejun.kernel.evidence.EvidenceReport.esc;

import dev.tejun.kernel.evidence.Manifest;
import dev.tejun.kernel.flow.FlowRecord;
import dev.tejun.kernel.flow.def.FlowDefinition;
import dev.tejun.kernel.flow.def.FlowParser;
import dev.tejun.kernel.flow.def.Node;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.NodeState;
import dev.tejun.kernel.flow.state.Transition;
import dev.tejun.kernel.format.SecretDefaults;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A flow instance as one HTML page that needs nothing else (no scripts, no outside resources; every value from the
 * flow, its users or its runs is escaped): how each node of the graph ended and who acted when, the approvals with
 * their comments, the whole history, and a section per runbook run with a link to that run's own report.
 */
public final class FlowReport {

    private FlowReport() {}

    /**
     * {@code runLink} gives the address of a run's report (relative in a bundle, an API path on the server); a called
     * flow's report is linked as {@code calls/CHILD-ID/report.html}, as in a bundle.
     */
    public static String html(FlowRecord record, Function<String, String> runLink) {
        return html(record, runLink, child -> "calls/" + child + "/report.html");
    }

    /** As {@link #html(FlowRecord, Function)}; {@code callLink} gives the address of a called flow's report. */
    public static String html(FlowRecord record, Function<String, String> runLink, Function<String, String> callLink) {
        FlowInstance fi = record.instance();
        FlowDefinition def = FlowParser.parse(fi.flow(), record.definition()).definition();
        StringBuilder b = new StringBuilder();
        String title = "Flow " + fi.id() + " — " + fi.flow();
        b.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append(
                        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<title>")
                .append(esc(title))
                .append("</title>\n<style>")
                .append(
                        "body{font:14px/1.45 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}")
                .append(
                        "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}")
                .append(".ok{background:#e6f6e6}.warning{background:#fff6d6}.failed,.interrupted{background:#fbe3e3}")
                .append(".stopped{background:#eee}.skipped,.pending{color:#777}.paused,.running{background:#e3eefb}")
                .append("pre{background:#f5f5f5;padding:.6rem;white-space:pre-wrap;word-break:break-all}")
                .append("</style></head><body>\n");
        b.append("<h1>").append(esc(title)).append("</h1>\n<table>\n");
        row(b, "Flow", fi.flow() + (fi.title() == null ? "" : " (" + fi.title() + ")"));
        row(b, "Instance", fi.id());
        row(b, "Status", fi.status().key());
        row(b, "Started by", fi.startedBy() + " via " + fi.via() + " at " + time(fi.startedAt()));
        row(b, "Ended", time(fi.endedAt()));
        if (fi.stoppedBy() != null) {
            row(b, "Stopped by", fi.stoppedBy());
        }
        row(b, "Result", fi.message());
        if (fi.parentId() != null) {
            row(b, "Called by", fi.parentId() + " node " + fi.parentNode());
        }
        row(b, "Params", fi.shownParams().toString());
        row(b, "Flow file SHA-256", Manifest.sha256(record.definition().getBytes(StandardCharsets.UTF_8)));
        b.append("</table>\n");

        b.append("<h2>Nodes</h2>\n<table>\n<tr><th>node</th><th>type</th><th>status</th><th>next</th><th>who</th>")
                .append("<th>comment</th><th>started</th><th>ended</th><th>run</th><th>message</th></tr>\n");
        for (NodeState n : fi.nodes()) {
            List<String> next = def == null
                    ? List.of()
                    : def.node(n.nodeId()).map(Node::successors).orElse(List.of());
            b.append("<tr class=\"").append(esc(n.status().key())).append("\">");
            cells(
                    b,
                    n.nodeId(),
                    n.type(),
                    n.status().key() + (n.chosen() == null ? "" : " → " + n.chosen()),
                    String.join(", ", next),
                    n.actor(),
                    n.comment(),
                    time(n.startedAt()),
                    time(n.endedAt()));
            b.append("<td>");
            if (n.runId() != null) {
                b.append("<a href=\"")
                        .append(esc(runLink.apply(n.runId())))
                        .append("\">")
                        .append(esc(n.runId()))
                        .append("</a>");
            } else if (n.child() != null) {
                b.append("flow ").append(link(callLink.apply(n.child()), n.child()));
            }
            b.append("</td>");
            cells(b, n.message());
            b.append("</tr>\n");
        }
        b.append("</table>\n");

        List<Transition> decisions = record.transitions().stream()
                .filter(t -> t.kind() == Transition.Kind.APPROVED || t.kind() == Transition.Kind.REJECTED)
                .toList();
        b.append("<h2>Approvals</h2>\n");
        if (decisions.isEmpty()) {
            b.append("<p>None.</p>\n");
        } else {
            b.append(
                    "<table>\n<tr><th>node</th><th>decision</th><th>who</th><th>via</th><th>when</th><th>comment</th></tr>\n");
            for (Transition t : decisions) {
                b.append("<tr class=\"")
                        .append(t.kind() == Transition.Kind.APPROVED ? "ok" : "failed")
                        .append("\">");
                cells(b, t.nodeId(), t.kind().key(), t.user(), t.via(), time(t.at()), t.comment());
                b.append("</tr>\n");
            }
            b.append("</table>\n");
        }

        b.append("<h2>History</h2>\n<table>\n<tr><th>#</th><th>when</th><th>what</th><th>node</th><th>who</th>")
                .append("<th>via</th><th>status</th><th>run</th><th>comment</th><th>message</th></tr>\n");
        for (Transition t : record.transitions()) {
            b.append("<tr>");
            cells(
                    b,
                    Long.toString(t.seq()),
                    time(t.at()),
                    t.kind().key(),
                    t.nodeId(),
                    t.user(),
                    t.via(),
                    t.status(),
                    t.runId(),
                    t.comment(),
                    t.message());
            b.append("</tr>\n");
        }
        b.append("</table>\n");

        b.append("<h2>Runbook runs</h2>\n");
        Map<String, String> nodeOfRun = new java.util.HashMap<>();
        record.transitions().stream().filter(t -> t.runId() != null).forEach(t -> nodeOfRun.put(t.runId(), t.nodeId()));
        for (String runId : record.runIds()) {
            String node = nodeOfRun.getOrDefault(runId, "?");
            b.append("<section id=\"run-")
                    .append(esc(runId))
                    .append("\"><h3>Node ")
                    .append(esc(node))
                    .append(": run ")
                    .append(esc(runId))
                    .append("</h3>\n<ul>");
            for (Transition t : record.transitions()) {
                if (runId.equals(t.runId())) {
                    b.append("<li>")
                            .append(esc(time(t.at())))
                            .append(" ")
                            .append(esc(t.kind().key()))
                            .append(" ")
                            .append(esc(t.status()))
                            .append(t.message() == null ? "" : " — " + esc(t.message()))
                            .append("</li>");
                }
            }
            b.append("</ul><p><a href=\"")
                    .append(esc(runLink.apply(runId)))
                    .append("\">evidence report of run ")
                    .append(esc(runId))
                    .append("</a></p></section>\n");
        }
        calls(b, record, callLink);
        b.append("<h2>Flow file as run</h2>\n<pre>")
                .append(esc(shownDefinition(record)))
                .append("</pre>\n");
        return b.append("</body></html>\n").toString();
    }

    /** The flows the call nodes ran: who ran them, how they ended, and a link to each one's own report. */
    private static void calls(StringBuilder b, FlowRecord record, Function<String, String> callLink) {
        if (record.calls().isEmpty()) {
            return;
        }
        b.append("<h2>Called flows</h2>\n<table>\n<tr><th>node</th><th>instance</th><th>flow</th><th>status</th>")
                .append("<th>started by</th><th>runs</th><th>result</th></tr>\n");
        for (FlowRecord call : record.calls()) {
            FlowInstance c = call.instance();
            b.append("<tr class=\"")
                    .append(esc(c.status().key()))
                    .append("\"><td>")
                    .append(esc(c.parentNode()))
                    .append("</td><td>")
                    .append(link(callLink.apply(c.id()), c.id()))
                    .append("</td>");
            cells(b, c.flow(), c.status().key(), c.startedBy(), String.join(", ", call.runIds()), c.message());
            b.append("</tr>\n");
        }
        b.append("</table>\n");
    }

    private static String link(String href, String text) {
        return "<a href=\"" + esc(href) + "\">" + esc(text) + "</a>";
    }

    private static void row(StringBuilder b, String key, String value) {
        b.append("<tr><th>")
                .append(esc(key))
                .append("</th><td>")
                .append(esc(value))
                .append("</td></tr>\n");
    }

    private static void cells(StringBuilder b, String... values) {
        for (String v : values) {
            b.append("<td>").append(esc(v)).append("</td>");
        }
    }

    private static String time(Instant at) {
        return at == null ? "" : at.toString();
    }

    /**
     * The flow file as it ran, with secret params' defaults replaced (its SHA-256, given beside it, is of the file
     * itself); when it cannot be read as YAML, only a note, since what it hides cannot be found.
     */
    static String shownDefinition(FlowRecord record) {
        String shown =
                SecretDefaults.redactYaml(record.definition(), record.instance().secretParams());
        return shown != null ? shown : "(not shown: the flow file could not be read to hide its secret params)\n";
    }
}
