package dev.tejun.kernel.exec.dialog;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.hold.HoldPoint;
import dev.tejun.kernel.exec.ssh.PtyShells;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
import dev.tejun.kernel.flow.pause.Approvals;
import dev.tejun.kernel.template.Quoting;
import java.time.Clock;
import java.util.Set;

/** {@code dialog} cells over the hosts of a CMDB, reached as ssh cells reach them (known_hosts, ssh_config, bastions). */
public final class DialogExecutorFactory implements ExecutorFactory {

    private final CmdbStore cmdb;
    private final Approvals approvals;

    public DialogExecutorFactory(CmdbStore cmdb) {
        this(cmdb, null);
    }

    /**
     * {@code approvals}: where {@code approve-after-first-batch=true} holds a rollout after its canary (the pause
     * cells' approvals, as for ssh cells); null refuses such cells.
     */
    public DialogExecutorFactory(CmdbStore cmdb, Approvals approvals) {
        this.cmdb = cmdb;
        this.approvals = approvals;
    }

    /** This factory with the approvals its rollouts' hold points use (the server's, beside the pause cells'). */
    public DialogExecutorFactory withApprovals(Approvals holdPoints) {
        return new DialogExecutorFactory(cmdb, holdPoints);
    }

    @Override
    public Set<String> languages() {
        return Set.of("dialog");
    }

    @Override
    public Executor create(SessionContext session) {
        return new DialogExecutor(
                cmdb,
                new PtyShells(SshExecutorFactory.knownHosts(session.dataDir()), PtyShells.sshConfig(session.dataDir())),
                Clock.systemUTC(),
                new HoldPoint(approvals, session.sessionId(), session.runbook()));
    }

    @Override
    public Quoting quoting() {
        return DialogQuoting.INSTANCE;
    }
}
