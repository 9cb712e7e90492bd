package dev.tejun.kernel.evidence;

import dev.tejun.kernel.format.ProseRenderer;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.format.Transcript;
import dev.tejun.kernel.runbook.Cell;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.ProseCell;
import dev.tejun.kernel.runbook.Runbook;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The report an auditor reads: the runbook as it was run, each cell's rendered input and output inline, per-host
 * results, parameters (secret ones already masked in the evidence) and who/when, as one self-contained HTML page
 * (no scripts, no outside resources; everything from the evidence is escaped) or as Markdown.
 */
public final class EvidenceReport {

    /** Output shown per stream; the whole of it is in the evidence zip. */
    static final int SHOWN_BYTES = 512 * 1024;

    /** One stream of one cell as the report shows it. */
    record Stream_(String name, String text, boolean cut) {}

    /** What ran of one cell. */
    record CellRun(String cellId, String input, ResultJson result, List<Stream_> streams) {}

    private final RunJson run;
    private final Runbook runbook;
    private final Map<String, CellRun> cells;
    private final Manifest.Link link;
    private final ReportWords words;

    private EvidenceReport(
            RunJson run, Runbook runbook, Map<String, CellRun> cells, Manifest.Link link, ReportWords words) {
        this.run = run;
        this.runbook = runbook;
        this.cells = cells;
        this.link = link;
        this.words = words;
    }

    /** This report with its HTML in {@code words}' language (English unless asked). */
    public EvidenceReport in(ReportWords words) {
        return new EvidenceReport(run, runbook, cells, link, words);
    }

    public static EvidenceReport of(Path runDir) throws IOException {
        RunJson run = EvidenceLayout.readRun(runDir);
        Path book = EvidenceLayout.runbook(runDir);
        Runbook runbook = RunbookFormat.parse(Files.isRegularFile(book) ? Files.readString(book) : "");
        Map<String, CellRun> cells = new LinkedHashMap<>();
        for (RunJson.CellEntry c : run.cells()) {
            Optional<Path> found = EvidenceLayout.cellDir(runDir, c);
            if (found.isEmpty()) {
                continue;
            }
            Path dir = found.get();
            Path input = EvidenceLayout.input(dir);
            cells.put(
                    c.cellId(),
                    new CellRun(
                            c.cellId(),
                            Files.isRegularFile(input) ? Files.readString(input) : "",
                            EvidenceLayout.readResult(dir).orElseGet(() -> ResultJson.of(c)),
                            streams(dir)));
        }
        Manifest.Link link = Files.isRegularFile(runDir.resolve(Manifest.FILE))
                ? new Manifest.Link(runDir.getFileName().toString(), Manifest.sha256(runDir.resolve(Manifest.FILE)))
                : null;
        return new EvidenceReport(run, runbook, cells, link, ReportWords.ENGLISH);
    }

