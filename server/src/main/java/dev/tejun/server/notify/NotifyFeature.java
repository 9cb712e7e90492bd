package dev.tejun.server.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.remote.NamedCredentials;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.config.ConfigError;
import dev.tejun.server.config.Settings;
import java.net.URI;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The notifications of one server: the {@link Notifier} as {@code notify.*} configures it, told of every audit
 * entry, and its REST handler. Links in notices point at {@code server.public-url}, else at the address the server
 * listens on (known only once it started, hence a supplier).
 */
public final class NotifyFeature implements AutoCloseable {

    private final Notifier notifier;
    private final DriftWatch drift;
    private final NotifyHandler handler;

    private NotifyFeature(Notifier notifier, DriftWatch drift, NotifyHandler handler) {
        this.notifier = notifier;
        this.drift = drift;
        this.handler = handler;
    }

    /**
     * Opens the notifier over {@code database} and subscribes it to {@code audit}; {@code listening} gives the
     * server's own {@code http(s)://HOST:PORT} for links when no public URL is configured.
     *
     * @throws IllegalArgumentException a channel's setting that is wrong (a secret file that cannot be read, …)
     */
    public static NotifyFeature open(
            Settings settings,
            Database database,
            CmdbStore cmdb,
            ObjectMapper json,
            Clock clock,
            AuditLog audit,
            Supplier<String> listening,
            String self) {
        URI publicUrl = settings.publicUrl();
        try {
            Notifier notifier = Notifier.from(
                    settings,
                    database,
                    audit,
                    json,
                    clock,
                    () -> publicUrl != null ? publicUrl.toString().replaceAll("/+$", "") : listening.get(),
                    name -> NamedCredentials.reveal(cmdb, name),
                    self);
            audit.listen(notifier::audited);
            DriftWatch drift = new DriftWatch(cmdb, database, audit, json);
            audit.listen(drift::audited);
            return new NotifyFeature(notifier, drift, new NotifyHandler(notifier, json, clock));
        } catch (ConfigError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public NotifyHandler handler() {
        return handler;
    }

    @Override
    public void close() {
        drift.close();
        notifier.close();
    }
}
