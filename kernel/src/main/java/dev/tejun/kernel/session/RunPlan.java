package dev.tejun.kernel.session;

import dev.tejun.kernel.evidence.RunInfo;
import dev.tejun.kernel.evidence.RunJson;
import dev.tejun.kernel.evidence.RunRecorder;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.cmdb.CmdbScope;
import dev.tejun.kernel.exec.remote.HostAttributes;
import dev.tejun.kernel.retry.RecordedFields;
import dev.tejun.kernel.retry.RetryPlan;
import dev.tejun.kernel.runbook.Attributes;
import dev.tejun.kernel.runbook.CellAttributes;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.ParamSpec;
import dev.tejun.kernel.runbook.Problem;
import dev.tejun.kernel.secret.Masker;
import dev.tejun.kernel.secret.MaskingOutput;
import dev.tejun.kernel.template.Reference;
import dev.tejun.kernel.template.Rendered;
import dev.tejun.kernel.template.Slot;
import dev.tejun.kernel.template.Template;
import dev.tejun.kernel.template.Verbatim;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * One run's plan, made by {@link Session} as the run starts: what every cell of the run is run with (the run's
 * params and secrets, its evidence, the retry it is) and how one cell is made ready from them — the locks it
 * declares, its code with the references filled in, its timeout, its host attributes (narrowed to the failed hosts
 * when the run retries an earlier one, {@code hosts=${params.host}} resolved) and the request its executor gets.
 * {@link SessionCells} keeps the order of the cells and their states.
 */
final class RunPlan {

    /** A cell as it will run: its code rendered, its timeout, its attributes as the executor reads them. */
    record ReadyCell(Rendered rendered, Duration timeout, Attributes attributes) {}

    private final Session.Services services;
    private final String fileName;
    private final RunInfo info;
    private final Map<String, String> params;
    private final Masker secrets;
    private final RunRecorder recorder;
    /** The earlier run this one retries, or null. */
    private final RunJson.Retry retry;
    /** The runbook as parsed at the run's start, whose params these are. */
    private final ParseCache parsed;

    private final CellSlots slots;

    RunPlan(
            Session.Services services,
            String fileName,
            RunInfo info,
            Map<String, String> params,
            Masker secrets,
            RunRecorder recorder,
            RunJson.Retry retry,
            ParseCache parsed,
            CellSlots slots) {
        this.services = services;
        this.fileName = fileName;
        this.info = info;
        this.params = params;
        this.secrets = secrets;
        this.recorder = recorder;
        this.retry = retry;
        this.parsed = parsed;
        this.slots = slots;
    }

    /** Which run this is and who started it (for executors that act in that user's name). */
    RunInfo info() {
        return info;
    }

    String runId() {
        return info.runId();
    }

    Masker secrets() {
        return secrets;
    }

    RunRecorder recorder() {
        return recorder;
    }

    /**
     * Takes the locks {@code cell} declares (issue 23): may wait for them while {@code stopped} is false.
     *
     * @throws IllegalStateException when the guard refuses the cell
     */
    RunGuard.Held enterCell(CodeCell cell, BooleanSupplier stopped) {
        return services.guard().enterCell(info.runId(), fileName, parsed.last(), cell, params, stopped);
    }

    /**
     * The cell with its references filled in ({@code factory}'s quoting, or none when no executor has the cell's
     * language), its timeout and its host attributes.
     *
     * @throws IllegalArgumentException an unresolved reference, a bad attribute, a raw value a cell may not take
     */
    ReadyCell ready(CodeCell cell, Optional<ExecutorFactory> factory) {
        CellSlots.refuseRawFromEvents(cell, info.via());
        // what tejun check calls an error, a run refuses before anything of the cell runs
        CellAttributes.problems(cell).stream()
                .filter(p -> p.severity() == Problem.Severity.ERROR)
                .findFirst()
                .ifPresent(p -> {
                    throw new IllegalArgumentException("line " + p.line() + ": " + p.message());
                });
        Map<String, ParamSpec> specs = parsed.last().metadata().params();
        // hosts=${params.host}: a for-each iteration reaches its own host; operation=${params.op}: its operation
        Attributes attributes = scope(
                HostAttributes.render(RetryPlan.narrowed(retry, cell), r -> slots.slot(r, params, specs)),
                r -> slots.slot(r, params, specs));
        Rendered rendered = Template.CELLS.render(
                cell.code(),
                r -> slots.slot(r, params, specs, attributes),
                factory.map(ExecutorFactory::quoting).orElse(Verbatim.INSTANCE));
        Duration timeout = services.limits().timeoutOf(cell.attributes());
        return new ReadyCell(rendered, timeout, withFolder(attributes));
    }

