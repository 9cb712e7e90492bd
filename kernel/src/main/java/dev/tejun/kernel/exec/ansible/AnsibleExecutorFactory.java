package dev.tejun.kernel.exec.ansible;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.hold.HoldPoint;
import dev.tejun.kernel.flow.pause.Approvals;
import dev.tejun.kernel.template.AnsibleQuoting;
import dev.tejun.kernel.template.Quoting;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code ansible} cells over the hosts of a CMDB.
 *
 * @see AnsibleExecutor
 */
public final class AnsibleExecutorFactory implements ExecutorFactory {

    private final CmdbStore cmdb;
    private final Path runbooksDir;
    private final Approvals approvals;

    /** @param runbooksDir where {@code playbook=} paths are looked up (and may not leave), or null to refuse them */
    public AnsibleExecutorFactory(CmdbStore cmdb, Path runbooksDir) {
        this(cmdb, runbooksDir, null);
    }

    /** {@code approvals}: where {@code approve-after-first-batch=true} holds after the canary; null refuses it. */
    public AnsibleExecutorFactory(CmdbStore cmdb, Path runbooksDir, Approvals approvals) {
        this.cmdb = cmdb;
        this.runbooksDir = runbooksDir;
        this.approvals = approvals;
    }

    /** This factory with the approvals its hold points use (the server's, beside the pause cells'). */
    public AnsibleExecutorFactory withApprovals(Approvals holdPoints) {
        return new AnsibleExecutorFactory(cmdb, runbooksDir, holdPoints);
    }

    @Override
    public Set<String> languages() {
        return Set.of("ansible");
    }

    @Override
    public Executor create(SessionContext session) {
        return new AnsibleExecutor(
                cmdb, session, runbooksDir, new HoldPoint(approvals, session.sessionId(), session.runbook()));
    }

    @Override
    public Quoting quoting() {
        return AnsibleQuoting.INSTANCE;
    }
}
