package dev.tejun.kernel.exec;

import dev.tejun.kernel.template.Quoting;
import dev.tejun.kernel.template.Verbatim;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixture: makes {@link FakeExecutor}s for the language {@code fake}, and remembers what they were asked
 * to run, so session and server tests can check what reached the executor without any real program.
 */
public final class FakeExecutorFactory implements ExecutorFactory {

    public static final String LANGUAGE = "fake";

    private final List<FakeExecutor> created = new CopyOnWriteArrayList<>();
    private final List<CellRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Path> prepared = new CopyOnWriteArrayList<>();
    private final AtomicInteger closed = new AtomicInteger();

    private final Set<String> languages;

    public FakeExecutorFactory() {
        this(LANGUAGE);
    }

    /**
     * A fake that stands in for {@code languages} ({@code sh}, say): a runbook's fences are cells only in the
     * languages the parser knows, so a runbook that a session runs names one of those, not {@code fake}.
     */
    public FakeExecutorFactory(String... languages) {
        this.languages = Set.of(languages);
    }

    @Override
    public Set<String> languages() {
        return languages;
    }

    @Override
    public Executor create(SessionContext session) {
        FakeExecutor executor = new FakeExecutor(session, requests);
        created.add(executor);
        return executor;
    }

    /** Notes the session's work folder: {@link #prepared()}. */
    @Override
    public void prepare(SessionContext session) {
        prepared.add(session.workDir());
    }

    /** The work folders of the sessions it was asked to make ready for, in order. */
    public List<Path> prepared() {
        return List.copyOf(prepared);
    }

    @Override
    public void close() {
        closed.incrementAndGet();
    }

    /** How many times it was closed. */
    public int closed() {
        return closed.get();
    }

    /** Every executor made so far, in order. */
    public List<FakeExecutor> created() {
        return List.copyOf(created);
    }

    /** Every request any of its executors received, in order (the code after substitution). */
    public List<CellRequest> requests() {
        return List.copyOf(requests);
    }

    /** The fake records the code it got: values go in as they are, so a test sees exactly what was substituted. */
    @Override
    public Quoting quoting() {
        return Verbatim.INSTANCE;
    }
}
