package dev.tejun.kernel.exec.shell;

import dev.tejun.kernel.exec.sandbox.Zygote;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sessions' sandbox processes ({@link Zygote}) started when their notebook opens, ahead of its first shell cell, so
 * that cell does not wait for one to start (tens of ms alone; seconds when many sessions start theirs at once), as a
 * Jupyter kernel starts with its notebook. A zygote sees its session's work folder alone, so one made ready serves
 * only that session: its first shell cell takes it ({@link #take}), and a session that closes without one lets it go
 * ({@link #forget}). At most {@link #MAX_READY} wait untaken (a small Python process each); one more closes the
 * oldest.
 */
final class ZygotePool implements AutoCloseable {

    /** Zygotes made ready and not taken yet, at most. */
    static final int MAX_READY = 128;

    /** The name of the short-lived threads that start them. */
    static final String THREAD = "shell-sandbox-ready";

    private record Ready(List<Path> readOnly, CompletableFuture<Zygote> zygote) {}

    /** By work folder, oldest first; guarded by this. */
    private final LinkedHashMap<Path, Ready> ready = new LinkedHashMap<>();

    private boolean closed; // guarded by this

    /**
     * Starts a zygote for the session of {@code work} with {@code readOnly} folders in the background; nothing when
     * one for it is ready or starting.
     */
    synchronized void prepare(Path work, List<Path> readOnly, Callable<Zygote> start) {
        if (closed || ready.containsKey(work)) {
            return;
        }
        if (ready.size() >= MAX_READY) {
            Path oldest = ready.keySet().iterator().next();
            discard(ready.remove(oldest));
        }
        CompletableFuture<Zygote> starting = new CompletableFuture<>();
        ready.put(work, new Ready(List.copyOf(readOnly), starting));
        Thread.ofVirtual().name(THREAD).start(() -> {
            try {
                starting.complete(start.call());
            } catch (Exception | Error e) {
                starting.completeExceptionally(e);
            }
        });
    }

    /**
     * The zygote made ready for the session of {@code work}, waiting for it if it is still starting; null when there
     * is none for it (the caller starts one), it did not start, it has ended, or it was made for other read-only
     * folders (the caller's start then says what is wrong, if anything still is).
     */
    Zygote take(Path work, List<Path> readOnly) {
        Ready r;
        synchronized (this) {
            r = ready.remove(work);
        }
        if (r == null) {
            return null;
        }
        Zygote z;
        try {
            z = r.zygote().join();
        } catch (CompletionException e) {
            return null;
        }
        if (!r.readOnly().equals(readOnly) || z.ended() != null) {
            z.close();
            return null;
        }
        return z;
    }

    /** The session of {@code work} closed: the zygote made ready for it and not taken is closed. */
    void forget(Path work) {
        Ready r;
        synchronized (this) {
            r = ready.remove(work);
        }
        discard(r);
    }

    /** Whether a zygote is ready or starting for the session of {@code work}: a figure for tests. */
    synchronized boolean holds(Path work) {
        return ready.containsKey(work);
    }

    private static void discard(Ready r) {
        if (r != null) {
            r.zygote().thenAccept(Zygote::close);
        }
    }

    /** Closes every zygote it holds, waiting for those being started: none is left once this returns. */
    @Override
    public void close() {
        List<Ready> left;
        synchronized (this) {
            closed = true;
            left = new ArrayList<>(ready.values());
            ready.clear();
        }
        for (Ready r : left) {
            try {
                r.zygote().join().close();
            } catch (CompletionException e) {
                // it did not start: nothing to close
            }
        }
    }
}
