package dev.tejun.kernel.exec.remote;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test fixture: seeds a real CMDB with the hosts of an {@link Sshd}: {@code web1…webN} at its addresses, in
 * groups {@code web} and {@code all_web}, with the generated client key as credential; and an {@code app}
 * HOST sheet with a plain variable {@code app_port} and a SECRET column {@code db_password}.
 */
public final class TestHosts {

    public static final Actor WHO = new Actor("test", Channel.SYSTEM);
    public static final String DB_PASSWORD = "Pa55-never-show-7Q";

    private TestHosts() {}

    public static void defineAppSheet(CmdbStore cmdb) {
        cmdb.putSheet(
                SheetDef.host(
                        "app",
                        "application settings",
                        ColumnDef.of("app_port", ColumnType.INTEGER),
                        ColumnDef.of("db_password", ColumnType.SECRET)),
                WHO);
    }

    /**
     * Adds the credential {@code name} with the clear value {@code secret} to the CMDB sheet {@code credentials}
     * (made with its {@code name} and SECRET {@code secret} columns when it is not there yet).
     */
    public static void credential(CmdbStore cmdb, String name, String secret) {
        if (cmdb.sheet(NamedCredentials.SHEET).isEmpty()) {
            cmdb.putSheet(
                    SheetDef.data(
                            NamedCredentials.SHEET,
                            "",
                            ColumnDef.of("name", ColumnType.STRING),
                            ColumnDef.of("secret", ColumnType.SECRET)),
                    WHO);
        }
        cmdb.register(NamedCredentials.SHEET, RowDraft.data(Map.of("name", name, "secret", secret)), WHO);
    }

    /** Registers {@code web1..webN} for the sshd's addresses; returns their names. */
    public static java.util.List<String> seed(CmdbStore cmdb, Sshd sshd) throws IOException {
        defineAppSheet(cmdb);
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < sshd.addresses().size(); i++) {
            String name = "web" + (i + 1);
            addHost(cmdb, name, sshd.address(i), sshd.port(), sshd.user(), sshd.clientKeyText(), "web");
            cmdb.register("app", RowDraft.host(name, Map.of("app_port", 8000 + i, "db_password", DB_PASSWORD)), WHO);
            names.add(name);
        }
        return names;
    }

    /**
     * A CMDB over {@code data} seeded as {@link #seed} does, with the sshd's host keys in the known_hosts that cells
     * over {@code data} read.
     */
    public static CmdbStore open(java.nio.file.Path data, Sshd sshd) throws IOException {
        CmdbStore cmdb = store(data);
        seed(cmdb, sshd);
        java.nio.file.Files.writeString(SshExecutorFactory.knownHosts(data), sshd.knownHostsLines());
        return cmdb;
    }

    /**
     * The CMDB of the data folder {@code data}: its SQLite file, or a PostgreSQL database in the second pass
     * ({@link TestDatabases}).
     */
    public static CmdbStore store(java.nio.file.Path data) {
        return new CmdbStore(TestDatabases.settings(data), java.time.Clock.systemUTC());
    }

    public static void addHost(
            CmdbStore cmdb, String name, String address, int port, String user, String credential, String groups) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("address", address);
        values.put("ssh_port", port);
        values.put("user", user);
        values.put("credential", credential);
        values.put("groups", groups);
        cmdb.register("hosts", RowDraft.host(name, values), WHO);
    }

    /** Registers host {@code i} of an sshd as {@code name}, reached through {@code jump} (null: directly). */
    public static void addHost(
            CmdbStore cmdb, String name, Sshd sshd, int i, String credential, String groups, String jump) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("address", sshd.address(i));
        values.put("ssh_port", sshd.port());
        values.put("user", sshd.user());
        values.put("credential", credential);
        values.put("groups", groups);
        if (jump != null) {
            values.put("jump", jump);
        }
        cmdb.register("hosts", RowDraft.host(name, values), WHO);
    }

    /** Every file under {@code dir} whose bytes contain {@code text}: where a secret must never be found. */
    public static java.util.List<java.nio.file.Path> filesContaining(java.nio.file.Path dir, String text)
            throws IOException {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir)) {
            return files.filter(java.nio.file.Files::isRegularFile)
                    .filter(f -> {
                        try {
                            return new String(
                                            java.nio.file.Files.readAllBytes(f),
                                            java.nio.charset.StandardCharsets.ISO_8859_1)
                                    .contains(text);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .toList();
        }
    }
}
