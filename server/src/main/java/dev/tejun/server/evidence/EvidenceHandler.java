package dev.tejun.server.evidence;

import dev.tejun.kernel.evidence.EvidenceReport;
import dev.tejun.kernel.evidence.EvidenceVerifier;
import dev.tejun.server.runs.RunEvidence;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code GET /api/runs} (the index, with filters) and a run's downloads: the evidence folder as a zip, the report
 * as HTML or Markdown, and a verification of its hashes. Run ids are checked by {@link RunEvidence}.
 */
public final class EvidenceHandler {

    private final RunIndex index;
    private final RunEvidence evidence;
    private final Path root;

    public EvidenceHandler(RunIndex index, RunEvidence evidence, Path evidenceRoot) {
        this.index = index;
        this.evidence = evidence;
        this.root = evidenceRoot;
    }

    public void list(Context ctx) {
        int limit = 500;
        String l = ctx.queryParam("limit");
        if (l != null && l.matches("\\d{1,5}")) {
            limit = Integer.parseInt(l);
        }
        ctx.json(index.list(new RunIndex.Filter(blank(ctx.queryParam("runbook")), blank(ctx.queryParam("user")),
                blank(ctx.queryParam("status")), blank(ctx.queryParam("host")), limit)));
    }

    public void zip(Context ctx) throws IOException {
        Path dir = runDir(ctx);
        String runId = dir.getFileName().toString();
        ctx.contentType("application/zip").header("Content-Disposition", "attachment; filename=\"evidence-" + runId + ".zip\"");
        OutputStream out = ctx.outputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out); Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(runId + "/" + dir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
    }

    public void reportHtml(Context ctx) throws IOException {
        Path dir = runDir(ctx);
        ctx.contentType("text/html; charset=utf-8")
                .header("Content-Disposition", "inline; filename=\"report-" + dir.getFileName() + ".html\"")
                .result(EvidenceReport.of(dir).html());
    }

    public void reportMarkdown(Context ctx) throws IOException {
        Path dir = runDir(ctx);
        ctx.contentType("text/markdown; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"report-" + dir.getFileName() + ".md\"")
                .result(EvidenceReport.of(dir).markdown());
    }

    /** The answer of {@code GET /api/runs/{runId}/verify}. */
    public record VerifyAnswer(String runId, boolean ok, List<String> problems) {
    }

    public void verify(Context ctx) throws IOException {
        Path dir = runDir(ctx);
        EvidenceVerifier.Result r = EvidenceVerifier.verifyRun(root, dir.getFileName().toString());
        ctx.json(new VerifyAnswer(dir.getFileName().toString(), r.ok(), r.problems()));
    }

    private Path runDir(Context ctx) {
        return evidence.runJson(ctx.pathParam("runId")).getParent();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
