package dev.tejun.server.runs;

import io.javalin.http.Context;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** REST handlers for evidence: a run's {@code run.json} and the full raw output of a cell. */
public final class RunsHandler {

    private final RunEvidence evidence;

    public RunsHandler(RunEvidence evidence) {
        this.evidence = evidence;
    }

    public void runJson(Context ctx) throws Exception {
        Path file = evidence.runJson(ctx.pathParam("runId"));
        ctx.contentType("application/json").result(Files.readAllBytes(file));
    }

    public void output(Context ctx) throws Exception {
        String runId = ctx.pathParam("runId");
        String cellId = ctx.pathParam("cellId");
        String stream = ctx.pathParam("stream");
        Optional<Path> file = evidence.output(runId, cellId, stream);
        ctx.contentType("application/octet-stream")
                .header("Content-Disposition", "attachment; filename=\"" + runId + "-" + cellId + "." + stream + "\"");
        // Outputs can be large: stream the file rather than load it.
        ctx.result(file.isPresent() ? Files.newInputStream(file.get()) : new ByteArrayInputStream(new byte[0]));
    }
}
