package dev.tejun.kernel.retry;

import dev.tejun.kernel.evidence.EvidenceLayout;
import dev.tejun.kernel.evidence.Manifest;
import dev.tejun.kernel.evidence.ResultJson;
import dev.tejun.kernel.evidence.RunIds;
import dev.tejun.kernel.evidence.RunJson;
import dev.tejun.kernel.exec.remote.HostStatuses;
import dev.tejun.kernel.runbook.Attributes;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.Runbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How to go on with a run that did not end well, from one of its cells. A retry ({@link #of}) runs the run's first
 * failed fan-out cell again on the hosts that failed there; a resume ({@link #resume}, {@code hosts} empty) runs its
 * first cell that failed, stopped or timed out again, whole. Either way the cells after it follow, and the cells
 * before it are not run again: their recorded fields ({@link RecordedFields}) answer {@code ${cells.ID.field}}.
 * Refused (an {@link IllegalArgumentException} saying why) for a run that is unknown, still going on, or has nothing
 * to go on from.
 *
 * @param original the retried run's {@code run.json}
 * @param hosts    the hosts to run the cell on; empty for a resume (every host the cell names)
 */
public record RetryPlan(RunJson original, String cellId, String language, List<String> hosts) {

    /** The languages whose cells fan out over hosts and report each host's status. */
    public static final Set<String> LANGUAGES = Set.of("ssh", "dialog", "ansible");

    /** Statuses of a host worth trying again. */
    static final Set<String> FAILED = Set.of(HostStatuses.FAILED, HostStatuses.UNREACHABLE, HostStatuses.TIMED_OUT);

    public RetryPlan {
        hosts = List.copyOf(hosts);
    }

    /** Statuses of a cell a resume starts from (an interrupted cell: the server stopped under it). */
    static final Set<String> UNFINISHED = Set.of("FAILED", "STOPPED", "TIMED_OUT", "INTERRUPTED", "RUNNING");

    /** Reads the plan from run {@code runId}'s evidence under {@code evidenceRoot}. */
    public static RetryPlan of(Path evidenceRoot, String runId) throws IOException {
        Path dir = evidenceRoot.resolve(runId);
        RunJson run = ended(evidenceRoot, runId, "retry");
        for (RunJson.CellEntry cell : run.cells()) {
            if (!"FAILED".equals(cell.status())) {
                continue;
            }
            Optional<Path> cellDir = EvidenceLayout.cellDir(dir, cell);
            Optional<ResultJson> result =
                    cellDir.isPresent() ? EvidenceLayout.readResult(cellDir.get()) : Optional.empty();
            if (result.isEmpty() || !LANGUAGES.contains(result.get().language())) {
                throw new IllegalArgumentException("run " + runId + " failed in cell '" + cell.cellId()
                        + "', which is not an ssh, dialog or ansible cell: there are no failed hosts to retry;"
                        + " run the runbook again instead");
            }
            List<String> failed = new ArrayList<>();
            result.get().hosts().forEach((host, r) -> {
                if (FAILED.contains(r.status())) {
                    failed.add(host);
                }
            });
            if (failed.isEmpty()) {
                throw new IllegalArgumentException("run " + runId + " failed in cell '" + cell.cellId()
                        + "' before any host failed (" + result.get().message() + "): run the runbook again instead");
            }
            return new RetryPlan(
                    run,
                    cell.cellId(),
                    result.get().language(),
                    failed.stream().sorted().toList());
        }
        throw new IllegalArgumentException("run " + runId + " has no failed cell (status " + run.status() + ")");
    }

    /**
     * A resume of run {@code runId}: its first cell that failed, stopped, timed out or was cut off by a restart, then
     * the cells after it. Refused for a run whose every cell succeeded (or was frozen or skipped by choice).
     */
    public static RetryPlan resume(Path evidenceRoot, String runId) throws IOException {
        RunJson run = ended(evidenceRoot, runId, "resume");
        for (RunJson.CellEntry cell : run.cells()) {
            if (UNFINISHED.contains(cell.status())) {
                Optional<Path> cellDir = EvidenceLayout.cellDir(evidenceRoot.resolve(runId), cell);
                Optional<ResultJson> result =
                        cellDir.isPresent() ? EvidenceLayout.readResult(cellDir.get()) : Optional.empty();
                return new RetryPlan(
                        run, cell.cellId(), result.map(ResultJson::language).orElse(null), List.of());
            }
        }
        throw new IllegalArgumentException("run " + runId + " has no cell that failed or stopped to resume from"
                + " (status " + run.status() + ")");
    }

    private static RunJson ended(Path evidenceRoot, String runId, String verb) throws IOException {
        Path dir = evidenceRoot.resolve(runId);
        if (!RunIds.isRunId(runId) || !Files.isRegularFile(EvidenceLayout.runJson(dir))) {
            throw new IllegalArgumentException("no run " + runId);
        }
        RunJson run = EvidenceLayout.readRun(dir);
        if (!run.finished()) {
            throw new IllegalArgumentException("run " + runId + " has not finished: " + verb + " it once it ended");
        }
        return run;
    }

    /** True for a resume: the cell runs again whole, not on some hosts. */
    public boolean resumes() {
        return hosts.isEmpty();
    }

    /** What the CLI says as the run starts. */
    public String describe() {
        return resumes()
                ? "resuming run " + original.runId() + " from cell " + cellId + " (the cells before it are not run"
                        + " again; their recorded results stay available)"
                : "retrying run " + original.runId() + ": cell " + cellId + " on " + String.join(", ", hosts)
                        + ", then the cells after it";
    }

    /**
     * Refuses a runbook that is not the one the retried run ran (by its SHA-256): a retry re-runs what failed, not
     * an edited procedure. A resume takes the runbook as it is now: fixing the step that failed and going on from it
     * is what a resume is for (the cell must keep its id; each run's evidence keeps the text it ran).
     */
    public void requireSameRunbook(byte[] text) {
        if (resumes()) {
            return;
        }
        String now = Manifest.sha256(text);
        if (original.sha256() != null && !original.sha256().equals(now)) {
            throw new IllegalArgumentException("the runbook " + original.runbook() + " changed since run "
                    + original.runId() + " (sha256 " + original.sha256() + ", now " + now
                    + "): a retry runs the runbook as it ran; start a new run instead");
        }
    }

    /**
     * The params the retry runs with: the retried run's, each overridden by {@code given}. Its evidence holds secret
     * params masked, so each secret one must be given again (refused, naming them, when it is not).
     */
    public Map<String, String> params(Map<String, String> given, Runbook runbook) {
        Map<String, String> out = new java.util.LinkedHashMap<>(original.params());
        out.putAll(given);
        List<String> missing = new ArrayList<>();
        runbook.metadata().params().forEach((name, spec) -> {
            if (spec.secret() && original.params().containsKey(name) && !given.containsKey(name)) {
                missing.add(name);
            }
        });
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("run " + original.runId() + " had secret params, which evidence keeps"
                    + " masked: give them again (-p NAME=VALUE, or params in the request): "
                    + String.join(", ", missing));
        }
        return out;
    }

    /** What the retry's evidence records of it. */
    public RunJson.Retry link() {
        return new RunJson.Retry(original.runId(), cellId, hosts);
    }

    /** The ids of the cells the retry runs, in file order: the failed cell and every code cell after it. */
    public List<String> cellsFrom(Runbook runbook) {
        List<String> ids = runbook.codeCells().stream().map(CodeCell::id).toList();
        int at = ids.indexOf(cellId);
        if (at < 0) {
            throw new IllegalArgumentException("the runbook has no cell '" + cellId + "' any more: the "
                    + (resumes() ? "resume" : "retry") + " of run " + original.runId() + " starts from that cell");
        }
        return ids.subList(at, ids.size());
    }

    /**
     * The attributes {@code cell} runs with in a retry: the retried cell narrowed to the failed hosts (Ansible: its
     * {@code limit}, since the play names its hosts itself; ssh and dialog: {@code hosts=}); any other cell as is.
     */
    public static Attributes narrowed(RunJson.Retry retry, CodeCell cell) {
        if (retry == null || retry.hosts().isEmpty() || !cell.id().equals(retry.cellId())) {
            return cell.attributes();
        }
        Map<String, String> values = new HashMap<>(cell.attributes().values());
        values.put(cell.language().equals("ansible") ? "limit" : "hosts", String.join(":", retry.hosts()));
        return new Attributes(cell.attributes().id(), cell.attributes().classes(), values);
    }
}
