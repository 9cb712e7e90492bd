package dev.tejun.server;

import dev.tejun.server.auth.Role;
import dev.tejun.server.auth.RouteInfo;
import io.javalin.Javalin;
import io.javalin.security.Roles;
import io.javalin.websocket.WsHandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The routes a started app holds, read back from Javalin's router: for the API document and the route-table test. */
final class RegisteredRoutes {

    private RegisteredRoutes() {}

    /** Every HTTP and WebSocket route with the roles it names, as registered (WebSocket routes as method WS). */
    static List<RouteInfo> of(Javalin app) {
        List<RouteInfo> out = new ArrayList<>();
        var router = app.unsafe.internalRouter;
        for (var parsed : router.allHttpHandlers()) {
            var e = parsed.endpoint;
            if (e.method.isHttpMethod()) {
                var roles = e.metadata(Roles.class);
                out.add(new RouteInfo(
                        e.method.name(),
                        e.path,
                        roles == null
                                ? Set.of()
                                : roles.getRoles().stream().map(r -> (Role) r).collect(Collectors.toSet())));
            }
        }
        for (var ws : router.allWsHandlers()) {
            if (ws.getType() == WsHandlerType.WEBSOCKET) {
                out.add(new RouteInfo(
                        "WS",
                        ws.getPath(),
                        ws.getRoles().stream().map(r -> (Role) r).collect(Collectors.toSet())));
            }
        }
        return out;
    }
}
