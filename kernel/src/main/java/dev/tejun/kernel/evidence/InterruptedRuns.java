package dev.tejun.kernel.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Runs a crash cut off (the process killed, the machine down): their folders have output but no manifest. At the
 * next start they are sealed as they are, marked {@code INTERRUPTED}, so the output they showed is in the chain and
 * {@code evidence verify} covers it instead of skipping a run that looks as if it still went on.
 */
public final class InterruptedRuns {

    /** The status of a run whose process died before it ended. */
    public static final String INTERRUPTED = "INTERRUPTED";

    private InterruptedRuns() {}

    /**
     * Seals every run under {@code root} without a manifest that is not {@code alive}, and answers their folders.
     * A run that is not {@code known} either (another process may be just starting it, before it has an index
     * row) is sealed only when nothing was written to it within {@code quiet}. {@code sealer} seals one run folder
     * (with the data folder's proof key).
     */
    public static List<Path> seal(
            Path root,
            Consumer<Path> sealer,
            Predicate<String> alive,
            Predicate<String> known,
            Instant now,
            Duration quiet)
            throws IOException {
        List<Path> sealed = new ArrayList<>();
        for (String runId : EvidenceVerifier.runIds(root)) {
            Path dir = root.resolve(runId);
            if (Files.exists(dir.resolve(Manifest.FILE))
                    || alive.test(runId)
                    || !known.test(runId) && lastWrite(dir).isAfter(now.minus(quiet))) {
                continue;
            }
            sealOne(dir, sealer, now);
            sealed.add(dir);
        }
        return sealed;
    }

    /**
     * Seals one run a crash cut off, whatever process finds it: its {@code run.json} marked interrupted at
     * {@code now}, then {@code sealer} (a living server of a cluster sealing a dead one's run in the shared folder).
     * The caller checked that it has no manifest and that no process holds it.
     */
    public static void sealOne(Path dir, Consumer<Path> sealer, Instant now) {
        markInterrupted(dir, now);
        sealer.accept(dir);
    }

    /**
     * run.json says the run (unless it already says how it ended) and its cells that were running were interrupted,
     * and lists the cells it began; an unreadable one stays as it is.
     */
    private static void markInterrupted(Path dir, Instant at) {
        Path runJson = dir.resolve("run.json");
        try {
            JsonNode run = EvidenceStore.JSON.readTree(runJson.toFile());
            if (!(run instanceof ObjectNode o)) {
                return;
            }
            String status = o.path("status").asText("RUNNING");
            if (status.isEmpty() || "RUNNING".equals(status)) { // a run.json that says how it ended keeps that
                o.put("status", INTERRUPTED);
                o.put("finishedAt", at.toString());
            }
            for (JsonNode cell : o.path("cells")) {
                if (cell instanceof ObjectNode c
                        && "RUNNING".equals(c.path("status").asText())) {
                    c.put("status", INTERRUPTED);
                }
            }
            listCells(dir, o);
            EvidenceStore.JSON.writeValue(runJson.toFile(), o);
        } catch (IOException e) {
            // a run.json cut off mid-write is sealed as found: the manifest still proves what is there
        }
    }

    /**
     * A run's {@code run.json} lists its cells only at its end: the cells a cut-off run began (their folders) are
     * added as they ended ({@code result.json}) or, for the one going on, interrupted — so the sealed run shows the
     * output it had, as a run followed while it went on did.
     */
    private static void listCells(Path dir, ObjectNode run) throws IOException {
        Path cells = dir.resolve(EvidenceLayout.CELLS);
        if (!Files.isDirectory(cells)) {
            return;
        }
        ArrayNode listed = run.withArray("cells");
        java.util.Set<String> named = new java.util.HashSet<>();
        listed.forEach(c -> named.add(c.path("dir").asText()));
        List<Path> folders;
        try (var found = Files.list(cells)) {
            folders = found.filter(Files::isDirectory).sorted().toList();
        }
        for (Path cellDir : folders) {
            String name = cellDir.getFileName().toString();
            String rel = EvidenceLayout.CELLS + "/" + name;
            if (named.contains(rel)) {
                continue;
            }
            RunJson.CellEntry entry;
            try {
                entry = EvidenceLayout.readResult(cellDir)
                        .map(r -> new RunJson.CellEntry(r.cellId(), rel, r.status(), r.exitCode(), r.durationMillis()))
                        .orElseGet(() -> new RunJson.CellEntry(
                                name.substring(name.indexOf('-') + 1), rel, INTERRUPTED, null, null));
            } catch (IOException cutMidWrite) {
                entry = new RunJson.CellEntry(name.substring(name.indexOf('-') + 1), rel, INTERRUPTED, null, null);
            }
            listed.add(EvidenceStore.JSON.valueToTree(entry));
        }
    }

    private static Instant lastWrite(Path dir) throws IOException {
        FileTime newest = Files.getLastModifiedTime(dir);
        try (var files = Files.walk(dir)) {
            for (Path f : files.toList()) {
                FileTime t = Files.getLastModifiedTime(f);
                if (t.compareTo(newest) > 0) {
                    newest = t;
                }
            }
        }
        return newest.toInstant();
    }
}
