package dev.tejun.kernel.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.FlowStatus;
import dev.tejun.kernel.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A flow an event started hands that on to its node runs, which then refuse {@code ${raw:…}}. */
@ExtendWith(CellsUnsandboxed.class) // the canary must be reachable, so an injection would show
class FlowRawFromEventsTest {

    @TempDir
    Path tmp;

    private FlowFixture f;
    private Path marker;

    @BeforeEach
    void open() throws Exception {
        f = new FlowFixture(tmp);
        marker = tmp.resolve("ran");
        f.runbook("raw.md", "params:\n  cmd: {}\n", Map.of("main", "${raw:params.cmd}"));
        f.file("raw.flow.yaml", """
                title: Raw
                nodes:
                  - { id: step, type: runbook, runbook: raw.md, params: { cmd: "touch %s" }, next: done }
                  - { id: done, type: end }
                """.formatted(marker));
    }

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void start_byAPerson_nodeRunPastesRawCode() throws Exception {
        FlowInstance fi = f.engine.await(f.engine.start("raw.flow.yaml", Map.of(), "alice", "web"), FlowFixture.WAIT);

        assertEquals(FlowStatus.OK, fi.status(), fi.toString());
        assertTrue(Files.exists(marker));
    }

    @Test
    void start_byAnEvent_nodeRunRefusesRawCode() throws Exception {
        FlowInstance fi = f.engine.await(
                f.engine.start("raw.flow.yaml", Map.of(), "events", Template.EVENT_VIA), FlowFixture.WAIT);

        assertEquals(FlowStatus.FAILED, fi.status(), fi.toString());
        assertFalse(Files.exists(marker), "the node ran the value as code");
    }
}
