package dev.tejun.server.cluster;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.server.Json;
import dev.tejun.server.runs.RunIndex;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The cluster member {@link FailoverTest} kills: in its own JVM it joins the database named by its arguments (home,
 * URL, user, node name, lease seconds, run id), starts a run row it holds and beats for it, says {@code ready} on
 * stdout, then waits to be killed.
 */
public final class HeartbeatChild {

    private HeartbeatChild() {}

    public static void main(String[] args) throws Exception {
        Database db = Database.open(new DatabaseSettings(Path.of(args[0]), args[1], args[2], null));
        RunIndex index = new RunIndex(db, Json.newMapper());
        ClusterNode node = new ClusterNode(args[3], "http://127.0.0.1:0");
        String runId = args[5];
        ClusterHeartbeat.start(
                node, new ServerLeases(db), index, () -> List.of(runId), Duration.ofSeconds(Long.parseLong(args[4])));
        index.started(runId, "long.md", "admin", "api", Instant.now());
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
