package dev.tejun.kernel.exec.ssh;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.hold.HoldPoint;
import dev.tejun.kernel.exec.shell.ShellQuoting;
import dev.tejun.kernel.flow.pause.Approvals;
import dev.tejun.kernel.template.Quoting;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code ssh} cells over the hosts of a CMDB. Host keys are checked against {@code known_hosts} in the session's
 * data directory; {@code defaultPolicy} applies to cells that do not say {@code host-key-policy=}.
 */
public final class SshExecutorFactory implements ExecutorFactory {

    public static final String KNOWN_HOSTS = "known_hosts";

    private final CmdbStore cmdb;
    private final HostKeyPolicy defaultPolicy;
    private final Approvals approvals;
    /** Set once as the executors are wired ({@link #collectingWith}); null: no collector, into= refused. */
    private volatile UnaryOperator<Executor> collecting;

    public SshExecutorFactory(CmdbStore cmdb) {
        this(cmdb, HostKeyPolicy.STRICT);
    }

    public SshExecutorFactory(CmdbStore cmdb, HostKeyPolicy defaultPolicy) {
        this(cmdb, defaultPolicy, null);
    }

    /**
     * {@code approvals}: where {@code approve-after-first-batch=true} holds a rollout after its canary (the pause
     * cells' approvals); null refuses such cells.
     */
    public SshExecutorFactory(CmdbStore cmdb, HostKeyPolicy defaultPolicy, Approvals approvals) {
        this.cmdb = cmdb;
        this.defaultPolicy = defaultPolicy;
        this.approvals = approvals;
    }

    /** This factory with the approvals its rollouts' hold points use (the server's, beside the pause cells'). */
    public SshExecutorFactory withApprovals(Approvals holdPoints) {
        SshExecutorFactory copy = new SshExecutorFactory(cmdb, defaultPolicy, holdPoints);
        copy.collecting = collecting; // into= collects through the copy as it did through this one
        return copy;
    }

    @Override
    public Set<String> languages() {
        return Set.of("ssh");
    }

    @Override
    public Executor create(SessionContext session) {
        Executor plain = new SshExecutor(
                cmdb,
                defaultPolicy,
                knownHosts(session.dataDir()),
                session.dataDir().resolve(SshConfig.FILE),
                new HoldPoint(approvals, session.sessionId(), session.runbook()));
        UnaryOperator<Executor> into = collecting;
        return new IntoRouter(plain, into == null ? new NoCollector(plain) : into.apply(plain));
    }

    /** Where no collect cells are wired, an ssh cell with {@code into=} is refused, not run as if it had none. */
    private record NoCollector(Executor plain) implements Executor {

        @Override
        public CellOutcome execute(CellRequest request, Output output) {
            return CellOutcome.failed(
                    null,
                    "into=" + request.attributes().get("into").orElse("")
                            + " needs collect cells, which this server does not have: nothing was run");
        }

        @Override
        public void close() {
            plain.close();
        }
    }

    /**
     * How an ssh cell with {@code into=SHEET} collects: the collect cells' factory gives its executor around an ssh
     * one here as it is made (ssh cannot know collect, which is built on ssh); every registry with collect cells has it.
     */
    public void collectingWith(UnaryOperator<Executor> collecting) {
        this.collecting = collecting;
    }

    /** The known_hosts file of a data directory, shared by ssh and ansible cells. */
    public static Path knownHosts(Path dataDir) {
        return dataDir.resolve(KNOWN_HOSTS);
    }

    @Override
    public Quoting quoting() {
        return ShellQuoting.INSTANCE;
    }
}
