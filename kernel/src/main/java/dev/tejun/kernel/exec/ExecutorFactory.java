package dev.tejun.kernel.exec;

import dev.tejun.kernel.template.Quoting;
import java.util.Set;

/** Makes the executor for a set of languages, one per session. */
public interface ExecutorFactory {

    Set<String> languages();

    Executor create(SessionContext session);

    /**
     * A session that may run cells of these languages has opened (a browser opened its runbook): what the first of
     * them needs may be made ready now, so that cell does not wait for it. Nothing by default.
     */
    default void prepare(SessionContext session) {}

    /** The session {@link #prepare} was told of closed: what was made ready for it and not taken is let go. */
    default void forget(SessionContext session) {}

    /** The server stops: lets go what {@link #prepare} made ready and no session took. Nothing by default. */
    default void close() {}

    /** How a value referenced in a cell's text ({@code ${params.x}}) is put into this executor's languages as data. */
    Quoting quoting();
}
