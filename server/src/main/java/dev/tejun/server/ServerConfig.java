package dev.tejun.server;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.server.config.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Everything a server needs to start. A record so the CLI and tests build it the same way.
 *
 * @param host       the address to bind; null means 127.0.0.1 (only this machine can connect)
 * @param port       0 picks a free port
 * @param runbooksDir the runbooks folder (a Git work tree)
 * @param dataDir    where evidence and session work folders go
 * @param executors  the cell languages this server can run
 * @param clock      null means the system clock in UTC
 * @param cmdb       the process's one CMDB store (the caller closes it); null: the server opens
 *                   {@code dataDir/tejun.db} itself and closes it when it stops
 * @param headExport where the audit and evidence chain heads are sent every N entries; null means nowhere
 * @param settings   the rest of {@code tejun.yaml} (public URL, trusted proxies, TLS, …); null means every default.
 *                   Host and port are the two components above, which the CLI takes from the settings.
 */
public record ServerConfig(
        String host,
        int port,
        Path runbooksDir,
        Path dataDir,
        ExecutorRegistry executors,
        Clock clock,
        CmdbStore cmdb,
        HeadExport headExport,
        Settings settings) {

    public static final String DEFAULT_HOST = "127.0.0.1";

    public ServerConfig {
        host = host == null || host.isBlank() ? DEFAULT_HOST : host;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not 0..65535");
        }
        Objects.requireNonNull(runbooksDir, "runbooksDir");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(executors, "executors");
        clock = clock == null ? Clock.systemUTC() : clock;
        headExport = headExport == null ? HeadExport.NONE : headExport;
        settings = settings == null ? Settings.defaults() : settings;
    }

    /** Without further settings. */
    public ServerConfig(
            String host,
            int port,
            Path runbooksDir,
            Path dataDir,
            ExecutorRegistry executors,
            Clock clock,
            CmdbStore cmdb,
            HeadExport headExport) {
        this(host, port, runbooksDir, dataDir, executors, clock, cmdb, headExport, null);
    }

    /** Without exporting chain heads. */
    public ServerConfig(
            String host,
            int port,
            Path runbooksDir,
            Path dataDir,
            ExecutorRegistry executors,
            Clock clock,
            CmdbStore cmdb) {
        this(host, port, runbooksDir, dataDir, executors, clock, cmdb, null, null);
    }

    /** This configuration, sending chain heads to {@code export}. */
    public ServerConfig exportingHeads(HeadExport export) {
        return new ServerConfig(host, port, runbooksDir, dataDir, executors, clock, cmdb, export, settings);
    }

    /** This configuration with {@code settings} from a config file (public URL, proxies, TLS, …). */
    public ServerConfig with(Settings settings) {
        return new ServerConfig(host, port, runbooksDir, dataDir, executors, clock, cmdb, headExport, settings);
    }

    /** Without a CMDB store: the server opens its own at {@code dataDir/tejun.db}. */
    public ServerConfig(
            String host, int port, Path runbooksDir, Path dataDir, ExecutorRegistry executors, Clock clock) {
        this(host, port, runbooksDir, dataDir, executors, clock, null, null, null);
    }

    /** Loopback, a random port, the system clock: what tests and a first local start want. */
    public static ServerConfig local(Path runbooksDir, Path dataDir, ExecutorRegistry executors) {
        return new ServerConfig(DEFAULT_HOST, 0, runbooksDir, dataDir, executors, null);
    }
}
