package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.RecordingOutput;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code ssh} cell with {@code into=SHEET} collects, as README says, through the executors the server and
 * {@code tejun run} really wire: the registry's ssh factory was another instance than the one the collect cells were
 * wired into, so such a cell ran as a plain ssh cell and wrote nothing, without a word. Where no collector is wired
 * at all, the cell is refused instead of run.
 */
class SshIntoWiringTest {

    @TempDir
    Path temp;

    private static CellOutcome sshInto(ExecutorFactory factory, Path temp) {
        Executor ssh = factory.create(new SessionContext("s1", temp.resolve("work"), temp));
        try {
            return ssh.execute(
                    new CellRequest(
                            "run-1",
                            "c1",
                            "ssh",
                            "echo swappiness=60",
                            new Attributes("c1", List.of(), Map.of("hosts", "web", "into", "tuning_seen")),
                            null,
                            null,
                            Map.of()),
                    new RecordingOutput());
        } finally {
            ssh.close();
        }
    }

    @Test
    void registry_sshInto_goesThroughTheCollector() {
        try (CmdbStore cmdb = new CmdbStore(temp.resolve("tejun.db"))) {
            ExecutorFactory ssh = Main.executors(cmdb, temp).forLanguage("ssh").orElseThrow();

            CellOutcome outcome = sshInto(ssh, temp);

            // the collector looks at the sheet before any host is reached: there is no such sheet here
            assertEquals(CellStatus.FAILED, outcome.status());
            assertTrue(outcome.message().contains("into=tuning_seen is not a CMDB sheet"), outcome.message());
        }
    }

    @Test
    void noCollectorWired_sshInto_refusedWithoutRunning() {
        try (CmdbStore cmdb = new CmdbStore(temp.resolve("tejun.db"))) {
            CellOutcome outcome = sshInto(new SshExecutorFactory(cmdb), temp);

            assertEquals(CellStatus.FAILED, outcome.status());
            assertEquals(
                    "into=tuning_seen needs collect cells, which this server does not have: nothing was run",
                    outcome.message());
        }
    }
}
