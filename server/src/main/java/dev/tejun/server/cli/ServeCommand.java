package dev.tejun.server.cli;

import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.run.HeadlessRun;
import dev.tejun.server.ServerConfig;
import dev.tejun.server.TejunServer;
import dev.tejun.server.cli.args.Args;
import dev.tejun.server.config.ConfigError;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * {@code tejun serve}: the settings from the flags, the config file and the environment, the database they name, and
 * the server started on them; it keeps running until the JVM is stopped (a shutdown hook stops it).
 */
final class ServeCommand {

    /** Where the config file is: {@code --config FILE}, else the data folder's {@code tejun.yaml}, else none (null). */
    @FunctionalInterface
    interface ConfigFiles {
        Path configFile(String given) throws IOException;
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final ConfigFiles configFiles;

    ServeCommand(PrintStream out, PrintStream err, Map<String, String> env, ConfigFiles configFiles) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.configFiles = configFiles;
    }

    /** Returns -1: the server keeps running; or the exit code when it could not start. */
    int run(Args args) throws Exception {
        if (!args.positional().isEmpty()) {
            throw new Args.UsageError("serve takes no file names");
        }
        Map<Key, String> flags = new java.util.EnumMap<>(Key.class);
        Map.of(
                        "port",
                        Key.SERVER_PORT,
                        "host",
                        Key.SERVER_HOST,
                        "runbooks",
                        Key.SERVER_RUNBOOKS,
                        "log-format",
                        Key.LOG_FORMAT)
                .forEach((flag, key) -> {
                    if (args.options().containsKey(flag)) {
                        flags.put(key, args.options().get(flag));
                    }
                });
        Settings settings;
        try {
            settings =
                    ConfigCommand.settings(configFiles.configFile(args.options().get("config")), env, flags);
        } catch (ConfigError e) {
            err.println("tejun: " + e.getMessage());
            return HeadlessRun.USAGE;
        }
        LogFormat.apply(settings.jsonLogs());
        Path runbooks = settings.runbooks().toAbsolutePath();
        if (!Files.isDirectory(runbooks)) {
            throw new Args.UsageError(
                    "no runbooks folder at " + runbooks + " (" + settings.where(Key.SERVER_RUNBOOKS) + ")");
        }
        // the database the config file or the environment names (database.url, TEJUN_DATABASE_URL …), SQLite in
        // the data folder when none; the environment wins over the file as for every other key
        Map<String, String> databaseEnv = new java.util.HashMap<>(env);
        databaseEnv.putAll(settings.databaseEnv());
        CmdbStore cmdb;
        try {
            cmdb = new CmdbStore(DatabaseSettings.from(databaseEnv, Main.dataDir()), Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new Args.UsageError(e.getMessage());
        }
        TejunServer server;
        try {
            server = TejunServer.start(new ServerConfig(
                            settings.host(),
                            settings.port(),
                            runbooks,
                            Main.dataDir(),
                            Main.executors(cmdb, runbooks),
                            Clock.systemUTC(),
                            cmdb)
                    .exportingHeads(Main.headExport(env))
                    .with(settings));
        } catch (IllegalArgumentException e) {
            cmdb.close();
            err.println("tejun: " + e.getMessage());
            return HeadlessRun.USAGE;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            cmdb.close();
        }));
        out.println("Tejun is serving " + runbooks + " at " + server.baseUrl() + " (data in " + Main.dataDir()
                + "; ready "
                + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() + " ms after the JVM started)");
        return -1;
    }
}
