package dev.tejun.server.runs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.compare.RunComparison;
import dev.tejun.kernel.evidence.EvidenceLayout;
import dev.tejun.kernel.evidence.EvidenceReport;
import dev.tejun.kernel.evidence.EvidenceVerifier;
import dev.tejun.kernel.evidence.ReportWords;
import dev.tejun.kernel.evidence.RunJson;
import dev.tejun.kernel.notebook.NotebookExport;
import dev.tejun.server.ApiException;
import dev.tejun.server.RequestBodies;
import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.Principal;
import dev.tejun.server.relay.EvidenceRelay;
import dev.tejun.server.settings.SettingsHandler;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Every {@code /api/runs} route: the index ({@code GET /api/runs}, with filters); start a run over the API, read the
 * events of (long-poll) and stop any run of this server; and a run's evidence: its {@code run.json}, the raw output
 * of a cell, the evidence folder as a zip, the report as HTML or Markdown, and a verification of its hashes. Run,
 * cell and stream names are checked by {@link RunEvidence} before they touch the file system.
 */
public final class RunsHandler {

    /** The longest a long-poll waits, below the usual 30 s idle timeouts of proxies. */
    static final int MAX_WAIT_SECONDS = 20;

    /** The body of {@code POST /api/runs}. */
    /** {@code preview}: show every cell as it would run, run nothing (issue 23 §4). */
    /** {@code wait: false}: answer 409 at once when a lock the run needs is held, rather than queue behind it. */
    public record StartBody(
            String runbook,
            Map<String, String> params,
            Boolean preview,
            @JsonProperty("wait") Boolean waitForLocks) {}

    /** The answer of {@code GET /api/runs/{runId}/verify}. */
    /** {@code pruned}: retention removed the run's output under a genuine mark (issue 23 §6), which is not a problem. */
    public record VerifyAnswer(String runId, boolean ok, List<String> problems, boolean pruned) {}

    private final Runs runs;
    private final RunEvidence evidence;
    private final ObjectMapper json;
    private final ReportPdf pdf = new ReportPdf();

    /** Relays reads of runs another living server holds to it; null on SQLite (one server). */
    private final EvidenceRelay relay;

    public RunsHandler(Runs runs, ObjectMapper json) {
        this(runs, json, null);
    }

    public RunsHandler(Runs runs, ObjectMapper json, EvidenceRelay relay) {
        this.runs = runs;
        this.evidence = runs.evidence();
        this.json = json;
        this.relay = relay;
    }

    /** {@code handler} for a run this server holds; one another living server holds is read there. */
    public Handler owned(Handler handler) {
        return relay == null ? handler : relay.owned(handler);
    }

    public void list(Context ctx) {
        int limit = 500;
        String l = ctx.queryParam("limit");
        if (l != null && l.matches("\\d{1,5}")) {
            limit = Integer.parseInt(l);
        }
        ctx.json(runs.list(new RunIndex.Filter(
                blank(ctx.queryParam("runbook")),
                blank(ctx.queryParam("user")),
                blank(ctx.queryParam("status")),
                blank(ctx.queryParam("host")),
                limit)));
    }

    public void start(Context ctx) throws Exception {
        StartBody body = RequestBodies.read(ctx, json, StartBody.class);
        Principal who = Access.principal(ctx).orElseThrow(() -> new ApiException(401, "sign in first"));
        Map<String, String> params = body.params() == null ? Map.of() : body.params();
        ctx.status(201)
                .json(
                        Boolean.TRUE.equals(body.preview())
                                ? runs.preview(who, body.runbook(), params, ctx.ip())
                                : runs.start(
                                        who,
                                        body.runbook(),
                                        params,
                                        ctx.ip(),
                                        !Boolean.FALSE.equals(body.waitForLocks())));
    }

    /** {@code POST /api/runs/{runId}/retry-failed {"params":{…}}}: a retry of the run's failed hosts (issue 23 §5). */
    public void retryFailed(Context ctx) throws Exception {
        goOn(ctx, false);
    }

    /**
     * {@code POST /api/runs/{runId}/resume {"params":{…}}}: the run goes on from its cell that failed or stopped
     * (issue 15); the cells before it are not run again, their recorded results stay available.
     */
    public void resume(Context ctx) throws Exception {
        goOn(ctx, true);
    }

    private void goOn(Context ctx, boolean resume) throws Exception {
        StartBody body = ctx.body().isBlank() ? null : RequestBodies.read(ctx, json, StartBody.class);
        Principal who = Access.principal(ctx).orElseThrow(() -> new ApiException(401, "sign in first"));
        Map<String, String> params = body == null || body.params() == null ? Map.of() : body.params();
        ctx.status(201).json(runs.goOn(who, ctx.pathParam("runId"), params, ctx.ip(), resume));
    }

    public void events(Context ctx) throws Exception {
        long since = number(ctx, "since", 0, Long.MAX_VALUE);
        long wait = number(ctx, "wait", 0, MAX_WAIT_SECONDS);
        ctx.json(runs.events(ctx.pathParam("runId"), since, Duration.ofSeconds(wait)));
    }

    public void stop(Context ctx) throws Exception {
        String runId = ctx.pathParam("runId");
        Principal who = Access.principal(ctx).orElseThrow(() -> new ApiException(401, "sign in first"));
        runs.stop(who, runId, ctx.ip());
        ctx.status(202).json(Map.of("runId", runId, "stopping", true));
    }

