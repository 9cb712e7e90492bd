package dev.tejun.kernel.exec.ansible;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tejun.cmdb.inventory.Inventory;
import dev.tejun.cmdb.inventory.InventoryExport;
import dev.tejun.cmdb.inventory.InventoryHost;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.exec.remote.CellSettings;
import dev.tejun.kernel.exec.remote.HostSecrets;
import dev.tejun.kernel.secret.Masker;
import dev.tejun.kernel.secret.MaskingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The folder an ansible cell runs in: everything Ansible is given, generated from the CMDB and the cell, so that
 * the run can be repeated and audited. Layout:
 * <pre>
 *   ansible.cfg  inventory.yml  playbook.yml  callback_plugins/tejun_events.py
 *   extra_vars.yml                params and the playbook's values, all !unsafe (0600, removed after the run)
 *   host_vars/HOST/vars.yml       address, port, user and CMDB variables
 *   host_vars/HOST/secrets.yml    secret variables and the key file's path (0600, removed after the run)
 *   group_vars/GROUP/vars.yml     variables of the group, from the sheet of {@code group-vars-from=}
 *   group_vars/GROUP/secrets.yml  its secret variables (0600, removed after the run)
 *   .secrets/HOST.key             private keys (0600, removed after the run)
 *   ssh_config                    one entry per bastion ({@link BastionConfig}) ({@code tejun-jump-NAME}); hosts behind one get
 *                                 {@code ansible_ssh_common_args: -F ssh_config -o ProxyJump=…}
 *   project/                      a copy of the playbook's folder ({@link ProjectFolder}), its ansible.cfg merged
 *                                 ({@link AnsibleCfgMerge})
 *   .secrets/vault-password, .secrets/become-password   ({@link RunPasswords}; 0600, removed after the run)
 *   ansible.log  events.jsonl  recap.json  input.zip  result.zip
 * </pre>
 */
final class Workspace {

    private static final YAMLMapper YAML = Json.YAML;
    private static final String SECRETS_FILE = "secrets.yml";
    /** The credential of a host that logs in with an ssh-agent (see the ssh cell's SshConnections). */
    static final String AGENT_PREFIX = "ssh-agent:";

    final Path dir;
    private final List<Path> secretFiles = new ArrayList<>();
    private final Map<Path, String> redacted = new LinkedHashMap<>();

    private Workspace(Path dir) {
        this.dir = dir;
    }

    static Workspace create(Path root, String runId, String cellId) throws IOException {
        Path dir = root.resolve("ansible").resolve(safe(runId) + "-" + safe(cellId));
        if (Files.exists(dir)) {
            deleteTree(dir);
        }
        // 0700: the workspace holds the run's inputs in clear while it runs (the cell's user gets it handed over;
        // the folders above it are the session's work folder, which the cell must pass through)
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return new Workspace(dir);
    }

    Path path(String name) {
        return dir.resolve(name);
    }

    /** {@code jumpArgs}: host → its {@code ansible_ssh_common_args}, from {@link BastionConfig}. */
    void writeInventory(Inventory inventory, HostSecrets secrets, Map<String, String> jumpArgs) throws IOException {
        Map<String, Object> hosts = new TreeMap<>();
        inventory.hosts().keySet().forEach(h -> hosts.put(h, null));
        Map<String, Object> children = new TreeMap<>();
        inventory.groups().forEach((group, names) -> {
            Map<String, Object> members = new TreeMap<>();
            names.forEach(n -> members.put(n, null));
            children.put(group, Map.of("hosts", members));
        });
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("hosts", hosts);
        all.put("children", children);
        write("inventory.yml", yaml(Map.of("all", all)));
        for (InventoryHost host : inventory.hosts().values()) {
            Path hostDir = Files.createDirectories(dir.resolve("host_vars").resolve(host.name()));
            Map<String, Object> vars = new TreeMap<>(InventoryExport.hostVars(host));
            String through = jumpArgs.get(host.name());
            if (through != null) {
                vars.put("ansible_ssh_common_args", through);
            }
            Path own = ownSshConfig(host, secrets, through);
            if (own != null) {
                own = SshConfigCopy.copy(this, host.name(), own);
            }
            if (own != null) {
                // OpenSSH reads the team's file for this host (HostName, User, Port, IdentityFile, ProxyJump, …):
                // what the CMDB row leaves at its default is left to the file, as ssh cells do
                vars.put("ansible_ssh_common_args", "-F '" + own + "'");
                if (host.sshPort() == 22) {
                    vars.remove("ansible_port");
                }
            }
            Files.writeString(hostDir.resolve("vars.yml"), yaml(vars));
            writeSecrets(
                    host.name(),
                    secrets.variables(host.name()),
                    own != null ? null : secrets.credential(host.name()).orElse(null),
                    hostDir);
        }
        Files.createDirectories(dir.resolve("group_vars"));
    }