    /**
     * {@code operation=} and {@code as-of=} with their references put in, before anything reads the CMDB in that
     * scope: the cell's {@code ${cmdb…}} values and its executor alike. A value is a name or a time here, never code.
     */
    private static Attributes scope(Attributes attributes, Function<Reference, Optional<Slot>> lookup) {
        Map<String, String> values = null;
        for (String key : List.of(CmdbScope.OPERATION, CmdbScope.AS_OF)) {
            String v = attributes.values().get(key);
            if (v == null || !v.contains("${")) {
                continue;
            }
            if (values == null) {
                values = new LinkedHashMap<>(attributes.values());
            }
            values.put(key, Template.CELLS.render(v, lookup, Verbatim.INSTANCE).text());
        }
        return values == null ? attributes : new Attributes(attributes.id(), attributes.classes(), values);
    }

    /** {@code cwd:} in the front matter is every cell's {@code cwd=} unless the cell names its own. */
    private Attributes withFolder(Attributes attributes) {
        Object folder = parsed.last().metadata().extra().get("cwd");
        if (folder == null || attributes.get("cwd").isPresent()) {
            return attributes;
        }
        Map<String, String> values = new LinkedHashMap<>(attributes.values());
        values.put("cwd", folder.toString());
        return new Attributes(attributes.id(), attributes.classes(), values);
    }

    /** What the executor gets to run {@code cell} as {@code ready} made it, in the session's {@code workDir}. */
    CellRequest request(CodeCell cell, ReadyCell ready, Path workDir) {
        return new CellRequest(
                info.runId(),
                cell.id(),
                cell.language(),
                ready.rendered().text(),
                ready.attributes(),
                workDir,
                ready.timeout(),
                ParamEnvironment.of(params),
                params,
                info.user(),
                info.via(),
                ready.rendered().bound(),
                ready.rendered().variables(),
                secrets.values());
    }

    /**
     * The output of one cell of this run, in the order it passes: masked (secret params and CMDB secrets, before
     * anything reaches evidence or a browser), capped at the cell limit, then to the event log and the evidence.
     */
    CellOutput output(CodeCell cell, EventLog log) {
        CellOutputSink sink = new CellOutputSink(
                log,
                (stream, host, data, off, len) -> recorder.output(cell.id(), stream, host, data, off, len),
                services.clock(),
                info.runId(),
                cell.id());
        OutputCap capped = new OutputCap(sink, services.limits().outputCap());
        return new CellOutput(cell.id(), new MaskingOutput(capped, secrets), capped, sink);
    }

    /** One cell's output pipeline ({@link #output}); {@link #finish} once the executor returned. */
    final class CellOutput {

        private final String cellId;
        private final MaskingOutput masked;
        private final OutputCap capped;
        private final CellOutputSink sink;

        private CellOutput(String cellId, MaskingOutput masked, OutputCap capped, CellOutputSink sink) {
            this.cellId = cellId;
            this.masked = masked;
            this.capped = capped;
            this.sink = sink;
        }

        /** Where the executor writes. */
        Output target() {
            return masked;
        }

        /**
         * Flushes what is held back, attaches the outcome's files to the evidence and keeps the cell's fields
         * ({@code stdout}, {@code exit}, {@code status}, {@code value}) for later cells' {@code ${cells.ID.field}}.
         */
        void finish(CellOutcome outcome) {
            masked.flush();
            capped.finish();
            sink.flush();
            recorder.attach(cellId, outcome.artifacts());
            if (outcome.value() != null) {
                // masked as its output is: a run resumed from this one reads it back from there
                recorder.value(cellId, secrets().mask(outcome.value()));
            }
            Map<String, String> fields = new HashMap<>();
            fields.put("stdout", RecordedFields.stdoutField(sink.capturedStdout()));
            fields.put(
                    "exit", outcome.exitCode() == null ? "" : outcome.exitCode().toString());
            fields.put("status", outcome.status().name().toLowerCase());
            if (outcome.value() != null) {
                fields.put("value", outcome.value());
            }
            slots.put(cellId, fields);
        }
    }
}
