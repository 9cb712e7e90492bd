package dev.tejun.kernel.exec.dialog;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.ssh.PtyShells;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
import dev.tejun.kernel.template.Quoting;
import java.time.Clock;
import java.util.Set;

/** {@code dialog} cells over the hosts of a CMDB, reached as ssh cells reach them (known_hosts, ssh_config, bastions). */
public final class DialogExecutorFactory implements ExecutorFactory {

    private final CmdbStore cmdb;

    public DialogExecutorFactory(CmdbStore cmdb) {
        this.cmdb = cmdb;
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
                Clock.systemUTC());
    }

    @Override
    public Quoting quoting() {
        return DialogQuoting.INSTANCE;
    }
}
