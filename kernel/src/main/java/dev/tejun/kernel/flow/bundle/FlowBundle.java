package dev.tejun.kernel.flow.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.evidence.EvidenceLayout;
import dev.tejun.kernel.evidence.EvidenceReport;
import dev.tejun.kernel.evidence.Manifest;
import dev.tejun.kernel.evidence.ReportWords;
import dev.tejun.kernel.flow.FlowRecord;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.Transition;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One zip with everything that proves what a flow instance did. Inside the folder {@code flow-INSTANCE/}:
 *
 * <pre>
 * definition.flow.yaml    the flow file's bytes as the instance ran them
 * instance.json           the instance and the last state of each node
 * transitions.json        its history: start, each node start/end, approvals and rejections with comments, stops…
 * report.html             {@link FlowReport}, linking to the reports below
 * runs/RUN-ID/…           each runbook node's evidence folder, copied as it is (its own manifest.json included)
 * reports/RUN-ID.html     each run's evidence report
 * calls/CHILD-ID/…        each flow a call node ran, laid out the same way (its own runs, history, report, calls)
 * manifest.json           SHA-256 of every file above (by path in the folder, called flows' files too), the
 *                         definition's hash, and the called flows
 * </pre>
 */
public final class FlowBundle {

    private static final ObjectMapper JSON = Json.PRETTY;
    /** A run id as the evidence store makes them; anything else in a record is not followed on disk. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    private FlowBundle() {}

    /** The folder name inside the zip and the usual file name without {@code .zip}. */
    public static String name(FlowRecord record) {
        return record.instance().id();
    }

    /** Writes the zip of {@code record} to {@code out}, reading run folders under {@code evidenceRoot}. */
    public static void write(FlowRecord record, Path evidenceRoot, OutputStream out) throws IOException {
        String top = name(record) + "/";
        Contents contents = new Contents();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            byte[] definition = instance(zip, top, "", record, evidenceRoot, contents);
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("instanceId", record.instance().id());
            manifest.put("flow", record.instance().flow());
            manifest.put("definitionSha256", Manifest.sha256(definition));
            manifest.put("runs", List.copyOf(record.runIds()));
            manifest.put("calls", contents.calls);
            manifest.put("missingRuns", contents.missing);
            manifest.put("files", contents.hashes);
            zip.putNextEntry(new ZipEntry(top + Manifest.FILE));
            zip.write(JSON.writeValueAsBytes(manifest));
            zip.closeEntry();
        }
    }

    /** What the manifest lists, gathered while the instance and its called flows are written. */
    private static final class Contents {
        final Map<String, String> hashes = new TreeMap<>();
        final List<String> missing = new ArrayList<>();
        /** Each called flow: its instance, flow and folder in the bundle. */
        final List<Map<String, String>> calls = new ArrayList<>();
    }

    /**
     * Writes one instance's files under {@code at} (empty for the instance itself, {@code calls/CHILD-ID/} for a
     * flow it called, and so on down), then those of the flows it called; answers its definition's bytes.
     */
    private static byte[] instance(
            ZipOutputStream zip, String top, String at, FlowRecord record, Path evidenceRoot, Contents contents)
            throws IOException {
        Map<String, String> hashes = contents.hashes;
        byte[] definition = record.definition().getBytes(StandardCharsets.UTF_8);
        put(
                zip,
                top,
                at + "definition.flow.yaml",
                FlowReport.shownDefinition(record).getBytes(StandardCharsets.UTF_8),
                hashes);
        put(zip, top, at + "instance.json", JSON.writeValueAsBytes(instance(record.instance())), hashes);
        put(
                zip,
                top,
                at + "transitions.json",
                JSON.writeValueAsBytes(record.transitions().stream()
                        .map(FlowBundle::transition)
                        .toList()),
                hashes);
        put(
                zip,
                top,
                at + "report.html",
                FlowReport.html(
                                record,
                                runId -> "reports/" + runId + ".html",
                                FlowBundle::callFolder,
                                ReportWords.ENGLISH)
                        .getBytes(StandardCharsets.UTF_8),
                hashes);
        for (String runId : record.runIds()) {
            Path dir = RUN_ID.matcher(runId).matches() ? evidenceRoot.resolve(runId) : null;
            if (dir == null || !Files.isRegularFile(EvidenceLayout.runJson(dir))) {
                contents.missing.add(runId);
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    put(
                            zip,
                            top,
                            at + "runs/" + runId + "/"
                                    + dir.relativize(f).toString().replace('\\', '/'),
                            Files.readAllBytes(f),
                            hashes);
                }
            }
            put(
                    zip,
                    top,
                    at + "reports/" + runId + ".html",
                    EvidenceReport.of(dir).html().getBytes(StandardCharsets.UTF_8),
                    hashes);
        }
        for (FlowRecord call : record.calls()) {
            String id = call.instance().id();
            if (!RUN_ID.matcher(id).matches()) {
                continue; // an id the engine did not make is no path to write to
            }
            String folder = at + "calls/" + id + "/";
            contents.calls.add(Map.of("instanceId", id, "flow", call.instance().flow(), "path", folder));
            instance(zip, top, folder, call, evidenceRoot, contents);
        }
        return definition;
    }

    /** Where a called flow's report is, relative to its caller's report (in the bundle). */
    private static String callFolder(String childId) {
        return "calls/" + childId + "/report.html";
    }

    /** Writes the zip as {@code evidenceRoot/flow-INSTANCE.zip} (a file, so it is never taken for a run folder). */
    public static Path writeBeside(FlowRecord record, Path evidenceRoot) {
        Path file = evidenceRoot.resolve("flow-" + name(record).replaceFirst("^flow-", "") + ".zip");
        try {
            Files.createDirectories(evidenceRoot);
            try (OutputStream out = Files.newOutputStream(file)) {
                write(record, evidenceRoot, out);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the flow evidence " + file, e);
        }
    }

    private static void put(ZipOutputStream zip, String top, String path, byte[] bytes, Map<String, String> hashes)
            throws IOException {
        zip.putNextEntry(new ZipEntry(top + path));
        zip.write(bytes);
        zip.closeEntry();
        hashes.put(path, Manifest.sha256(bytes));
    }

    private static Map<String, Object> instance(FlowInstance fi) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", fi.id());
        m.put("flow", fi.flow());
        m.put("title", fi.title());
        m.put("params", fi.shownParams());
        m.put("status", fi.status().key());
        m.put("startedBy", fi.startedBy());
        m.put("via", fi.via());
        m.put("startedAt", fi.startedAt());
        m.put("endedAt", fi.endedAt());
        m.put("parentId", fi.parentId());
        m.put("parentNode", fi.parentNode());
        m.put("stoppedBy", fi.stoppedBy());
        m.put("message", fi.message());
        m.put(
                "nodes",
                fi.nodes().stream()
                        .map(n -> {
                            Map<String, Object> v = new LinkedHashMap<>();
                            v.put("nodeId", n.nodeId());
                            v.put("type", n.type());
                            v.put("status", n.status().key());
                            v.put(
                                    "passes",
                                    n.passes() == null ? null : n.passes().key());
                            v.put("chosen", n.chosen());
                            v.put("runId", n.runId());
                            v.put("child", n.child());
                            v.put("actor", n.actor());
                            v.put("comment", n.comment());
                            v.put("message", n.message());
                            v.put("startedAt", n.startedAt());
                            v.put("endedAt", n.endedAt());
                            return v;
                        })
                        .toList());
        return m;
    }

    static Map<String, Object> transition(Transition t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", t.seq());
        m.put("at", t.at());
        m.put("kind", t.kind().key());
        m.put("nodeId", t.nodeId());
        m.put("nodeType", t.nodeType());
        m.put("user", t.user());
        m.put("via", t.via());
        m.put("status", t.status());
        m.put("runId", t.runId());
        m.put("comment", t.comment());
        m.put("message", t.message());
        return m;
    }
}
