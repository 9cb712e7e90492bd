package dev.tejun.server.flows;

import dev.tejun.kernel.evidence.ReportWords;
import dev.tejun.kernel.flow.FlowEngine;
import dev.tejun.kernel.flow.FlowRecord;
import dev.tejun.kernel.flow.bundle.FlowBundle;
import dev.tejun.kernel.flow.bundle.FlowReport;
import dev.tejun.server.settings.SettingsHandler;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A flow instance's evidence: {@code evidence.zip} ({@link FlowBundle}: the flow file as run, the history, each
 * runbook node's run folder, the flows its call nodes ran under {@code calls/}, hashes) and {@code report.html}
 * ({@link FlowReport}, linking to each run's report and each called flow's report).
 */
public final class FlowEvidenceHandler {

    private final FlowEngine engine;
    private final Path evidenceRoot;
    private final InstancesHandler instances;

    FlowEvidenceHandler(FlowEngine engine, Path evidenceRoot, InstancesHandler instances) {
        this.engine = engine;
        this.evidenceRoot = evidenceRoot;
        this.instances = instances;
    }

    public void zip(Context ctx) throws IOException {
        FlowRecord record = record(ctx);
        ctx.contentType("application/zip")
                .header("Content-Disposition", "attachment; filename=\"evidence-" + FlowBundle.name(record) + ".zip\"");
        FlowBundle.write(record, evidenceRoot, ctx.outputStream());
    }

    public void reportHtml(Context ctx) {
        FlowRecord record = record(ctx);
        ctx.contentType("text/html; charset=utf-8")
                .header(
                        "Content-Disposition",
                        "inline; filename=\"report-" + record.instance().id() + ".html\"")
                .result(FlowReport.html(
                        record,
                        runId -> "/api/runs/" + URLEncoder.encode(runId, StandardCharsets.UTF_8) + "/report.html",
                        child -> "/api/flow-instances/" + URLEncoder.encode(child, StandardCharsets.UTF_8)
                                + "/report.html",
                        // ?lang (the flow page asks in its language), else Accept-Language, as a run's reports
                        ReportWords.of(SettingsHandler.readerLanguage(ctx))));
    }

    private FlowRecord record(Context ctx) {
        return engine.record(instances.instance(ctx).id()).orElseThrow();
    }
}
