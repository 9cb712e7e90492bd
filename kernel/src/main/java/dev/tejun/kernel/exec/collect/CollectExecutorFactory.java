package dev.tejun.kernel.exec.collect;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
import dev.tejun.kernel.template.Quoting;
import java.util.Set;

/** {@code collect} cells: an {@code ssh} run per host whose parsed output becomes the hosts' observed rows. */
public final class CollectExecutorFactory implements ExecutorFactory {

    private final CmdbStore cmdb;
    private final SshExecutorFactory ssh;

    /** Also makes {@code ssh} cells with {@code into=SHEET} collect, as collect cells do. */
    public CollectExecutorFactory(CmdbStore cmdb, SshExecutorFactory ssh) {
        this.cmdb = cmdb;
        this.ssh = ssh;
        ssh.collectingWith(plain -> new CollectExecutor(cmdb, plain));
    }

    @Override
    public Set<String> languages() {
        return Set.of("collect");
    }

    @Override
    public Executor create(SessionContext session) {
        return new CollectExecutor(cmdb, ssh.create(session));
    }

    @Override
    public Quoting quoting() {
        return ssh.quoting();
    }
}
