package dev.tejun.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.cmdb.CmdbReferences;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.flow.CellHoldPreviews;
import dev.tejun.kernel.flow.CmdbHosts;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.guard.windows.CalendarFiles;
import dev.tejun.kernel.guard.windows.TargetWindows;
import dev.tejun.kernel.preview.Previews;
import dev.tejun.kernel.schedule.ServiceIdentity;
import dev.tejun.kernel.session.RunGuard;
import dev.tejun.kernel.session.Session;
import dev.tejun.server.flows.FlowFeature;
import dev.tejun.server.ws.HandshakePolicy;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The server's {@link FlowFeature} as its configuration makes it: the services every session shares (executors,
 * evidence, CMDB references, the run guard, cell limits), and the flow engine told whose roles a starter has and
 * which hosts a for-each pattern names.
 */
final class ServerFlows {

    private ServerFlows() {}

    /**
     * One flow engine per server over its database; it also brings the pause and flow cells. {@code metered} wraps
     * the executors the sessions get, once the flows have wired their own into them.
     */
    static FlowFeature open(
            ServerConfig config,
            Database database,
            RunbookFolder folder,
            EvidenceStore evidence,
            HandshakePolicy policy,
            ObjectMapper json,
            CmdbStore cmdb,
            Wiring trust,
            RunGuard guard,
            UnaryOperator<ExecutorRegistry> metered) {
        CmdbReferences references = new CmdbReferences(cmdb);
        FlowFeature flows = FlowFeature.open(
                folder,
                database,
                config.clock(),
                config.executors(),
                // timed last, around the factories the hold points' approvals went into (and the pause cells)
                executors -> new Session.Services(
                        metered.apply(executors),
                        evidence,
                        config.dataDir(),
                        config.clock(),
                        references,
                        guard,
                        config.settings().cellLimits()),
                policy,
                json,
                trust.auditLog(),
                trust.socket(),
                trust.runPolicy());
        // Flows honour requires: the starter's roles (a service identity's through its own interface) against every
        // runbook the flow runs.
        flows.engine()
                .checkRoles((user, via) -> Stream.of(ServiceIdentity.SCHEDULER, ServiceIdentity.EVENTS)
                        .filter(s -> s.user().equals(user) && s.via().equals(via))
                        .findFirst()
                        .map(ServiceIdentity::roles)
                        .orElseGet(() -> trust.userStore().roleNames(user)));
        flows.engine().resolveHosts(CmdbHosts.over(cmdb)); // for-each nodes: hosts of a pattern, as ssh cells read it
        flows.previewWith(
                Previews.of(flows.services().executors(), cmdb),
                new TargetWindows(folder, CalendarFiles.defaultZone(Locale.getDefault()))::wouldMeet,
                runId -> trust.executions()
                        .live()
                        .find(runId)
                        .map(r -> new CellHoldPreviews.WaitingRun(r.session(), r.user(), r.via())));
        return flows;
    }
}
