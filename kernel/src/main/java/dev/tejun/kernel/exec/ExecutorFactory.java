package dev.tejun.kernel.exec;

import java.util.Set;

/** Makes the executor for a set of languages, one per session. */
public interface ExecutorFactory {

    Set<String> languages();

    Executor create(SessionContext session);
}
