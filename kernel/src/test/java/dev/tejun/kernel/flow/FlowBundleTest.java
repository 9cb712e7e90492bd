package dev.tejun.kernel.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.evidence.Manifest;
import dev.tejun.kernel.flow.bundle.FlowBundle;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.FlowStatus;
import dev.tejun.kernel.flow.state.Transition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An instance's history (transitions) and its evidence bundle, from a real run of shell runbooks. */
class FlowBundleTest {

    static final String FLOW = """
            title: Two steps and a hold
            nodes:
              - { id: first, type: runbook, runbook: one.md, next: hold }
              - { id: hold, type: pause, message: "go on?", approver: operator, next: second }
              - { id: second, type: runbook, runbook: two.md, next: end }
              - { id: end, type: end }
            """;

    @TempDir
    Path tmp;

    /** The files of a zip, by name. */
    static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    @Test
    void transitions_recordStartNodesApprovalWithCommentAndEnd() throws Exception {
        try (FlowFixture f = new FlowFixture(tmp)) {
            f.runbook("one.md", "echo one").runbook("two.md", "echo two").file("two-steps.flow.yaml", FLOW);
            String id = f.start("two-steps.flow.yaml");
            f.untilStatus(id, FlowStatus.PAUSED);
            f.engine.approve(id, "hold", new Actor("bob", "api"), "ticket CHG-1 <ok>");
            f.engine.await(id, FlowFixture.WAIT);

            List<Transition> ts = f.engine.record(id).orElseThrow().transitions();
            assertEquals(Transition.Kind.STARTED, ts.getFirst().kind());
            assertEquals("alice", ts.getFirst().user());
            assertEquals(Transition.Kind.FINISHED, ts.getLast().kind());
            assertEquals("ok", ts.getLast().status());
            Transition approved = ts.stream()
                    .filter(t -> t.kind() == Transition.Kind.APPROVED)
                    .findFirst()
                    .orElseThrow();
            assertEquals("bob", approved.user());
            assertEquals("api", approved.via());
            assertEquals("ticket CHG-1 <ok>", approved.comment());
            assertEquals(
                    2,
                    ts.stream()
                            .filter(t -> t.kind() == Transition.Kind.NODE_STARTED && t.runId() != null)
                            .count());
            for (int i = 0; i < ts.size(); i++) {
                assertEquals(i + 1, ts.get(i).seq());
            }
            assertEquals("operator", f.engine.approverRole(id, "hold").orElseThrow());
        }
    }

    @Test
    void bundle_holdsBothRunsTransitionsAndMatchingHashes() throws Exception {
        try (FlowFixture f = new FlowFixture(tmp)) {
            f.runbook("one.md", "echo one").runbook("two.md", "echo two").file("two-steps.flow.yaml", FLOW);
            String id = f.start("two-steps.flow.yaml");
            f.untilStatus(id, FlowStatus.PAUSED);
            f.engine.approve(id, "hold", "bob", "fine by me");
            FlowInstance fi = f.engine.await(id, FlowFixture.WAIT);
            FlowRecord record = f.engine.record(id).orElseThrow();
            assertEquals(2, record.runIds().size());

            ByteArrayOutputStream zip = new ByteArrayOutputStream();
            FlowBundle.write(record, f.services.evidence().root(), zip);
            Map<String, byte[]> files = unzip(zip.toByteArray());

            String top = id + "/";
            assertEquals(FLOW, new String(files.get(top + "definition.flow.yaml"), StandardCharsets.UTF_8));
            for (String node : List.of("first", "second")) {
                String runId = FlowFixture.node(fi, node).runId();
                assertTrue(files.containsKey(top + "runs/" + runId + "/run.json"), node + ": " + files.keySet());
                assertTrue(
                        files.keySet().stream()
                                .anyMatch(n ->
                                        n.startsWith(top + "runs/" + runId + "/cells/") && n.endsWith("stdout.bin")),
                        node);
            }
            String transitions = new String(files.get(top + "transitions.json"), StandardCharsets.UTF_8);
            assertTrue(transitions.contains("\"comment\" : \"fine by me\""), transitions);
            JsonNode manifest = new ObjectMapper().readTree(files.get(top + Manifest.FILE));
            assertEquals(
                    Manifest.sha256(FLOW.getBytes(StandardCharsets.UTF_8)),
                    manifest.get("definitionSha256").asText());
            assertEquals(files.size() - 1, manifest.get("files").size());
            manifest.get("files")
                    .properties()
                    .forEach(e -> assertEquals(
                            e.getValue().asText(), Manifest.sha256(files.get(top + e.getKey())), e.getKey()));
            assertTrue(manifest.get("missingRuns").isEmpty());
        }
    }