    private static List<Stream_> streams(Path dir) throws IOException {
        List<Stream_> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".bin"))
                    .sorted()
                    .toList()) {
                byte[] bytes;
                long size = Files.size(f);
                try (InputStream in = Files.newInputStream(f)) {
                    bytes = in.readNBytes(SHOWN_BYTES);
                }
                String name = f.getFileName().toString();
                out.add(new Stream_(
                        name.substring(0, name.length() - 4),
                        new String(bytes, StandardCharsets.UTF_8),
                        size > SHOWN_BYTES));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- HTML

    /**
     * A report's text drawn letter for letter: no ligatures, since an id or hash with "ff" printed as one glyph
     * copies out of a PDF or a page as U+FB00 and no longer matches what it names.
     */
    public static final String LETTER_FOR_LETTER =
            "font-variant-ligatures:none;font-feature-settings:\"liga\" 0,\"clig\" 0,\"dlig\" 0;";

    public String html() {
        StringBuilder b = new StringBuilder();
        String title = words.get("evidence") + " " + text(run.runId()) + " — " + text(run.runbook());
        b.append("<!doctype html>\n<html lang=\"" + words.language() + "\"><head><meta charset=\"utf-8\">\n")
                .append(
                        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<title>")
                .append(esc(title))
                .append("</title>\n<style>")
                .append("body{font:14px/1.45 system-ui,sans-serif;" + LETTER_FOR_LETTER
                        + "max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}")
                .append(
                        "pre{background:#f5f5f5;padding:.6rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}")
                .append(
                        "pre.stderr{background:#fff0f0}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}")
                .append(
                        ".cell{border-left:4px solid #888;padding-left:.8rem;margin:1rem 0}.ok{border-color:#2a2}.failed{border-color:#c22}")
                .append(HostTableHtml.CSS)
                .append(TranscriptTable.CSS)
                .append(".muted{color:#666}</style></head><body>\n");
        b.append("<h1>").append(esc(title)).append("</h1>\n<table>\n");
        row(b, words.get("runbook"), text(run.runbook()));
        row(b, words.get("run"), text(run.runId()));
        row(b, words.get("status"), text(run.status()));
        row(b, words.get("who"), text(run.user()) + " (" + text(run.via()) + ")");
        row(b, words.get("started"), text(run.startedAt()));
        row(b, words.get("finished"), text(run.finishedAt()));
        row(b, words.get("runbook-sha"), text(run.sha256()));
        row(
                b,
                words.get("git-commit"),
                text(run.gitCommit()) + (run.gitModified() ? " " + words.get("file-modified") : ""));
        if (link != null) {
            row(b, words.get("manifest-sha"), link.sha256());
        }
        b.append("</table>\n<h2>").append(esc(words.get("parameters"))).append("</h2>\n<table>\n");
        for (Map.Entry<String, String> p : run.params().entrySet()) {
            row(b, p.getKey(), text(p.getValue()));
        }
        b.append("</table>\n<h2>").append(esc(words.get("runbook-as-run"))).append("</h2>\n");
        ProseRenderer prose = ProseRenderer.forRunbook(runbook);
        for (Cell cell : runbook.cells()) {
            switch (cell) {
                case ProseCell p -> b.append(prose.html(p.source()));
                case CodeCell c -> htmlCell(b, c);
            }
        }
        b.append("</body></html>\n");
        return b.toString();
    }

    private void htmlCell(StringBuilder b, CodeCell c) {
        CellRun ran = cells.get(c.id());
        String status =
                ran == null ? words.get("not-run") : text(ran.result().status()).toLowerCase();
        b.append("<section class=\"cell ")
                .append(esc(ran == null ? "not run" : status)) // classes: the recorded words, whatever the language
                .append("\"><h3>")
                .append(esc(c.language()))
                .append(" #")
                .append(esc(c.id()))
                .append(" — ")
                .append(esc(status));
        if (ran != null && ran.result().exitCode() != null) {
            b.append(" (")
                    .append(esc(words.get("exit")))
                    .append(" ")
                    .append(ran.result().exitCode())
                    .append(")");
        }
        b.append("</h3>\n");
        if (ran == null) {
            b.append("<p class=\"muted\">")
                    .append(esc(words.get("not-run-in-this-run")))
                    .append("</p><pre>")
                    .append(esc(c.code()))
                    .append("</pre></section>\n");
            return;
        }
        b.append("<p class=\"muted\">")
                .append(esc(words.get("input-as-run")))
                .append("</p><pre>")
                .append(esc(ran.input()))
                .append("</pre>\n");
        String message = text(ran.result().message());
        if (!message.isEmpty()) {
            b.append("<p>").append(esc(words.outcome(message))).append("</p>\n");
        }
        HostTableHtml.append(b, ran.result().hosts(), words); // the chips first: what happened at a glance
        for (Stream_ s : ran.streams()) {
            b.append("<p class=\"muted\">")
                    .append(esc(s.name()))
                    .append(":</p><pre class=\"")
                    .append(s.name().endsWith("stderr") ? "stderr" : "stdout")
                    .append("\">")
                    .append(esc(TerminalText.render(s.text())))
                    .append("</pre>\n");
            if (s.cut()) {
                b.append("<p class=\"muted\">")
                        .append(esc(words.get("output-cut")))
                        .append("</p>\n");
            }
        }
        for (ResultJson.Result r : ran.result().results()) {
            if (Transcript.MIME.equals(r.mime()) && TranscriptTable.html(b, r.data())) {
                continue;
            }
            b.append("<p class=\"muted\">")
                    .append(esc(words.get("result")))
                    .append(" (")
                    .append(esc(text(r.mime())))
                    .append("):</p><pre>")
                    .append(esc(text(r.data())))
                    .append("</pre>\n");
        }
        b.append("</section>\n");
    }

    private static void row(StringBuilder b, String key, String value) {
        b.append("<tr><th>")
                .append(esc(key))
                .append("</th><td>")
                .append(esc(value))
                .append("</td></tr>\n");
    }

    /** Escapes text for HTML element content and double-quoted attributes. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- Markdown

    /** The report as Markdown, its own words in {@code words}' language (as {@link #html()}). */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# ")
                .append(words.get("evidence"))
                .append(' ')
                .append(mdValue(text(run.runId())))
                .append(" — ")
                .append(mdValue(text(run.runbook())))
                .append("\n\n");
        mdRow(b, words.get("status"), text(run.status()));
        mdRow(b, words.get("who"), text(run.user()) + " (" + text(run.via()) + ")");
        mdRow(b, words.get("started"), text(run.startedAt()));
        mdRow(b, words.get("finished"), text(run.finishedAt()));
        mdRow(b, words.get("runbook-sha"), text(run.sha256()));
        mdRow(
                b,
                words.get("git-commit"),
                text(run.gitCommit()) + (run.gitModified() ? " " + words.get("file-modified") : ""));
        if (link != null) {
            mdRow(b, words.get("manifest-sha"), link.sha256());
        }
        b.append("\n## ").append(words.get("parameters")).append("\n\n");
        for (Map.Entry<String, String> p : run.params().entrySet()) {
            mdRow(b, mdValue(p.getKey()), text(p.getValue()));
        }
        b.append("\n## ").append(words.get("runbook-as-run")).append("\n\n");
        for (Cell cell : runbook.cells()) {
            switch (cell) {
                case ProseCell p -> b.append(p.source());
                case CodeCell c -> mdCell(b, c);
            }
        }
        return b.toString();
    }

    private void mdCell(StringBuilder b, CodeCell c) {
        CellRun ran = cells.get(c.id());
        String status =
                ran == null ? words.get("not-run") : text(ran.result().status()).toLowerCase();
        b.append("\n**")
                .append(c.language())
                .append(" #")
                .append(c.id())
                .append(" — ")
                .append(status);
        if (ran != null && ran.result().exitCode() != null) {
            b.append(" (")
                    .append(words.get("exit"))
                    .append(" ")
                    .append(ran.result().exitCode())
                    .append(")");
        }
        b.append("**\n\n");
        String message = ran == null ? "" : text(ran.result().message());
        if (!message.isEmpty()) {
            b.append(mdValue(words.outcome(message))).append("\n\n");
        }
        fence(b, c.language(), ran == null ? c.code() : ran.input());
        if (ran != null) {
            for (Stream_ s : ran.streams()) {
                b.append("\n_")
                        .append(s.name())
                        .append(s.cut() ? " " + words.get("md.cut") : "")
                        .append("_\n\n");
                fence(b, "text", TerminalText.render(s.text()));
            }
            for (ResultJson.Result r : ran.result().results()) {
                if (Transcript.MIME.equals(r.mime())) {
                    TranscriptTable.markdown(b, r.data());
                }
            }
            Map<String, ResultJson.HostResult> hosts = ran.result().hosts();
            if (!hosts.isEmpty()) {
                b.append("\n| ")
                        .append(words.get("host"))
                        .append(" | ")
                        .append(words.get("status"))
                        .append(" | ")
                        .append(words.get("detail"))
                        .append(" |\n|---|---|---|\n");
                for (Map.Entry<String, ResultJson.HostResult> h : hosts.entrySet()) {
                    b.append("| ")
                            .append(cellText(h.getKey()))
                            .append(" | ")
                            .append(cellText(hostStatus(h.getValue())))
                            .append(" | ")
                            .append(cellText(hostDetail(h.getValue())))
                            .append(" |\n");
                }
            }
        }
        b.append('\n');
    }

    private static void mdRow(StringBuilder b, String key, String value) {
        b.append("- **").append(key).append(":** ").append(mdValue(value)).append('\n');
    }

    static String cellText(String s) {
        return mdValue(s).replace("|", "\\|");
    }

    /**
     * A value (a parameter, a user or host name, a detail) as an inline code span: Markdown shows it as text, so a
     * value cannot add links, images or HTML to the report. The span's backticks outnumber any run in the value.
     */
    static String mdValue(String value) {
        if (value.isEmpty()) {
            return "";
        }
        String v = value.replace("\r", " ").replace("\n", " ");
        int longest = 0;
        int current = 0;
        for (char ch : v.toCharArray()) {
            current = ch == '`' ? current + 1 : 0;
            longest = Math.max(longest, current);
        }
        String ticks = "`".repeat(longest + 1);
        String pad = v.startsWith("`") || v.endsWith("`") || v.startsWith(" ") ? " " : "";
        return ticks + pad + v + pad + ticks;
    }

    /** A fence longer than any run of backticks in the text, so output can never close it early. */
    private static void fence(StringBuilder b, String lang, String text) {
        int longest = 0;
        int current = 0;
        for (char ch : text.toCharArray()) {
            current = ch == '`' ? current + 1 : 0;
            longest = Math.max(longest, current);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        b.append(fence).append(lang).append('\n').append(text);
        if (!text.endsWith("\n")) {
            b.append('\n');
        }
        b.append(fence).append('\n');
    }

    /** A value of the evidence as shown: "" for one that is not there. */
    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String hostStatus(ResultJson.HostResult h) {
        return h == null ? "" : text(h.status());
    }

    private static String hostDetail(ResultJson.HostResult h) {
        return h == null ? "" : text(h.detail());
    }
}
