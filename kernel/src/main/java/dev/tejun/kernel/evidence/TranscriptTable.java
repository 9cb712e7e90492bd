package dev.tejun.kernel.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.Json;
import java.io.IOException;

/**
 * The report's view of a pasted terminal session as it ran ({@link dev.tejun.kernel.format.Transcript#MIME}): each
 * command, the output pasted under it beside the output it wrote in this run, and a mark where they differ.
 */
final class TranscriptTable {

    /** The rows whose output differs stand out. */
    static final String CSS = "table.transcript pre{margin:0}tr.differs td{background:#fff0f0}tr.differs td:last-child"
            + "{color:#c22;font-weight:600}";

    private TranscriptTable() {}

    /** Appends the table to an HTML report; false (nothing appended) when {@code data} is not such a result. */
    static boolean html(StringBuilder b, String data) {
        JsonNode steps = steps(data);
        if (steps == null) {
            return false;
        }
        int differ = 0;
        b.append("<table class=\"transcript\"><tr><th>command</th><th>pasted output</th>")
                .append("<th>output of this run</th><th>match</th></tr>\n");
        for (JsonNode s : steps) {
            String verdict = verdict(s);
            differ += verdict.equals("differs") ? 1 : 0;
            b.append("<tr class=\"")
                    .append(verdict)
                    .append("\"><td><code>$ ")
                    .append(EvidenceReport.esc(s.path("command").asText()))
                    .append("</code></td><td><pre>")
                    .append(EvidenceReport.esc(s.path("expected").asText()))
                    .append("</pre></td><td><pre>")
                    .append(EvidenceReport.esc(
                            TerminalText.render(s.path("actual").asText())))
                    .append("</pre></td><td>")
                    .append(label(verdict))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n<p class=\"muted\">")
                .append(differ)
                .append(differ == 1 ? " command" : " commands")
                .append(" wrote other output than the pasted session shows</p>\n");
        return true;
    }

    /** Appends the table to a Markdown report; false when {@code data} is not such a result. */
    static boolean markdown(StringBuilder b, String data) {
        JsonNode steps = steps(data);
        if (steps == null) {
            return false;
        }
        b.append("\n| command | pasted output | output of this run | match |\n|---|---|---|---|\n");
        for (JsonNode s : steps) {
            b.append("| ")
                    .append(cell("$ " + s.path("command").asText()))
                    .append(" | ")
                    .append(cell(s.path("expected").asText()))
                    .append(" | ")
                    .append(cell(TerminalText.render(s.path("actual").asText())))
                    .append(" | ")
                    .append(label(verdict(s)))
                    .append(" |\n");
        }
        return true;
    }

    private static JsonNode steps(String data) {
        try {
            JsonNode steps = Json.MAPPER.readTree(data == null ? "" : data).path("steps");
            return steps.isArray() ? steps : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String verdict(JsonNode step) {
        JsonNode same = step.path("same");
        return same.isBoolean() ? (same.asBoolean() ? "same" : "differs") : "unchecked";
    }

    private static String label(String verdict) {
        return switch (verdict) {
            case "same" -> "✓ same";
            case "differs" -> "✗ differs";
            default -> "— nothing pasted";
        };
    }

    /** Text in one Markdown table cell: each line a code span, the lines joined by {@code <br>}. */
    private static String cell(String text) {
        return String.join(
                "<br>",
                text.stripTrailing()
                        .lines()
                        .map(l -> l.isEmpty() ? "" : EvidenceReport.cellText(l))
                        .toList());
    }
}
