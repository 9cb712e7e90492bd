package dev.tejun.server.ws;

import dev.tejun.kernel.session.Session;
import dev.tejun.server.auth.Principal;
import java.util.List;

/**
 * What the session socket asks of the runs service ({@code dev.tejun.server.runs.Runs}): the socket parses messages
 * and replies; whether a message may go on, and the run it queues or stops, are decided and recorded there, as for
 * every other entry point. An interface here so the socket needs nothing of how runs are kept.
 */
public interface RunControl {

    /**
     * Null when {@code who} may send a message of {@code action} ({@code attach}, {@code execute}, {@code run-all},
     * {@code interrupt}) on {@code session}; else the reason, which is audited.
     */
    String refusal(Principal who, String action, Session session, String address);

    /** Queues a run of {@code cellIds} (all when empty) as {@code who}, tracked as every run is; its run id. */
    String queue(Principal who, Session session, List<String> cellIds, List<String> requires, String address);

    /** Stops the session's active run (audited); its run id, null when none ran. */
    String interrupt(Principal who, Session session, String address);
}
