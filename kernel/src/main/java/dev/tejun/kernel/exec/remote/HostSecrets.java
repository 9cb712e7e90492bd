package dev.tejun.kernel.exec.remote;

import dev.tejun.cmdb.inventory.InventoryHost;
import dev.tejun.cmdb.inventory.SecretRef;
import dev.tejun.cmdb.model.HostsSheet;
import dev.tejun.cmdb.store.CmdbStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The clear secrets of some hosts, revealed from the CMDB when a cell starts and kept only in memory for the
 * cell's run. Every value is also a string to mask in the cell's output.
 */
public final class HostSecrets {

    /** The prefix of a credential that says "reach this host as this OpenSSH config file says". */
    public static final String SSH_CONFIG_PREFIX = "ssh-config:";

    private final Map<String, Map<String, String>> byHost;

    private HostSecrets(Map<String, Map<String, String>> byHost) {
        this.byHost = byHost;
    }

    /** @param asOf null: the secrets now; else as the CMDB had them then (a cell's {@code as-of=}) */
    public static HostSecrets reveal(CmdbStore cmdb, List<InventoryHost> hosts, Instant asOf) {
        Map<String, Map<String, String>> byHost = new LinkedHashMap<>();
        for (InventoryHost host : hosts) {
            Map<String, String> values = new LinkedHashMap<>();
            for (Map.Entry<String, SecretRef> e : host.secrets().entrySet()) {
                SecretRef ref = e.getValue();
                cmdb.revealSecret(ref.sheet(), ref.rowId(), ref.column(), asOf)
                        .ifPresent(v -> values.put(e.getKey(), v));
            }
            byHost.put(host.name(), values);
        }
        return new HostSecrets(byHost);
    }

    /** The host's login credential (the hosts sheet's {@code credential}): a private key or a password. */
    public Optional<String> credential(String host) {
        return Optional.ofNullable(byHost.getOrDefault(host, Map.of()).get(HostsSheet.CREDENTIAL));
    }

    /** Secret variables of a host other than its credential, variable name → clear value. */
    public Map<String, String> variables(String host) {
        Map<String, String> vars = new LinkedHashMap<>(byHost.getOrDefault(host, Map.of()));
        vars.remove(HostsSheet.CREDENTIAL);
        return vars;
    }

    /** Every clear value, for masking. */
    public List<String> values() {
        return byHost.values().stream()
                .flatMap(m -> m.values().stream())
                .distinct()
                .toList();
    }

    /**
     * The OpenSSH config file a host's credential names ({@code ssh-config:/path}: a team keeps its own aliases, keys
     * and jumps), for ssh, dialog and ansible cells alike; empty when the credential is something else.
     *
     * @throws CellSettings.Refused when the path is not absolute or not a file
     */
    public Optional<Path> sshConfig(String host) throws CellSettings.Refused {
        String credential = credential(host).orElse(null);
        if (credential == null || !credential.startsWith(SSH_CONFIG_PREFIX)) {
            return Optional.empty();
        }
        Path file = Path.of(credential.substring(SSH_CONFIG_PREFIX.length()).strip());
        if (!file.isAbsolute() || !Files.isRegularFile(file)) {
            throw new CellSettings.Refused("the credential of " + host + " names the ssh_config " + file
                    + ", which is not a file (write ssh-config:/absolute/path)");
        }
        return Optional.of(file);
    }

    /** Whether a credential is a private key (PEM or OpenSSH) rather than a password. */
    public static boolean isPrivateKey(String credential) {
        return credential.stripLeading().startsWith("-----BEGIN ");
    }
}