    /**
     * The OpenSSH config file the host's credential names ({@code ssh-config:/path}), or null. Never sent as a
     * password; a host that also has a CMDB bastion is refused, as OpenSSH reads one config file.
     */
    private static Path ownSshConfig(InventoryHost host, HostSecrets secrets, String jumpArgs) throws IOException {
        Path own;
        try {
            own = secrets.sshConfig(host.name()).orElse(null);
        } catch (CellSettings.Refused e) {
            throw new IOException(e.getMessage(), e);
        }
        if (own != null && jumpArgs != null) {
            throw new IOException("host " + host.name() + " names an ssh_config (" + own + ") and a CMDB jump host:"
                    + " give its bastion as ProxyJump in that file, or drop the ssh-config credential");
        }
        if (own != null && own.toString().contains("'")) {
            throw new IOException("the ssh_config path of " + host.name() + " contains a quote: " + own);
        }
        return own;
    }

    /** {@code group_vars/GROUP/vars.yml}, and {@code secrets.yml} (0600) when the group has secret variables. */
    void writeGroupVars(GroupVars groups) throws IOException {
        for (Map.Entry<String, Map<String, Object>> group : groups.vars().entrySet()) {
            Path groupDir = Files.createDirectories(dir.resolve("group_vars").resolve(safe(group.getKey())));
            Files.writeString(groupDir.resolve("vars.yml"), yaml(group.getValue()));
            writeSecrets(group.getKey(), groups.secrets().getOrDefault(group.getKey(), Map.of()), null, groupDir);
        }
    }

    /**
     * Secret variables and the credential of one host or group, in its own 0600 file; the redacted copy goes to
     * evidence.
     */
    private void writeSecrets(String owner, Map<String, String> variables, String credential, Path ownerDir)
            throws IOException {
        Map<String, Object> clear = new TreeMap<>(variables);
        if (credential != null && HostSecrets.isPrivateKey(credential)) {
            Path keys = Files.createDirectories(dir.resolve(".secrets"));
            Path key = keys.resolve(safe(owner) + ".key");
            String text = credential.endsWith("\n") ? credential : credential + "\n";
            privateFile(key, text);
            clear.put("ansible_ssh_private_key_file", key.toString());
        } else if (credential != null && credential.startsWith(AGENT_PREFIX)) {
            clear.put(
                    "ansible_ssh_extra_args",
                    "-o IdentityAgent="
                            + credential.substring(AGENT_PREFIX.length()).strip());
        } else if (credential != null) {
            clear.put("ansible_password", credential);
        }
        if (clear.isEmpty()) {
            return;
        }
        Map<String, Object> masked = new TreeMap<>();
        clear.forEach((k, v) -> masked.put(k, k.equals("ansible_ssh_private_key_file") ? v : MaskingOutput.MASK));
        Path file = ownerDir.resolve(SECRETS_FILE);
        privateFile(file, yaml(clear));
        redacted.put(dir.relativize(file), yaml(masked));
    }

    /**
     * {@code extra_vars.yml}: the run's params and the values the playbook refers to ({@code tejun_value_N}), each
     * tagged {@code !unsafe} so that Ansible never evaluates Jinja in a value. The file is 0600 and removed after the
     * run (a value may be a secret); evidence gets a copy with {@code masker}'s secrets masked.
     */
    void writeExtraVars(Map<String, String> values, Masker masker) throws IOException {
        Map<String, String> sorted = new TreeMap<>(values);
        Map<String, String> masked = new TreeMap<>();
        sorted.forEach((k, v) -> masked.put(k, masker.mask(v)));
        Path file = dir.resolve("extra_vars.yml");
        privateFile(file, UnsafeYaml.of(sorted));
        redacted.put(dir.relativize(file), UnsafeYaml.of(masked));
    }

    /** A password for Ansible in a 0600 file under {@code .secrets/}, removed at the end of the run. */
    Path secretFile(String name, String text) throws IOException {
        Path file = Files.createDirectories(dir.resolve(".secrets")).resolve(name);
        privateFile(file, text);
        return file;
    }

    void writePlaybook(String playbook) throws IOException {
        write("playbook.yml", playbook);
    }

    /** Removes every file that holds a secret in clear. */
    void removeSecrets() throws IOException {
        for (Path f : secretFiles) {
            Files.deleteIfExists(f);
        }
        Path keys = dir.resolve(".secrets");
        if (Files.exists(keys)) {
            deleteTree(keys);
        }
        Path tmp = dir.resolve(".ansible-tmp");
        if (Files.exists(tmp)) {
            deleteTree(tmp);
        }
    }

    /** Zips the named files and folders of the workspace, with the redacted form of secret files. */
    void zip(String zipName, List<String> entries) throws IOException {
        try (OutputStream file = Files.newOutputStream(dir.resolve(zipName));
                ZipOutputStream zip = new ZipOutputStream(file)) {
            for (String entry : entries) {
                Path p = dir.resolve(entry);
                if (!Files.exists(p)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(p)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        add(zip, dir.relativize(f).toString(), Files.readAllBytes(f));
                    }
                }
            }
            for (Map.Entry<Path, String> r : redacted.entrySet()) {
                if (entries.stream().anyMatch(e -> r.getKey().startsWith(e))) {
                    add(zip, r.getKey().toString(), r.getValue().getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static void add(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    private void privateFile(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        secretFiles.add(file);
        Files.writeString(file, text);
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    private static String yaml(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String safe(String name) {
        return name == null ? "none" : name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static void deleteTree(Path root) throws IOException {
        dev.tejun.kernel.folder.Trees.delete(root);
    }
}
