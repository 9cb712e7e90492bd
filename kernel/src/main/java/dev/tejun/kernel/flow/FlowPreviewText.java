package dev.tejun.kernel.flow;

import dev.tejun.kernel.preview.WouldMeet;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A {@link FlowPreview} as the CLI prints it: the flow's locks and windows, then each node, indented by depth. */
public final class FlowPreviewText {

    private FlowPreviewText() {}

    public static void print(FlowPreview p, PrintStream out) {
        out.println("flow " + p.flow() + " (" + p.title() + "): preview, nothing started");
        print(p, out, "");
    }

    private static void print(FlowPreview p, PrintStream out, String indent) {
        if (!p.params().isEmpty()) {
            out.println(indent + "params: " + params(p.params()));
        }
        locks(p.locks(), out, indent);
        windows(p.windows(), out, indent);
        for (FlowPreview.NodePreview n : p.nodes()) {
            out.println(indent + "node " + n.id() + " (" + n.type() + ")"
                    + (n.target() == null ? "" : ": " + n.target()) + (n.note() == null ? "" : " — " + n.note()));
            String in = indent + "  ";
            if (!n.params().isEmpty()) {
                out.println(in + "params: " + params(n.params()));
            }
            if (!n.hosts().isEmpty()) {
                out.println(in + "hosts (" + n.hosts().size() + "): " + String.join(", ", n.hosts()));
            }
            locks(n.locks(), out, in);
            windows(n.windows(), out, in);
            if (n.previewRun() != null) {
                out.println(in + "preview run " + n.previewRun());
            }
            for (FlowPreview.CellPreview c : n.cells()) {
                out.println(in + "cell " + c.cell() + " [" + c.status() + "]");
                c.output().lines().forEach(l -> out.println(in + "  | " + l));
            }
            if (n.called() != null) {
                out.println(in + "calls flow " + n.called().flow() + ":");
                print(n.called(), out, in + "  ");
            }
        }
    }

    private static String params(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    private static void locks(List<WouldMeet.Lock> locks, PrintStream out, String indent) {
        for (WouldMeet.Lock l : locks) {
            out.println(indent + "lock " + l.name() + " (held for the " + l.scope() + "): "
                    + (l.held() == null ? "free now" : "held now by " + l.held()));
        }
    }

    private static void windows(List<WouldMeet.Window> windows, PrintStream out, String indent) {
        for (WouldMeet.Window w : windows) {
            out.println(indent + "windows of " + w.target() + ": "
                    + (w.open()
                            ? "open now"
                            : "closed now: " + w.reason()
                                    + (w.nextAllowed() == null ? "" : " (next allowed " + w.nextAllowed() + ")")));
        }
    }
}
