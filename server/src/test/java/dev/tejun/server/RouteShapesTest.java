package dev.tejun.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.server.auth.RouteInfo;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every REST route of the table has its shape in {@link RouteShapes}, and every shape there names a route. */
class RouteShapesTest {

    @TempDir
    Path temp;

    @Test
    void all_namesEveryRestRouteAndNoOther() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            Set<String> routes = new TreeSet<>();
            for (RouteInfo r : t.server.routes()) {
                if (!r.method().equals("WS")) {
                    routes.add(r.method() + " " + r.path());
                }
            }
            assertEquals(routes, new TreeSet<>(RouteShapes.all().keySet()));
        }
    }
}
