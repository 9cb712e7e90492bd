package dev.tejun.kernel.flow;

import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.preview.WouldMeet;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.ParamSpec;
import dev.tejun.kernel.runbook.Runbook;
import dev.tejun.kernel.session.Params;
import dev.tejun.kernel.session.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The preview of what the rest of a runbook would do past a {@code pause} cell (issue 23), as a flow's hold point has
 * one: when the cell starts waiting, its runbook's preview run is made with the run's params as the run's starter
 * (cells shown, ansible in check mode, terraform planning, no lock taken), and the cells after the pause are kept in
 * the shared table {@code hold_previews} and as evidence in {@code evidence/cell-holds/RUN/CELL.json}, so the approver sees what approving lets happen and the
 * record shows what they saw. The whole preview run stays in evidence as a run of its own.
 */
public final class CellHoldPreviews {

    /** The run a pause cell waits in: its session (runbook, params), who started it and through what. */
    public record WaitingRun(Session session, String user, String via) {}

    static final String FOLDER = "cell-holds";
    /** How long a run is looked for: it is listed as its start returns, which its first cell may beat. */
    private static final Duration FIND_FOR = Duration.ofSeconds(10);

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");

    private final FlowEngine engine;
    private final Session.Services previews;
    private final WouldMeet.Windows windows;

    public CellHoldPreviews(FlowEngine engine, Session.Services previews, WouldMeet.Windows windows) {
        this.engine = engine;
        this.previews = previews;
        this.windows = windows;
    }

    /**
     * Starts making the preview of what follows pause cell {@code cellId} of run {@code runId}; {@code runs} finds
     * the run (it may be listed a moment after its first cell began, so it is asked for a while).
     */
    public void reached(String runId, String cellId, Function<String, Optional<WaitingRun>> runs) {
        Optional<Path> file = file(previews.evidence().root(), runId, cellId);
        if (file.isEmpty()) {
            return;
        }
        HoldPreview.make(
                engine.store.holdPreviews(),
                key(runId, cellId),
                file.get(),
                "pause cell " + cellId + " of run " + runId,
                () -> preview(cellId, find(runId, runs)));
    }

    private static WaitingRun find(String runId, Function<String, Optional<WaitingRun>> runs)
            throws IOException, InterruptedException {
        long until = System.nanoTime() + FIND_FOR.toNanos();
        while (true) {
            Optional<WaitingRun> run = runs.apply(runId);
            if (run.isPresent()) {
                return run.get();
            }
            if (System.nanoTime() > until) {
                throw new IOException("run " + runId + " is not one this server runs: its runbook cannot be read");
            }
            Thread.sleep(20);
        }
    }

    /** The preview of pause cell {@code cellId} of run {@code runId}; empty for ids that are no ids. */
    public Optional<HoldPreview> state(String runId, String cellId) throws IOException {
        Optional<Path> file = file(previews.evidence().root(), runId, cellId);
        return file.isEmpty()
                ? Optional.empty()
                : Optional.of(HoldPreview.at(engine.store.holdPreviews(), key(runId, cellId), file.get()));
    }

    private static String key(String runId, String cellId) {
        return "cell:" + runId + "/" + cellId;
    }

    private FlowPreview preview(String cellId, WaitingRun run) throws IOException {
        Session s = run.session();
        String name = s.file().name();
        Runbook parsed = RunbookFormat.parse(Files.readString(s.file().path(), StandardCharsets.UTF_8));
        Set<String> secret = new HashSet<>(s.alsoSecret());
        parsed.metadata().params().values().stream().filter(ParamSpec::secret).forEach(p -> secret.add(p.name()));
        // with the front matter's defaults put in, as the run has them: the approver sees every value (secret ones
        // masked)
        Map<String, String> given = Params.resolve(parsed.metadata(), s.params());
        FlowPreview.NodePreview whole = new FlowPreviewer(engine, previews, windows, run.user(), run.via())
                .runbook(cellId, name, given, secret);
        Set<String> after = after(parsed, cellId);
        List<FlowPreview.CellPreview> rest =
                whole.cells().stream().filter(c -> after.contains(c.cell())).toList();
        String note = after.isEmpty()
                ? "nothing follows pause cell " + cellId + " in " + name
                : "the cells after pause cell " + cellId + "; the preview run shows the whole runbook";
        FlowPreview.NodePreview shown = new FlowPreview.NodePreview(
                whole.id(),
                whole.type(),
                whole.target(),
                whole.params(),
                whole.hosts(),
                whole.locks(),
                whole.windows(),
                whole.previewRun(),
                rest,
                null,
                whole.note() != null ? whole.note() : note);
        Map<String, String> params = whole.params();
        return new FlowPreview(
                name,
                parsed.metadata().title(),
                params,
                List.of(),
                List.of(),
                after.isEmpty() && whole.note() == null ? List.of() : List.of(shown));
    }

    /** The ids of the cells after {@code cellId} in the runbook, in file order. */
    private static Set<String> after(Runbook runbook, String cellId) {
        List<String> ids = new ArrayList<>();
        for (CodeCell c : runbook.codeCells()) {
            ids.add(c.id());
        }
        int at = ids.indexOf(cellId);
        return at < 0 ? new HashSet<>(ids) : new HashSet<>(ids.subList(at + 1, ids.size()));
    }

    /** Where the preview of pause cell {@code cellId} of run {@code runId} is kept; empty for ids that are no ids. */
    static Optional<Path> file(Path evidenceRoot, String runId, String cellId) {
        if (runId == null
                || cellId == null
                || !ID.matcher(runId).matches()
                || !ID.matcher(cellId).matches()) {
            return Optional.empty();
        }
        return Optional.of(evidenceRoot.resolve(FOLDER).resolve(runId).resolve(cellId + ".json"));
    }
}
