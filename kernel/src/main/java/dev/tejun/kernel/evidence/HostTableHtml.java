package dev.tejun.kernel.evidence;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hosts of a fan-out cell in the HTML report, as the notebook's host strip shows them: one chip per outcome with
 * its count (ok, changed, failed, unreachable, timed out), then a row per host in the colour of its state. The report
 * runs no script, so the host's own output is its own stream section below ({@code HOST.stdout}), not a filter.
 */
final class HostTableHtml {

    /** The outcomes counted as chips, in the order they are shown; other states (skipped, stopped) count in none. */
    static final List<String> OUTCOMES = List.of("ok", "changed", "failed", "unreachable", "timed_out");

    static final String CSS = ".chips{margin:.4rem 0}.chip{display:inline-block;padding:0 .6rem;margin-right:.3rem;"
            + "border:1px solid #ccc;border-radius:1rem}.h-ok{background:#e6f4ea}.h-changed{background:#fff8d6}"
            + ".h-failed,.h-unreachable,.h-timed_out{background:#fdecea}";

    private HostTableHtml() {}

    static void append(StringBuilder b, Map<String, ResultJson.HostResult> hosts, ReportWords words) {
        if (hosts.isEmpty()) {
            return;
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        OUTCOMES.forEach(o -> counts.put(o, 0));
        hosts.values().forEach(h -> counts.computeIfPresent(status(h), (o, n) -> n + 1));
        b.append("<p class=\"chips\">");
        counts.forEach((outcome, n) -> {
            if (n > 0) {
                b.append("<span class=\"chip h-")
                        .append(outcome)
                        .append("\" data-outcome=\"")
                        .append(outcome)
                        .append("\"><b>")
                        .append(n)
                        .append("</b> ")
                        .append(label(outcome))
                        .append("</span>");
            }
        });
        b.append("</p>\n<table><tr><th>")
                .append(words.get("host"))
                .append("</th><th>")
                .append(words.get("status"))
                .append("</th><th>")
                .append(words.get("detail"))
                .append("</th></tr>\n");
        for (Map.Entry<String, ResultJson.HostResult> h : hosts.entrySet()) {
            String status = status(h.getValue());
            b.append("<tr class=\"h-")
                    .append(EvidenceReport.esc(status))
                    .append("\"><td>")
                    .append(EvidenceReport.esc(h.getKey()))
                    .append("</td><td>")
                    .append(EvidenceReport.esc(label(status)))
                    .append("</td><td>")
                    .append(EvidenceReport.esc(
                            h.getValue() == null ? "" : nonNull(h.getValue().detail())))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    private static String status(ResultJson.HostResult h) {
        return h == null ? "" : nonNull(h.status());
    }

    private static String label(String status) {
        return status.replace('_', ' ');
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