    public void runJson(Context ctx) throws Exception {
        String runId = ctx.pathParam("runId");
        Optional<RunJson> waiting = runs.beforeEvidence(runId);
        if (waiting.isPresent()) {
            ctx.json(waiting.get());
            return;
        }
        Path file = evidence.runJson(runId);
        // whole, though its recorder may be writing it over right now
        ctx.contentType("application/json").result(EvidenceLayout.readRunBytes(file.getParent()));
    }

    public void output(Context ctx) throws Exception {
        String runId = ctx.pathParam("runId");
        String cellId = ctx.pathParam("cellId");
        String stream = ctx.pathParam("stream");
        Optional<Path> file = evidence.output(runId, cellId, stream);
        ctx.contentType("application/octet-stream")
                .header("Content-Disposition", "attachment; filename=\"" + runId + "-" + cellId + "." + stream + "\"")
                .header("Accept-Ranges", "bytes");
        if (file.isEmpty()) {
            ctx.result(new ByteArrayInputStream(new byte[0]));
            return;
        }
        long size = Files.size(file.get());
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(ctx.header("Range"), size);
        } catch (ByteRange.Unsatisfiable e) {
            ctx.status(416).header("Content-Range", "bytes */" + size).result(e.getMessage());
            return;
        }
        // Outputs can be large: stream the file (or the asked page of it) rather than load it.
        if (range.isPresent()) {
            ctx.status(206)
                    .header("Content-Range", range.get().contentRange(size))
                    .result(range.get().open(file.get()));
        } else {
            ctx.result(Files.newInputStream(file.get()));
        }
    }

    public void zip(Context ctx) throws IOException {
        Path dir = runDir(ctx);
        String runId = dir.getFileName().toString();
        ctx.contentType("application/zip")
                .header("Content-Disposition", "attachment; filename=\"evidence-" + runId + ".zip\"");
        OutputStream out = ctx.outputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out);
                Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(
                        new ZipEntry(runId + "/" + dir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
    }

    /** The HTML report, in the language {@link #words} says. */
    public void reportHtml(Context ctx) throws IOException {
        Path dir = runDir(ctx);
        ctx.contentType("text/html; charset=utf-8")
                .header("Content-Disposition", "inline; filename=\"report-" + dir.getFileName() + ".html\"")
                .result(EvidenceReport.of(dir).in(words(ctx)).html());
    }

    /**
     * The HTML report printed to PDF by headless Chromium, in the language {@link #words} says; 503 with what to do
     * when there is none to print with.
     */
    public void reportPdf(Context ctx) throws IOException {
        Path dir = runDir(ctx);
        byte[] printed;
        try {
            printed = pdf.print(EvidenceReport.of(dir).in(words(ctx)).html());
        } catch (ReportPdf.Unavailable e) {
            throw new ApiException(503, e.getMessage());
        }
        ctx.contentType("application/pdf")
                .header("Content-Disposition", "attachment; filename=\"report-" + dir.getFileName() + ".pdf\"")
                .result(printed);
    }

    /** The run as a Jupyter notebook with its outputs ({@code tejun export RUN-ID --format ipynb}). */
    public void notebook(Context ctx) throws IOException {
        Path dir = runDir(ctx);
        ctx.contentType("application/json")
                .header("Content-Disposition", "attachment; filename=\"run-" + dir.getFileName() + ".ipynb\"")
                .result(NotebookExport.of(dir));
    }

    /** The Markdown report, in the language {@link #words} says. */
    public void reportMarkdown(Context ctx) throws IOException {
        Path dir = runDir(ctx);
        ctx.contentType("text/markdown; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"report-" + dir.getFileName() + ".md\"")
                .result(EvidenceReport.of(dir).in(words(ctx)).markdown());
    }

    /**
     * A downloaded report's own words and the cells' endings: {@code ?lang=ja} in Japanese (the run page asks in its
     * language); without it, the language of {@code Accept-Language}; English otherwise.
     */
    private static ReportWords words(Context ctx) {
        return ReportWords.of(SettingsHandler.readerLanguage(ctx));
    }

    /** {@code GET /api/runs/{runId}/compare?with=OTHER}: the two runs side by side (issue 23 §7). */
    public void compare(Context ctx) throws IOException {
        Path dir = runDir(ctx);
        String with = ctx.queryParam("with");
        if (with == null || with.isBlank()) {
            throw ApiException.badRequest("with= is missing: the run to compare with");
        }
        try {
            ctx.json(RunComparison.of(dir.getParent(), dir.getFileName().toString(), with));
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(e.getMessage());
        }
    }

    /**
     * {@code GET /api/runbooks/<name>/cell-versions?cell=ID}: the cell's code and output in the newest run of each
     * version of the runbook that ran it (the last 500 runs), newest version first.
     */
    public void cellVersions(Context ctx) throws IOException {
        String runbook = ctx.pathParam("name");
        List<String> runIds = runs.list(new RunIndex.Filter(runbook, null, null, null, 500)).stream()
                .map(RunIndex.RunRow::runId)
                .toList();
        ctx.json(evidence.acrossVersions(runbook, ctx.queryParam("cell"), runIds));
    }

    public void verify(Context ctx) throws IOException {
        String runId = runDir(ctx).getFileName().toString();
        EvidenceVerifier.Result r = evidence.verify(runId);
        ctx.json(new VerifyAnswer(runId, r.ok(), r.problems(), !r.pruned().isEmpty()));
    }

    private Path runDir(Context ctx) {
        return evidence.runJson(ctx.pathParam("runId")).getParent();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static long number(Context ctx, String name, long min, long max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return min;
        }
        try {
            long n = Long.parseLong(v);
            if (n < min) {
                throw ApiException.badRequest(name + " must be " + min + " or more");
            }
            return Math.min(n, max);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a number, not '" + v + "'");
        }
    }
}
