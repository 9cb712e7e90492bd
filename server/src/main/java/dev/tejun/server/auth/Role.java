package dev.tejun.server.auth;

import io.javalin.security.RouteRole;

/**
 * What a user may do. Every route in the route table names the role it needs (see {@code Routes}); a route
 * without one is a defect. {@link #PUBLIC} marks the few routes anybody may reach (health, the login page).
 */
public enum Role implements RouteRole {
    PUBLIC, VIEWER, EDITOR, OPERATOR, APPROVER, ADMIN
}
