package dev.tejun.server.cli;

import dev.tejun.kernel.run.HeadlessRun;
import dev.tejun.server.cli.args.Args;
import dev.tejun.server.config.ConfigError;
import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import dev.tejun.server.edge.Tls;
import dev.tejun.server.notify.Notifier;
import dev.tejun.server.sso.LdapDirectory;
import dev.tejun.server.sso.OidcSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code tejun config check [FILE]}: reads a config file as {@code serve} would and names the first bad key. */
final class ConfigCommand {

    private ConfigCommand() {}

    /** The settings from {@code file} (null: none), the environment and the flags, checked. */
    static Settings settings(Path file, Map<String, String> env, Map<Key, String> flags) throws ConfigError {
        Settings s = Settings.of(file == null ? ConfigFile.Contents.NONE : ConfigFile.readAll(file), env, flags);
        Tls.from(s); // a keystore that does not open is a config error too, found before the server starts
        OidcSettings.from(s); // so is a role map naming no role, or a client secret file that cannot be read
        LdapDirectory.from(s, null);
        Notifier.checkChannels(s); // a named channel without its address, or with a built-in one's name
        return s;
    }

    static int run(List<String> rest, Path defaultFile, Map<String, String> env, PrintStream out, PrintStream err)
            throws Args.UsageError {
        if (rest.isEmpty() || !rest.getFirst().equals("check") || rest.size() > 2) {
            throw new Args.UsageError("usage: tejun config check [FILE]");
        }
        Path file = rest.size() == 2 ? Path.of(rest.get(1)) : defaultFile;
        try {
            Settings s = settings(file, env, Map.of());
            out.println((file == null ? "no config file; the defaults" : file.toString()) + " ok: serving "
                    + s.runbooks() + " on " + s.host() + ":" + s.port() + (s.tls() ? " over HTTPS" : ""));
            return 0;
        } catch (ConfigError e) {
            err.println("tejun config: " + e.getMessage());
            return HeadlessRun.USAGE;
        }
    }
}
