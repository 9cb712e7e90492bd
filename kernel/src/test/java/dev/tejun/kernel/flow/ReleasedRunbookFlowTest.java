package dev.tejun.kernel.flow;

import static dev.tejun.kernel.flow.FlowFixture.node;
import static dev.tejun.kernel.flow.FlowFixture.status;
import static dev.tejun.kernel.folder.TestGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.NodeStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runbook with {@code release: reviewed} runs in a flow only as committed on main; real git holds it. */
class ReleasedRunbookFlowTest {

    @TempDir
    Path tmp;

    private static final String FLOW =
            "nodes:\n  - { id: go, type: runbook, runbook: prod.md, next: end }\n" + "  - { id: end, type: end }\n";

    /** prod.md (protected) and the flow, committed on main. */
    private FlowFixture released() throws Exception {
        FlowFixture f = new FlowFixture(tmp);
        f.runbook("prod.md", "release: reviewed\n", Map.of("change", "echo changed"));
        f.file("go.flow.yaml", FLOW);
        git(f.runbooks, "init", "-q", "-b", "main");
        git(f.runbooks, "add", ".");
        git(f.runbooks, "commit", "-q", "-m", "reviewed");
        return f;
    }

    @Test
    void run_committedOnMain_runs() throws Exception {
        try (FlowFixture f = released()) {
            FlowInstance fi = f.run("go.flow.yaml");
            assertEquals(NodeStatus.OK, status(fi, "go"), fi.toString());
        }
    }

    @Test
    void run_dirtyFile_refusedSayingWhatToDo() throws Exception {
        try (FlowFixture f = released()) {
            Path file = f.runbooks.resolve("prod.md");
            Files.writeString(file, Files.readString(file).replace("echo changed", "rm -rf /tmp/x"));

            FlowInstance fi = f.run("go.flow.yaml");

            assertEquals(NodeStatus.FAILED, status(fi, "go"));
            String message = node(fi, "go").message();
            assertTrue(message.contains("release: reviewed"), message);
            assertTrue(message.contains("merged into main"), message);
            assertTrue(fi.nodes().stream().allMatch(n -> n.runId() == null), "nothing ran: " + fi);
        }
    }

    @Test
    void run_committedOnAWorkingBranchOnly_refused() throws Exception {
        try (FlowFixture f = released()) {
            git(f.runbooks, "checkout", "-q", "-b", "tejun/alice");
            Path file = f.runbooks.resolve("prod.md");
            Files.writeString(file, Files.readString(file).replace("echo changed", "echo unreviewed"));
            git(f.runbooks, "commit", "-q", "-am", "not reviewed yet");

            FlowInstance fi = f.run("go.flow.yaml");

            assertEquals(NodeStatus.FAILED, status(fi, "go"));
            assertTrue(
                    node(fi, "go").message().contains("differs"), node(fi, "go").message());
        }
    }

    @Test
    void run_unprotectedDirtyFile_runsAsBefore() throws Exception {
        try (FlowFixture f = new FlowFixture(tmp)) {
            f.runbook("prod.md", "echo plain").file("go.flow.yaml", FLOW);
            git(f.runbooks, "init", "-q", "-b", "main");
            FlowInstance fi = f.run("go.flow.yaml");
            assertEquals(NodeStatus.OK, status(fi, "go"), fi.toString());
        }
    }
}
