package dev.tejun.kernel.exec;

import dev.tejun.kernel.template.Quoting;
import java.util.Set;

/** Makes the executor for a set of languages, one per session. */
public interface ExecutorFactory {

    Set<String> languages();

    Executor create(SessionContext session);

    /** How a value referenced in a cell's text ({@code ${params.x}}) is put into this executor's languages as data. */
    Quoting quoting();
}
