package dev.tejun.kernel.evidence;

import com.fasterxml.jackson.databind.JsonNode;
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
     * run.json says the run (unless it already says how it ended) and its cells that were running were interrupted;
     * an unreadable one stays as it is.
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
            EvidenceStore.JSON.writeValue(runJson.toFile(), o);
        } catch (IOException e) {
            // a run.json cut off mid-write is sealed as found: the manifest still proves what is there
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
