package dev.tejun.kernel.exec.cmdb;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.template.Quoting;
import java.util.Objects;
import java.util.Set;

/** {@code cmdb} cells: one read-only SQL query over the sheet views of the given store. */
public final class CmdbExecutorFactory implements ExecutorFactory {

    public static final String LANGUAGE = "cmdb";

    private final CmdbStore store;

    /** The store is shared with the server and outlives every session; the executors do not close it. */
    public CmdbExecutorFactory(CmdbStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Set<String> languages() {
        return Set.of(LANGUAGE);
    }

    @Override
    public Executor create(SessionContext session) {
        return new CmdbExecutor(store);
    }

    @Override
    public Quoting quoting() {
        return SqlQuoting.INSTANCE;
    }
}
