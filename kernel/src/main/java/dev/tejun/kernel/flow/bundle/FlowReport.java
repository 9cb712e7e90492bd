package dev.tejun.kernel.flow.bundle;

import static dev.tejun.kernel.evidence.EvidenceReport.esc;

import dev.tejun.kernel.evidence.EvidenceReport;
import dev.tejun.kernel.evidence.Manifest;
import dev.tejun.kernel.evidence.ReportWords;
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
        return html(record, runLink, child -> "calls/" + child + "/report.html", ReportWords.ENGLISH);
    }

    /**
     * As {@link #html(FlowRecord, Function)}; {@code callLink} gives the address of a called flow's report, {@code w}
     * the report's own words (recorded values are shown as recorded).
     */
    public static String html(
            FlowRecord record, Function<String, String> runLink, Function<String, String> callLink, ReportWords w) {
        FlowInstance fi = record.instance();
        FlowDefinition def = FlowParser.parse(fi.flow(), record.definition()).definition();
        StringBuilder b = new StringBuilder();
        String title = w.get("flow.flow") + " " + fi.id() + " — " + fi.flow();
        b.append("<!doctype html>\n<html lang=\"" + w.language() + "\"><head><meta charset=\"utf-8\">\n")
                .append(
                        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<title>")
                .append(esc(title))
                .append("</title>\n<style>")
                .append("body{font:14px/1.45 system-ui,sans-serif;" + EvidenceReport.LETTER_FOR_LETTER
                        + "max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}")
                .append(
                        "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}")
                .append(".ok{background:#e6f6e6}.warning{background:#fff6d6}.failed,.interrupted{background:#fbe3e3}")
                .append(".stopped{background:#eee}.skipped,.pending{color:#777}.paused,.running{background:#e3eefb}")
                .append("pre{background:#f5f5f5;padding:.6rem;white-space:pre-wrap;word-break:break-all}")
                .append("</style></head><body>\n");
        b.append("<h1>").append(esc(title)).append("</h1>\n<table>\n");
        row(b, w.get("flow.flow"), fi.flow() + (fi.title() == null ? "" : " (" + fi.title() + ")"));
        row(b, w.get("flow.instance"), fi.id());
        row(b, w.get("status"), fi.status().key());
        row(b, w.get("flow.started-by"), fi.startedBy() + " (" + fi.via() + ") " + time(fi.startedAt()));
        row(b, w.get("flow.ended"), time(fi.endedAt()));
        if (fi.stoppedBy() != null) {
            row(b, w.get("flow.stopped-by"), fi.stoppedBy());
        }
        row(b, w.get("result"), fi.message());
        if (fi.parentId() != null) {
            row(b, w.get("flow.called-by"), fi.parentId() + " / " + fi.parentNode());
        }
        row(b, w.get("parameters"), fi.shownParams().toString());
        row(b, w.get("flow.file-sha"), Manifest.sha256(record.definition().getBytes(StandardCharsets.UTF_8)));
        b.append("</table>\n");

        b.append("<h2>").append(esc(w.get("flow.nodes"))).append("</h2>\n<table>\n");
        headers(
                b,
                w,
                "flow.node",
                "flow.type",
                "status",
                "flow.next",
                "who",
                "flow.comment",
                "started",
                "finished",
                "run",
                "flow.message");
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
                b.append(esc(w.get("flow.flow"))).append(" ").append(link(callLink.apply(n.child()), n.child()));
            }
            b.append("</td>");
            cells(b, n.message());
            b.append("</tr>\n");
        }
        b.append("</table>\n");

        List<Transition> decisions = record.transitions().stream()
                .filter(t -> t.kind() == Transition.Kind.APPROVED || t.kind() == Transition.Kind.REJECTED)
                .toList();
        b.append("<h2>").append(esc(w.get("flow.approvals"))).append("</h2>\n");
        if (decisions.isEmpty()) {
            b.append("<p>").append(esc(w.get("flow.none"))).append("</p>\n");
        } else {
            b.append("<table>\n");
            headers(b, w, "flow.node", "flow.decision", "who", "flow.via", "flow.when", "flow.comment");
            for (Transition t : decisions) {
                b.append("<tr class=\"")
                        .append(t.kind() == Transition.Kind.APPROVED ? "ok" : "failed")
                        .append("\">");
                cells(b, t.nodeId(), t.kind().key(), t.user(), t.via(), time(t.at()), t.comment());
                b.append("</tr>\n");
            }
            b.append("</table>\n");
        }

        b.append("<h2>").append(esc(w.get("flow.history"))).append("</h2>\n<table>\n");
        headers(
                b,
                w,
                "flow.seq",
                "flow.when",
                "flow.what",
                "flow.node",
                "who",
                "flow.via",
                "status",
                "run",
                "flow.comment",
                "flow.message");
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

        b.append("<h2>").append(esc(w.get("flow.runbook-runs"))).append("</h2>\n");
        Map<String, String> nodeOfRun = new java.util.HashMap<>();
        record.transitions().stream().filter(t -> t.runId() != null).forEach(t -> nodeOfRun.put(t.runId(), t.nodeId()));
        for (String runId : record.runIds()) {
            String node = nodeOfRun.getOrDefault(runId, "?");
            b.append("<section id=\"run-")
                    .append(esc(runId))
                    .append("\"><h3>")
                    .append(esc(w.get("flow.node")))
                    .append(" ")
                    .append(esc(node))
                    .append(": ")
                    .append(esc(w.get("run")))
                    .append(" ")
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
                    .append("\">")
                    .append(esc(w.get("flow.evidence-report")))
                    .append(" ")
                    .append(esc(runId))
                    .append("</a></p></section>\n");
        }
        calls(b, record, callLink, w);
        b.append("<h2>")
                .append(esc(w.get("flow.file-as-run")))
                .append("</h2>\n<pre>")
                .append(esc(shownDefinition(record)))
                .append("</pre>\n");
        return b.append("</body></html>\n").toString();
    }

    /** The flows the call nodes ran: who ran them, how they ended, and a link to each one's own report. */
    private static void calls(StringBuilder b, FlowRecord record, Function<String, String> callLink, ReportWords w) {
        if (record.calls().isEmpty()) {
            return;
        }
        b.append("<h2>").append(esc(w.get("flow.called-flows"))).append("</h2>\n<table>\n");
        headers(b, w, "flow.node", "flow.instance", "flow.flow", "status", "flow.started-by", "flow.runs", "result");
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

    /** A table's header row: the words of {@code keys}. */
    private static void headers(StringBuilder b, ReportWords w, String... keys) {
        b.append("<tr>");
        for (String key : keys) {
            b.append("<th>").append(esc(w.get(key))).append("</th>");
        }
        b.append("</tr>\n");
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
