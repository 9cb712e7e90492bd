package dev.tejun.kernel.exec.ansible;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.SessionContext;
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

    /** @param runbooksDir where {@code playbook=} paths are looked up (and may not leave), or null to refuse them */
    public AnsibleExecutorFactory(CmdbStore cmdb, Path runbooksDir) {
        this.cmdb = cmdb;
        this.runbooksDir = runbooksDir;
    }

    @Override
    public Set<String> languages() {
        return Set.of("ansible");
    }

    @Override
    public Executor create(SessionContext session) {
        return new AnsibleExecutor(cmdb, session, runbooksDir);
    }

    @Override
    public Quoting quoting() {
        return AnsibleQuoting.INSTANCE;
    }
}
