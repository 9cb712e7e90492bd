package dev.tejun.kernel.session;

import dev.tejun.kernel.folder.RunbookFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The notebook sessions of a server: one per runbook, shared by every browser that opens it, so two browsers
 * see the same cells run and the same output. A session lives until it is closed, whoever is connected.
 */
public final class Sessions implements AutoCloseable {

    private final RunbookFolder folder;
    private final Session.Services services;
    private final Map<String, Session> byRunbook = new ConcurrentHashMap<>();

    public Sessions(RunbookFolder folder, Session.Services services) {
        this.folder = folder;
        this.services = services;
    }

    /** The session for {@code runbook}, started on first use. The name is confined to the runbooks folder. */
    public Session open(String runbook) {
        Path path = folder.resolve(runbook);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no runbook " + runbook);
        }
        return byRunbook.computeIfAbsent(runbook, name -> {
            String id = sessionId(name);
            Path work = services.dataDir().resolve("work").resolve(id);
            try {
                Files.createDirectories(work);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Session session = new Session(id, new RunbookFile(name, path), Map.of(), work, services);
            session.prepare();
            return session;
        });
    }

    public Optional<Session> find(String runbook) {
        return Optional.ofNullable(byRunbook.get(runbook));
    }

    public Collection<Session> all() {
        return byRunbook.values();
    }

    /** Ends the session of {@code runbook}: stops what runs and closes its executors (its JShell, …). */
    public void close(String runbook) {
        Session s = byRunbook.remove(runbook);
        if (s != null) {
            s.close();
        }
    }

    private static String sessionId(String runbook) {
        return runbook.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    /** Ends every session, and lets go what executors made ready for sessions (a JShell JVM no cell took). */
    @Override
    public void close() {
        byRunbook.values().forEach(Session::close);
        byRunbook.clear();
        services.executors().close();
    }
}
