package dev.tejun.server.runs.queue;

import dev.tejun.kernel.evidence.RunJson;
import dev.tejun.server.audit.Via;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run asked for and checked (roles, params, maintenance windows) by the server that took the request, waiting in
 * the run queue for a server to execute it: what that server needs to start it exactly as asked.
 *
 * @param runId   the id the asker was answered with; the run's evidence and row carry it
 * @param cells   the cells to run, empty for all
 * @param retry   the earlier run whose failed hosts this one retries, or null
 * @param preview whether it only shows each cell (nothing that changes anything runs)
 * @param user    who asked; {@code iface} the interface it came through, {@code via} the word in its evidence
 * @param address the asker's address, for the audit log (may be null)
 * @param text    the runbook as it read when the run was accepted: what the run runs, whatever becomes of the file
 *                while it waits or goes on (null in a row queued before runs held their text: the file is read)
 * @param requires the roles the runbook required when the run was accepted, checked then against the asker: what a
 *                 stop of the run needs (null where {@code text} is)
 */
public record QueuedRun(
        String runId,
        String runbook,
        Map<String, String> params,
        List<String> cells,
        RunJson.Retry retry,
        boolean preview,
        String user,
        Via iface,
        String via,
        String address,
        String text,
        List<String> requires) {

    public QueuedRun {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params)); // a param may be given as null
        cells = List.copyOf(cells);
        requires = requires == null ? null : List.copyOf(requires);
    }
}
