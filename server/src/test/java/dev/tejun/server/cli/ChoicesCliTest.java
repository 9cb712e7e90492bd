package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tejun run FILE -p host=?} against a server lists the param's choices from its CMDB and runs nothing. */
class ChoicesCliTest {

    @TempDir
    Path tmp;

    @AutoClose
    private TestServer ts;

    @Test
    void run_paramQuestionMark_listsChoicesNarrowedByOtherParams() throws Exception {
        ts = new TestServer(tmp.resolve("server"));
        Actor a = new Actor("alice", Channel.API);
        ts.cmdb.register("hosts", RowDraft.host("web1", Map.of("groups", "web,prod")), a);
        ts.cmdb.register("hosts", RowDraft.host("web2", Map.of("groups", "web,staging")), a);
        ts.write(
                "pick.md",
                "---\nparams:\n  env: { default: prod }\n  host:\n"
                        + "    choices: \"cmdb:hosts.name where groups contains ${params.env}\"\n"
                        + "    depends-on: env\n---\n```sh\necho ${params.host}\n```\n");
        CliAgainstServer cli = new CliAgainstServer(ts, tmp.resolve("home"));
        assertEquals(0, cli.run("run", "pick.md", "-p", "host=?"));
        assertEquals("web1\n", cli.out());
        assertEquals(0, cli.run("run", "pick.md", "-p", "env=staging", "-p", "host=?"));
        assertEquals("web2\n", cli.out());
        assertEquals(0, ts.get("/api/runs").body().contains("pick.md") ? 1 : 0, "nothing ran");
    }
}
