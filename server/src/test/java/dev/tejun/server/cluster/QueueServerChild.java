package dev.tejun.server.cluster;

import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;

/**
 * The server {@link QueueAcrossServersTest} kills: a whole Tejun server in its own JVM on the database named by its
 * arguments (folder, URL, user, then tejun.yaml text), that says {@code ready BASE-URL TOKEN} on stdout once it
 * listens and then serves until it is killed.
 */
public final class QueueServerChild {

    private QueueServerChild() {}

    public static void main(String[] args) throws Exception {
        DatabaseSettings db = new DatabaseSettings(Path.of(args[0], "data"), args[1], args[2], null);
        TestServer server = new TestServer(Path.of(args[0]), db, c -> c.with(QueueAcrossServersTest.settings(args[3])));
        System.out.println("ready " + server.server.baseUrl() + " " + server.token);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