    @Test
    void bundle_calledFlows_runsAndHistoryUnderCalls_hashedAndLinkedFromTheReport() throws Exception {
        try (FlowFixture f = new FlowFixture(tmp)) {
            f.runbook("one.md", "echo one")
                    .runbook("two.md", "echo two")
                    .runbook("three.md", "echo three")
                    .file("outer.flow.yaml", """
                            nodes:
                              - { id: first, type: runbook, runbook: one.md, next: sub }
                              - { id: sub, type: call, flow: middle.flow.yaml, next: end }
                              - { id: end, type: end }
                            """)
                    .file("middle.flow.yaml", """
                            nodes:
                              - { id: two, type: runbook, runbook: two.md, next: deeper }
                              - { id: deeper, type: call, flow: inner.flow.yaml, next: end }
                              - { id: end, type: end }
                            """)
                    .file("inner.flow.yaml", """
                            nodes:
                              - { id: three, type: runbook, runbook: three.md, next: end }
                              - { id: end, type: end }
                            """);
            String id = f.start("outer.flow.yaml");
            FlowInstance fi = f.engine.await(id, FlowFixture.WAIT);
            assertEquals(FlowStatus.OK, fi.status());
            String child = FlowFixture.node(fi, "sub").child();
            FlowInstance middle = f.engine.get(child).orElseThrow();
            String grandchild = FlowFixture.node(middle, "deeper").child();
            String childRun = FlowFixture.node(middle, "two").runId();
            String deepRun = FlowFixture.node(f.engine.get(grandchild).orElseThrow(), "three")
                    .runId();

            ByteArrayOutputStream zip = new ByteArrayOutputStream();
            FlowBundle.write(
                    f.engine.record(id).orElseThrow(), f.services.evidence().root(), zip);
            Map<String, byte[]> files = unzip(zip.toByteArray());

            String top = id + "/";
            String calls = "calls/" + child + "/";
            String deep = calls + "calls/" + grandchild + "/";
            for (String path : List.of(
                    calls + "definition.flow.yaml",
                    calls + "instance.json",
                    calls + "transitions.json",
                    calls + "runs/" + childRun + "/run.json",
                    calls + "reports/" + childRun + ".html",
                    deep + "runs/" + deepRun + "/run.json",
                    deep + "transitions.json")) {
                assertTrue(files.containsKey(top + path), path + " in " + files.keySet());
            }
            String childHistory = new String(files.get(top + calls + "transitions.json"), StandardCharsets.UTF_8);
            assertTrue(childHistory.contains("called by " + id + " node sub"), childHistory);

            JsonNode manifest = new ObjectMapper().readTree(files.get(top + Manifest.FILE));
            assertEquals(files.size() - 1, manifest.get("files").size(), "every file but the manifest is hashed");
            assertEquals(
                    Manifest.sha256(files.get(top + calls + "runs/" + childRun + "/run.json")),
                    manifest.get("files")
                            .get(calls + "runs/" + childRun + "/run.json")
                            .asText());
            assertEquals(child, manifest.get("calls").get(0).get("instanceId").asText());
            assertEquals(calls, manifest.get("calls").get(0).get("path").asText());
            assertEquals(
                    grandchild, manifest.get("calls").get(1).get("instanceId").asText());
            assertTrue(manifest.get("missingRuns").isEmpty());

            String report = new String(files.get(top + "report.html"), StandardCharsets.UTF_8);
            assertTrue(report.contains("href=\"calls/" + child + "/report.html\""), report);
            assertTrue(report.contains("Called flows"), report);
            String childReport = new String(files.get(top + calls + "report.html"), StandardCharsets.UTF_8);
            assertTrue(childReport.contains("href=\"reports/" + childRun + ".html\""), childReport);
            assertTrue(childReport.contains("href=\"calls/" + grandchild + "/report.html\""), childReport);
        }
    }

    @Test
    void headlessRun_writesTheBundleIntoTheEvidenceFolder() throws Exception {
        try (FlowFixture f = new FlowFixture(tmp)) {
            f.runbook("one.md", "echo one")
                    .file(
                            "one.flow.yaml",
                            "nodes:\n  - { id: a, type: runbook, runbook: one.md, next: end }\n  - { id: end, type: end }\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new HeadlessFlowRun(f.store(), f.services, new PrintStream(out, true, StandardCharsets.UTF_8), System.err)
                    .run(f.runbooks.resolve("one.flow.yaml"), Map.of(), "ci");
            String printed = out.toString(StandardCharsets.UTF_8);
            String line = printed.lines()
                    .filter(l -> l.startsWith("evidence: "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(printed));
            Path zip = Path.of(line.substring("evidence: ".length()));
            assertEquals(f.services.evidence().root().toAbsolutePath(), zip.getParent());
            Map<String, byte[]> files = unzip(Files.readAllBytes(zip));
            assertTrue(
                    files.keySet().stream().anyMatch(n -> n.contains("/runs/") && n.endsWith("/run.json")),
                    files.keySet().toString());
            assertFalse(files.isEmpty());
        }
    }
}
