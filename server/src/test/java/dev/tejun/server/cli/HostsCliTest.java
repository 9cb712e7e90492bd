package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.store.CmdbStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tejun hosts PATTERN}: what a hosts= pattern resolves to, as the cells resolve it. */
class HostsCliTest {

    @TempDir
    Path home;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void fill() throws Exception {
        Files.createDirectories(home);
        Actor who = new Actor("test", Channel.SYSTEM);
        try (CmdbStore store = new CmdbStore(home.resolve("tejun.db"))) {
            store.register("hosts", RowDraft.host("bastion", Map.of("address", "10.0.0.1")), who);
            for (String name : List.of("web01", "web02", "web03")) {
                store.register(
                        "hosts",
                        RowDraft.host(
                                name,
                                Map.of("address", "10.0.1." + name.substring(4), "groups", "web", "jump", "bastion")),
                        who);
            }
        }
    }

    private int tejun(String... words) throws Exception {
        return LocalCli.run(out, err, home, System.getenv(), words);
    }

    @Test
    void hosts_globWithExclusion_printsHostsAddressesAndBastions() throws Exception {
        assertEquals(0, tejun("hosts", "web*:!web03"));
        assertEquals(
                "web01\t10.0.1.1:22\tvia bastion\nweb02\t10.0.1.2:22\tvia bastion\n",
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void hosts_unknownName_exitOneWithTheName() throws Exception {
        assertEquals(1, tejun("hosts", "web,nosuch"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("nosuch"), err.toString(StandardCharsets.UTF_8));
    }
}
