package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tejun check FOLDER} lists each playbook's variables with their sources and fails on an undefined one. */
class CheckVariablesCliTest {

    @TempDir
    Path tmp;

    @Test
    void check_playbookUsesAVariableNothingDefines_failsNamingItUntilACmdbColumnFeedsIt() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
        try (CmdbStore cmdb = new CmdbStore(home.resolve("tejun.db"))) {
            cmdb.putSheet(SheetDef.host("base", "", ColumnDef.of("ntp_server", ColumnType.STRING)), Actor.SYSTEM);
        }
        Files.writeString(runbooks.resolve("ntp.md"), "# NTP\n\n```ansible {#ntp playbook=ntp.yml}\n```\n");
        Files.writeString(runbooks.resolve("ntp.yml"), """
                - hosts: all
                  tasks:
                    - ansible.builtin.debug: { msg: "{{ ntp_server }} {{ chrony_port }}" }
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Main main = new Main(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()), home);
        assertEquals(1, main.execute(List.of("check", runbooks.toString())));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("FAIL variables of " + runbooks.resolve("ntp.yml")), printed);
        assertTrue(printed.contains("ntp_server ← cmdb base.ntp_server"), printed);
        assertTrue(printed.contains("chrony_port ← error: nothing defines it"), printed);

        try (CmdbStore cmdb = new CmdbStore(home.resolve("tejun.db"))) {
            cmdb.putSheet(
                    SheetDef.host(
                            "chrony",
                            "",
                            ColumnDef.of("port", ColumnType.INTEGER).withVariable("chrony_port")),
                    Actor.SYSTEM);
        }
        out.reset();
        assertEquals(0, main.execute(List.of("check", runbooks.toString())), out.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("chrony_port ← cmdb chrony.port"));
    }
}
