package dev.tejun.kernel.exec.ssh;

import com.jcraft.jsch.ConfigRepository;
import com.jcraft.jsch.OpenSSHConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An OpenSSH client config file ({@code TEJUN_HOME/ssh_config}, kept by whoever runs the server), read with JSch's
 * {@link OpenSSHConfig} and looked up by a host's CMDB address. What the CMDB says wins; the file fills what it
 * leaves open, as OpenSSH's command line wins over its config: {@code HostName} (always: it is what an alias is
 * for), {@code Port} (when the CMDB has the default 22), {@code User} (when the CMDB has none),
 * {@code IdentityFile} and {@code IdentityAgent} (when the CMDB has no credential), {@code ProxyJump} (when the host
 * has no {@code jump}), {@code ConnectTimeout} and {@code ServerAliveInterval}.
 */
final class SshConfig {

    /** The file's name in the data folder. */
    static final String FILE = "ssh_config";

    private static final SshConfig NONE = new SshConfig(null, null);

    private final ConfigRepository repository;
    private final Path file;

    private SshConfig(ConfigRepository repository, Path file) {
        this.repository = repository;
        this.file = file;
    }

    /** The config in that file; an empty one when the file does not exist. */
    static SshConfig load(Path file) throws IOException {
        if (file == null || !Files.isRegularFile(file)) {
            return NONE;
        }
        return new SshConfig(OpenSSHConfig.parseFile(file.toString()), file);
    }

    /** What the file says about one alias, if it has a file. */
    private Optional<ConfigRepository.Config> lookup(String alias) {
        return repository == null ? Optional.empty() : Optional.of(repository.getConfig(alias));
    }

    /**
     * The target with the file's settings for its address filled in.
     *
     * @throws IOException when an {@code IdentityFile} it names cannot be read
     */
    SshConnections.Target apply(SshConnections.Target t) throws IOException {
        Optional<ConfigRepository.Config> found = lookup(t.address());
        if (found.isEmpty()) {
            return t;
        }
        ConfigRepository.Config c = found.get();
        String address = c.getHostname() == null ? t.address() : c.getHostname();
        int port = t.port() == 22 && c.getPort() > 0 ? c.getPort() : t.port();
        String user = t.user() != null ? t.user() : c.getUser();
        String credential = t.credential();
        if (credential == null) {
            credential = identity(c);
        }
        return new SshConnections.Target(
                t.host(),
                address,
                port,
                user,
                credential,
                t.jumps(),
                seconds(c.getValue("ConnectTimeout")),
                seconds(c.getValue("ServerAliveInterval")));
    }

    /** The file's {@code ProxyJump} for an address: {@code [user@]host[:port]} entries, nearest first. */
    List<String> proxyJump(String address) {
        String value = lookup(address).map(c -> c.getValue("ProxyJump")).orElse(null);
        List<String> out = new ArrayList<>();
        if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("none")) {
            return out;
        }
        for (String hop : value.split(",")) {
            if (!hop.isBlank()) {
                out.add(hop.strip());
            }
        }
        return out;
    }

    private String identity(ConfigRepository.Config c) throws IOException {
        String agent = c.getValue("IdentityAgent");
        if (agent != null && !agent.isBlank() && !agent.strip().equalsIgnoreCase("none")) {
            return SshConnections.AGENT_PREFIX + expand(agent.strip());
        }
        String[] files = c.getValues("IdentityFile");
        if (files == null) {
            return null;
        }
        for (String name : files) {
            Path key = Path.of(expand(name.strip()));
            if (Files.isRegularFile(key)) {
                try {
                    return Files.readString(key);
                } catch (IOException e) {
                    throw new IOException(
                            "IdentityFile " + key + " in " + file + " cannot be read: " + e.getMessage(), e);
                }
            }
        }
        return null;
    }

    private static String expand(String path) {
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }

    private static Duration seconds(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long n = Long.parseLong(value.strip());
            return n > 0 ? Duration.ofSeconds(n) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
