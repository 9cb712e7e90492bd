package dev.tejun.server.auth;

import java.util.Set;

/** One registered route and the roles it names, as the server reports them (for the route-table test). */
public record RouteInfo(String method, String path, Set<Role> roles) {

    public RouteInfo {
        roles = Set.copyOf(roles);
    }
}
