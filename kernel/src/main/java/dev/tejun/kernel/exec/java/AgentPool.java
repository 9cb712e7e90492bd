package dev.tejun.kernel.exec.java;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One JShell with its JVM made ready ahead of a session's first {@code java} cell, so that cell does not wait for a
 * JVM to start (about 1.3 s). One per server: at most one ready JVM that no cell has taken yet, so what waiting
 * costs in memory is bounded (one agent JVM, {@code -Xmx256m}).
 * <p>
 * The JVM runs in a session's cell sandbox, which sees that session's work folder alone (its working directory and
 * HOME), so a ready JVM can serve only the session it was made for: it is made when a session whose runbook has
 * java cells opens ({@link JavaExecutorFactory#prepare}), and taken by that session's first java cell. A session
 * opened later takes the place of one whose JVM was never taken: that JVM is closed. Closing the pool (the server
 * stops) closes the JVM it holds, waiting for one being started.
 */
final class AgentPool implements AutoCloseable {

    /** The name of the short-lived thread that makes a JShell ready. */
    static final String THREAD = "java-agent-ready";

    /** How long closing waits for a JVM being started; one that takes longer is closed when it is ready. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private Path readyFor; // guarded by this; null: none
    private CompletableFuture<RemoteShell> ready; // guarded by this
    private boolean closed; // guarded by this

    /**
     * Starts a JShell and its JVM for the session of {@code workFolder} in the background, in place of one made for
     * another session and not taken; nothing when one for this session is ready or starting.
     */
    synchronized void prepare(Path workFolder, Supplier<RemoteShell> make) {
        if (closed || workFolder.equals(readyFor)) {
            return;
        }
        discard();
        readyFor = workFolder;
        CompletableFuture<RemoteShell> starting = new CompletableFuture<>();
        ready = starting;
        Thread.ofPlatform().daemon().name(THREAD).start(() -> {
            try {
                starting.complete(make.get());
            } catch (RuntimeException | Error e) {
                starting.completeExceptionally(e);
            }
        });
    }

    /**
     * The JShell made ready for the session of {@code workFolder}, waiting for its JVM if it is still starting; null
     * when there is none for it (the caller starts one), or it did not start, or its JVM has ended meanwhile.
     */
    RemoteShell take(Path workFolder) {
        CompletableFuture<RemoteShell> taken;
        synchronized (this) {
            if (!workFolder.equals(readyFor)) {
                return null;
            }
            taken = ready;
            ready = null;
            readyFor = null;
        }
        try {
            RemoteShell shell = taken.join();
            if (shell.alive()) {
                return shell;
            }
            shell.close();
            return null;
        } catch (CompletionException e) {
            return null; // the caller's own start says what is wrong, if anything still is
        }
    }

    /** The session of {@code workFolder} closed: the JVM made ready for it and not taken is closed. */
    synchronized void forget(Path workFolder) {
        if (workFolder.equals(readyFor)) {
            discard();
        }
    }

    /** Whether a JShell is ready or starting for the session of {@code workFolder}: a figure for tests. */
    synchronized boolean holds(Path workFolder) {
        return workFolder.equals(readyFor);
    }

    private void discard() {
        if (ready != null) {
            ready.thenAccept(RemoteShell::close);
        }
        ready = null;
        readyFor = null;
    }

    /** Closes the JShell and JVM it holds, waiting for one being started: nothing is left once this returns. */
    @Override
    public void close() {
        CompletableFuture<RemoteShell> left;
        synchronized (this) {
            closed = true;
            left = ready;
            ready = null;
            readyFor = null;
        }
        if (left == null) {
            return;
        }
        try {
            left.get(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS).close();
        } catch (ExecutionException e) {
            // it did not start: nothing to close
        } catch (TimeoutException e) {
            left.thenAccept(RemoteShell::close);
        } catch (InterruptedException e) {
            left.thenAccept(RemoteShell::close);
            Thread.currentThread().interrupt();
        }
    }
}
